/**
 * What the bot says about the two next steps under an answer: **Ask a follow-up** (answered in a
 * thread started from the answer) and **Ask a moderator** (the member's question posted, with their
 * consent, in the moderators' channel).
 */
import { escapeUserText, truncate } from './format.ts';

export const FOLLOW_UP_LABEL = 'Ask a follow-up';
export const MODERATOR_LABEL = 'Ask a moderator';

/** Title of the follow-up form (Discord allows 45 characters). */
export const FOLLOW_UP_TITLE = 'Ask a follow-up';
export const FOLLOW_UP_FIELD = 'Your follow-up question';
export const FOLLOW_UP_HINT = 'Read with your first question in mind. Please leave out names and contact details.';
/** A follow-up click after the answer was forgotten (a restart, or more than 24 hours). */
export const FOLLOW_UP_EXPIRED = 'I no longer remember what this answer was about (answers are forgotten after 24 hours, and when I restart). Please ask again with `/ask`.';
/** The private line once a follow-up is answered in the thread. */
export function followUpAnswered(threadId: string): string {
  return `I've answered your follow-up in the thread <#${threadId}>.`;
}
/** The bot may not start a thread or post in it. */
export const CANNOT_POST_THREAD = "I can't start a thread or post in it here, so I can't answer your follow-up in public. You can ask it with `/ask`. A moderator can give me *Create Public Threads* and *Send Messages in Threads*.";

/** The thread a follow-up is answered in: named after what the first answer cites, never the member's words. */
export function followUpThreadName(topic: string): string {
  return truncate(`Follow-up: ${topic.replace(/\s+/g, ' ').trim()}`, 100);
}

/** Title of the Ask a moderator form. */
export const MODERATOR_TITLE = 'Ask a moderator';
/** Said plainly at the top of the form, before anything is written. */
export const MODERATOR_NOTICE =
  'The moderators will see your Discord name and the question you write below, in their channel, so one of them can reply to you. ' +
  'I keep nothing of it. Please leave out anything you would not want them to read.';
export const MODERATOR_CONSENT_LABEL = 'May I show them your name and question?';
export const MODERATOR_CONSENT_YES = 'Yes, send my name and question to the moderators';
export const MODERATOR_CONSENT_NO = 'No, send nothing';
export const MODERATOR_QUESTION_LABEL = 'Your question for the moderators';
export const MODERATOR_QUESTION_PLACEHOLDER = 'What would you like to ask a person?';
/** Longest question for the moderators. */
export const MODERATOR_QUESTION_MAX = 1000;
/** Said privately once it is posted. */
export const SENT_TO_MODERATORS = 'Sent to the moderators. One of them will reply to you in the server. I have kept nothing of it.';
/** Said privately when the member did not agree. */
export const NOT_SENT = 'Nothing was sent, and I have kept nothing.';
/** The moderators' channel could not be posted in. */
export const CANNOT_REACH_MODERATORS = "I couldn't post in the moderators' channel, so your question was not sent. Please contact a moderator directly. (Moderators: check I may view and send messages in the channel set in `MODERATOR_HELP_CHANNEL_ID`.)";
/** Ask a moderator clicked where no moderators' channel is set any more. */
export const NO_MODERATOR_CHANNEL = 'There is no moderators\' channel set up for me, so I cannot pass on a question. Please contact a moderator directly.';

/**
 * The post in the moderators' channel: the member mentioned (so a moderator can reply), then their
 * question as they wrote it, with Markdown escaped and links not made into links or previews.
 */
export function moderatorPost(memberId: string, question: string): string {
  return `<@${memberId}> asks the moderators (they chose to send their name and this question):\n> ${escapeUserText(question, MODERATOR_QUESTION_MAX)}`;
}
