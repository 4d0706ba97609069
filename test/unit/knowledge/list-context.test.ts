/**
 * A list item keeps what its list is a list of (issue 13): the heading above, the sentence before the
 * list and its lead-in are the item's context, searched at a lower weight than its own words and
 * never quoted. Checked on a growth article whose list has a bare lead-in ("Key changes include:"),
 * imported from its council page the way `kb add` imports it.
 */
import { describe, expect, it } from 'vitest';
import { growthIndex, sitePage } from '../../../eval/grown/pages.ts';
import { importFromUpload } from '../../../src/knowledge/ingest/index.ts';
import { toKnowledgeFile } from '../../../src/knowledge/file-format.ts';
import { parseKnowledgeFile } from '../../../src/knowledge/parse.ts';
import type { Source } from '../../../src/core/types.ts';
import { loadKnowledge } from '../../../src/knowledge/load.ts';
import { engineOver, KNOWLEDGE_DIR, makeSource } from '../core/helpers.ts';

async function importedGrowth(prefix: string): Promise<Source> {
  const entry = growthIndex().find((e) => e.file.startsWith(prefix));
  if (!entry) throw new Error(`no growth article ${prefix}`);
  const draft = await importFromUpload({ body: Buffer.from(sitePage(entry)), filename: 'page.html' });
  const markdown = toKnowledgeFile({ id: 'council-structure', title: draft.title, publisher: entry.publisher, published: '2025-01', url: entry.url, kind: draft.kind, paragraphs: draft.paragraphs });
  const parsed = parseKnowledgeFile('council-structure.md', markdown);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.source;
}

describe('list items keep their context', () => {
  it('gives each item of a list with a bare lead-in the sentence before the list and the lead-in, and stores no lead-in passage', async () => {
    const source = await importedGrowth('09-');
    const items = source.passages.filter((p) => p.kind === 'bullet');
    expect(items).toHaveLength(3);
    for (const item of items) {
      expect(item.listContext).toBe('These changes are not about cutting costs – they are focused on service improvement. Key changes include');
    }
    expect(source.passages.some((p) => p.text.startsWith('Key changes include'))).toBe(false);
    // The paragraphs are not list items: they get no list context.
    expect(source.passages.filter((p) => p.kind === 'paragraph').every((p) => p.listContext === undefined)).toBe(true);
  });

  it('finds the items for a question about what the list enumerates, and quotes only their own words', async () => {
    const source = await importedGrowth('09-');
    const start = await loadKnowledge(KNOWLEDGE_DIR);
    const engine = engineOver([...start.sources, source], start.vocabulary);
    const answer = engine.ask('what are the key changes');
    expect(answer.answered).toBe(true);
    expect(answer.results[0]?.passage).toMatchObject({ sourceId: source.meta.id, kind: 'bullet' });
    for (const r of answer.results) {
      expect([...start.sources, source].find((s) => s.meta.id === r.passage.sourceId)?.body).toContain(r.passage.text);
      expect(r.highlight.includes('Key changes include')).toBe(false);
    }
  });

  it('weighs a word in an item\'s context below the same word in a passage\'s own text', () => {
    const body = [
      'Families described the postcode lottery in detail.',
      '',
      'The report listed:',
      '',
      '- Waiting lists for assessments were long.',
    ].join('\n');
    const other = makeSource('other', 'The report listed several postcode problems across the county.');
    const engine = engineOver([makeSource('lists', body), other]);
    const [item] = makeSource('lists', body).passages.filter((p) => p.kind === 'bullet');
    expect(item?.listContext).toBe('Families described the postcode lottery in detail. The report listed');
    // "report listed" is the item's context but the other source's own words: the other ranks first.
    const answer = engine.ask('what did the report list');
    expect(answer.results[0]?.passage.sourceId).toBe('other');
  });

  it('counts a list\'s context once in how common a word is, however many items carry it', () => {
    const list = (items: number): string =>
      ['Parents asked about minibus routes.', '', 'The changes are:', '', ...Array.from({ length: items }, (_, i) => `- Change number ${i + 1} to the service.`), ...Array.from({ length: 4 - items }, (_, i) => `\nAn unrelated paragraph ${i + 1} about the weather.`)].join('\n');
    const many = engineOver([makeSource('a', list(4))]);
    const one = engineOver([makeSource('a', list(1))]);
    expect(many.passageCount).toBe(one.passageCount);
    const [term = ''] = many.analyzer.indexTerms('minibus');
    expect(many.weight(term)).toBeLessThan(many.weight('never-seen-word'));
    expect(many.weight(term)).toBeCloseTo(one.weight(term), 10);
  });
});
