/**
 * The knowledge file format, in one place: a YAML front matter between two `---` lines, then the
 * text. Here are the one front-matter split, the rules for an id, a date and a kind, and the
 * reading, writing and editing of a file's bytes. (Validating a file into a Source, with its
 * passages, is `parseKnowledgeFile` in parse.ts, which reads through this module.)
 */
import { isDeepStrictEqual } from 'node:util';
import { Document, isMap, isScalar, parse as parseYaml, parseDocument, Scalar } from 'yaml';
import { isPublishedDate, parsePartialDate } from '../core/dates.ts';
import type { SourceEvent } from '../core/types.ts';
import { invalid, StoreError } from './errors.ts';
import type { DraftSource } from './ingest/types.ts';
import { normalizeSpace } from '../core/text.ts';

// ---------------------------------------------------------------------------------------------
// The rules
// ---------------------------------------------------------------------------------------------

/** The kinds of source a knowledge file may declare. */
export type SourceKind = 'news' | 'press-release' | 'inspection-report' | 'letter' | 'action-plan' | 'other';

export const SOURCE_KINDS: readonly SourceKind[] = ['news', 'press-release', 'inspection-report', 'letter', 'action-plan', 'other'];

export function isSourceKind(value: string): value is SourceKind {
  return (SOURCE_KINDS as readonly string[]).includes(value);
}

const ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** The longest id (and so file name, without `.md`) the knowledge base accepts. */
export const MAX_ID_LENGTH = 60;

/** True for ids the knowledge base accepts: lowercase a-z, 0-9 and single dashes, ≤ 60 chars. */
export function isValidId(id: string): boolean {
  return id.length <= MAX_ID_LENGTH && ID_PATTERN.test(id);
}

/** Why `id` is refused, for the moderator. */
export function idMessage(id: string): string {
  return `"${id}" must be lowercase letters, digits and single dashes, at most ${MAX_ID_LENGTH} characters`;
}

/** A `published` date: `YYYY-MM-DD`, or `YYYY-MM` when only the month is known, and a real date (the rule is core's). */
export const isKnowledgeDate = isPublishedDate;

/** Why `value` is refused as a `published` date. */
export function dateMessage(value: string): string {
  return `"${value}" is not a date: use YYYY-MM-DD, or YYYY-MM when only the month is known`;
}

// ---------------------------------------------------------------------------------------------
// The front matter
// ---------------------------------------------------------------------------------------------

/** A file cut at its front matter: `open + yaml + close + body` is the text as given. */
export interface FrontMatterSplit {
  /** The opening line (with a BOM, if any) and its line break. */
  readonly open: string;
  readonly yaml: string;
  /** The line break before the closing line, the closing line and its line break. */
  readonly close: string;
  readonly body: string;
}

const FRONT_MATTER = /^(\uFEFF?---\r?\n)([\s\S]*?)(\r?\n---[ \t]*(?:\r?\n|$))/;
// Markdown from elsewhere (Jekyll, Hugo, Pandoc): spaces after the opening line, YAML's `...` end.
const FOREIGN_FRONT_MATTER = /^(\uFEFF?---[ \t]*\r?\n)([\s\S]*?)(\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$))/;

/**
 * Cuts `text` at its front matter, or returns undefined when it has none. Knowledge files must use
 * `---` lines exactly; `foreign: true` also accepts what Markdown written elsewhere uses (an opening
 * line with trailing spaces, a `...` closing line), for importing.
 */
export function splitFrontMatter(text: string, options: { foreign?: boolean } = {}): FrontMatterSplit | undefined {
  const m = (options.foreign ? FOREIGN_FRONT_MATTER : FRONT_MATTER).exec(text);
  if (!m) return undefined;
  const [whole, open = '', yaml = '', close = ''] = m;
  return { open, yaml, close, body: text.slice(whole.length) };
}

/** The text with a BOM dropped and every line break made `\n`, as the loader reads it. */
export function normaliseNewlines(text: string): string {
  return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

/**
 * The front matter's fields, read leniently (a file that does not load still shows its id and
 * link). `fields` is undefined when there is no front matter or it is not YAML fields; `body` is
 * the text after it (all of the text when there is none), BOM dropped and line breaks `\n`.
 */
export function readFrontMatter(text: string, options: { foreign?: boolean } = {}): { fields?: Record<string, unknown>; body: string } {
  const normalised = normaliseNewlines(text);
  const split = splitFrontMatter(normalised, options);
  if (!split) return { body: normalised };
  try {
    const parsed: unknown = parseYaml(split.yaml);
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) return { fields: parsed as Record<string, unknown>, body: split.body };
  } catch {
    // Not YAML: no fields.
  }
  return { body: split.body };
}

// ---------------------------------------------------------------------------------------------
// Writing a new file
// ---------------------------------------------------------------------------------------------

/** Renders a draft source as a knowledge file: YAML front matter + the verbatim paragraphs. */
export function toKnowledgeFile(draft: DraftSource & { id: string; events?: readonly SourceEvent[] }): string {
  if (!isValidId(draft.id)) {
    throw new RangeError(`Invalid knowledge id "${draft.id}": use lowercase letters, digits and dashes (at most ${MAX_ID_LENGTH} characters).`);
  }
  const kind = isSourceKind(draft.kind) ? draft.kind : 'other';
  const front: Record<string, string> = { id: draft.id, title: normalizeSpace(draft.title) };
  const publisher = draft.publisher ? normalizeSpace(draft.publisher) : '';
  if (publisher) front['publisher'] = publisher;
  if (draft.published && isKnowledgeDate(draft.published)) front['published'] = draft.published;
  if (draft.url) front['url'] = draft.url;
  front['kind'] = kind;
  const withEvents = draft.events !== undefined && draft.events.length > 0 ? { ...front, events: draft.events.map(eventYaml) } : front;

  // yaml quotes whatever needs quoting (colons, leading quotes, "yes", "#"...); no line folding.
  const yaml = new Document(withEvents).toString({ lineWidth: 0 });
  return `---\n${yaml}---\n${renderBody(draft.paragraphs)}\n`;
}

/** Paragraphs separated by one blank line; consecutive "- " items form one list (one per line). */
function renderBody(paragraphs: readonly string[]): string {
  let out = '';
  let previousWasItem = false;
  for (const raw of paragraphs) {
    const paragraph = normalizeSpace(raw);
    if (paragraph === '' || paragraph === '-') continue;
    const isItem = paragraph.startsWith('- ');
    if (out !== '') out += isItem && previousWasItem ? '\n' : '\n\n';
    out += paragraph;
    previousWasItem = isItem;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Editing an existing file
// ---------------------------------------------------------------------------------------------

/**
 * Replaces the values of some top-level front-matter keys, leaving every other byte of the file as
 * it was. Each value is spliced in where the old one stood (or appended, for a new key); the result
 * is checked by re-reading the YAML, and if splicing could not be proven right (a block scalar, an
 * empty value) the front matter is re-serialised by the yaml library instead, and checked again.
 */
export function rewriteFrontMatter(text: string, changes: Readonly<Record<string, string>>, file = 'file'): string {
  const split = splitFrontMatter(text);
  if (!split) throw new StoreError('invalid', 'the file has no front matter to edit', { field: 'front matter', file });
  const { open, yaml: rawFront, close, body } = split;
  const crlf = open.endsWith('\r\n');
  const front = crlf ? rawFront.replace(/\r\n/g, '\n') : rawFront;
  const doc = parseDocument(front);
  if (doc.errors.length > 0 || !isMap(doc.contents)) {
    throw new StoreError('invalid', 'the front matter is not valid YAML fields; fix it by hand first', { field: 'front matter', file });
  }
  let expected: unknown;
  try {
    expected = { ...(parseYaml(front) as Record<string, unknown>), ...changes };
  } catch {
    throw new StoreError('invalid', 'the front matter is not valid YAML; fix it by hand first', { field: 'front matter', file });
  }
  const proven = (candidate: string): boolean => {
    try {
      return isDeepStrictEqual(parseYaml(candidate), expected);
    } catch {
      return false;
    }
  };

  let next = spliceValues(front, doc.contents.items, changes);
  if (next === undefined || !proven(next)) {
    const whole2 = parseDocument(front);
    for (const [key, value] of Object.entries(changes)) whole2.set(key, value);
    next = whole2.toString({ lineWidth: 0 }).replace(/\n$/, '');
    if (!proven(next)) throw new StoreError('invalid', 'the front matter could not be rewritten safely; edit the file by hand', { field: 'front matter', file });
  }
  return `${open}${crlf ? next.replace(/\n/g, '\r\n') : next}${close}${body}`;
}

function spliceValues(front: string, items: readonly unknown[], changes: Readonly<Record<string, string>>): string | undefined {
  const splices: { start: number; end: number; text: string }[] = [];
  const appended: string[] = [];
  for (const [key, value] of Object.entries(changes)) {
    const pair = items.find((p): p is { key: unknown; value: unknown } => isPairWithKey(p, key));
    if (!pair) {
      appended.push(`${key}: ${yamlScalar(value)}`);
      continue;
    }
    const node = pair.value;
    if (!isScalar(node) || !node.range || node.type === Scalar.BLOCK_FOLDED || node.type === Scalar.BLOCK_LITERAL) return undefined;
    const quoted = node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE ? node.type : undefined;
    splices.push({ start: node.range[0], end: node.range[1], text: yamlScalar(value, quoted) });
  }
  let out = front;
  for (const s of splices.sort((a, b) => b.start - a.start)) out = out.slice(0, s.start) + s.text + out.slice(s.end);
  if (appended.length > 0) out = `${out}${out === '' || out.endsWith('\n') ? '' : '\n'}${appended.join('\n')}`;
  return out;
}

function isPairWithKey(p: unknown, key: string): boolean {
  if (p === null || typeof p !== 'object' || !('key' in p)) return false;
  const k = (p as { key: unknown }).key;
  return isScalar(k) && k.value === key;
}

/** A string as one YAML scalar: quoted in the given style (the old value's), else only when it must be. */
function yamlScalar(value: string, quote?: Scalar.Type): string {
  const doc = new Document(value);
  if (quote !== undefined && isScalar(doc.contents)) doc.contents.type = quote;
  return doc.toString({ lineWidth: 0 }).replace(/\n$/, '');
}

// ---------------------------------------------------------------------------------------------
// Events: what a source reports on, for /progress
// ---------------------------------------------------------------------------------------------

/** An event as the front matter writes it: `status` only when `due` (`done` is the default). */
function eventYaml(event: SourceEvent): Record<string, string> {
  return { date: event.date, ...(event.end !== undefined && { end: event.end }), label: normalizeSpace(event.label), ...(event.status === 'due' && { status: 'due' }) };
}

/** The `events` front-matter key set to `events` (removed when empty); every other byte of the front matter kept where the yaml library can. */
export function setEvents(text: string, events: readonly SourceEvent[], file = 'file'): string {
  const split = splitFrontMatter(text);
  if (!split) throw new StoreError('invalid', 'the file has no front matter to edit', { field: 'front matter', file });
  const crlf = split.open.endsWith('\r\n');
  const doc = parseDocument(crlf ? split.yaml.replace(/\r\n/g, '\n') : split.yaml);
  if (doc.errors.length > 0 || !isMap(doc.contents)) {
    throw new StoreError('invalid', 'the front matter is not valid YAML fields; fix it by hand first', { field: 'front matter', file });
  }
  if (events.length === 0) doc.delete('events');
  else doc.set('events', doc.createNode(events.map(eventYaml)));
  const yaml = doc.toString({ lineWidth: 0 }).replace(/\n$/, '');
  return `${split.open}${crlf ? yaml.replace(/\n/g, '\r\n') : yaml}${split.close}${split.body}`;
}

/** Why an event field is refused, by field (`event.date`, `event.label`, `event.status`). */
export const EVENT_HELP = 'DATE|LABEL[|due] (DATE: YYYY, YYYY-MM or YYYY-MM-DD)';

/**
 * Reads an event as moderators type it: `DATE|LABEL[|status]`, e.g. `2026-01|Monitoring inspection
 * due|due`. DATE is `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (a range as `START..END`); status is `done`
 * (the default) or `due`. Throws StoreError('invalid') naming each field at fault.
 */
export function parseEventSpec(spec: string, field = 'event'): SourceEvent {
  const [rawDate = '', rawLabel = '', rawStatus, ...extra] = spec.split('|').map((part) => part.trim());
  const problems: { field: string; message: string }[] = [];
  const [date = '', end, ...more] = rawDate.split('..').map((d) => d.trim());
  const isDate = (d: string): boolean => /^\d{4}(-\d{2}(-\d{2})?)?$/.test(d) && parsePartialDate(d) !== undefined;
  if (!isDate(date) || more.length > 0) problems.push({ field: `${field}.date`, message: `"${rawDate}" is not a date: use YYYY, YYYY-MM or YYYY-MM-DD (a range as START..END), then |LABEL` });
  else if (end !== undefined && (!isDate(end) || end < date)) problems.push({ field: `${field}.end`, message: `"${end}" is not a date after ${date}` });
  const label = normalizeSpace(rawLabel);
  if (label === '') problems.push({ field: `${field}.label`, message: `missing: write ${EVENT_HELP}` });
  const status = rawStatus === undefined || rawStatus === '' ? 'done' : rawStatus.toLowerCase();
  if (status !== 'done' && status !== 'due') problems.push({ field: `${field}.status`, message: `"${rawStatus ?? ''}" is not a status: use done or due` });
  if (extra.length > 0) problems.push({ field, message: `too many parts: write ${EVENT_HELP}` });
  if (problems.length > 0) throw invalid(problems);
  return { date, ...(end !== undefined && end !== date && { end }), label, status: status as 'done' | 'due' };
}

/** `DATE|LABEL[|due]`: how an event is typed back (the inverse of {@link parseEventSpec}). */
export function eventSpec(event: SourceEvent): string {
  return `${event.date}${event.end ? `..${event.end}` : ''}|${event.label}${event.status === 'due' ? '|due' : ''}`;
}

/**
 * The events left after removing those `spec` names: `DATE|LABEL` (the label's case and spacing
 * ignored) or `DATE` alone when only one event has that date. Throws StoreError('invalid') on the
 * field `remove-event` when none, or more than one, matches.
 */
export function withoutEvent(events: readonly SourceEvent[], spec: string): SourceEvent[] {
  const [date = '', label] = spec.split('|').map((p) => p.trim());
  const same = (a: string, b: string): boolean => normalizeSpace(a).toLowerCase() === normalizeSpace(b).toLowerCase();
  const matches = events.filter((e) => e.date === date.split('..')[0] && (label === undefined || label === '' || same(e.label, label)));
  const listed = events.length > 0 ? ` It has: ${events.map(eventSpec).join('; ')}.` : ' It has no events.';
  if (matches.length === 0) throw invalid([{ field: 'remove-event', message: `no event matches "${spec}".${listed}` }]);
  if (matches.length > 1) throw invalid([{ field: 'remove-event', message: `"${spec}" matches ${matches.length} events: add |LABEL.${listed}` }]);
  return events.filter((e) => e !== matches[0]);
}
