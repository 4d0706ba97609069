/**
 * Ask a moderator: under every answer and every "I can't answer that" (when a moderators' channel is
 * set), a button opens a form that says plainly what the moderators will see (the member's Discord name
 * and the question they write) and asks for consent. With consent, the question is posted in the
 * moderators' channel with the member mentioned (and nobody else), so a moderator can reply.
 *
 * Nothing is kept: no store, no token, and neither the question nor who asked is logged.
 */
import { DiscordAPIError, MessageFlags, Routes, type ButtonInteraction, type ModalSubmitInteraction, type RESTPostAPIChannelMessageJSONBody } from 'discord.js';
import { moderatorHelpChannel } from '../config.ts';
import { UserError } from '../replies/errors.ts';
import { CANNOT_REACH_MODERATORS, moderatorPost, NO_MODERATOR_CHANNEL, NOT_SENT, SENT_TO_MODERATORS } from '../replies/next-steps.ts';
import { CONSENT_INPUT_ID, CONSENT_YES, moderatorModal, MODERATOR_QUESTION_INPUT_ID } from './next-steps.ts';
import { NO_MENTIONS } from './send.ts';
import type { CommandContext } from './types.ts';

/** A click on Ask a moderator: the consent form, when a moderators' channel is set. */
export async function handleModeratorButton(interaction: ButtonInteraction, ctx: CommandContext): Promise<void> {
  if (moderatorHelpChannel(ctx.config) === undefined) throw new UserError(NO_MODERATOR_CHANNEL);
  await interaction.showModal(moderatorModal());
}

/**
 * The Ask a moderator form, submitted. Without consent, nothing is posted. With it, the question is
 * posted in the moderators' channel mentioning only the member, Markdown escaped and links not
 * previewed; the member is told privately. A post that fails is logged without the question.
 */
export async function handleModeratorModal(interaction: ModalSubmitInteraction, ctx: CommandContext): Promise<void> {
  const channelId = moderatorHelpChannel(ctx.config);
  if (channelId === undefined) throw new UserError(NO_MODERATOR_CHANNEL);
  const consent = interaction.fields.getStringSelectValues(CONSENT_INPUT_ID);
  const question = interaction.fields.getTextInputValue(MODERATOR_QUESTION_INPUT_ID).trim();
  if (!consent.includes(CONSENT_YES) || question === '') {
    await interaction.reply({ content: NOT_SENT, allowedMentions: NO_MENTIONS, flags: MessageFlags.Ephemeral });
    return;
  }
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const memberId = interaction.user.id;
  const body: RESTPostAPIChannelMessageJSONBody = {
    content: moderatorPost(memberId, question),
    // Only the member who consented is mentioned: not the moderators' roles, not @everyone.
    allowed_mentions: { parse: [], users: [memberId] },
    flags: MessageFlags.SuppressEmbeds,
  };
  try {
    await interaction.client.rest.post(Routes.channelMessages(channelId), { body });
  } catch (error) {
    // Logged by its code only: the error holds the request, and so the question.
    const code = error instanceof DiscordAPIError ? error.code : error instanceof Error ? error.name : 'unknown';
    ctx.logger.warn('ask a moderator: could not post in the moderators\' channel (check the bot may view and send messages there)', { channel: channelId, code });
    throw new UserError(CANNOT_REACH_MODERATORS);
  }
  ctx.logger.info('ask a moderator: sent');
  await interaction.editReply({ content: SENT_TO_MODERATORS, allowedMentions: NO_MENTIONS });
}
