/**
 * The answers that can still be rated (feedback on `/ask` answers): a "Helpful" and a "Not helpful" button under every answer, and the
 * anonymised review queue fed by them and by the questions the reports do not cover.
 *
 * What is kept, and where:
 * - In memory only, for 24 hours (and forgotten on restart): for each answer with buttons, a short
 *   random token, the question with personal details replaced ("[name]", "[email]", …) and the
 *   answer's sources. Never who asked.
 * - In memory only: for each rating, a salted hash of the member's id and the token (the salt is random
 *   and never leaves this process), so that one member rates one answer once. It cannot be turned back
 *   into the member's id, and it goes when the answer's token goes.
 * - In the review queue (REVIEW_FILE): "Helpful" adds to a count of the sources; "Not helpful" adds the
 *   redacted question, the member's optional reason (redacted too) and the sources; a question the
 *   reports do not cover is added as "abstained". Never who asked or who rated.
 */
import { createHash, randomBytes } from 'node:crypto';
import { Expiring } from '../../expiring.ts';
import type { ReviewItem } from '../../review/queue.ts';

/** How long an answer can be rated: a day covers a conversation, and nothing is kept much longer. */
export const FEEDBACK_TTL_MS = 24 * 60 * 60 * 1000;
/** Most answers remembered for rating at once; beyond it the oldest is forgotten first. */
export const FEEDBACK_MAX_ANSWERS = 5000;
/** A rated answer's sources, as the review queue keeps them. */
export type FeedbackSources = ReviewItem['sources'];

/** What an answer's buttons refer to. Never who asked. */
export interface RateableAnswer {
  /** The question with personal details replaced ("[name]", "[email]", …). */
  readonly question: string;
  /** The sources the answer cited (id and title), in the answer's order. */
  readonly sources: FeedbackSources;
  readonly answered: boolean;
}

export type RateResult =
  | { readonly ok: true; readonly answer: RateableAnswer }
  | { readonly ok: false; readonly reason: 'unknown' | 'already' };

export interface FeedbackStoreOptions {
  /** Default {@link FEEDBACK_TTL_MS}. */
  readonly ttlMs?: number;
  /** Default {@link FEEDBACK_MAX_ANSWERS}. */
  readonly maxAnswers?: number;
  /** Clock in milliseconds (tests pass their own). */
  readonly now?: () => number;
}

interface Entry {
  readonly answer: RateableAnswer;
  /** Salted hashes of member id and token: who rated, unrecoverably. */
  readonly raters: Set<string>;
}

/**
 * What the store keeps of a rating: SHA-256 of the process's random salt, the member id and the token.
 * Without the salt (which never leaves the process) it cannot be linked to the member.
 */
export function raterHash(salt: Uint8Array, memberId: string, token: string): string {
  return createHash('sha256').update(salt).update(`${memberId}\u0000${token}`).digest('base64url');
}

/**
 * The answers that can still be rated, by token, in memory only. Entries expire after the TTL and
 * the oldest is evicted when there are too many; both are forgotten with the process.
 */
export class FeedbackStore {
  readonly #entries: Expiring<Entry>;
  /** Random per process: the rater hashes mean nothing outside it, and nothing after a restart. */
  readonly #salt = randomBytes(32);

  constructor(options: FeedbackStoreOptions = {}) {
    this.#entries = new Expiring({
      ttlMs: options.ttlMs ?? FEEDBACK_TTL_MS,
      maxEntries: Math.max(1, options.maxAnswers ?? FEEDBACK_MAX_ANSWERS),
      ...(options.now !== undefined && { now: options.now }),
    });
  }

  /** Remembers an answer; returns its token (8 characters of [A-Za-z0-9_-]). */
  add(answer: RateableAnswer): string {
    const frozen: RateableAnswer = Object.freeze({ question: answer.question, sources: Object.freeze(answer.sources.map((s) => Object.freeze({ id: s.id, title: s.title }))), answered: answer.answered });
    return this.#entries.add({ answer: frozen, raters: new Set() }, 8);
  }

  /** The answer of a live token, or undefined when it is unknown, expired or evicted. */
  get(token: string): RateableAnswer | undefined {
    return this.#entries.get(token)?.answer;
  }

  /** Whether the member has rated this answer already. */
  hasRated(token: string, memberId: string): boolean {
    return this.#entries.get(token)?.raters.has(this.#rater(token, memberId)) === true;
  }

  /** Records the member's rating of the answer: `already` on a second rating, `unknown` when the token is not live. */
  rate(token: string, memberId: string): RateResult {
    const entry = this.#entries.get(token);
    if (entry === undefined) return { ok: false, reason: 'unknown' };
    const rater = this.#rater(token, memberId);
    if (entry.raters.has(rater)) return { ok: false, reason: 'already' };
    entry.raters.add(rater);
    return { ok: true, answer: entry.answer };
  }

  /** Takes a rating back (it could not be saved), so the member can try again. */
  unrate(token: string, memberId: string): void {
    this.#entries.get(token)?.raters.delete(this.#rater(token, memberId));
  }

  /** Answers that can be rated now. */
  get size(): number {
    return this.#entries.size;
  }

  #rater(token: string, memberId: string): string {
    return raterHash(this.#salt, memberId, token);
  }
}
