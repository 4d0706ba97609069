/**
 * The review queue's file format: one JSON event per line. Every record is rebuilt field by field
 * from an allow-list before it is written, and a stored line with any other field is refused when
 * read, so nothing but the fields of a ReviewItem (never who asked) can reach the file.
 */
import {
  FORMAT_VERSION,
  NOTE_MAX_LENGTH,
  QUESTION_MAX_LENGTH,
  REASON_MAX_LENGTH,
  type ReviewItem,
  type ReviewKind,
  type ReviewSource,
  type ReviewStatus,
} from './types.ts';

// ---------------------------------------------------------------------------------------------
// Limits that keep a record small whatever the caller passes
// ---------------------------------------------------------------------------------------------

/** Sources kept per item or helpful event (an answer cites a handful). */
export const MAX_SOURCES = 20;
const SOURCE_ID_MAX_LENGTH = 200;
const SOURCE_TITLE_MAX_LENGTH = 300;
export const DAY_MS = 24 * 60 * 60 * 1000;
/** Below this many surplus lines the file is never compacted for size alone. */
export const COMPACT_SLACK = 16;

export const KINDS: readonly string[] = ['abstained', 'not-helpful'] satisfies readonly ReviewKind[];
export const STATUSES: readonly string[] = ['open', 'dismissed', 'noted'] satisfies readonly ReviewStatus[];
export const ID_PATTERN = /^[0-9a-f]{12}$/;

// ---------------------------------------------------------------------------------------------
// The stored events
// ---------------------------------------------------------------------------------------------

export interface HelpfulEvent {
  readonly at: string;
  readonly sources: readonly ReviewSource[];
}

export type StoredEvent =
  | { readonly v: 1; readonly type: 'add'; readonly item: ReviewItem }
  | { readonly v: 1; readonly type: 'resolve'; readonly id: string; readonly status: 'dismissed' | 'noted'; readonly note?: string; readonly at: string }
  | { readonly v: 1; readonly type: 'helpful'; readonly at: string; readonly sources: readonly ReviewSource[] }
  /** The open item's question was queued again (folded into it: see `ReviewItem.count`). */
  | { readonly v: 1; readonly type: 'repeat'; readonly id: string; readonly at: string }
  | { readonly v: 1; readonly type: 'digest'; readonly at: string };

/**
 * The keys each kind of line may hold, and nothing else: a line with any other key is refused when
 * read, and the builders below write only these. Exported for the tests that read the raw file.
 */
export const STORED_KEYS = Object.freeze({
  event: Object.freeze({
    add: Object.freeze(['v', 'type', 'item']),
    resolve: Object.freeze(['v', 'type', 'id', 'status', 'note', 'at']),
    helpful: Object.freeze(['v', 'type', 'at', 'sources']),
    repeat: Object.freeze(['v', 'type', 'id', 'at']),
    digest: Object.freeze(['v', 'type', 'at']),
  }),
  item: Object.freeze(['id', 'at', 'kind', 'question', 'reason', 'sources', 'status', 'note', 'resolvedAt']),
  source: Object.freeze(['id', 'title']),
});

// ---------------------------------------------------------------------------------------------
// Records: built from an allow-list, checked the same way when read
// ---------------------------------------------------------------------------------------------

export function applyResolve(item: ReviewItem, status: 'dismissed' | 'noted', note: string | undefined, at: string): ReviewItem {
  const { note: oldNote, ...rest } = item;
  const kept = note ?? oldNote;
  return freezeItem({ ...rest, status, ...(kept !== undefined && { note: kept }), resolvedAt: at });
}

/** The item with exactly the allowed fields, in a fixed order, frozen. */
export function freezeItem(item: ReviewItem): ReviewItem {
  return Object.freeze({
    id: item.id,
    at: item.at,
    kind: item.kind,
    question: item.question,
    ...(item.reason !== undefined && { reason: item.reason }),
    sources: item.sources,
    status: item.status,
    ...(item.note !== undefined && { note: item.note }),
    ...(item.resolvedAt !== undefined && { resolvedAt: item.resolvedAt }),
  });
}

/** Each source's id and title only, capped, at most {@link MAX_SOURCES}; anything else is dropped. */
export function cleanSources(sources: unknown): readonly ReviewSource[] {
  if (!Array.isArray(sources)) return Object.freeze([]);
  const kept: ReviewSource[] = [];
  for (const source of sources.slice(0, MAX_SOURCES)) {
    if (source === null || typeof source !== 'object') continue;
    const { id, title } = source as Record<string, unknown>;
    if (typeof id !== 'string' || typeof title !== 'string') continue;
    kept.push(Object.freeze({ id: cap(id, SOURCE_ID_MAX_LENGTH), title: cap(title, SOURCE_TITLE_MAX_LENGTH) }));
  }
  return Object.freeze(kept);
}

/** The event as one JSON line, rebuilt from the allow-list (whatever else the objects hold). */
export function serialise(event: StoredEvent): string {
  switch (event.type) {
    case 'add':
      return JSON.stringify({ v: FORMAT_VERSION, type: 'add', item: freezeItem(event.item) });
    case 'resolve':
      return JSON.stringify({ v: FORMAT_VERSION, type: 'resolve', id: event.id, status: event.status, ...(event.note !== undefined && { note: event.note }), at: event.at });
    case 'helpful':
      return JSON.stringify({ v: FORMAT_VERSION, type: 'helpful', at: event.at, sources: event.sources.map((s) => ({ id: s.id, title: s.title })) });
    case 'repeat':
      return JSON.stringify({ v: FORMAT_VERSION, type: 'repeat', id: event.id, at: event.at });
    case 'digest':
      return JSON.stringify({ v: FORMAT_VERSION, type: 'digest', at: event.at });
  }
}

/** One line of the file as an event, or undefined when it is not exactly a valid one. */
export function parseEvent(line: string): StoredEvent | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (!isRecord(value) || value.v !== FORMAT_VERSION) return undefined;
  switch (value.type) {
    case 'add': {
      if (!onlyKeys(value, STORED_KEYS.event.add)) return undefined;
      const item = parseItem(value.item);
      return item === undefined ? undefined : { v: 1, type: 'add', item };
    }
    case 'resolve': {
      const { id, status, note, at } = value;
      if (!onlyKeys(value, STORED_KEYS.event.resolve) || typeof id !== 'string' || !ID_PATTERN.test(id) || !isTime(at)) return undefined;
      if (status !== 'dismissed' && status !== 'noted') return undefined;
      if (note !== undefined && !isText(note, NOTE_MAX_LENGTH)) return undefined;
      return { v: 1, type: 'resolve', id, status, ...(note !== undefined && { note }), at };
    }
    case 'helpful': {
      const sources = parseSources(value.sources);
      if (!onlyKeys(value, STORED_KEYS.event.helpful) || !isTime(value.at) || sources === undefined) return undefined;
      return { v: 1, type: 'helpful', at: value.at, sources };
    }
    case 'repeat': {
      const { id, at } = value;
      if (!onlyKeys(value, STORED_KEYS.event.repeat) || typeof id !== 'string' || !ID_PATTERN.test(id) || !isTime(at)) return undefined;
      return { v: 1, type: 'repeat', id, at };
    }
    case 'digest':
      if (!onlyKeys(value, STORED_KEYS.event.digest) || !isTime(value.at)) return undefined;
      return { v: 1, type: 'digest', at: value.at };
    default:
      return undefined;
  }
}

export function parseItem(value: unknown): ReviewItem | undefined {
  if (!isRecord(value) || !onlyKeys(value, STORED_KEYS.item)) return undefined;
  const { id, at, kind, question, reason, status, note, resolvedAt } = value;
  const sources = parseSources(value.sources);
  if (typeof id !== 'string' || !ID_PATTERN.test(id) || !isTime(at) || sources === undefined) return undefined;
  if (typeof kind !== 'string' || !KINDS.includes(kind) || typeof status !== 'string' || !STATUSES.includes(status)) return undefined;
  if (!isText(question, QUESTION_MAX_LENGTH)) return undefined;
  if (reason !== undefined && !isText(reason, REASON_MAX_LENGTH)) return undefined;
  if (note !== undefined && !isText(note, NOTE_MAX_LENGTH)) return undefined;
  if (resolvedAt !== undefined && !isTime(resolvedAt)) return undefined;
  return freezeItem({
    id,
    at,
    kind: kind as ReviewKind,
    question,
    ...(reason !== undefined && { reason }),
    sources,
    status: status as ReviewStatus,
    ...(note !== undefined && { note }),
    ...(resolvedAt !== undefined && { resolvedAt }),
  });
}

export function parseSources(value: unknown): readonly ReviewSource[] | undefined {
  if (!Array.isArray(value) || value.length > MAX_SOURCES) return undefined;
  const sources: ReviewSource[] = [];
  for (const source of value) {
    if (!isRecord(source) || !onlyKeys(source, STORED_KEYS.source)) return undefined;
    if (!isText(source.id, SOURCE_ID_MAX_LENGTH) || !isText(source.title, SOURCE_TITLE_MAX_LENGTH)) return undefined;
    sources.push(Object.freeze({ id: source.id, title: source.title }));
  }
  return Object.freeze(sources);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function onlyKeys(value: Record<string, unknown>, allowed: readonly string[]): boolean {
  return Object.keys(value).every((key) => allowed.includes(key));
}

export function isText(value: unknown, max: number): value is string {
  return typeof value === 'string' && value.length <= max;
}

/** A full ISO timestamp as `Date#toISOString` writes it. */
export function isTime(value: unknown): value is string {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/.test(value) && !Number.isNaN(Date.parse(value));
}

/** At most `max` UTF-16 code units, never ending in half a surrogate pair. */
export function cap(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const last = cut.charCodeAt(cut.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? cut.slice(0, -1) : cut;
}
