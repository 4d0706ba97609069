import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { DraftSource } from '../../../src/knowledge/ingest/types.ts';
import { isValidId, toKnowledgeFile } from '../../../src/knowledge/file-format.ts';
import { suggestId } from '../../../src/knowledge/ingest/suggest-id.ts';

const bbc: DraftSource = {
  title: 'Inspectors demand action on special needs care',
  publisher: 'BBC News',
  published: '2024-07',
  url: 'https://www.bbc.co.uk/news/articles/cne4ledn3kpo',
  kind: 'news',
  paragraphs: ['First paragraph, verbatim.', 'Second paragraph.', '- first item', '- second item', 'After the list.'],
};

function frontMatter(file: string): Record<string, unknown> {
  const match = /^---\n([\s\S]*?)\n---\n/.exec(file);
  if (!match) throw new Error('no front matter');
  return parseYaml(match[1] ?? '') as Record<string, unknown>;
}

describe('toKnowledgeFile', () => {
  it('renders front matter in the knowledge-file order and the body with blank lines between paragraphs', () => {
    expect(toKnowledgeFile({ ...bbc, id: 'bbc-2024-send-inspection' })).toBe(
      [
        '---',
        'id: bbc-2024-send-inspection',
        'title: Inspectors demand action on special needs care',
        'publisher: BBC News',
        'published: 2024-07',
        'url: https://www.bbc.co.uk/news/articles/cne4ledn3kpo',
        'kind: news',
        '---',
        'First paragraph, verbatim.',
        '',
        'Second paragraph.',
        '',
        '- first item',
        '- second item',
        '',
        'After the list.',
        '',
      ].join('\n'),
    );
  });

  it('omits unknown optional fields', () => {
    const file = toKnowledgeFile({ title: 'A note', kind: 'other', paragraphs: ['Text.'], id: 'a-note' });
    expect(file).toBe('---\nid: a-note\ntitle: A note\nkind: other\n---\nText.\n');
  });

  it.each([
    'SEND inspection: what happens next',
    '"Exhausting and frightening" - parents speak out',
    "Parents' group says changes 'will hurt families'",
    '- not a list',
    'yes',
    '2024',
    '#1 priority for the council',
    'Council & NHS respond: a long title that goes well past eighty characters so that a YAML writer might fold it',
  ])('quotes titles safely: %s', (title) => {
    const file = toKnowledgeFile({ ...bbc, title, id: 'x' });
    const data = frontMatter(file);
    expect(data['title']).toBe(title);
    expect(file.split('\n').filter((l) => l.startsWith('title:'))).toHaveLength(1);
  });

  it('round-trips dates as strings and falls back to kind "other" for unknown kinds', () => {
    const data = frontMatter(toKnowledgeFile({ ...bbc, published: '2024-07-23', kind: 'blog', id: 'x' }));
    expect(data['published']).toBe('2024-07-23');
    expect(data['kind']).toBe('other');
  });

  it('keeps paragraphs on one line each', () => {
    const file = toKnowledgeFile({ ...bbc, paragraphs: ['Line one\ncontinues here.'], id: 'x' });
    expect(file.endsWith('---\nLine one continues here.\n')).toBe(true);
  });

  it('rejects an invalid id', () => {
    expect(() => toKnowledgeFile({ ...bbc, id: 'Not Valid!' })).toThrow(/Invalid knowledge id/);
    expect(() => toKnowledgeFile({ ...bbc, id: 'a'.repeat(61) })).toThrow(/Invalid knowledge id/);
  });
});

describe('suggestId', () => {
  it('builds publisher-year-title-words', () => {
    expect(suggestId(bbc)).toBe('bbc-2024-inspectors-demand-action-special-needs-care');
  });

  it('stays within 60 characters, lowercase a-z, 0-9 and dashes', () => {
    const id = suggestId({
      title: 'Área SEND inspection of Worcestershire Local Area Partnership: findings, next steps & the written statement',
      publisher: 'Worcestershire County Council',
      published: '2022-01-07',
      kind: 'press-release',
      paragraphs: [],
    });
    expect(id.length).toBeLessThanOrEqual(60);
    expect(isValidId(id)).toBe(true);
    expect(id).toBe('worcestershire-council-2022-area-send-inspection');
  });

  it('falls back to the host name, and keeps an id the source already had', () => {
    expect(suggestId({ title: "Children's services update", url: 'https://www.worcestershire.gov.uk/x', kind: 'other', paragraphs: [] })).toBe(
      'worcestershire-childrens-services-update',
    );
    expect(suggestId({ ...bbc, id: 'kept-id' })).toBe('kept-id');
    expect(suggestId({ title: '!!!', kind: 'other', paragraphs: [] })).toBe('source');
  });
});
