/** What goes with an `/ask` reply: the feedback buttons for an answer, the review queue for a question the reports do not cover. */
import type { APIActionRowComponent, APIComponentInMessageActionRow } from 'discord.js';
import type { Answer } from '../../core/types.ts';
import { NOTED_FOR_MODERATORS } from '../../replies/feedback.ts';
import type { Reply } from '../../replies/reply.ts';
import type { CommandContext } from '../types.ts';
import { feedbackButtons } from './components.ts';
import type { FeedbackSources } from './store.ts';

/** The distinct sources an answer cites (id and title), in the answer's order. */
export function answerSources(answer: Answer): FeedbackSources {
  const seen = new Set<string>();
  const sources: { id: string; title: string }[] = [];
  for (const r of answer.results) {
    if (seen.has(r.source.id)) continue;
    seen.add(r.source.id);
    sources.push({ id: r.source.id, title: r.source.title });
  }
  return sources;
}

/** A reply with one more closing line. */
function withFootnote(reply: Reply, line: string): Reply {
  return { ...reply, footnote: reply.footnote !== undefined && reply.footnote !== '' ? `${reply.footnote}\n\n${line}` : line };
}

/**
 * What goes with an `/ask` reply: an answer gets the Helpful / Not helpful buttons (its token
 * remembered with the redacted question and its sources); a question the reports do not cover is
 * added to the review queue as "abstained" and the reply says so in one line. Empty, too long and
 * wordless questions get neither. `redactedQuestion` must already have personal details replaced.
 * A queue that cannot be written is logged (without the question) and the reply goes out without the line.
 */
export async function withFeedback(
  reply: Reply,
  answer: Answer,
  redactedQuestion: string,
  ctx: Pick<CommandContext, 'feedback' | 'review' | 'logger'>,
): Promise<{ reply: Reply; components: APIActionRowComponent<APIComponentInMessageActionRow>[] }> {
  if (answer.answered) {
    const token = ctx.feedback.add({ question: redactedQuestion, sources: answerSources(answer), answered: true });
    return { reply, components: [feedbackButtons(token)] };
  }
  if (answer.reason !== 'out-of-scope' || redactedQuestion.trim() === '') return { reply, components: [] };
  try {
    await ctx.review.add({ kind: 'abstained', question: redactedQuestion, sources: [] });
  } catch (error) {
    ctx.logger.warn('could not add an unanswered question to the review queue', { error });
    return { reply, components: [] };
  }
  return { reply: withFootnote(reply, NOTED_FOR_MODERATORS), components: [] };
}
