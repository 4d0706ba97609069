/**
 * The review queue: questions the bot could not answer and answers a member marked "Not helpful",
 * kept anonymised for moderators to review (`/review`) and summarised weekly (the digest).
 *
 * **What is kept.** Only the fields of {@link ReviewItem}: the question and the optional reason
 * (both redacted by the caller, capped in length), the answer's sources, the time, and the
 * moderator's status and note. Never who asked: no user id, name or any other field can reach the
 * file through this module, because every record is rebuilt field by field from an allow-list
 * before it is written, and a stored line with any other field is refused when read. "Helpful"
 * clicks are counted only (time and sources, no question).
 *
 * **Retention.** Entries older than `retentionDays` (by when the question was asked) are deleted
 * on {@link ReviewQueue.open} and by {@link ReviewQueue.enforceRetention}, and deleted means gone
 * from the file too: the file is rewritten without them. A line that cannot be read (torn by a
 * crash, edited by hand, written by a newer version) is skipped and counted, and the file is
 * rewritten without it on open, so that nothing unreadable (which could hold an old question)
 * outlives the retention period.
 *
 * **Why a JSON-lines file of events, not a database.** Node 20 has no built-in SQLite (`node:sqlite`
 * is Node 22.5+), a native module would need a compiler on every machine the bot is installed on,
 * and the queue is small (tens of items a week). So the file is an append-only log of events, one
 * JSON object per line (the format of the audit log, src/knowledge/audit.ts):
 *
 * ```text
 * {"v":1,"type":"add","item":{"id":"…","at":"…","kind":"abstained","question":"…","sources":[],"status":"open"}}
 * {"v":1,"type":"resolve","id":"…","status":"noted","note":"…","at":"…"}
 * {"v":1,"type":"helpful","at":"…","sources":[{"id":"…","title":"…"}]}
 * {"v":1,"type":"digest","at":"…"}
 * ```
 *
 * - Each event is one line appended with one write to a file opened with O_APPEND, then flushed
 *   (fsync): a crash loses at most the line being written, and that torn line is skipped on open.
 * - Writes go through one promise chain, so concurrent adds, dismissals and notes never interleave
 *   or lose an event; reads (`list`, `get`, `digest`, `lastDigestAt`) are answered from memory.
 * - The file is compacted (the current state written as `add` lines holding each item's current
 *   status, the helpful events and the last digest marker) when retention deletes something, when
 *   a line was skipped, or when it has grown to more than about twice its live entries. Compaction
 *   writes a temporary file in the same folder (mode 0600), flushes it, and renames it over the
 *   file, so the file is always either the old state or the new one.
 * - The file is created with mode 0600 (owner only); its folder is created if missing.
 *
 * The queue assumes it is the only writer of its file (the bot process). Readers that only look,
 * such as tests, should open a copy.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open as openFile, readFile, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { appendLine } from '../knowledge/append.ts';

// ---------------------------------------------------------------------------------------------
// Public types (the shared contract)
// ---------------------------------------------------------------------------------------------

export type ReviewKind = 'abstained' | 'not-helpful';

export interface ReviewItem {
  /** Short random id (12 hex characters), used in button custom ids. */
  readonly id: string;
  /** ISO timestamp of when the question was asked or marked. */
  readonly at: string;
  readonly kind: ReviewKind;
  /** ALREADY REDACTED by the caller; at most {@link QUESTION_MAX_LENGTH} characters. */
  readonly question: string;
  /** The optional "not helpful" reason, ALREADY REDACTED; at most {@link REASON_MAX_LENGTH} characters. */
  readonly reason?: string;
  /** The answer's sources (empty for abstained). */
  readonly sources: readonly { readonly id: string; readonly title: string }[];
  readonly status: 'open' | 'dismissed' | 'noted';
  /** Which source should cover it (the moderator's words); at most {@link NOTE_MAX_LENGTH} characters. */
  readonly note?: string;
  readonly resolvedAt?: string;
}

export interface ReviewQueueOptions {
  /** E.g. `<data>/review-queue.jsonl`. */
  readonly file: string;
  /** Default 90 in the configuration; items older than this are deleted (enforced). */
  readonly retentionDays: number;
  /** Clock, for tests. Default: the system clock. */
  readonly now?: () => Date;
}

export interface ReviewDigest {
  readonly since: string;
  readonly until: string;
  readonly abstained: number;
  readonly notHelpful: number;
  readonly helpful: number;
  /** Open items now. */
  readonly open: number;
  /** Up to {@link DIGEST_EXAMPLES} open redacted questions, newest first. */
  readonly examples: readonly string[];
}

/** The longest question stored, in characters (UTF-16 code units); longer ones are cut. */
export const QUESTION_MAX_LENGTH = 1000;
/** The longest "not helpful" reason stored. */
export const REASON_MAX_LENGTH = 300;
/** The longest moderator's note stored. */
export const NOTE_MAX_LENGTH = 300;
/** How many open questions a digest quotes. */
export const DIGEST_EXAMPLES = 5;
/** The version written on every line; a line with any other version is skipped. */
export const FORMAT_VERSION = 1;

type ReviewSource = ReviewItem['sources'][number];
type ReviewStatus = ReviewItem['status'];

/** What a caller gives {@link ReviewQueue.add}. */
export interface NewReviewItem {
  kind: ReviewKind;
  question: string;
  reason?: string;
  sources: ReviewItem['sources'];
}

// ---------------------------------------------------------------------------------------------
// Limits that keep a record small whatever the caller passes
// ---------------------------------------------------------------------------------------------

/** Sources kept per item or helpful event (an answer cites a handful). */
const MAX_SOURCES = 20;
const SOURCE_ID_MAX_LENGTH = 200;
const SOURCE_TITLE_MAX_LENGTH = 300;
const DAY_MS = 24 * 60 * 60 * 1000;
/** Below this many surplus lines the file is never compacted for size alone. */
const COMPACT_SLACK = 16;

const KINDS: readonly string[] = ['abstained', 'not-helpful'] satisfies readonly ReviewKind[];
const STATUSES: readonly string[] = ['open', 'dismissed', 'noted'] satisfies readonly ReviewStatus[];
const ID_PATTERN = /^[0-9a-f]{12}$/;

// ---------------------------------------------------------------------------------------------
// The stored events
// ---------------------------------------------------------------------------------------------

interface HelpfulEvent {
  readonly at: string;
  readonly sources: readonly ReviewSource[];
}

type StoredEvent =
  | { readonly v: 1; readonly type: 'add'; readonly item: ReviewItem }
  | { readonly v: 1; readonly type: 'resolve'; readonly id: string; readonly status: 'dismissed' | 'noted'; readonly note?: string; readonly at: string }
  | { readonly v: 1; readonly type: 'helpful'; readonly at: string; readonly sources: readonly ReviewSource[] }
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
    digest: Object.freeze(['v', 'type', 'at']),
  }),
  item: Object.freeze(['id', 'at', 'kind', 'question', 'reason', 'sources', 'status', 'note', 'resolvedAt']),
  source: Object.freeze(['id', 'title']),
});

// ---------------------------------------------------------------------------------------------
// The queue
// ---------------------------------------------------------------------------------------------

/** The durable, anonymised review queue. Open it with {@link ReviewQueue.open}. */
export class ReviewQueue {
  readonly #file: string;
  readonly #retentionMs: number;
  readonly #now: () => Date;
  /** Items in the order they were added (the file's order). */
  #items: ReviewItem[] = [];
  readonly #byId = new Map<string, ReviewItem>();
  #helpful: HelpfulEvent[] = [];
  #lastDigest: string | undefined;
  /** Non-blank lines in the file now (read, appended, or written by compaction). */
  #lines = 0;
  #skipped = 0;
  /** The write chain: every change to the file waits for the one before. */
  #tail: Promise<unknown> = Promise.resolve();

  private constructor(options: ReviewQueueOptions) {
    if (typeof options.file !== 'string' || options.file === '') throw new TypeError('the review queue needs a file');
    if (!(typeof options.retentionDays === 'number' && Number.isFinite(options.retentionDays) && options.retentionDays > 0)) {
      throw new RangeError(`retentionDays must be a positive number of days, not ${String(options.retentionDays)}`);
    }
    this.#file = options.file;
    this.#retentionMs = options.retentionDays * DAY_MS;
    this.#now = options.now ?? (() => new Date());
  }

  /**
   * Reads the file (a missing file is an empty queue; its folder is created), deletes what is past
   * retention, and compacts the file if that deleted anything, if a line could not be read, or if
   * the file has grown to about twice its live entries. A corrupt line is skipped and counted
   * ({@link skippedLines}), never fatal; a file that cannot be read at all (permissions) throws.
   */
  static async open(options: ReviewQueueOptions): Promise<ReviewQueue> {
    const queue = new ReviewQueue(options);
    await mkdir(dirname(queue.#file), { recursive: true });
    await queue.#load();
    const expired = queue.#dropExpired();
    if (expired > 0 || queue.#skipped > 0 || queue.#oversized()) await queue.#compact();
    return queue;
  }

  /** Lines of the file skipped when it was opened (torn by a crash, edited by hand, an unknown version). */
  get skippedLines(): number {
    return this.#skipped;
  }

  /**
   * Adds an open item, stamped now with a new random id. The question and reason must already be
   * redacted; they are cut to {@link QUESTION_MAX_LENGTH} and {@link REASON_MAX_LENGTH} characters,
   * an empty reason is left out, and only each source's id and title are kept.
   */
  async add(input: NewReviewItem): Promise<ReviewItem> {
    if (!KINDS.includes(input.kind)) throw new TypeError(`a review item's kind is "abstained" or "not-helpful", not ${JSON.stringify(input.kind)}`);
    if (typeof input.question !== 'string') throw new TypeError("a review item's question must be text");
    const reason = input.reason === undefined ? '' : cap(String(input.reason), REASON_MAX_LENGTH);
    const fields = {
      kind: input.kind,
      question: cap(input.question, QUESTION_MAX_LENGTH),
      ...(reason.trim() !== '' && { reason }),
      sources: cleanSources(input.sources),
    };
    return this.#write(async () => {
      const item = freezeItem({ id: this.#newId(), at: this.#stamp(), ...fields, status: 'open' });
      await this.#append({ v: 1, type: 'add', item });
      this.#items.push(item);
      this.#byId.set(item.id, item);
      return item;
    });
  }

  /** Counts a "Helpful" click: the time and the answer's sources only, no question. */
  async recordHelpful(sources: ReviewItem['sources']): Promise<void> {
    const kept = cleanSources(sources);
    return this.#write(async () => {
      const event: HelpfulEvent = Object.freeze({ at: this.#stamp(), sources: kept });
      await this.#append({ v: 1, type: 'helpful', ...event });
      this.#helpful.push(event);
    });
  }

  /**
   * The items, newest first (by time; of two at the same time, the one added later first).
   * `status` defaults to `all`, `offset` to 0, `limit` to no limit; `total` counts every item of that
   * status, whatever the page.
   */
  list(options: { status?: ReviewStatus | 'all'; offset?: number; limit?: number } = {}): { items: ReviewItem[]; total: number } {
    const status = options.status ?? 'all';
    const matching = this.#newestFirst().filter((item) => status === 'all' || item.status === status);
    const offset = Math.max(0, Math.floor(options.offset ?? 0) || 0);
    const limit = options.limit === undefined ? matching.length : Math.max(0, Math.floor(options.limit) || 0);
    return { items: matching.slice(offset, offset + limit), total: matching.length };
  }

  /** The item with this id, or undefined (never added, or deleted by retention). */
  get(id: string): ReviewItem | undefined {
    return this.#byId.get(id);
  }

  /** Marks the item dismissed (a note it had is kept). Undefined when there is no such item. */
  async dismiss(id: string): Promise<ReviewItem | undefined> {
    return this.#write(() => this.#resolve(id, 'dismissed'));
  }

  /**
   * Marks the item noted with the moderator's words on which source should cover it, cut to
   * {@link NOTE_MAX_LENGTH} characters. Undefined when there is no such item. An empty note throws
   * (the caller asks again).
   */
  async note(id: string, note: string): Promise<ReviewItem | undefined> {
    const text = cap(String(note).trim(), NOTE_MAX_LENGTH);
    if (text === '') throw new TypeError('a review note needs some text');
    return this.#write(() => this.#resolve(id, 'noted', text));
  }

  /**
   * Deletes the items and helpful events older than the retention period, from memory and from
   * the file (rewritten atomically). Returns how many entries were deleted (0 leaves the file as it was).
   */
  async enforceRetention(): Promise<number> {
    return this.#write(async () => {
      const before = { items: this.#items, helpful: this.#helpful };
      const expired = this.#dropExpired();
      if (expired === 0) return 0;
      try {
        await this.#compact();
      } catch (e) {
        // Nothing deleted unless the file says so: keep memory and file in step, and try again later.
        this.#restore(before.items, before.helpful);
        throw e;
      }
      return expired;
    });
  }

  /**
   * Counts over [since, now]: questions not answered, answers marked not helpful, answers marked
   * helpful; the items open now; and up to {@link DIGEST_EXAMPLES} open questions, newest first.
   */
  digest(since: Date): ReviewDigest {
    const until = this.#now();
    const from = since.getTime();
    const to = until.getTime();
    const within = (at: string): boolean => {
      const t = Date.parse(at);
      return t >= from && t <= to;
    };
    let abstained = 0;
    let notHelpful = 0;
    for (const item of this.#items) {
      if (!within(item.at)) continue;
      if (item.kind === 'abstained') abstained++;
      else notHelpful++;
    }
    const open = this.#newestFirst().filter((item) => item.status === 'open');
    return {
      since: since.toISOString(),
      until: until.toISOString(),
      abstained,
      notHelpful,
      helpful: this.#helpful.filter((event) => within(event.at)).length,
      open: open.length,
      examples: open.slice(0, DIGEST_EXAMPLES).map((item) => item.question),
    };
  }

  /** When the last digest was posted (persisted, so a restart does not post twice). */
  lastDigestAt(): Date | undefined {
    return this.#lastDigest === undefined ? undefined : new Date(this.#lastDigest);
  }

  /** Records that a digest was posted at `at`. */
  async markDigest(at: Date): Promise<void> {
    if (Number.isNaN(at.getTime())) throw new RangeError('markDigest needs a valid date');
    const stamp = at.toISOString();
    return this.#write(async () => {
      await this.#append({ v: 1, type: 'digest', at: stamp });
      this.#lastDigest = stamp;
    });
  }

  // -------------------------------------------------------------------------------------------
  // Internals
  // -------------------------------------------------------------------------------------------

  /**
   * Runs `task` after every write queued before it (the order of the calls); a failed write does
   * not stop the later ones. After the task, compacts the file if it has grown to about twice its
   * live entries (a failed compaction only leaves the file longer: every event is already in it).
   * Callers call this synchronously (before any `await`), so writes keep the order of the calls.
   */
  #write<T>(task: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(async () => {
      const value = await task();
      if (this.#oversized()) await this.#compact().catch(() => undefined);
      return value;
    });
    this.#tail = result.catch(() => undefined);
    return result;
  }

  async #resolve(id: string, status: 'dismissed' | 'noted', note?: string): Promise<ReviewItem | undefined> {
    const current = this.#byId.get(id);
    if (current === undefined) return undefined;
    const at = this.#stamp();
    await this.#append({ v: 1, type: 'resolve', id, status, ...(note !== undefined && { note }), at });
    const updated = applyResolve(current, status, note, at);
    this.#replace(updated);
    return updated;
  }

  #replace(updated: ReviewItem): void {
    const index = this.#items.findIndex((item) => item.id === updated.id);
    if (index >= 0) this.#items[index] = updated;
    this.#byId.set(updated.id, updated);
  }

  #restore(items: ReviewItem[], helpful: HelpfulEvent[]): void {
    this.#items = items;
    this.#helpful = helpful;
    this.#byId.clear();
    for (const item of items) this.#byId.set(item.id, item);
  }

  #newestFirst(): ReviewItem[] {
    return this.#items
      .map((item, order) => ({ item, order, time: Date.parse(item.at) }))
      .sort((a, b) => b.time - a.time || b.order - a.order)
      .map((entry) => entry.item);
  }

  #stamp(): string {
    return this.#now().toISOString();
  }

  /** 12 random hex characters (48 bits from the system's secure generator), unused in this queue. */
  #newId(): string {
    for (;;) {
      const id = randomBytes(6).toString('hex');
      if (!this.#byId.has(id)) return id;
    }
  }

  /** Removes expired items and helpful events from memory; returns how many. */
  #dropExpired(): number {
    const cutoff = this.#now().getTime() - this.#retentionMs;
    const kept = (at: string): boolean => Date.parse(at) >= cutoff;
    const items = this.#items.filter((item) => kept(item.at));
    const helpful = this.#helpful.filter((event) => kept(event.at));
    const expired = this.#items.length - items.length + (this.#helpful.length - helpful.length);
    if (expired > 0) this.#restore(items, helpful);
    return expired;
  }

  /** Live entries: what a compacted file holds, one line each. */
  #live(): number {
    return this.#items.length + this.#helpful.length + (this.#lastDigest === undefined ? 0 : 1);
  }

  #oversized(): boolean {
    return this.#lines > 2 * this.#live() + COMPACT_SLACK;
  }

  async #load(): Promise<void> {
    let text: string;
    try {
      text = await readFile(this.#file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw e;
    }
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      this.#lines++;
      const event = parseEvent(line);
      if (event === undefined || !this.#apply(event)) this.#skipped++;
    }
  }

  /** Applies one event read from the file; false when it cannot apply (a second add of an id). */
  #apply(event: StoredEvent): boolean {
    switch (event.type) {
      case 'add':
        if (this.#byId.has(event.item.id)) return false;
        this.#items.push(event.item);
        this.#byId.set(event.item.id, event.item);
        return true;
      case 'resolve': {
        // A resolve of an item no longer here (deleted meanwhile) is harmless: compaction drops it.
        const current = this.#byId.get(event.id);
        if (current !== undefined) this.#replace(applyResolve(current, event.status, event.note, event.at));
        return true;
      }
      case 'helpful':
        this.#helpful.push(Object.freeze({ at: event.at, sources: event.sources }));
        return true;
      case 'digest':
        this.#lastDigest = event.at;
        return true;
    }
  }

  /** Appends one event as one line (O_APPEND, one write, fsync). */
  async #append(event: StoredEvent): Promise<void> {
    await appendLine(this.#file, serialise(event));
    this.#lines++;
  }

  /** Rewrites the file as the current state, atomically. */
  async #compact(): Promise<void> {
    const events: StoredEvent[] = [
      ...this.#items.map((item): StoredEvent => ({ v: 1, type: 'add', item })),
      ...this.#helpful.map((event): StoredEvent => ({ v: 1, type: 'helpful', at: event.at, sources: event.sources })),
      ...(this.#lastDigest === undefined ? [] : [{ v: 1, type: 'digest', at: this.#lastDigest } satisfies StoredEvent]),
    ];
    await replaceFileAtomically(this.#file, events.map((event) => `${serialise(event)}\n`).join(''));
    this.#lines = events.length;
  }
}

// ---------------------------------------------------------------------------------------------
// Records: built from an allow-list, checked the same way when read
// ---------------------------------------------------------------------------------------------

function applyResolve(item: ReviewItem, status: 'dismissed' | 'noted', note: string | undefined, at: string): ReviewItem {
  const { note: oldNote, ...rest } = item;
  const kept = note ?? oldNote;
  return freezeItem({ ...rest, status, ...(kept !== undefined && { note: kept }), resolvedAt: at });
}

/** The item with exactly the allowed fields, in a fixed order, frozen. */
function freezeItem(item: ReviewItem): ReviewItem {
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
function cleanSources(sources: unknown): readonly ReviewSource[] {
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
function serialise(event: StoredEvent): string {
  switch (event.type) {
    case 'add':
      return JSON.stringify({ v: FORMAT_VERSION, type: 'add', item: freezeItem(event.item) });
    case 'resolve':
      return JSON.stringify({ v: FORMAT_VERSION, type: 'resolve', id: event.id, status: event.status, ...(event.note !== undefined && { note: event.note }), at: event.at });
    case 'helpful':
      return JSON.stringify({ v: FORMAT_VERSION, type: 'helpful', at: event.at, sources: event.sources.map((s) => ({ id: s.id, title: s.title })) });
    case 'digest':
      return JSON.stringify({ v: FORMAT_VERSION, type: 'digest', at: event.at });
  }
}

/** One line of the file as an event, or undefined when it is not exactly a valid one. */
function parseEvent(line: string): StoredEvent | undefined {
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
    case 'digest':
      if (!onlyKeys(value, STORED_KEYS.event.digest) || !isTime(value.at)) return undefined;
      return { v: 1, type: 'digest', at: value.at };
    default:
      return undefined;
  }
}

function parseItem(value: unknown): ReviewItem | undefined {
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

function parseSources(value: unknown): readonly ReviewSource[] | undefined {
  if (!Array.isArray(value) || value.length > MAX_SOURCES) return undefined;
  const sources: ReviewSource[] = [];
  for (const source of value) {
    if (!isRecord(source) || !onlyKeys(source, STORED_KEYS.source)) return undefined;
    if (!isText(source.id, SOURCE_ID_MAX_LENGTH) || !isText(source.title, SOURCE_TITLE_MAX_LENGTH)) return undefined;
    sources.push(Object.freeze({ id: source.id, title: source.title }));
  }
  return Object.freeze(sources);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function onlyKeys(value: Record<string, unknown>, allowed: readonly string[]): boolean {
  return Object.keys(value).every((key) => allowed.includes(key));
}

function isText(value: unknown, max: number): value is string {
  return typeof value === 'string' && value.length <= max;
}

/** A full ISO timestamp as `Date#toISOString` writes it. */
function isTime(value: unknown): value is string {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/.test(value) && !Number.isNaN(Date.parse(value));
}

/** At most `max` UTF-16 code units, never ending in half a surrogate pair. */
function cap(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const last = cut.charCodeAt(cut.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? cut.slice(0, -1) : cut;
}

// ---------------------------------------------------------------------------------------------
// Atomic replace
// ---------------------------------------------------------------------------------------------

/**
 * Replaces `file` with `content`: written to a hidden temporary file in the same folder (mode
 * 0600), flushed, renamed over the file (atomic on one file system), then the folder flushed (best
 * effort). On failure the temporary file is removed and the old file is untouched.
 *
 * (src/knowledge/store.ts has the same steps in `replaceFileAtomically`, but it is not exported and
 * its errors speak of the knowledge folder; see the report to the lead.)
 */
async function replaceFileAtomically(file: string, content: string): Promise<void> {
  const dir = dirname(file);
  const tmp = join(dir, `.${basename(file)}.${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await openFile(tmp, 'wx', 0o600);
    try {
      await handle.writeFile(content, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, file);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
  try {
    const folder = await openFile(dir, 'r');
    try {
      await folder.sync();
    } finally {
      await folder.close();
    }
  } catch {
    // Some platforms cannot flush a folder; the data itself was flushed before the rename.
  }
}
