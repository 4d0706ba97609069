/**
 * The one expiring store: values kept in memory for a fixed time, then forgotten. The `/ask`
 * cooldown, the answers that can still be rated (bot/feedback), followed up (bot/follow-up-store) or
 * shared (bot/share), and the moderators' changes waiting for Confirm (bot/moderation) all use it.
 * Nothing is ever written anywhere; everything goes with the process.
 */
import { randomBytes } from 'node:crypto';

/** A key made by {@link Expiring.add}, as a regular-expression source (for custom ids that carry one). */
export const KEY_PATTERN = '[\\w-]{1,32}';

export interface ExpiringOptions {
  /** How long an entry lives, in milliseconds. */
  readonly ttlMs: number;
  /** Most entries kept at once; beyond it the oldest is forgotten first. Default: no limit. */
  readonly maxEntries?: number;
  /** Clock in milliseconds. Default: `Date.now` (tests pass their own). */
  readonly now?: () => number;
}

/**
 * Values by key, each forgotten `ttlMs` after it was set. Entries are kept in the order they were set
 * and all live equally long, so the expired ones are always at the front: sweeping stops at the first
 * live one.
 */
export class Expiring<V> {
  readonly #entries = new Map<string, { value: V; expires: number }>();
  readonly #ttlMs: number;
  readonly #max: number;
  readonly #now: () => number;

  constructor(options: ExpiringOptions) {
    this.#ttlMs = Math.max(0, options.ttlMs);
    this.#max = Math.max(1, options.maxEntries ?? Number.POSITIVE_INFINITY);
    this.#now = options.now ?? Date.now;
  }

  /** Keeps `value` under `key` for the TTL from now (replacing, and restarting, any live entry). */
  set(key: string, value: V): void {
    this.#sweep();
    this.#entries.delete(key);
    while (this.#entries.size >= this.#max) {
      const oldest = this.#entries.keys().next();
      if (oldest.done === true) break;
      this.#entries.delete(oldest.value);
    }
    this.#entries.set(key, { value, expires: this.#now() + this.#ttlMs });
  }

  /**
   * Keeps `value` under a new random key of `length` characters of [A-Za-z0-9_-], unused by any live
   * entry, and returns the key.
   */
  add(value: V, length: number): string {
    let key: string;
    do key = randomBytes(Math.ceil((length * 3) / 4)).toString('base64url').slice(0, length);
    while (this.get(key) !== undefined);
    this.set(key, value);
    return key;
  }

  /** The live value under `key`, or undefined (unknown, expired, evicted or deleted). */
  get(key: string): V | undefined {
    return this.#live(key)?.value;
  }

  /** Milliseconds until the entry under `key` expires; 0 when there is no live entry. */
  remainingMs(key: string): number {
    const entry = this.#live(key);
    return entry === undefined ? 0 : entry.expires - this.#now();
  }

  /** Forgets the entry under `key`; true when it was live. */
  delete(key: string): boolean {
    return this.#live(key) !== undefined && this.#entries.delete(key);
  }

  /** Live entries now. */
  get size(): number {
    this.#sweep();
    return this.#entries.size;
  }

  #live(key: string): { value: V; expires: number } | undefined {
    const entry = this.#entries.get(key);
    if (entry !== undefined && entry.expires <= this.#now()) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry;
  }

  #sweep(): void {
    const now = this.#now();
    for (const [key, entry] of this.#entries) {
      if (entry.expires > now) break;
      this.#entries.delete(key);
    }
  }
}

/**
 * A per-member cooldown, in memory only: member ids are never written anywhere and are forgotten
 * once their cooldown ends.
 */
export class Cooldown {
  readonly #until: Expiring<true>;
  readonly #enabled: boolean;

  /**
   * @param seconds Time between two uses by one member; 0 disables the cooldown.
   * @param now Clock in milliseconds (tests pass their own).
   */
  constructor(seconds: number, now: () => number = Date.now) {
    this.#enabled = seconds > 0;
    this.#until = new Expiring({ ttlMs: Math.max(0, seconds) * 1000, now });
  }

  /**
   * Starts the member's cooldown and returns 0 when they may go ahead; otherwise returns the whole
   * seconds left (at least 1) and changes nothing.
   */
  take(memberId: string): number {
    if (!this.#enabled) return 0;
    const left = this.#until.remainingMs(memberId);
    if (left > 0) return Math.max(1, Math.ceil(left / 1000));
    this.#until.set(memberId, true);
    return 0;
  }

  /** Members currently cooling down. */
  get size(): number {
    return this.#until.size;
  }
}
