/**
 * The answers that can still be followed up (Ask a follow-up). In memory only, for 24 hours, and
 * forgotten on restart: for each answer with the button, a random token, the topic of its question
 * (index terms such as `~wait`: never the question's words, never who asked) and the title of the
 * source the answer cites first (the thread's name). Nothing is written anywhere.
 */
import type { Topic } from '../core/context.ts';
import { Expiring } from '../expiring.ts';

/** How long an answer can be followed up: a day covers a conversation, and nothing is kept much longer. */
export const FOLLOW_UP_TTL_MS = 24 * 60 * 60 * 1000;
/** Most answers remembered for follow-ups at once; beyond it the oldest is forgotten first. */
export const FOLLOW_UP_MAX_ANSWERS = 5000;

/** What an answer's Ask a follow-up button refers to. Never the question's words, never who asked. */
export interface FollowUpEntry {
  /** What the conversation is about (core/context.ts). */
  readonly topic: Topic;
  /** The title of the source the answer cites first: the thread is named after it. */
  readonly title: string;
}

/** The answers that can still be followed up, by token, in memory only. */
export class FollowUpStore {
  readonly #entries: Expiring<FollowUpEntry>;

  constructor(options: { readonly now?: () => number; readonly ttlMs?: number; readonly maxAnswers?: number } = {}) {
    this.#entries = new Expiring({
      ttlMs: options.ttlMs ?? FOLLOW_UP_TTL_MS,
      maxEntries: Math.max(1, options.maxAnswers ?? FOLLOW_UP_MAX_ANSWERS),
      ...(options.now !== undefined && { now: options.now }),
    });
  }

  /** Remembers an answer's topic; returns its token. */
  add(entry: FollowUpEntry): string {
    return this.#entries.add(Object.freeze({ topic: Object.freeze(entry.topic.map((t) => Object.freeze({ term: t.term, weight: t.weight }))), title: entry.title }), 12);
  }

  get(token: string): FollowUpEntry | undefined {
    return this.#entries.get(token);
  }

  /** Answers that can be followed up now. */
  get size(): number {
    return this.#entries.size;
  }
}
