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
 * JSON object per line (the format of the audit log, src/knowledge/audit.ts; records.ts reads and
 * writes the lines):
 *
 * ```text
 * {"v":1,"type":"add","item":{"id":"…","at":"…","kind":"abstained","question":"…","sources":[],"status":"open"}}
 * {"v":1,"type":"resolve","id":"…","status":"noted","note":"…","at":"…"}
 * {"v":1,"type":"repeat","id":"…","at":"…"}
 * {"v":1,"type":"helpful","at":"…","sources":[{"id":"…","title":"…"}]}
 * {"v":1,"type":"digest","at":"…"}
 * ```
 *
 * - The same question queued again while its item is open is not a new item: a `repeat` line says
 *   when, and the item shows how many times it was queued (`count`, `lastAt`). An item lives until
 *   its last repeat is past retention; repeats past retention are deleted like items.
 * - Each event is one line appended with one write to a file opened with O_APPEND, then flushed
 *   (fsync): a crash loses at most the line being written, and that torn line is skipped on open.
 * - Writes go through one promise chain, so concurrent adds, dismissals and notes never interleave
 *   or lose an event; reads (`list`, `get`, `digest`, `lastDigestAt`) are answered from memory.
 * - The file is compacted (the current state written as `add` lines holding each item's current
 *   status, the helpful events and the last digest marker) when retention deletes something, when
 *   a line was skipped, or when it has grown to more than about twice its live entries. Compaction
 *   replaces the file atomically (src/files.ts, mode 0600), so the file is always either the old
 *   state or the new one.
 * - The file is created with mode 0600 (owner only); its folder is created if missing.
 *
 * The queue assumes it is the only writer of its file (the bot process). Readers that only look,
 * such as tests, should open a copy.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { appendLine, writeFileAtomic } from '../files.ts';
import { applyResolve, cap, cleanSources, COMPACT_SLACK, DAY_MS, freezeItem, KINDS, parseEvent, serialise, type HelpfulEvent, type StoredEvent } from './records.ts';
import { DIGEST_EXAMPLES, NOTE_MAX_LENGTH, QUESTION_MAX_LENGTH, REASON_MAX_LENGTH, type NewReviewItem, type ReviewDigest, type ReviewItem, type ReviewQueueOptions, type ReviewStatus } from './types.ts';

export * from './types.ts';
export { STORED_KEYS } from './records.ts';

// ---------------------------------------------------------------------------------------------
// The queue
// ---------------------------------------------------------------------------------------------

/**
 * What makes two queued questions the same item: the kind and the question's words (lower case,
 * spaces collapsed, closing punctuation dropped); for a "not helpful", also the sources and the reason.
 */
function foldKey(item: Pick<ReviewItem, 'kind' | 'question' | 'reason' | 'sources'>): string {
  const words = (text: string): string => text.toLowerCase().replace(/\s+/g, ' ').trim().replace(/[\s?!.…]+$/u, '');
  const answer = item.kind === 'not-helpful' ? `${item.sources.map((s) => s.id).join('\u0001')}\u0000${words(item.reason ?? '')}` : '';
  return `${item.kind}\u0000${words(item.question)}\u0000${answer}`;
}

/** The durable, anonymised review queue. Open it with {@link ReviewQueue.open}. */
export class ReviewQueue {
  readonly #file: string;
  readonly #retentionMs: number;
  readonly #now: () => Date;
  /** Items in the order they were added (the file's order). */
  #items: ReviewItem[] = [];
  readonly #byId = new Map<string, ReviewItem>();
  /** When each item's question was queued again, by item id, oldest first (see `ReviewItem.count`). */
  readonly #repeats = new Map<string, string[]>();
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
      const key = foldKey(fields);
      const same = this.#items.find((i) => i.status === 'open' && foldKey(i) === key);
      if (same !== undefined) {
        const at = this.#stamp();
        await this.#append({ v: 1, type: 'repeat', id: same.id, at });
        this.#repeated(same.id, at);
        return this.#shown(same);
      }
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
    return { items: matching.slice(offset, offset + limit).map((item) => this.#shown(item)), total: matching.length };
  }

  /** The item with this id, or undefined (never added, or deleted by retention). */
  get(id: string): ReviewItem | undefined {
    const item = this.#byId.get(id);
    return item === undefined ? undefined : this.#shown(item);
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
      // Each time the question was queued counts, the repeats folded into the item too.
      const times = [item.at, ...(this.#repeats.get(item.id) ?? [])].filter(within).length;
      if (item.kind === 'abstained') abstained += times;
      else notHelpful += times;
    }
    const open = this.#newestFirst().filter((item) => item.status === 'open');
    return {
      since: since.toISOString(),
      until: until.toISOString(),
      abstained,
      notHelpful,
      helpful: this.#helpful.filter((event) => within(event.at)).length,
      open: open.length,
      examples: open.slice(0, DIGEST_EXAMPLES).map((item) => ({ question: item.question, count: this.#shown(item).count ?? 1 })),
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
    return this.#shown(updated);
  }

  /** The item as handed out: with how many times it was queued and when last, if more than once. */
  #shown(item: ReviewItem): ReviewItem {
    const repeats = this.#repeats.get(item.id);
    const last = repeats?.[repeats.length - 1];
    if (repeats === undefined || last === undefined) return item;
    return Object.freeze({ ...item, count: 1 + repeats.length, lastAt: last });
  }

  #repeated(id: string, at: string): void {
    const list = this.#repeats.get(id);
    if (list === undefined) this.#repeats.set(id, [at]);
    else list.push(at);
  }

  /** When the item's question was last queued. */
  #lastAt(item: ReviewItem): string {
    const repeats = this.#repeats.get(item.id);
    return repeats?.[repeats.length - 1] ?? item.at;
  }

  #replace(updated: ReviewItem): void {
    const index = this.#items.findIndex((item) => item.id === updated.id);
    if (index >= 0) this.#items[index] = updated;
    this.#byId.set(updated.id, updated);
  }

  #restore(items: ReviewItem[], helpful: HelpfulEvent[], repeats: ReadonlyMap<string, string[]> = this.#repeats): void {
    const kept = new Map(repeats);
    this.#items = items;
    this.#helpful = helpful;
    this.#byId.clear();
    this.#repeats.clear();
    for (const item of items) {
      this.#byId.set(item.id, item);
      const times = kept.get(item.id);
      if (times !== undefined && times.length > 0) this.#repeats.set(item.id, times);
    }
  }

  /** Newest first by when last queued (of two at the same time, the one added later first). */
  #newestFirst(): ReviewItem[] {
    return this.#items
      .map((item, order) => ({ item, order, time: Date.parse(this.#lastAt(item)) }))
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
    // An item lives while it was last queued within retention; older repeats go.
    const items = this.#items.filter((item) => kept(this.#lastAt(item)));
    const helpful = this.#helpful.filter((event) => kept(event.at));
    const repeats = new Map<string, string[]>();
    let droppedRepeats = 0;
    for (const [id, times] of this.#repeats) {
      const live = times.filter(kept);
      droppedRepeats += times.length - live.length;
      repeats.set(id, live);
    }
    const expired = this.#items.length - items.length + (this.#helpful.length - helpful.length) + droppedRepeats;
    if (expired > 0) this.#restore(items, helpful, repeats);
    return expired;
  }

  /** Live entries: what a compacted file holds, one line each. */
  #live(): number {
    let repeats = 0;
    for (const times of this.#repeats.values()) repeats += times.length;
    return this.#items.length + repeats + this.#helpful.length + (this.#lastDigest === undefined ? 0 : 1);
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
      case 'repeat':
        // Like a resolve: a repeat of an item no longer here is harmless, and compaction drops it.
        if (this.#byId.has(event.id)) this.#repeated(event.id, event.at);
        return true;
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
      ...this.#items.flatMap((item): StoredEvent[] => [
        { v: 1, type: 'add', item },
        ...(this.#repeats.get(item.id) ?? []).map((at): StoredEvent => ({ v: 1, type: 'repeat', id: item.id, at })),
      ]),
      ...this.#helpful.map((event): StoredEvent => ({ v: 1, type: 'helpful', at: event.at, sources: event.sources })),
      ...(this.#lastDigest === undefined ? [] : [{ v: 1, type: 'digest', at: this.#lastDigest } satisfies StoredEvent]),
    ];
    await writeFileAtomic(this.#file, events.map((event) => `${serialise(event)}\n`).join(''), { mode: 0o600 });
    this.#lines = events.length;
  }
}
