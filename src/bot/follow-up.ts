/**
 * Ask a follow-up: under an answer, a button opens a short form; the follow-up is answered in a
 * thread started from the answer (created by the bot, named after what the answer cites, never the
 * member's words), in the light of the question before it (core/context.ts). A follow-up with personal
 * details, or under a private answer, is answered privately instead.
 * What is kept: see follow-up-store.ts.
 */
import { DiscordAPIError, MessageFlags, RESTJSONErrorCodes, Routes, type APIChannel, type ButtonInteraction, type ModalSubmitInteraction } from 'discord.js';
import { answerFollowUp, screenQuestion, type AnsweredQuestion } from '../core/answer.ts';
import { moderatorHelpChannel } from '../config.ts';
import { answeredReply, ASK_RESULTS, cooldownMessage } from '../replies/ask.ts';
import { UserError } from '../replies/errors.ts';
import { stripDiscordSyntax } from '../replies/format.ts';
import { CANNOT_POST_THREAD, FOLLOW_UP_EXPIRED, followUpAnswered, followUpThreadName } from '../replies/next-steps.ts';
import { withFeedback } from './feedback/attach.ts';
import { followUpModal, FOLLOW_UP_INPUT_ID, nextStepsRows, parseFollowUpButtonId, parseFollowUpModalId } from './next-steps.ts';
import { NO_MENTIONS, postReply, sendReply, type ComponentRows } from './send.ts';
import type { CommandContext } from './types.ts';

/** Thread lifetime without messages before Discord hides it: a day. */
const AUTO_ARCHIVE_MINUTES = 1440;

/**
 * The next-steps rows under an answer: **Ask a follow-up** for an answer (its topic remembered: the
 * question's, or the conversation's after a follow-up) and **Ask a moderator** when a moderators'
 * channel is set. A question the privacy rules could not fully check gets no follow-up (nothing of it
 * is kept).
 */
export function nextSteps(answered: AnsweredQuestion, ctx: Pick<CommandContext, 'config' | 'followUps'>): ComponentRows {
  const first = answered.answer.results[0];
  const terms = first === undefined || !answered.details.checked ? [] : answered.topic;
  const followUpToken = first !== undefined && terms.length > 0 ? ctx.followUps.add({ topic: terms, title: first.source.title }) : undefined;
  return nextStepsRows({ followUpToken, moderators: moderatorHelpChannel(ctx.config) !== undefined });
}

/** A click on Ask a follow-up: the form, while the answer is remembered. */
export async function handleFollowUpButton(interaction: ButtonInteraction, ctx: CommandContext): Promise<void> {
  const token = parseFollowUpButtonId(interaction.customId);
  if (token === undefined || ctx.followUps.get(token) === undefined) throw new UserError(FOLLOW_UP_EXPIRED);
  await interaction.showModal(followUpModal(token));
}

/**
 * The follow-up form, submitted: the follow-up answered in the light of the answer's topic, through
 * the same privacy check and cooldown as `/ask`. In public, in a thread started from the answer (or
 * the thread the answer is in), with the follow-up echoed as the question; privately when it seems to
 * hold personal details or the answer was private.
 */
export async function handleFollowUpModal(interaction: ModalSubmitInteraction, ctx: CommandContext): Promise<void> {
  const token = parseFollowUpModalId(interaction.customId);
  const entry = token === undefined ? undefined : ctx.followUps.get(token);
  if (entry === undefined) throw new UserError(FOLLOW_UP_EXPIRED);
  const typed = interaction.fields.getTextInputValue(FOLLOW_UP_INPUT_ID);
  const wait = ctx.cooldown.take(interaction.user.id);
  if (wait > 0) throw new UserError(cooldownMessage(wait));
  const engine = ctx.knowledge.engine;
  const screened = screenQuestion(engine, stripDiscordSyntax(typed));
  if (!screened.details.checked) ctx.logger.warn('privacy rule failure: answering privately and keeping nothing', { rules: screened.details.ruleFailures });
  const message = interaction.message;
  const inPrivate = screened.sensitive || message === null || message.flags.has(MessageFlags.Ephemeral);
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const answered = answerFollowUp(engine, screened, entry.topic, { k: ASK_RESULTS });
  ctx.logger.debug('follow-up', { answered: answered.answer.answered, results: answered.answer.results.length, private: inPrivate });
  // The echo is the follow-up as typed, as /ask does; personal details are never echoed.
  const reply = answeredReply(screened.sensitive ? answered : { ...answered, question: typed }, { ephemeral: inPrivate });
  const { reply: final, components } = screened.details.checked ? await withFeedback(reply, answered.answer, screened.details.redacted, ctx) : { reply, components: [] };
  const rows = [...components, ...nextSteps(answered, ctx)];
  if (inPrivate || message === null) {
    await sendReply(interaction, final, { components: rows });
    return;
  }
  let threadId: string;
  try {
    threadId = await threadFor(interaction, message.id, entry.title);
    await postReply(interaction.client.rest, threadId, final, { components: rows });
  } catch (error) {
    if (error instanceof DiscordAPIError && typeof error.code === 'number' && CANNOT_POST_CODES.has(error.code)) throw new UserError(CANNOT_POST_THREAD);
    throw error;
  }
  await interaction.editReply({ content: followUpAnswered(threadId), allowedMentions: NO_MENTIONS });
}

/** Discord errors meaning the bot may not start a thread or post in it. */
const CANNOT_POST_CODES: ReadonlySet<number> = new Set([RESTJSONErrorCodes.MissingAccess, RESTJSONErrorCodes.MissingPermissions, RESTJSONErrorCodes.UnknownChannel, RESTJSONErrorCodes.UnknownMessage]);

/**
 * The thread to answer in: the one the answer is in, or one started from the answer (named after what
 * it cites), or the one already started from it (a thread started from a message has its id).
 */
async function threadFor(interaction: ModalSubmitInteraction, messageId: string, title: string): Promise<string> {
  const channelId = interaction.channelId;
  if (channelId === null) throw new UserError(CANNOT_POST_THREAD);
  if (interaction.channel?.isThread() === true) return channelId;
  try {
    const thread = (await interaction.client.rest.post(Routes.threads(channelId, messageId), { body: { name: followUpThreadName(title), auto_archive_duration: AUTO_ARCHIVE_MINUTES } })) as APIChannel;
    return thread.id;
  } catch (error) {
    if (error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.ThreadAlreadyCreatedForMessage) return messageId;
    throw error;
  }
}
