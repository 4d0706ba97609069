import { describe, expect, it } from 'vitest';
import { previewFields } from '../../../commands/sources/add.ts';

describe('/sources add preview: proposals and passages already in the knowledge base', () => {
  it('marks each proposal that will be saved, and names the sources that already have passages, escaped', () => {
    const fields = previewFields({
      proposals: [
        { field: 'title', value: 'One year into the *plan*', from: 'the page\'s heading', used: true, instead: 'Latest news' },
        { field: 'published', value: '2019-07-08', from: 'the text says "Published Monday, 8th July 2019"', used: true },
      ],
      overlaps: [{ source: { id: 'bbc', title: 'Parents demand special needs improvements', publisher: 'BBC News', published: '2025-05-15' }, passages: 2, example: '"SEND provisions have got way worse," she said.' }],
    });
    expect(fields.map((f) => f.name)).toEqual([
      'Proposed: not in the page\'s metadata, so check them (give title:, published: or publisher: to change them)',
      'Already in the knowledge base (same or nearly the same words)',
    ]);
    expect(fields[0]?.value).toBe(
      'Title "Latest news" looks generic for this site; proposed: "One year into the \\*plan\\*" (the page\'s heading). **Will be saved.**\n' +
        'Date not in the page\'s metadata; proposed: 8 July 2019 (2019-07-08), because the text says "Published Monday, 8th July 2019". **Will be saved.**',
    );
    expect(fields[1]?.value).toBe('2 passages already appear in "Parents demand special needs improvements" (BBC News, 15 May 2025), e.g. “"SEND provisions have got way worse," she said.”');
  });

  it('adds nothing when there is nothing to say', () => {
    expect(previewFields({})).toEqual([]);
  });
});
