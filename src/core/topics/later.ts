/**
 * Which later report also covers an answer's question (the "A later report, July 2024, also covers
 * this" line under an older excerpt).
 */
import { isAfter } from '../dates.ts';
import { derived, type Engine } from '../engine.ts';
import type { Answer, AnswerResult, SourceMeta } from '../types.ts';
import { sourcesNewestFirst } from './sources.ts';

/** A newer source that also answers a question an older source's excerpt answers. */
export interface LaterCoverage {
  /** The newest source published after the result's own that answers the question on its own. */
  readonly source: SourceMeta;
  /** Its best passage for the question. */
  readonly excerpt: AnswerResult;
}

/**
 * How many of the newest later sources are asked alone before the rest are asked together (see
 * {@link laterCoverage}): a question restricted to one source costs about as much as any question,
 * and an answer from an old source must stay quick in a large collection.
 */
const LATER_ALONE_MAX = 8;

/** The engine's sources, newest first (ties by id), sorted once per engine: /ask asks on every answer. */
const NEWEST_FIRST = derived('source metadata newest first', (engine): readonly SourceMeta[] => sourcesNewestFirst(engine).map((s) => s.meta));

/**
 * For each result of an answer (same order), the newest source published after the result's source
 * that also answers the question: the engine, asked the same question restricted to that source
 * alone, answers. Undefined for a result from the newest source that answers (and for every result
 * of an abstention). Lets a reply say "a later report also covers this", so a parent does not take
 * a 2022 excerpt as the latest word when a 2024 report speaks to the same question.
 *
 * The newest {@link LATER_ALONE_MAX} newer sources are asked alone, newest first, stopping at the
 * first that answers. When none does, the older rest are asked together, and only the sources of
 * that answer's excerpts alone; then again with those newer than the one found, until together
 * they no longer answer. A few questions, whatever the collection's size: with more than
 * {@link LATER_ALONE_MAX} newer sources a later one may be missed, but a source named always
 * answers the question on its own.
 */
export function laterCoverage(engine: Engine, answer: Answer): readonly (LaterCoverage | undefined)[] {
  if (!answer.answered) return answer.results.map(() => undefined);
  const newestFirst = engine.derived(NEWEST_FIRST);
  const alone = new Map<string, AnswerResult | undefined>();
  const answersAlone = (source: SourceMeta): AnswerResult | undefined => {
    if (!alone.has(source.id)) {
      const restricted = engine.ask(answer.question, { sourceIds: [source.id], k: 1 });
      alone.set(source.id, restricted.answered ? restricted.results[0] : undefined);
    }
    return alone.get(source.id);
  };
  const firstAlone = (sources: readonly SourceMeta[]): LaterCoverage | undefined => {
    for (const source of sources) {
      const excerpt = answersAlone(source);
      if (excerpt) return { source, excerpt };
    }
    return undefined;
  };
  // Published after, at the precision both dates are known to ("2024-07-15" is not after "2024-07").
  const newerThan = (published: string): SourceMeta[] => newestFirst.filter((s) => isAfter(s.published, published));
  const newest = (published: string): LaterCoverage | undefined => {
    const newer = newerThan(published);
    // The newest few alone first: usually one of them answers.
    const recent = firstAlone(newer.slice(0, LATER_ALONE_MAX));
    if (recent) return recent;
    let pool = newer.slice(LATER_ALONE_MAX);
    let found: LaterCoverage | undefined;
    while (pool.length > LATER_ALONE_MAX) {
      const together = engine.ask(answer.question, { sourceIds: pool.map((s) => s.id), k: engine.options.maxK });
      if (!together.answered) return found;
      const shown = new Set(together.results.map((r) => r.source.id));
      const next = firstAlone(pool.filter((s) => shown.has(s.id)));
      if (!next) return found;
      found = next;
      const after = next.source.published;
      pool = pool.filter((s) => isAfter(s.published, after));
    }
    return firstAlone(pool) ?? found;
  };
  const byDate = new Map<string, LaterCoverage | undefined>();
  return answer.results.map((result) => {
    const published = result.source.published;
    if (!byDate.has(published)) byDate.set(published, newest(published));
    return byDate.get(published);
  });
}
