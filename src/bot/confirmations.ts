/**
 * Moderators' changes waiting for their Confirm click, in memory (never on disk) for up to 10 minutes,
 * under a short random id carried by the Confirm and Cancel buttons' custom ids.
 */
import { Expiring } from '../expiring.ts';

/** How long a change waits for its Confirm click. */
export const CONFIRM_TTL_MS = 10 * 60 * 1000;

/** A change waiting for Confirm. `apply` makes it and returns what to tell the moderator (Markdown). */
export interface PendingChange {
  /** Short description for logs: "add bbc-2024-x". */
  readonly label: string;
  apply(): Promise<string>;
}

export type Taken<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly reason: 'unknown' | 'wrong-user' };

/**
 * Changes waiting for their moderator's click, in memory. Ids are short and random; an entry is
 * forgotten when taken, cancelled or expired.
 */
export class PendingConfirmations<T> {
  readonly #entries: Expiring<{ userId: string; value: T }>;

  /**
   * @param ttlMs How long an entry waits. Default {@link CONFIRM_TTL_MS}.
   * @param now Clock in milliseconds (tests pass their own).
   */
  constructor(ttlMs = CONFIRM_TTL_MS, now: () => number = Date.now) {
    this.#entries = new Expiring({ ttlMs, now });
  }

  /** Keeps `value` for `userId`; returns its id (10 characters of [A-Za-z0-9_-]). */
  add(userId: string, value: T): string {
    return this.#entries.add({ userId, value }, 10);
  }

  /**
   * Takes the entry for good when `userId` is the member who asked. Someone else gets `wrong-user`
   * and the entry stays; an unknown, expired or already taken id gets `unknown`.
   */
  take(id: string, userId: string): Taken<T> {
    const entry = this.#entries.get(id);
    if (entry === undefined) return { ok: false, reason: 'unknown' };
    if (entry.userId !== userId) return { ok: false, reason: 'wrong-user' };
    this.#entries.delete(id);
    return { ok: true, value: entry.value };
  }

  /** Entries waiting now. */
  get size(): number {
    return this.#entries.size;
  }
}
