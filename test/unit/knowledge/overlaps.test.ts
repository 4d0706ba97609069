import { describe, expect, it } from 'vitest';
import { describeOverlap, findOverlaps } from '../../../src/knowledge/overlaps.ts';

const src = (id: string, title: string, publisher: string, published: string) => ({ id, title, publisher, published });
const STATEMENT = 'We are committed to working with families to improve services for children and young people with SEND.';
const OTHER = 'The council will publish its new plan for special schools in the spring, after a consultation with parents.';

describe('findOverlaps', () => {
  const existing = [
    { source: src('radio', 'Council responds to report', 'BBC Hereford & Worcester', '2024-07'), passages: [`In a joint statement, the council and the ICB said: "${STATEMENT}"`, OTHER] },
    { source: src('paper', 'Families speak out', 'Worcester News', '2024-08-02'), passages: ['Parents said waiting lists were far too long for their children to get help.'] },
  ];

  it('counts each new passage once, for the source that has it (quoted inside a longer passage too), most shared first', () => {
    const found = findOverlaps([STATEMENT, OTHER, 'Families said waiting lists had grown again this year across the county.'], existing);
    expect(found).toEqual([{ source: existing[0]?.source, passages: 2, example: STATEMENT }]);
    expect(describeOverlap(found[0]!)).toBe('2 passages already appear in "Council responds to report" (BBC Hereford & Worcester, July 2024)');
  });

  it('ignores short passages and passages that share only a few words', () => {
    expect(findOverlaps(['We are committed.', 'The council will publish a report on transport next year for families.'], existing)).toEqual([]);
  });

  it('words one passage in the singular', () => {
    expect(describeOverlap({ source: src('paper', 'Families speak out', 'Worcester News', '2024-08-02'), passages: 1, example: 'x' })).toBe('1 passage already appears in "Families speak out" (Worcester News, 2 August 2024)');
  });
});
