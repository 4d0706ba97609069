import { ApplicationCommandType, ApplicationIntegrationType, ContextMenuCommandBuilder, DiscordAPIError, InteractionContextType, MessageFlags, RESTJSONErrorCodes } from 'discord.js';
import { answerScreened, screenQuestion } from '../src/core/answer.ts';
import { withFeedback } from '../src/bot/feedback/attach.ts';
import { nextSteps } from '../src/bot/follow-up.ts';
import { NO_MENTIONS, postReply, sendReply } from '../src/bot/send.ts';
import { parseShareButtonId, shareButtonRow, ShareStore } from '../src/bot/share.ts';
import type { MessageCommand } from '../src/bot/types.ts';
import { ASK_THE_REPORTS, CANNOT_POST, NO_TEXT, publicAnswerReply, SHARE_EXPIRED, SHARED } from '../src/replies/ask-the-reports.ts';
import { answeredReply, ASK_RESULTS, cooldownMessage } from '../src/replies/ask.ts';
import { UserError } from '../src/replies/errors.ts';
import { stripDiscordSyntax } from '../src/replies/format.ts';

/** Discord errors meaning the bot may not post where the message is. */
const CANNOT_POST_CODES: ReadonlySet<number> = new Set([RESTJSONErrorCodes.MissingAccess, RESTJSONErrorCodes.MissingPermissions, RESTJSONErrorCodes.UnknownChannel]);

/**
 * Apps → Ask the reports, on any message: the message's text answered as a question, through the one
 * /ask pipeline (privacy check first), privately to whoever used it. Under an answer that the privacy
 * check found nothing in, **Share in channel** posts it for everyone as a reply to the message, with
 * no mentions. `shares` holds the answers that can still be shared (tests pass their own).
 */
export function createAskTheReports(shares: ShareStore = new ShareStore()): MessageCommand {
  return {
    data: new ContextMenuCommandBuilder()
      .setName(ASK_THE_REPORTS)
      .setType(ApplicationCommandType.Message)
      .setContexts(InteractionContextType.Guild)
      .setIntegrationTypes(ApplicationIntegrationType.GuildInstall),

    async execute(interaction, ctx) {
      const text = stripDiscordSyntax(interaction.targetMessage.content);
      if (text === '') throw new UserError(NO_TEXT);
      const wait = ctx.cooldown.take(interaction.user.id);
      if (wait > 0) throw new UserError(cooldownMessage(wait));
      const engine = ctx.knowledge.engine;
      const screened = screenQuestion(engine, text);
      if (!screened.details.checked) ctx.logger.warn('privacy rule failure: answering privately and keeping nothing', { rules: screened.details.ruleFailures });
      // Always private: the member chose to ask; sharing is a second, deliberate step.
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      const answered = answerScreened(engine, screened, { k: ASK_RESULTS });
      const reply = answeredReply(screened.sensitive ? answered : { ...answered, question: interaction.targetMessage.content }, { ephemeral: true });
      const feedback = screened.details.checked ? await withFeedback(reply, answered.answer, screened.details.redacted, ctx) : { reply, components: [] };
      const final = feedback.reply;
      const components = [...feedback.components, ...nextSteps(answered, ctx)];
      const shareable = publicAnswerReply(answered);
      const rows = shareable === undefined
        ? components
        : [...components, shareButtonRow(shares.add({ channelId: interaction.targetMessage.channelId, messageId: interaction.targetId, reply: shareable, components }))];
      ctx.logger.debug('ask the reports', { answered: answered.answer.answered, shareable: shareable !== undefined });
      await sendReply(interaction, final, { components: rows });
    },

    async button(interaction, ctx) {
      const token = parseShareButtonId(interaction.customId);
      const entry = token === undefined ? undefined : shares.take(token);
      if (token === undefined || entry === undefined) throw new UserError(SHARE_EXPIRED);
      await interaction.deferUpdate();
      try {
        await postReply(interaction.client.rest, entry.channelId, entry.reply, { replyTo: entry.messageId, components: entry.components });
      } catch (error) {
        if (error instanceof DiscordAPIError && typeof error.code === 'number' && CANNOT_POST_CODES.has(error.code)) {
          shares.putBack(token, entry);
          throw new UserError(CANNOT_POST);
        }
        throw error;
      }
      ctx.logger.info('ask the reports: shared in the channel');
      // The private answer keeps its feedback buttons and loses the Share button: it was shared.
      await interaction.editReply({ components: [...entry.components], allowedMentions: NO_MENTIONS });
      await interaction.followUp({ content: SHARED, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
    },
  };
}

export default createAskTheReports() satisfies MessageCommand;
