/**
 * Proposing a source's `events` at import: the dated steps its text reports (inspections, revisits,
 * monitoring visits, reviews, reports and plans published, submitted or approved, what is due), for
 * the moderator to keep or drop in the preview. Nothing proposed here is saved unless a moderator
 * keeps it (`kb add` asks, or `--keep-events`; `/sources add` has its own button).
 *
 * How: the text is cut into sentences; every date expression chrono-node finds in a sentence (a
 * well-kept parser: "in March", "1-3 November 2021", "next week", "within 18 months", "within three
 * years") is resolved against the source's published date, and becomes an event when a step word
 * ("inspection", "revisit", "report ... published", "improvement plan ... launched") stands in the
 * same sentence; when several do, the one nearest the date wins ("a plan produced in response to
 * July's Ofsted report" dates the report, not the plan). Bare years ("in 2018") and seasons ("by
 * spring 2026") are read here, as chrono-node leaves them.
 *
 * Non-goals: a date that bounds a period ("until 2021", "since April", "in the last six months") is
 * not an event, and a step with no date in its sentence is not proposed (its date would be a guess).
 *
 * Kept out of src/core and out of the `ask` CLI's import graph: only the import path loads it.
 */
import * as chrono from 'chrono-node';
import { compareDates, isAfter, isoDate, parsePartialDate } from '../core/dates.ts';
import type { SourceEvent } from '../core/types.ts';
import { invalid, StoreError } from './errors.ts';
import { parseEventSpec, setEvents, withoutEvent } from './file-format.ts';
import { parseKnowledgeFile } from './parse.ts';

/** An event proposed from a source's text, with the sentence that reports it (shown in the preview). */
export interface ProposedEvent extends SourceEvent {
  /** The sentence of the source the event was read from, verbatim. */
  readonly evidence: string;
}

/** A kind of step, the words that name it, and the label it gets. */
interface StepKind {
  readonly pattern: RegExp;
  /** The label; `by` is the bodies the sentence names ("Ofsted and the CQC"), `verb` the verb found. */
  label(by: string, verb: string): string;
}

const PLAN_VERB = /\b(launched|approved|agreed|submitted|published|produced|signed off|put forward|adopted)\b/i;
const PUBLISH_VERB = /\b(published|publish|released|issued)\b/i;

// Checked in this order: the first kind matched at a position wins ("monitoring inspection" is not
// counted again as an "inspection").
const KINDS: readonly StepKind[] = [
  { pattern: /\bmonitoring (?:inspection|visit)s?\b/gi, label: (by, _v) => `Monitoring inspection${by}` },
  { pattern: /\bre-?visit(?:ed|s)?\b/gi, label: (by) => `Revisit inspection${by}` },
  {
    pattern: /\b(?:inspections?|inspected|inspectors? (?:examined|visited|returned)|examined services|judged)\b/gi,
    label: (by) => `Inspection${by}`,
  },
  { pattern: /\breports?\b/gi, label: (by) => `Report published${by}` },
  {
    pattern: /\b(?:(?:SEND |written statement of action|priority action |improvement |action |recovery )plan|(?:SEND )?strategy)\b/gi,
    label: (_by, verb) => `Improvement plan ${verb || 'published'}`,
  },
  { pattern: /\b(?<!annual )reviews?\b(?= (?:by|of) )/gi, label: (by) => `Review${by}` },
];

const BODIES: readonly [RegExp, string][] = [
  [/\bOfsted\b/i, 'Ofsted'],
  [/\b(?:CQC|Care Quality Commission)\b/i, 'the CQC'],
  [/\b(?:Department (?:for|of) Education|DfE)\b/i, 'the Department for Education'],
];

/** Words before a date that make it the bound of a period, not the date of a step. */
const BOUND_BEFORE = /\b(?:until|till|since|for|over|last|past|during)\s+(?:the\s+)?$/i;
/** A sentence that speaks of the future: an implied year is then the next one, not the last. */
const FUTURE = /\b(?:will|to be|due|expected|next|scheduled|planned|within)\b/i;

const SEASON_MONTH: Record<string, number> = { spring: 3, summer: 6, autumn: 9, fall: 9, winter: 12 };

/** A date found in a sentence: where, and the event date it stands for. */
interface FoundDate {
  readonly index: number;
  readonly length: number;
  readonly date: string;
  readonly end?: string;
  /** Read from a relative expression ("next week", "within 18 months"). */
  readonly relative: boolean;
}

/**
 * The events a source's text reports, in text order, once each (same date and label), resolved
 * against `published` (`YYYY-MM-DD` or `YYYY-MM`). An event dated after `published` is `due`.
 */
export function proposeEvents(paragraphs: readonly string[], published: string): ProposedEvent[] {
  const ref = parsePartialDate(published);
  if (!ref || ref.month === undefined) return [];
  const reference = new Date(Date.UTC(ref.year, ref.month - 1, ref.day ?? 15, 12));
  const out: ProposedEvent[] = [];
  const seen = new Set<string>();
  for (const sentence of paragraphs.flatMap(sentences)) {
    for (const event of eventsIn(sentence, reference, published)) {
      const key = `${event.date}|${event.label.toLowerCase()}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(event);
    }
  }
  return out;
}

/** Sentences of a paragraph (a list item's "- " dropped). */
function sentences(paragraph: string): string[] {
  const text = paragraph.replace(/^- /, '');
  return text.split(/(?<=[.!?]["”’]?)\s+(?=["“‘]?[A-Z0-9])/).map((s) => s.trim()).filter((s) => s !== '');
}

function eventsIn(sentence: string, reference: Date, published: string): ProposedEvent[] {
  const steps = stepsIn(sentence);
  if (steps.length === 0) return [];
  const events: ProposedEvent[] = [];
  for (const found of datesIn(sentence, reference)) {
    if (BOUND_BEFORE.test(sentence.slice(0, found.index))) continue;
    const middle = found.index + found.length / 2;
    const nearest = steps.reduce((a, b) => (Math.abs(b.index - middle) < Math.abs(a.index - middle) ? b : a));
    const by = bodiesIn(sentence);
    const label = nearest.kind.label(by, PLAN_VERB.exec(sentence)?.[1]?.toLowerCase() ?? '');
    // A report counts as a step only when its publication is what the sentence dates.
    if (label.startsWith('Report published') && !PUBLISH_VERB.test(sentence) && !reportDatedDirectly(sentence, found)) continue;
    const due = isAfter(found.date, published) || (found.relative && FUTURE.test(clauseAt(sentence, found.index)));
    events.push({ date: found.date, ...(found.end && { end: found.end }), label: due ? dueLabel(label) : label, status: due ? 'due' : 'done', evidence: sentence });
  }
  return events;
}

/**
 * The clause around a position: the tense of "Inspectors examined services in November and ahead of
 * their full report, to be published next week" differs on each side of the comma.
 */
function clauseAt(sentence: string, index: number): string {
  const cuts = [...sentence.matchAll(/[,;:()]|\s(?:and|but|while|after|before)\s/g)].map((m) => m.index);
  const start = Math.max(0, ...cuts.filter((c) => c <= index));
  const end = Math.min(sentence.length, ...cuts.filter((c) => c > index));
  return sentence.slice(start, end);
}

/** "July's 'inadequate' Ofsted report": the date stands in the report's own noun phrase. */
function reportDatedDirectly(sentence: string, found: FoundDate): boolean {
  const after = sentence.slice(found.index + found.length, found.index + found.length + 40);
  return /^['’]s\b[^.,;]*\breport\b/i.test(after);
}

/** "Report published" → "Report due to be published"; "Inspection" → "Inspection due". */
function dueLabel(label: string): string {
  if (label.startsWith('Report published')) return label.replace('Report published', 'Report due to be published');
  if (label.startsWith('Improvement plan ')) return label.replace(/^Improvement plan (\w+(?: \w+)?)$/, 'Improvement plan due to be $1');
  const [head, ...rest] = label.split(' by ');
  return [`${head ?? label} due`, ...rest].join(' by ');
}

function stepsIn(sentence: string): { index: number; kind: StepKind }[] {
  const taken: [number, number][] = [];
  const steps: { index: number; kind: StepKind }[] = [];
  for (const kind of KINDS) {
    for (const m of sentence.matchAll(kind.pattern)) {
      const start = m.index;
      const end = start + m[0].length;
      if (taken.some(([a, b]) => start < b && end > a)) continue;
      // "judged" is a step only when an inspectorate is named.
      if (/^judged$/i.test(m[0]) && !/\b(?:Ofsted|CQC|inspectors?)\b/i.test(sentence)) continue;
      if (kind.label('', '').startsWith('Improvement plan') && !PLAN_VERB.test(sentence)) continue;
      taken.push([start, end]);
      steps.push({ index: start + m[0].length / 2, kind });
    }
  }
  return steps;
}

/** " by Ofsted and the CQC", or "" when the sentence names no inspectorate. */
function bodiesIn(sentence: string): string {
  const names = BODIES.filter(([re]) => re.test(sentence)).map(([, name]) => name);
  if (names.length === 0) return '';
  return ` by ${names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`}`;
}

/** Every date expression of the sentence, as event dates, without overlaps. */
function datesIn(sentence: string, reference: Date): FoundDate[] {
  const found: FoundDate[] = [];
  const results = chrono.en.GB.parse(sentence, { instant: reference, timezone: 0 });
  for (let i = 0; i < results.length; i++) {
    const r = results[i];
    if (!r) continue;
    // "August last year": chrono reads two dates; the second only says which year.
    const next = results[i + 1];
    const yearShift = next && next.index - (r.index + r.text.length) <= 2 ? /^(last|this|next) year$/i.exec(next.text)?.[1]?.toLowerCase() : undefined;
    const date = fromChrono(r, reference, FUTURE.test(clauseAt(sentence, r.index)), yearShift);
    if (!date) continue;
    found.push({ index: r.index, length: r.text.length, ...date });
    if (yearShift) i++;
  }
  const free = (index: number, length: number): boolean => !found.some((f) => index < f.index + f.length && index + length > f.index);
  for (const m of sentence.matchAll(/\b(spring|summer|autumn|fall|winter) (?:of )?((?:19|20)\d{2})\b/gi)) {
    const month = SEASON_MONTH[(m[1] ?? '').toLowerCase()];
    const date = month && isoDate(Number(m[2]), month);
    if (date && free(m.index, m[0].length)) found.push({ index: m.index, length: m[0].length, date, relative: false });
  }
  for (const m of sentence.matchAll(/\b(?:19|20)\d{2}\b/g)) {
    if (free(m.index, m[0].length)) found.push({ index: m.index, length: m[0].length, date: m[0], relative: false });
  }
  return found.sort((a, b) => a.index - b.index);
}

type ChronoResult = chrono.ParsedResult;

/**
 * A chrono result as an event date, known to the precision the text gives: a day only when the text
 * names one, a year only when the text names one or it follows from a relative expression. A
 * relative expression ("next week", "within 18 months") gives at most a month: the text does not
 * know the day. Without a year, a month in a past-tense sentence is the last such month up to the
 * reference date, in a sentence about the future the next one.
 */
function fromChrono(r: ChronoResult, reference: Date, future: boolean, yearShift: string | undefined): Omit<FoundDate, 'index' | 'length'> | undefined {
  const text = r.text;
  const relative = /\b(?:next|last|this|within|in \d+|in (?:a|one|two|three|four|five|six|twelve|eighteen)|ago|weeks?|months?|years?)\b/i.test(text) && !/\b(?:19|20)\d{2}\b/.test(text);
  const s = r.start;
  if (!s.isCertain('month') && !relative) return undefined; // a weekday or a time alone ("on Wednesday")
  const namesYear = /\b(?:19|20)\d{2}\b/.test(text);
  let year = s.get('year') ?? reference.getUTCFullYear();
  const month = s.get('month') ?? 1;
  const refYear = reference.getUTCFullYear();
  if (!namesYear && !relative) {
    year = refYear;
    if (yearShift === 'last') year = refYear - 1;
    else if (yearShift === 'next') year = refYear + 1;
    else if (yearShift === undefined) {
      const refMonth = reference.getUTCMonth() + 1;
      if (!future && month > refMonth) year = refYear - 1;
      if (future && month < refMonth) year = refYear + 1;
    }
  }
  const withDay = !relative && s.isCertain('day') && /\d/.test(text.replace(/\b(?:19|20)\d{2}\b/, '')) && !/^\w+ \d{2}$/.test(text.trim()) ? s.get('day') : undefined;
  if (relative && !s.isCertain('month')) {
    return { date: String(year), relative };
  }
  const date = isoDate(year, month, withDay ?? undefined);
  if (!date) return undefined;
  let end: string | undefined;
  if (r.end && withDay !== undefined && r.end.isCertain('day')) {
    end = isoDate(r.end.get('year') ?? year, r.end.get('month') ?? month, r.end.get('day') ?? undefined);
    if (end === date) end = undefined;
  }
  return { date, relative, ...(end && { end }) };
}

// ---------------------------------------------------------------------------------------------
// Keeping proposals and editing a file's events
// ---------------------------------------------------------------------------------------------

/** The prepared file with `events` set to those the moderator kept (in date order); the rest of the bytes as prepared. */
export function keepEvents<P extends { file: string; markdown: string }>(prepared: P, kept: readonly SourceEvent[]): P {
  if (kept.length === 0) return prepared;
  const events = [...kept].map(({ date, end, label, status }) => ({ date, ...(end !== undefined && { end }), label, status }));
  events.sort((a, b) => compareDates(a.date, b.date));
  return { ...prepared, markdown: setEvents(prepared.markdown, events, prepared.file) };
}

/** Events to add (`DATE|LABEL[|status]`) and to remove (`DATE` or `DATE|LABEL`), as moderators type them. */
export interface EventEdit {
  readonly add?: readonly string[];
  readonly remove?: readonly string[];
}

/**
 * A knowledge file's text with its `events` edited: removals first, then additions (an event already
 * listed, same date and label, is not added twice). Throws StoreError('invalid') naming the field
 * (`event.date`, `event.label`, `event.status`, `remove-event`).
 */
export function editEvents(markdown: string, file: string, edit: EventEdit): { markdown: string; before: SourceEvent[]; after: SourceEvent[] } {
  const parsed = parseKnowledgeFile(file, markdown);
  const before = parsed.ok ? [...parsed.source.meta.events] : [];
  if ((edit.add?.length ?? 0) === 0 && (edit.remove?.length ?? 0) === 0) return { markdown, before, after: before };
  if (!parsed.ok && parsed.issues.some((i) => i.field.startsWith('events'))) {
    throw invalid(parsed.issues.filter((i) => i.field.startsWith('events')), file);
  }
  let after = before;
  for (const spec of edit.remove ?? []) after = withoutEvent(after, spec);
  const problems: { field: string; message: string }[] = [];
  for (const spec of edit.add ?? []) {
    try {
      const event = parseEventSpec(spec);
      if (!after.some((e) => e.date === event.date && e.label.toLowerCase() === event.label.toLowerCase())) after = [...after, event];
    } catch (e) {
      if (!(e instanceof StoreError) || !e.issues) throw e;
      problems.push(...e.issues);
    }
  }
  if (problems.length > 0) throw invalid(problems, file);
  after = [...after].sort((a, b) => compareDates(a.date, b.date));
  return { markdown: setEvents(markdown, after, file), before, after };
}
