/** Candidates as the engine ranks them, and how a question about change picks the sources to show side by side. */
import type { QueryAnalysis } from './analyzer.ts';
import { compareDates } from './dates.ts';
import type { Passage, SourceMeta } from './types.ts';

export interface Ranked {
  passage: Passage;
  source: SourceMeta;
  score: number;
  /** Share of the question's weight matched, carried terms included (ranking). */
  coverage: number;
  /** Share of the question's own weight matched (answering). */
  answers: number;
  terms: string[];
}

/** A passage to show, with the other outlets that report the same statement. */
export interface Shown extends Ranked {
  also: SourceMeta[];
}

/**
 * For a question about change over time: the newest source that addresses the question's topic
 * and an earlier one, each by its best passage. When the question names years ("since 2022",
 * "the 2021 inspection"), the source of the earliest named year is the earlier side (and of the
 * latest, when two are named, the newer). A source addresses the topic when its best passage
 * covers enough (`changeMinCoverage`) of what the question is about, or, for a question whose
 * only topic is a time, when it matches a cue.
 */
export function changeSides(ranked: readonly Ranked[], bestPerSource: ReadonlyMap<string, Ranked>, analysis: QueryAnalysis, minCoverage: { least: number; relative: number }): Ranked[] {
  const top = ranked[0];
  if (!top) return [];
  const strict = Math.max(minCoverage.least, top.coverage * minCoverage.relative);
  const sides = sidesCovering(ranked, bestPerSource, analysis, strict);
  return sides.length > 1 || strict === minCoverage.least ? sides : sidesCovering(ranked, bestPerSource, analysis, minCoverage.least);
}

function sidesCovering(ranked: readonly Ranked[], bestPerSource: ReadonlyMap<string, Ranked>, analysis: QueryAnalysis, changeMinCoverage: number): Ranked[] {
  const top = ranked[0];
  if (!top) return [];
  const cues = new Set(analysis.terms.filter((t) => t.cue).map((t) => t.term));
  const isYear = (w: string): boolean => /^(?:19|20)\d\d$/.test(w);
  const years = [...new Set(analysis.terms.flatMap((t) => t.words).filter(isYear))].sort();
  // A question whose only topic is a time ("better than in 2018?") is about things in general: a
  // newer source addresses it by speaking of change at all. Otherwise it must speak of the topic.
  const topical = analysis.terms.some((t) => !t.cue && !t.secondary && !t.aside && !t.words.every(isYear));
  const addressing = [...bestPerSource.values()].filter((r) => r === top || r.coverage >= changeMinCoverage || (!topical && r.terms.some((t) => cues.has(t))));
  const ofYear = (year: string | undefined): Ranked | undefined => {
    if (year === undefined) return undefined;
    const reportsOn = (r: Ranked): boolean => r.source.events.some((e) => e.date.startsWith(year));
    const published = (r: Ranked): boolean => r.source.published.startsWith(year);
    const pool = [...bestPerSource.values()];
    return pool.find((r) => addressing.includes(r) && reportsOn(r)) ?? pool.find(reportsOn) ?? pool.find((r) => addressing.includes(r) && published(r)) ?? pool.find(published);
  };
  const earlierNamed = ofYear(years[0]);
  const laterNamed = years.length > 1 ? ofYear(years[years.length - 1]) : undefined;
  const byDate = addressing.filter((r) => r !== earlierNamed).sort((a, b) => compareDates(b.source.published, a.source.published));
  const newest = laterNamed ?? byDate[0];
  if (!newest) return [top];
  const earlier =
    earlierNamed && earlierNamed !== newest
      ? earlierNamed
      : addressing.filter((r) => r !== newest && compareDates(r.source.published, newest.source.published) < 0).sort((a, b) => b.score - a.score)[0];
  return earlier ? [newest, earlier] : [top];
}
