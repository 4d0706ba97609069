/**
 * Topics: the fixed questions a parent can ask without typing one (the inspections over time, waiting
 * times by service, what each partner said, which sources there are), and which later report also
 * covers an answer's question. Pure functions over an {@link Engine}: every word shown comes from
 * the knowledge base (front matter `events`, the passages, `vocabulary.yml`), so a new knowledge
 * file shows up after a refresh without a code change.
 *
 * Results that need retrieval are memoised per engine (an engine never changes; a refresh builds a new
 * one), so autocomplete can call these on every keystroke; the timeline also per day, as the core has
 * no clock and is told the date.
 */
import { compareDates, parsePartialDate } from './dates.ts';
import type { Engine } from './engine.ts';
import { words } from './text.ts';
import type { Answer, AnswerResult, Passage, SourceEvent, SourceMeta, Speaker } from './types.ts';
import type { NamedTerms } from './vocabulary.ts';

// ---------------------------------------------------------------------------------------------
// Progress over time
// ---------------------------------------------------------------------------------------------

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
 * event listed identically (same date and label) by several sources appears once, from the source
 * published first.
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
 * Memoised per engine and day: the retrieval for the excerpts runs once per engine.
 */
export function progressTimeline(engine: Engine, today: string): readonly TimelineStep[] {
  const day = parsePartialDate(today);
  if (day?.day === undefined) throw new RangeError(`today must be a date as YYYY-MM-DD, not "${today}"`);
  let byDay = timelines.get(engine);
  if (!byDay) {
    byDay = new Map();
    timelines.set(engine, byDay);
  }
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
  return memo(reported, engine, () => {
    const all = engine.sources
      .flatMap((s) => s.meta.events.map((event) => ({ event, source: s.meta })))
      .sort((a, b) =>
        compareDates(a.event.date, b.event.date) ||
        compareDates(a.source.published, b.source.published) ||
        a.source.id.localeCompare(b.source.id));
    const seen = new Set<string>();
    const used = new Set<string>();
    const steps: ReportedStep[] = [];
    for (const { event, source } of all) {
      const key = `${event.date}|${words(event.label).join(' ')}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const excerpt = eventExcerpt(engine, event, source, used);
      if (excerpt) used.add(excerpt.passage.id);
      steps.push({ event, source, ...(excerpt && { excerpt }) });
    }
    return steps;
  });
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
  return reported.map((step) => {
    const known = built.get(step);
    if (known) return known;
    const by = fulfilledBy(engine, step, done);
    const fulfilled = by && built.get(by);
    if (fulfilled) return { ...step, status: 'superseded', supersededBy: fulfilled };
    return { ...step, status: hasPassed(step.event, today) ? 'overdue' : 'due' };
  });
}

/** The first done step that fulfils a due one (see {@link progressTimeline}), or undefined. */
function fulfilledBy(engine: Engine, due: ReportedStep, done: readonly ReportedStep[]): ReportedStep | undefined {
  const precision = Math.min(due.event.date.length, 7);
  const dueFrom = due.event.date.slice(0, precision);
  const announced = due.source.published;
  const terms = (label: string): Set<string> => new Set(engine.analyzer.indexTerms(label));
  const known = new Set(done.filter((s) => !isAfter(s.event.date, announced)).flatMap((s) => [...terms(s.event.label)]));
  const distinctive = [...terms(due.event.label)].filter((t) => !known.has(t));
  return done.find((s) =>
    s.event.date.slice(0, precision) >= dueFrom ||
    (isAfter(s.event.date, announced) && distinctive.some((t) => terms(s.event.label).has(t))));
}

/** `a` is after `b`, compared at the precision both are known to. */
function isAfter(a: string, b: string): boolean {
  const n = Math.min(a.length, b.length);
  return a.slice(0, n) > b.slice(0, n);
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

// ---------------------------------------------------------------------------------------------
// Later coverage
// ---------------------------------------------------------------------------------------------

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

const newestFirstCache = new WeakMap<Engine, readonly SourceMeta[]>();

/** The engine's sources, newest first (ties by id), sorted once per engine: /ask asks on every answer. */
function sourcesNewestFirst(engine: Engine): readonly SourceMeta[] {
  let sorted = newestFirstCache.get(engine);
  if (!sorted) {
    sorted = [...engine.sources].map((s) => s.meta).sort((a, b) => compareDates(b.published, a.published) || a.id.localeCompare(b.id));
    newestFirstCache.set(engine, sorted);
  }
  return sorted;
}

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
  const newestFirst = sourcesNewestFirst(engine);
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

// ---------------------------------------------------------------------------------------------
// Waiting times
// ---------------------------------------------------------------------------------------------

/** What `/waiting` asks the engine, before the service's words. */
export const WAITING_QUERY = 'waiting times';

/**
 * The services of `vocabulary.services` that the knowledge base answers about (asking the engine for
 * the service's own words gives an answer), in vocabulary order.
 */
export function servicesAnswered(engine: Engine): readonly NamedTerms[] {
  return memo(services, engine, () => engine.vocabulary.services.filter((s) => engine.ask(s.terms.join(' ')).answered));
}

/**
 * The vocabulary service a user picked or typed: by name (any case), else by one of its terms.
 * Undefined for words the vocabulary does not know.
 */
export function findService(engine: Engine, typed: string): NamedTerms | undefined {
  const key = words(typed).join(' ');
  if (key === '') return undefined;
  const all = engine.vocabulary.services;
  return all.find((s) => words(s.name).join(' ') === key) ?? all.find((s) => s.terms.some((t) => words(t).join(' ') === key));
}

/**
 * Waiting-time passages: for a service (from the vocabulary, or words the user typed), the passages
 * about waiting for it; without one, the passages about waiting times in general. For a vocabulary
 * service whose waiting times the sources do not mention, the passages about the service itself
 * (so a service offered by {@link servicesAnswered} always gets an answer).
 */
export function waitingAnswer(engine: Engine, service?: NamedTerms | string, k?: number): Answer {
  const options = k === undefined ? {} : { k };
  if (service === undefined) return engine.ask(WAITING_QUERY, options);
  const about = typeof service === 'string' ? service : service.terms.join(' ');
  const answer = engine.ask(`${WAITING_QUERY} ${about}`, options);
  if (answer.answered || typeof service === 'string') return answer;
  const fallback = engine.ask(about, options);
  return fallback.answered ? fallback : answer;
}

// ---------------------------------------------------------------------------------------------
// Statements
// ---------------------------------------------------------------------------------------------

/** A statement: consecutive passages of one source attributed to the same speaker. */
export interface Statement {
  readonly source: SourceMeta;
  readonly speaker: Speaker;
  /** Verbatim passages, in reading order (a quote continued over several paragraphs). */
  readonly passages: readonly Passage[];
}

/** The statements of one partner (or of one speaker no partner's words match). */
export interface PartnerStatements {
  /** A `vocabulary.partners` name, or the speaker's own name when no partner matches. */
  readonly partner: string;
  /** True when `partner` is a vocabulary partner. */
  readonly known: boolean;
  /** Newest source first, then reading order. */
  readonly statements: readonly Statement[];
}

/**
 * Every passage with a speaker, grouped by partner: a partner's terms are matched (whole words, any
 * case) against the speaker's name and role first, then against the passage's text (the partner
 * named earliest wins). Groups follow the vocabulary order; speakers no partner matches come last,
 * each as a group of its own.
 */
export function statementsByPartner(engine: Engine): readonly PartnerStatements[] {
  return memo(statementGroups, engine, () => {
    const partners = engine.vocabulary.partners.map((p) => ({ name: p.name, terms: p.terms.map((t) => words(t)).filter((t) => t.length > 0) }));
    const byGroup = new Map<string, { known: boolean; statements: Statement[] }>();
    const newestFirst = [...engine.sources].sort((a, b) => compareDates(b.meta.published, a.meta.published));
    for (const source of newestFirst) {
      let last: { speaker: Speaker; passages: Passage[]; group: string; position: number } | undefined;
      for (const passage of source.passages) {
        const speaker = passage.speaker;
        if (!speaker) continue;
        if (last && sameSpeaker(last.speaker, speaker) && passage.position === last.position + 1) {
          last.passages.push(passage);
          last.position = passage.position;
          continue;
        }
        const partner = matchPartner(partners, [speaker.name, speaker.role ?? ''].join(' ')) ?? matchPartner(partners, passage.text);
        const group = partner ?? speaker.name;
        const entry = byGroup.get(group) ?? { known: partner !== undefined, statements: [] };
        byGroup.set(group, entry);
        last = { speaker, passages: [passage], group, position: passage.position };
        entry.statements.push({ source: source.meta, speaker, passages: last.passages });
      }
    }
    const known = partners.map((p) => p.name).filter((name) => byGroup.get(name)?.known);
    const others = [...byGroup.keys()].filter((name) => !byGroup.get(name)?.known);
    return [...known, ...others].map((partner) => {
      const entry = byGroup.get(partner);
      return { partner, known: entry?.known ?? false, statements: entry?.statements ?? [] };
    });
  });
}

/**
 * What `/statements who:` offers: the partners that have statements, then the speakers' own names
 * (each once, in the order first met), without names already offered.
 */
export function statementChoices(engine: Engine): readonly string[] {
  return memo(choiceLists, engine, () => {
    const out: string[] = [];
    const seen = new Set<string>();
    const add = (name: string): void => {
      const key = name.toLowerCase();
      if (!seen.has(key)) {
        seen.add(key);
        out.push(name);
      }
    };
    const groups = statementsByPartner(engine);
    for (const g of groups) if (g.known) add(g.partner);
    for (const g of groups) for (const s of g.statements) add(s.speaker.name);
    return out;
  });
}

/**
 * The statements of a partner or speaker the user picked or typed (any case): a partner name, a
 * speaker name, a partner's term ("NHS", "Cllr"), or part of a speaker's or partner's name. Without
 * `who`, every group. Undefined when `who` matches nothing.
 */
export function statementsFor(engine: Engine, who?: string): readonly PartnerStatements[] | undefined {
  const groups = statementsByPartner(engine);
  if (who === undefined || who.trim() === '') return groups;
  const key = words(who).join(' ');
  if (key === '') return undefined;
  const norm = (s: string): string => words(s).join(' ');
  const byPartner = groups.find((g) => norm(g.partner) === key);
  if (byPartner) return [byPartner];
  const bySpeaker = speakerGroup(groups, (s) => norm(s.name) === key);
  if (bySpeaker) return [bySpeaker];
  const partner = engine.vocabulary.partners.find((p) => p.terms.some((t) => norm(t) === key));
  const byTerm = partner && groups.find((g) => g.partner === partner.name);
  if (byTerm) return [byTerm];
  const partial = speakerGroup(groups, (s) => ` ${norm(s.name)} `.includes(` ${key} `));
  if (partial) return [partial];
  const partialPartner = groups.filter((g) => ` ${norm(g.partner)} `.includes(` ${key} `));
  return partialPartner.length > 0 ? partialPartner : undefined;
}

function speakerGroup(groups: readonly PartnerStatements[], match: (speaker: Speaker) => boolean): PartnerStatements | undefined {
  const statements = groups.flatMap((g) => g.statements).filter((s) => match(s.speaker));
  const first = statements[0];
  if (!first) return undefined;
  const names = new Set(statements.map((s) => s.speaker.name));
  return { partner: names.size === 1 ? first.speaker.name : [...names].join(', '), known: false, statements };
}

function sameSpeaker(a: Speaker, b: Speaker): boolean {
  return a.name === b.name && (a.role ?? '') === (b.role ?? '');
}

/** The partner whose term occurs first in the text (whole words), or undefined. */
function matchPartner(partners: readonly { name: string; terms: readonly (readonly string[])[] }[], text: string): string | undefined {
  const tokens = words(text);
  let best: { name: string; at: number } | undefined;
  for (const partner of partners) {
    for (const term of partner.terms) {
      const at = indexOfSequence(tokens, term);
      if (at >= 0 && (!best || at < best.at)) best = { name: partner.name, at };
    }
  }
  return best?.name;
}

function indexOfSequence(tokens: readonly string[], seq: readonly string[]): number {
  outer: for (let i = 0; i + seq.length <= tokens.length; i++) {
    for (let j = 0; j < seq.length; j++) if (tokens[i + j] !== seq[j]) continue outer;
    return i;
  }
  return -1;
}

// ---------------------------------------------------------------------------------------------
// Sources
// ---------------------------------------------------------------------------------------------

/** A source as listed by `/sources`. */
export interface SourceOverview {
  readonly source: SourceMeta;
  /** Passages indexed from it. */
  readonly passages: number;
}

/** Every source, newest first, with its passage count. */
export function sourcesOverview(engine: Engine): SourceOverview[] {
  return [...engine.sources]
    .sort((a, b) => compareDates(b.meta.published, a.meta.published) || a.meta.id.localeCompare(b.meta.id))
    .map((s) => ({ source: s.meta, passages: s.passages.length }));
}

// ---------------------------------------------------------------------------------------------

const reported = new WeakMap<Engine, readonly ReportedStep[]>();
const timelines = new WeakMap<Engine, Map<string, readonly TimelineStep[]>>();
const services = new WeakMap<Engine, readonly NamedTerms[]>();
const statementGroups = new WeakMap<Engine, readonly PartnerStatements[]>();
const choiceLists = new WeakMap<Engine, readonly string[]>();

function memo<T>(cache: WeakMap<Engine, T>, engine: Engine, compute: () => T): T {
  const hit = cache.get(engine);
  if (hit !== undefined) return hit;
  const value = compute();
  cache.set(engine, value);
  return value;
}
