/** The sources (`/sources list`), newest first. */
import { compareDates } from '../dates.ts';
import { derived, type Engine } from '../engine.ts';
import type { Source, SourceMeta } from '../types.ts';

/** A source as listed by `/sources`. */
export interface SourceOverview {
  readonly source: SourceMeta;
  /** Passages indexed from it. */
  readonly passages: number;
}

/** Every source, newest first, with its passage count. */
export function sourcesOverview(engine: Engine): SourceOverview[] {
  return sourcesNewestFirst(engine).map((s) => ({ source: s.meta, passages: s.passages.length }));
}

/** The engine's sources, newest first (ties by id), sorted once per engine. */
export function sourcesNewestFirst(engine: Engine): readonly Source[] {
  return engine.derived(NEWEST_FIRST);
}

const NEWEST_FIRST = derived('sources newest first', (engine): readonly Source[] =>
  [...engine.sources].sort((a, b) => compareDates(b.meta.published, a.meta.published) || a.meta.id.localeCompare(b.meta.id)),
);
