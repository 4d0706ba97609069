/** Showing an answerable question's passages: a vocabulary phrase's words found apart (core/select.ts). */
import { describe, expect, it } from 'vitest';
import type { QueryAnalysis, QueryTerm } from '../../../src/core/analyzer.ts';
import { creditApart, creditStory } from '../../../src/core/select.ts';
import type { Ranked } from '../../../src/core/sides.ts';

const term = (t: string, words: string[], secondary = false): QueryTerm => ({ term: t, words, confidence: 1, cue: false, recency: false, secondary, aside: false });
const analysis = {
  terms: [term('~ehcp', ['ehcp']), term('ehcp', ['ehcp'], true), term('~special-school', ['special', 'school']), term('special', ['special'], true), term('school', ['school'], true)],
  change: false,
  recent: false,
  when: false,
  quantity: false,
  procedure: false,
  future: false,
  corrections: [],
  pairs: [],
} as unknown as QueryAnalysis;
const topic = { weights: new Map([['~ehcp', 1], ['~special-school', 2]]), total: 3 };
const ranked = (id: string, score: number, terms: string[]): Ranked => ({
  passage: { id, sourceId: 's', position: 0, text: id, kind: 'paragraph' },
  source: { id: 's', title: 's', publisher: 's', published: '2024-01', url: '', kind: 'news', events: [] },
  score,
  coverage: terms.reduce((sum, t) => sum + (topic.weights.get(t) ?? 0), 0) / topic.total,
  answers: 0,
  terms,
});

describe('creditApart', () => {
  const phrase = ranked('phrase', 5, ['~special-school']);
  const apart = ranked('apart', 3, ['~ehcp', 'ehcp', 'special', 'school']);
  const half = ranked('half', 4, ['~ehcp', 'special']);
  const list = [phrase, half, apart];

  it('ranks a passage with the phrase\'s words apart as if it matched a share of the phrase', () => {
    const out = creditApart(list, analysis, topic, 0.75);
    expect(out.map((r) => r.passage.id)).toEqual(['apart', 'phrase', 'half']);
    expect(out[0]?.coverage).toBeCloseTo(1 / 3 + 0.5);
  });

  it('gives nothing for some of the words only, and nothing at all with no credit', () => {
    expect(creditApart(list, analysis, topic, 0.75).find((r) => r.passage.id === 'half')?.score).toBe(4);
    expect(creditApart(list, analysis, topic, 0)).toBe(list);
  });
});

describe('creditStory', () => {
  const story = { ...analysis, terms: [term('~ehcp', ['ehcp']), { ...term('week', ['weeks']), aside: true }] } as unknown as QueryAnalysis;
  // The story's word weighs 0.3 of its full weight 2 (0.6) in the answering weights.
  const weights = { weights: new Map([['~ehcp', 1], ['week', 0.6]]), total: 1.6 };
  const plain = { ...ranked('plain', 5, ['~ehcp']), coverage: 1 / 1.6 };
  const weeks = { ...ranked('weeks', 4, ['~ehcp', 'week']), coverage: 1 };

  it('ranks a passage that uses the asker\'s own words higher when the story counts in full', () => {
    const out = creditStory([plain, weeks], story, weights, 0.3, 1);
    expect(out.map((r) => r.passage.id)).toEqual(['weeks', 'plain']);
    expect(out.find((r) => r.passage.id === 'plain')?.coverage).toBeCloseTo(1 / 3);
    expect(out.find((r) => r.passage.id === 'weeks')?.coverage).toBeCloseTo(1);
  });

  it('leaves the ranking alone when the story weighs the same for showing', () => {
    const list = [plain, weeks];
    expect(creditStory(list, story, weights, 0.3, 0.3)).toBe(list);
  });
});
