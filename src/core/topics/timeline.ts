/**
 * The inspections over time (`/progress`): every event the sources report, oldest first, each
 * marked current, superseded, due or overdue on a given day, with the excerpt that reports it.
 * Memoised per engine (and day, as the core has no clock and is told the date).
 */
import { compareDates, isAfter, parsePartialDate } from '../dates.ts';
import { derived, type Engine } from '../engine.ts';
import { words } from '../text.ts';
import type { AnswerResult, SourceEvent, SourceMeta } from '../types.ts';

/**
 * Where a step stands on a given day:
 * - `current`: the latest event that happened (a source reports it as done, and no later one is);
 * - `superseded`: a later event happened, or, for a due event, the event that fulfils it (see
 *   {@link TimelineStep.supersededBy});
 * - `due`: announced, and its date has not passed yet;
 * - `overdue`: announced, its date has passed, and no source reports it (or anything after it) as
 *   done. The reports cannot say whether it happened: only that none of them says so yet.
 */
export type TimelineStatus = 'current' | 'superseded' | 'due' | 'overdue';

/** One step of the inspections timeline: an event a source reports on, with one cited excerpt. */
export interface TimelineStep {
  readonly event: SourceEvent;
  /** The source whose front matter lists the event (and that the excerpt is from). */
  readonly source: SourceMeta;
  readonly status: TimelineStatus;
  /**
   * For a `superseded` step: the step that superseded it (the next event that happened; for a due
   * event, the event that fulfilled it).
   */
  readonly supersededBy?: TimelineStep;
  /**
   * The passage of `source` that best matches the event's label, found by retrieval within that
   * source only. Absent when the source has no passage about it (the step is still shown, cited by
   * its source).
   */
  readonly excerpt?: AnswerResult;
}

/** A step before its status is known: what retrieval found, the same whatever the day. */
type ReportedStep = Pick<TimelineStep, 'event' | 'source' | 'excerpt'>;

/**
 * The inspections over time as they stand on `today`, oldest first: every `events` entry of every
 * source, each with the passage of its own source that reports it and a {@link TimelineStatus}. An
 * event reported by several sources appears once, from the source that comes first (oldest date,
 * then first published): the same event is one with the same status, dates that agree as far as
 * both are known ("2018" and "2018-03") and a label whose terms all stand in the other's ("Inspection
 * by Ofsted" and "Inspection of the local area partnership by Ofsted and the CQC").
 *
 * The core has no clock, so `today` (`YYYY-MM-DD`) is passed in; it only decides whether a due date
 * has passed. An event a source reports as done counts as happened, whatever its date.
 *
 * A due event counts as happened (and is superseded by the event that fulfils it) when a source
 * reports a done event
 * - dated in the due date's month or later (its year or later for a due year), or
 * - dated after the due event was announced (its source's publication date) whose label shares a
 *   term with the due event's label that no event known when it was announced uses: "Monitoring
 *   inspection by Ofsted and the CQC" in October 2025 fulfils a "Monitoring inspection due" of
 *   January 2026 (announced as "within 18 months"), while another inspection of the same kind as
 *   the earlier ones does not.
 *
 * A due event that is not fulfilled, when a source published later announces the same step again
 * (a label sharing a term that no event known when the first was announced uses, or all of its
 * terms), is superseded by that newer announcement: the newer source says when it is due now.
 *
 * Memoised per engine and day: the retrieval for the excerpts runs once per engine.
 */
export function progressTimeline(engine: Engine, today: string): readonly TimelineStep[] {
  const day = parsePartialDate(today);
  if (day?.day === undefined) throw new RangeError(`today must be a date as YYYY-MM-DD, not "${today}"`);
  const byDay = engine.derived(TIMELINES_BY_DAY);
  const hit = byDay.get(today);
  if (hit) return hit;
  const steps = withStatus(engine, reportedSteps(engine), today);
  // A bot asks for one day at a time; keep a few days, not every day it has run.
  if (byDay.size >= 8) byDay.clear();
  byDay.set(today, steps);
  return steps;
}

/** Every event of every source, oldest first, once each, with its excerpt (memoised per engine). */
function reportedSteps(engine: Engine): readonly ReportedStep[] {
  return engine.derived(REPORTED_STEPS);
}

const REPORTED_STEPS = derived('reported steps', (engine): readonly ReportedStep[] => {
  const all = engine.sources
    .flatMap((s) => s.meta.events.map((event) => ({ event, source: s.meta })))
    .sort((a, b) =>
      compareDates(a.event.date, b.event.date) ||
      compareDates(a.source.published, b.source.published) ||
      a.source.id.localeCompare(b.source.id));
  const seen = new Set<string>();
  const used = new Set<string>();
  const steps: ReportedStep[] = [];
  const terms = (label: string): Set<string> => new Set(engine.analyzer.indexTerms(label));
  for (const { event, source } of all) {
    const key = `${event.date}|${words(event.label).join(' ')}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (steps.some((step) => sameEvent(step.event, event, terms))) continue;
    const excerpt = eventExcerpt(engine, event, source, used);
    if (excerpt) used.add(excerpt.passage.id);
    steps.push({ event, source, ...(excerpt && { excerpt }) });
    }
    return steps;
});

/** Two reports of one event: same status, dates that agree as far as both are known, one label's terms all in the other's. */
function sameEvent(a: SourceEvent, b: SourceEvent, terms: (label: string) => Set<string>): boolean {
  if (a.status !== b.status) return false;
  const n = Math.min(a.date.length, b.date.length);
  if (a.date.slice(0, n) !== b.date.slice(0, n)) return false;
  const ta = terms(a.label);
  const tb = terms(b.label);
  if (ta.size === 0 || tb.size === 0) return false;
  const [small, large] = ta.size <= tb.size ? [ta, tb] : [tb, ta];
  return [...small].every((t) => large.has(t));
}

/**
 * The statuses on `today`. Done steps are built from the latest back, so each can point at the
 * next later one; then each due step, fulfilled (superseded) or not.
 */
function withStatus(engine: Engine, reported: readonly ReportedStep[], today: string): readonly TimelineStep[] {
  const done = reported.filter((s) => s.event.status !== 'due');
  const built = new Map<ReportedStep, TimelineStep>();
  // Going back from the latest: `next` is the first step of the next later date, which supersedes
  // every step dated before it (steps sharing the latest date are all current).
  let next: TimelineStep | undefined;
  let date: string | undefined;
  let previous: TimelineStep | undefined;
  for (let i = done.length - 1; i >= 0; i--) {
    const step = done[i];
    if (!step) continue;
    if (date === undefined || compareDates(step.event.date, date) < 0) {
      next = previous;
      date = step.event.date;
    }
    const status: TimelineStep = next ? { ...step, status: 'superseded', supersededBy: next } : { ...step, status: 'current' };
    built.set(step, status);
    previous = status;
  }
  const pending = new Map<ReportedStep, TimelineStep>();
  const statusOf = (step: ReportedStep): TimelineStep => {
    const known = built.get(step) ?? pending.get(step);
    if (known) return known;
    const by = fulfilledBy(engine, step, done);
    const fulfilled = by && built.get(by);
    let status: TimelineStep;
    if (fulfilled) status = { ...step, status: 'superseded', supersededBy: fulfilled };
    else {
      const newer = announcedAgain(engine, step, reported, done);
      status = newer ? { ...step, status: 'superseded', supersededBy: statusOf(newer) } : { ...step, status: hasPassed(step.event, today) ? 'overdue' : 'due' };
    }
    pending.set(step, status);
    return status;
  };
  return reported.map(statusOf);
}

/** The index terms of the due event's label that no done event known when it was announced uses. */
function distinctiveTerms(engine: Engine, due: ReportedStep, done: readonly ReportedStep[]): string[] {
  const terms = (label: string): Set<string> => new Set(engine.analyzer.indexTerms(label));
  const known = new Set(done.filter((s) => !isAfter(s.event.date, due.source.published)).flatMap((s) => [...terms(s.event.label)]));
  return [...terms(due.event.label)].filter((t) => !known.has(t));
}

/**
 * The newest due step, from a source published after the due step's, that announces the same step
 * again (see {@link progressTimeline}); undefined when none does. Only ever a later source, so the
 * chain ends.
 */
function announcedAgain(engine: Engine, due: ReportedStep, reported: readonly ReportedStep[], done: readonly ReportedStep[]): ReportedStep | undefined {
  const own = new Set(engine.analyzer.indexTerms(due.event.label));
  const distinctive = distinctiveTerms(engine, due, done);
  const later = reported.filter((s) =>
    s !== due && s.event.status === 'due' && isAfter(s.source.published, due.source.published) &&
    (() => {
      const terms = new Set(engine.analyzer.indexTerms(s.event.label));
      return distinctive.some((t) => terms.has(t)) || (own.size > 0 && [...own].every((t) => terms.has(t)));
    })());
  return later.sort((a, b) => compareDates(b.source.published, a.source.published))[0];
}

/** The first done step that fulfils a due one (see {@link progressTimeline}), or undefined. */
function fulfilledBy(engine: Engine, due: ReportedStep, done: readonly ReportedStep[]): ReportedStep | undefined {
  const precision = Math.min(due.event.date.length, 7);
  const dueFrom = due.event.date.slice(0, precision);
  const announced = due.source.published;
  const terms = (label: string): Set<string> => new Set(engine.analyzer.indexTerms(label));
  const distinctive = distinctiveTerms(engine, due, done);
  return done.find((s) =>
    s.event.date.slice(0, precision) >= dueFrom ||
    (isAfter(s.event.date, announced) && distinctive.some((t) => terms(s.event.label).has(t))));
}

/** The event's date (its end, for a range) is over on `today`: a due month has passed once the next month starts. */
function hasPassed(event: SourceEvent, today: string): boolean {
  const last = event.end ?? event.date;
  return today.slice(0, last.length) > last;
}

/**
 * The passage of the source that reports an event: retrieval on the event's label within that source;
 * among the passages that answer, one that names the event's year wins, and a passage already shown
 * for an earlier step is passed over when another answers too.
 */
function eventExcerpt(engine: Engine, event: SourceEvent, source: SourceMeta, used: ReadonlySet<string>): AnswerResult | undefined {
  const answer = engine.ask(event.label, { sourceIds: [source.id], k: engine.options.maxK });
  if (!answer.answered) return undefined;
  const year = event.date.slice(0, 4);
  const fresh = answer.results.filter((r) => !used.has(r.passage.id));
  return fresh.find((r) => words(r.passage.text).includes(year)) ?? fresh[0] ?? answer.results[0];
}

/** The timeline of each day asked for, per engine: a bot asks for one day at a time. */
const TIMELINES_BY_DAY = derived('timelines by day', (): Map<string, readonly TimelineStep[]> => new Map());
