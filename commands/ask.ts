import { MessageFlags, SlashCommandBuilder } from 'discord.js';
import { UserError } from '../src/bot/errors.ts';
import { stripDiscordSyntax } from '../src/bot/format.ts';
import { ASK_MAX_LENGTH, ASK_RESULTS, askReply, cooldownMessage } from '../src/bot/replies.ts';
import { sendReply } from '../src/bot/send.ts';
import type { Command } from '../src/bot/types.ts';

/** `/ask question:<text> [private:<boolean>]`: up to three cited excerpts, or what the bot can answer about. */
export default {
  data: new SlashCommandBuilder()
    .setName('ask')
    .setDescription('Ask about the SEND inspections in Worcestershire; I answer with quotes from the reports')
    .addStringOption((o) =>
      o.setName('question').setDescription('Your question, in your own words').setRequired(true).setMaxLength(ASK_MAX_LENGTH))
    .addBooleanOption((o) => o.setName('private').setDescription('Only you see the answer (default: everyone in the channel)')),

  async execute(interaction, ctx) {
    const question = interaction.options.getString('question') ?? '';
    const ephemeral = interaction.options.getBoolean('private') ?? false;
    const wait = ctx.cooldown.take(interaction.user.id);
    if (wait > 0) throw new UserError(cooldownMessage(wait));
    // Acknowledge first: answering is quick on its own, but a large knowledge base or a busy moment
    // must never make the bot miss Discord's 3-second deadline.
    await interaction.deferReply(ephemeral ? { flags: MessageFlags.Ephemeral } : {});
    // Mentions are Discord syntax, not words of the question.
    const answer = ctx.knowledge.engine.ask(stripDiscordSyntax(question), { k: ASK_RESULTS });
    ctx.logger.debug('ask', { answered: answer.answered, reason: answer.reason, results: answer.results.length, perspectives: answer.perspectives });
    await sendReply(interaction, askReply(answer, question, { ephemeral }));
  },
} satisfies Command;
