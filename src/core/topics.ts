/**
 * Topics: the fixed questions a parent can ask without typing one (the inspections over time, waiting
 * times by service, what each partner said, which sources there are). Pure functions over an
 * {@link Engine}: every word shown comes from the knowledge base (front matter `events`, the passages,
 * `vocabulary.yml`), so a new knowledge file shows up after a refresh without a code change.
 *
 * Results that need retrieval are memoised per engine (an engine never changes; a refresh builds a new
 * one), so autocomplete can call these on every keystroke.
 */
import { compareDates } from './dates.ts';
import type { Engine } from './engine.ts';
import { words } from './text.ts';
import type { Answer, AnswerResult, Passage, SourceEvent, SourceMeta, Speaker } from './types.ts';
import type { NamedTerms } from './vocabulary.ts';

// ---------------------------------------------------------------------------------------------
// Progress over time
// ---------------------------------------------------------------------------------------------

/** One step of the inspections timeline: an event a source reports on, with one cited excerpt. */
export interface TimelineStep {
  readonly event: SourceEvent;
  /** The source whose front matter lists the event (and that the excerpt is from). */
  readonly source: SourceMeta;
  /** The event is announced but has not happened yet (`status: due`). */
  readonly upcoming: boolean;
  /**
   * The passage of `source` that best matches the event's label, found by retrieval within that
   * source only. Absent when the source has no passage about it (the step is still shown, cited by
   * its source).
   */
  readonly excerpt?: AnswerResult;
}

/**
 * The inspections over time, oldest first: every `events` entry of every source, each with the
 * passage of its own source that reports it. An event listed identically (same date and label) by
 * several sources appears once, from the source published first.
 */
export function progressTimeline(engine: Engine): readonly TimelineStep[] {
  return memo(timelines, engine, () => {
    const reported = engine.sources
      .flatMap((s) => s.meta.events.map((event) => ({ event, source: s.meta })))
      .sort((a, b) =>
        compareDates(a.event.date, b.event.date) ||
        compareDates(a.source.published, b.source.published) ||
        a.source.id.localeCompare(b.source.id));
    const seen = new Set<string>();
    const used = new Set<string>();
    const steps: TimelineStep[] = [];
    for (const { event, source } of reported) {
      const key = `${event.date}|${words(event.label).join(' ')}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const excerpt = eventExcerpt(engine, event, source, used);
      if (excerpt) used.add(excerpt.passage.id);
      steps.push({ event, source, upcoming: event.status === 'due', ...(excerpt && { excerpt }) });
    }
    return steps;
  });
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

const timelines = new WeakMap<Engine, readonly TimelineStep[]>();
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
