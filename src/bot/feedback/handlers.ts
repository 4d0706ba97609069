/** Clicks on Helpful and Not helpful, and the "Not helpful" form submitted. */
import { MessageFlags } from 'discord.js';
import type { ButtonInteraction, ModalSubmitInteraction } from 'discord.js';
import type { Engine } from '../../core/engine.ts';
import { findPersonalDetails, publicNames } from '../../core/privacy/index.ts';
import { ALREADY_RATED, RATING_EXPIRED, THANKS_HELPFUL, thanksNotHelpful } from '../../replies/feedback.ts';
import { UserError } from '../../replies/errors.ts';
import { NO_MENTIONS } from '../send.ts';
import type { CommandContext } from '../types.ts';
import { feedbackModal, parseFeedbackButtonId, parseFeedbackModalId, REASON_INPUT_ID, REASON_MAX_LENGTH } from './components.ts';

/** A member's reason with personal details replaced, one paragraph, at most {@link REASON_MAX_LENGTH}; empty when none. */
export function redactReason(reason: string, engine: Engine): string {
  const text = reason.replace(/\s+/g, ' ').trim().slice(0, REASON_MAX_LENGTH);
  if (text === '') return '';
  const details = findPersonalDetails(text, publicNames(engine));
  // Fails closed: a reason the rules could not fully check is not kept.
  return details.checked ? details.redacted : '';
}

/**
 * A click on Helpful or Not helpful. Helpful is counted for the answer's sources (privately thanked);
 * Not helpful opens the form. One rating per member per answer; an answer no longer remembered gets
 * a polite note. Refusals are {@link UserError}s, shown privately.
 */
export async function handleFeedbackButton(interaction: ButtonInteraction, ctx: CommandContext): Promise<void> {
  const parsed = parseFeedbackButtonId(interaction.customId);
  if (parsed === undefined) throw new UserError(RATING_EXPIRED);
  const { token, rating } = parsed;
  const memberId = interaction.user.id;
  if (rating === 'down') {
    if (ctx.feedback.get(token) === undefined) throw new UserError(RATING_EXPIRED);
    if (ctx.feedback.hasRated(token, memberId)) throw new UserError(ALREADY_RATED);
    await interaction.showModal(feedbackModal(token));
    return;
  }
  const taken = ctx.feedback.rate(token, memberId);
  if (!taken.ok) throw new UserError(taken.reason === 'already' ? ALREADY_RATED : RATING_EXPIRED);
  // Acknowledge at once: the count is written to disk.
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  try {
    await ctx.review.recordHelpful(taken.answer.sources);
  } catch (error) {
    ctx.feedback.unrate(token, memberId);
    throw error;
  }
  await interaction.editReply({ content: THANKS_HELPFUL, allowedMentions: NO_MENTIONS });
}

/**
 * The "Not helpful" form, submitted: the redacted question, the redacted reason (if any) and the
 * answer's sources go to the review queue; the member is thanked privately.
 */
export async function handleFeedbackModal(interaction: ModalSubmitInteraction, ctx: CommandContext): Promise<void> {
  const token = parseFeedbackModalId(interaction.customId);
  if (token === undefined) throw new UserError(RATING_EXPIRED);
  const memberId = interaction.user.id;
  const taken = ctx.feedback.rate(token, memberId);
  if (!taken.ok) throw new UserError(taken.reason === 'already' ? ALREADY_RATED : RATING_EXPIRED);
  let typed = '';
  try {
    typed = interaction.fields.getTextInputValue(REASON_INPUT_ID);
  } catch {
    // Left out of the submission: no reason given.
  }
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const reason = redactReason(typed, ctx.knowledge.engine);
  try {
    await ctx.review.add({
      kind: 'not-helpful',
      question: taken.answer.question,
      ...(reason !== '' && { reason }),
      sources: taken.answer.sources,
    });
  } catch (error) {
    ctx.feedback.unrate(token, memberId);
    throw error;
  }
  await interaction.editReply({ content: thanksNotHelpful(reason !== ''), allowedMentions: NO_MENTIONS });
}
