/** Which of an answerable question's ranked passages to show, and in what order. */
import type { QueryAnalysis } from './analyzer.ts';
import type { Ranked } from './sides.ts';

/**
 * The candidates ranked again, best first, with `credit` × a vocabulary phrase's weight added to
 * the coverage of a passage that has all the phrase's words apart but not the phrase (its score
 * grows in proportion). Whether a question is answered is judged on the first ranking; this one
 * only orders what is shown, so it never changes which questions are answered.
 */
export function creditApart(ranked: readonly Ranked[], analysis: QueryAnalysis, topic: { weights: ReadonlyMap<string, number>; total: number }, credit: number): readonly Ranked[] {
  if (credit <= 0 || topic.total <= 0) return ranked;
  const secondary = analysis.terms.filter((t) => t.secondary);
  const phrases = analysis.terms
    .filter((t) => !t.secondary && t.words.length > 1 && topic.weights.has(t.term))
    .map((t) => ({ term: t.term, weight: topic.weights.get(t.term) ?? 0, parts: t.words.map((w) => secondary.filter((s) => s.words.includes(w)).map((s) => s.term)) }))
    .filter((p) => p.parts.every((alternatives) => alternatives.length > 0));
  if (phrases.length === 0) return ranked;
  let changed = false;
  const out = ranked.map((r) => {
    const has = new Set(r.terms);
    const extra = phrases.reduce((sum, p) => (!has.has(p.term) && p.parts.every((alts) => alts.some((a) => has.has(a))) ? sum + p.weight : sum), 0);
    if (extra === 0 || r.coverage <= 0) return r;
    changed = true;
    const coverage = r.coverage + (credit * extra) / topic.total;
    return { ...r, score: (r.score * coverage) / r.coverage, coverage };
  });
  return changed ? out.sort((a, b) => b.score - a.score) : ranked;
}

/**
 * The candidates ranked again, best first, with the asker's story weighing `to` instead of `from`
 * (EngineOptions.asideWeight) in coverage: when an article uses the asker's own words, it may be the
 * better passage to show, though the story never decides whether the question is answered.
 */
export function creditStory(ranked: readonly Ranked[], analysis: QueryAnalysis, topic: { weights: ReadonlyMap<string, number>; total: number }, from: number, to: number): readonly Ranked[] {
  if (from === to || from <= 0 || topic.total <= 0) return ranked;
  const extra = new Map(analysis.terms.filter((t) => t.aside && topic.weights.has(t.term)).map((t) => [t.term, ((topic.weights.get(t.term) ?? 0) * (to - from)) / from]));
  if (extra.size === 0) return ranked;
  const total = topic.total + [...extra.values()].reduce((a, b) => a + b, 0);
  return ranked
    .map((r) => {
      if (r.coverage <= 0) return r;
      const coverage = (r.coverage * topic.total + r.terms.reduce((sum, t) => sum + (extra.get(t) ?? 0), 0)) / total;
      return { ...r, score: (r.score * coverage) / r.coverage, coverage };
    })
    .sort((a, b) => b.score - a.score);
}
