/** How a question about change over time picks its sides (core/sides.ts). */
import { describe, expect, it } from 'vitest';
import type { QueryAnalysis, QueryTerm } from '../../../src/core/analyzer.ts';
import { changeSides, type Ranked } from '../../../src/core/sides.ts';

const term = (t: string, cue = false): QueryTerm => ({ term: t, words: [t], confidence: 1, cue, recency: false, secondary: false }) as unknown as QueryTerm;
const analysis = { terms: [term('parent'), term('council'), term('better', true)], change: true, recent: false, when: false, quantity: false, future: false, procedure: false, corrections: [], pairs: [] } as unknown as QueryAnalysis;
const ranked = (id: string, published: string, score: number, coverage: number): Ranked => ({
  passage: { id: `${id}-p`, sourceId: id, position: 0, text: id, kind: 'paragraph' },
  source: { id, title: id, publisher: id, published, url: '', kind: 'news', events: [] },
  score,
  coverage,
  answers: coverage,
  terms: ['parent'],
});
const perSource = (list: Ranked[]): Map<string, Ranked> => new Map(list.map((r) => [r.source.id, r]));

describe('changeSides', () => {
  const top = ranked('old', '2019-07', 10, 0.8);
  const middle = ranked('middle', '2023-01', 6, 0.6);
  const barely = ranked('newest', '2026-02', 2, 0.3);
  const list = [top, middle, barely];

  it('takes the newest source that covers the topic at all when no share of the best is asked', () => {
    expect(changeSides(list, perSource(list), analysis, { least: 0.25, relative: 0 }).map((r) => r.source.id)).toEqual(['newest', 'old']);
  });

  it('passes over a newest source that covers much less than the best passage', () => {
    expect(changeSides(list, perSource(list), analysis, { least: 0.25, relative: 0.5 }).map((r) => r.source.id)).toEqual(['middle', 'old']);
  });

  it('falls back to the loose rule rather than show one side only', () => {
    const two = [top, barely];
    expect(changeSides(two, perSource(two), analysis, { least: 0.25, relative: 0.5 }).map((r) => r.source.id)).toEqual(['newest', 'old']);
  });
});
