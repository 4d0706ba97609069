/**
 * What the bot says when it answers a message rather than a slash command: the Apps → Ask the reports
 * command on any message, and help channels (ANSWER_CHANNEL_IDS).
 */
import type { AnsweredQuestion } from '../core/answer.ts';
import { answeredReply } from './ask.ts';
import type { Reply } from './reply.ts';

/** The message context-menu command's name, as members see it under Apps. */
export const ASK_THE_REPORTS = 'Ask the reports';
/** The button under the private answer that posts it for everyone. */
export const SHARE_LABEL = 'Share in channel';
/** Name of the thread a help-channel answer is posted in: the bot's words, never the member's. */
export const ANSWER_THREAD_NAME = 'What the reports say';

/** Under the private answer once it was posted. */
export const SHARED = 'Shared in the channel, as a reply to the message.';
/** A message with nothing to read as a question (only an image, a sticker or an embed). */
export const NO_TEXT = 'That message has no text I can read as a question. Try `/ask` with the question in your own words.';
/** A Share click after the answer was forgotten (a restart, or more than 15 minutes). */
export const SHARE_EXPIRED = 'This answer can no longer be shared. Use **Apps → Ask the reports** on the message again.';
/** The bot may not post where the message is. */
export const CANNOT_POST = "I can't post in this channel, so the answer stays private to you. A moderator can give me *Send Messages* and *Read Message History* here.";

/**
 * An answer everyone may see, posted under the member's own message (Share in channel, help
 * channels): without the "You asked" echo, since the message is right above it. Undefined when it
 * must not be public: the engine did not answer, or the text seems to hold a name, a school or
 * contact details, or could not be fully checked (privacy fails closed).
 */
export function publicAnswerReply(answered: AnsweredQuestion): Reply | undefined {
  if (!answered.answer.answered || answered.sensitive || !answered.details.checked) return undefined;
  const reply: { -readonly [K in keyof Reply]: Reply[K] } = { ...answeredReply(answered) };
  delete reply.echo;
  delete reply.ephemeral;
  return reply;
}
