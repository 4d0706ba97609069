/**
 * The grown evaluation (eval/grown/): the growth articles wrapped in their sites' pages keep every
 * word, the grown knowledge base builds through the moderator's import path with all 13 sources,
 * and the grown question sets stay valid: every expected excerpt exists in the knowledge, the
 * "new-only" questions really need the new articles, and every `both` question has an older and a
 * newer source. The floors on the grown development set are in eval.test.ts.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGrownKnowledge, type GrownKnowledge } from '../../eval/grown/build.ts';
import { growthIndex, growthText, sitePage } from '../../eval/grown/pages.ts';
import { isExpected, loadQuestionSet, type QuestionSet } from '../../eval/metrics.ts';

const SETS: [string, QuestionSet][] = [
  'questions-grown.json',
  'questions-grown-dev-2.json',
  'questions-grown-holdout.json',
  'questions-grown-holdout-2.json',
  'questions-grown-holdout-3.json',
  'questions-grown-holdout-4.json',
].map((f) => [
  f,
  loadQuestionSet(fileURLToPath(new URL(`../../eval/${f}`, import.meta.url))),
]);
const START_IDS = ['bbc-2024-send-inspection', 'wcc-2022-send-progress'];

describe('growth articles as site pages', () => {
  const escape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  it.each(growthIndex().map((e) => [e.file, e] as const))('%s keeps every line of the article', (_file, entry) => {
    const html = sitePage(entry);
    expect(html).not.toMatch(/\{\{[A-Z0-9_]+\}\}/);
    // The page's text without its tags ("READ MORE: " stays beside its link's words).
    const text = html.replace(/<[^>]*>/g, '');
    for (const line of growthText(entry).split('\n')) {
      const words = line.replace(/^\s*•\s*/, '').trim();
      if (words) expect(text).toContain(escape(words));
    }
  });
});

describe('the grown knowledge base', () => {
  let grown: GrownKnowledge;
  beforeAll(async () => {
    grown = await buildGrownKnowledge();
  }, 60_000);
  afterAll(async () => {
    await grown.dispose();
  });

  it('loads all 13 sources without problems, with index.json\'s details', () => {
    expect(grown.snapshot.issues).toEqual([]);
    expect(grown.snapshot.sources).toHaveLength(13);
    for (const entry of growthIndex()) {
      const source = grown.snapshot.sources.find((s) => s.meta.url === entry.url);
      expect(source?.meta.title, entry.file).toBe(entry.title);
      expect(source?.meta.publisher, entry.file).toBe(entry.publisher);
      expect(source?.meta.published.startsWith(entry.published), entry.file).toBe(true);
    }
  });

  it.each(SETS)('every expected excerpt of %s is in the grown knowledge', (_file, set) => {
    const passages = grown.snapshot.sources.flatMap((s) => s.passages);
    const missing = set.inScope.flatMap((item) => item.expect.filter((e) => !passages.some((p) => isExpected(p.text, [e]))).map((e) => `${item.q} → ${e}`));
    expect(missing).toEqual([]);
  });

  it('new-only questions are not answered by the starting articles; both questions have an older and a newer source', () => {
    const sources = grown.snapshot.sources;
    for (const [, set] of SETS) {
      for (const item of set.inScope) {
        const answering = sources.filter((s) => s.passages.some((p) => isExpected(p.text, item.expect)));
        if (item.tags.includes('new-only')) expect(answering.filter((s) => START_IDS.includes(s.meta.id)).map((s) => s.meta.id), item.q).toEqual([]);
        if (item.both) expect(new Set(answering.map((s) => s.meta.published.slice(0, 7))).size, item.q).toBeGreaterThan(1);
      }
    }
  });
});

describe('the grown question sets', () => {
  const all = SETS.flatMap(([, s]) => s.inScope);
  it('have at least 80 answerable questions, half of them only from the new articles, 15 needing two dates, and 25 out of scope', () => {
    expect(all.length).toBeGreaterThanOrEqual(80);
    expect(all.filter((q) => q.tags.includes('new-only')).length * 2).toBeGreaterThanOrEqual(all.length);
    expect(all.filter((q) => q.both).length).toBeGreaterThanOrEqual(15);
    expect(SETS.flatMap(([, s]) => s.outOfScope).length).toBeGreaterThanOrEqual(25);
  });
  it('ask no question twice', () => {
    const qs = SETS.flatMap(([, s]) => [...s.inScope, ...s.outOfScope].map((q) => q.q.toLowerCase()));
    expect(new Set(qs).size).toBe(qs.length);
  });
});
