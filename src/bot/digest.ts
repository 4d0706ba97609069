/**
 * The weekly digest of the review queue in the moderators' log channel (MODERATOR_LOG_CHANNEL_ID,
 * REVIEW_DIGEST=weekly): how many questions went unanswered, how many answers were marked not helpful
 * or helpful since the last digest, how many items wait for review, and the newest open questions
 * (already redacted, escaped here). It never names who asked: the queue does not know.
 *
 * When the last digest was posted is kept by the queue (on disk), so a restart neither posts twice
 * nor forgets a week. On the very first start nothing is posted: the time is only marked, so the
 * first digest covers a whole week of use. A post that fails is logged and tried again at the next
 * check; it never throws.
 */
import { Routes } from 'discord.js';
import type { REST } from 'discord.js';
import type { ReviewDigest, ReviewQueue } from '../review/queue.ts';
import { DISCORD_LIMITS, escapeUserText } from '../replies/format.ts';
import type { Logger } from '../logger.ts';
import { REVIEW_TIME_ZONE, writtenPeriod } from './review.ts';

/** How often the scheduler checks whether a digest is due. */
export const DIGEST_INTERVAL_MS = 60 * 60 * 1000;
/** Days between two digests. */
export const DIGEST_PERIOD_DAYS = 7;
const DAY_MS = 24 * 60 * 60 * 1000;
/** Longest example question shown (escaped afterwards). */
const EXAMPLE_CHARS = 250;

export interface DigestScheduler {
  /**
   * Stops the checks. A check already running finishes (posting nothing more): the promise resolves
   * once it has, so whoever removes the queue's folder or exits afterwards does not cut a write short.
   * Never rejects.
   */
  stop(): Promise<void>;
  /** Checks now (or waits for the check already running): true when a digest was posted. Never rejects. */
  runNow(): Promise<boolean>;
}

export interface DigestOptions {
  readonly queue: Pick<ReviewQueue, 'digest' | 'lastDigestAt' | 'markDigest'>;
  /** Posts to Discord: the client's REST (`client.rest`). */
  readonly rest: Pick<REST, 'post'>;
  /** The moderators' log channel. */
  readonly channelId: string;
  readonly logger: Logger;
  /** Clock, for tests. */
  readonly now?: () => Date;
  /** Between two checks. Default {@link DIGEST_INTERVAL_MS}. */
  readonly intervalMs?: number;
  /** Between two digests. Default {@link DIGEST_PERIOD_DAYS}. */
  readonly periodDays?: number;
}

/** The message body of a digest, as the REST API takes it: text only, mentioning nobody. */
export function digestMessage(digest: ReviewDigest, timeZone = REVIEW_TIME_ZONE): { content: string; allowed_mentions: { parse: [] } } {
  const counts = [
    count(digest.abstained, 'question', 'questions', 'not answered'),
    count(digest.notHelpful, 'answer', 'answers', 'marked not helpful'),
    `${digest.helpful} marked helpful`,
  ].join(', ');
  const head = `**Review queue, ${writtenPeriod(digest.since, digest.until, timeZone)}:** ${counts}; ${digest.open} waiting for review.`;
  const examples = digest.examples.map((q) => `• ${escapeUserText(q.question, EXAMPLE_CHARS)}${q.count > 1 ? ` (asked ${q.count} times)` : ''}`);
  const lines = [head];
  if (examples.length > 0) lines.push(digest.examples.length === 1 ? 'Newest open question:' : 'Newest open questions:', ...examples);
  if (digest.open > 0) lines.push('Moderators can go through them with `/review`.');
  let content = lines.join('\n');
  // Five examples of 250 characters fit, even escaped; this only guards the limit.
  while (content.length > DISCORD_LIMITS.content && lines.length > 1) {
    lines.splice(lines.length - 2, 1);
    content = lines.join('\n');
  }
  return { content: content.slice(0, DISCORD_LIMITS.content), allowed_mentions: { parse: [] } };
}

function count(n: number, one: string, many: string, what: string): string {
  return `${n} ${n === 1 ? one : many} ${what}`;
}

/**
 * Posts a weekly digest of the review queue to the moderators' log channel. Checks at once, then
 * every `intervalMs` (an unref'd timer: it never keeps the process alive) whether `periodDays` have
 * passed since `queue.lastDigestAt()`; on the first start (no digest recorded) it only marks the time.
 * Checks never overlap.
 */
export function startDigest(options: DigestOptions): DigestScheduler {
  const now = options.now ?? (() => new Date());
  const periodMs = (options.periodDays ?? DIGEST_PERIOD_DAYS) * DAY_MS;
  const { queue, logger } = options;
  let running: Promise<boolean> | undefined;
  let stopped = false;
  /** When this process last posted, in case recording it in the queue failed: never post twice. */
  let posted: Date | undefined;

  const check = async (): Promise<boolean> => {
    const at = now();
    const recorded = queue.lastDigestAt();
    const last = recorded === undefined ? posted : posted === undefined || recorded > posted ? recorded : posted;
    if (last === undefined) {
      await queue.markDigest(at);
      logger.info('review digest: first start, the first digest will cover the coming week');
      return false;
    }
    if (at.getTime() - last.getTime() < periodMs || stopped) return false;
    const body = digestMessage(queue.digest(last));
    try {
      await options.rest.post(Routes.channelMessages(options.channelId), { body });
    } catch (error) {
      logger.warn('could not post the review digest to the moderators\' log channel (MODERATOR_LOG_CHANNEL_ID): tried again at the next check', { error });
      return false;
    }
    posted = at;
    try {
      await queue.markDigest(at);
    } catch (error) {
      logger.error('the review digest was posted, but the time could not be recorded: after a restart it may be posted again', { error });
    }
    logger.info('review digest posted');
    return true;
  };

  const runNow = (): Promise<boolean> => {
    running ??= check()
      .catch((error: unknown) => {
        logger.error('review digest check failed', { error });
        return false;
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  };

  const timer = setInterval(() => void runNow(), options.intervalMs ?? DIGEST_INTERVAL_MS);
  timer.unref();
  void runNow();

  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
    runNow,
  };
}
