import { ApplicationIntegrationType, InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { answerScreened, screenQuestion } from '../src/core/answer.ts';
import { UserError } from '../src/replies/errors.ts';
import { withFeedback } from '../src/bot/feedback/attach.ts';
import { handleFeedbackButton, handleFeedbackModal } from '../src/bot/feedback/handlers.ts';
import { stripDiscordSyntax } from '../src/replies/format.ts';
import { answeredReply, ASK_MAX_LENGTH, ASK_RESULTS, cooldownMessage } from '../src/replies/ask.ts';
import { replyWhenReady } from '../src/bot/send.ts';
import { handleModeratorButton, handleModeratorModal } from '../src/bot/ask-moderator.ts';
import { handleFollowUpButton, handleFollowUpModal, nextSteps } from '../src/bot/follow-up.ts';
import { MODERATOR_BUTTON_ID, MODERATOR_MODAL_ID, parseFollowUpButtonId, parseFollowUpModalId } from '../src/bot/next-steps.ts';
import type { Command } from '../src/bot/types.ts';

/**
 * `/ask question:<text> [private:<boolean>]`: up to three cited excerpts, or what the bot can answer
 * about. An answer carries Helpful / Not helpful buttons, then Ask a follow-up and Ask a moderator
 * (src/bot/follow-up.ts, src/bot/ask-moderator.ts); a question the reports do not cover goes to
 * the moderators' review queue, redacted. A question that seems to include a child's name, a school or
 * contact details is answered privately, and the engine is asked without them.
 */
export default {
  data: new SlashCommandBuilder()
    .setContexts(InteractionContextType.Guild)
    .setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
    .setName('ask')
    .setDescription('Ask about the SEND inspections in Worcestershire; I answer with quotes from the reports')
    .addStringOption((o) =>
      o.setName('question').setDescription('Your question, in your own words').setRequired(true).setMaxLength(ASK_MAX_LENGTH))
    .addBooleanOption((o) => o.setName('private').setDescription('Only you see the answer (default: everyone in the channel)')),

  async execute(interaction, ctx) {
    const question = interaction.options.getString('question') ?? '';
    const wait = ctx.cooldown.take(interaction.user.id);
    if (wait > 0) throw new UserError(cooldownMessage(wait));
    const engine = ctx.knowledge.engine;
    // Mentions are Discord syntax, not words of the question.
    const screened = screenQuestion(engine, stripDiscordSyntax(question));
    if (!screened.details.checked) ctx.logger.warn('privacy rule failure: answering privately and keeping nothing', { rules: screened.details.ruleFailures });
    const ephemeral = screened.sensitive || (interaction.options.getBoolean('private') ?? false);
    // Answered in the interaction's own response (one REST call) when ready in time; deferred only
    // when not, so a busy moment never makes the bot miss Discord's 3-second deadline.
    await replyWhenReady(interaction, async () => {
      const answered = answerScreened(engine, screened, { k: ASK_RESULTS });
      const { answer } = answered;
      ctx.logger.debug('ask', { answered: answer.answered, reason: answer.answered ? undefined : answer.reason, results: answer.results.length, perspectives: answer.perspectives, private: screened.sensitive ? 'personal details' : ephemeral });
      // The echo is the question as typed (mentions included), as before; personal details are never echoed.
      const reply = answeredReply(screened.sensitive ? answered : { ...answered, question }, { ephemeral });
      // Fails closed: a question the rules could not fully check gets no feedback buttons, so nothing of it is queued.
      const { reply: final, components } = screened.details.checked ? await withFeedback(reply, answer, screened.details.redacted, ctx) : { reply, components: [] };
      return { reply: final, components: [...components, ...nextSteps(answered, ctx)] };
    }, { ephemeral });
  },

  // Every answer's buttons (wherever it was posted) have ids starting with `ask:`.
  async button(interaction, ctx) {
    if (interaction.customId === MODERATOR_BUTTON_ID) return handleModeratorButton(interaction, ctx);
    if (parseFollowUpButtonId(interaction.customId) !== undefined) return handleFollowUpButton(interaction, ctx);
    return handleFeedbackButton(interaction, ctx);
  },
  async modal(interaction, ctx) {
    if (interaction.customId === MODERATOR_MODAL_ID) return handleModeratorModal(interaction, ctx);
    if (parseFollowUpModalId(interaction.customId) !== undefined) return handleFollowUpModal(interaction, ctx);
    return handleFeedbackModal(interaction, ctx);
  },
} satisfies Command;
