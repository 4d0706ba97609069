/**
 * The review queue's public types and limits: the shared contract between the queue, the bot's
 * /review command and the digest.
 */

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
  /**
   * How many times this question was queued while the item was open (absent: once). The same
   * question queued again (the same words, whatever the case, spacing or closing punctuation; of a
   * "not helpful", also the same sources and no new reason) is folded into its open item.
   */
  readonly count?: number;
  /** When it was last queued, if more than once. */
  readonly lastAt?: string;
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
  /** Up to {@link DIGEST_EXAMPLES} open redacted questions, newest first (by when last asked), with how many times each was queued. */
  readonly examples: readonly { readonly question: string; readonly count: number }[];
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

export type ReviewSource = ReviewItem['sources'][number];
export type ReviewStatus = ReviewItem['status'];

/** What a caller gives {@link ReviewQueue.add}. */
export interface NewReviewItem {
  kind: ReviewKind;
  question: string;
  reason?: string;
  sources: ReviewItem['sources'];
}
