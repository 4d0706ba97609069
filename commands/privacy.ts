import { ApplicationIntegrationType, InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { privacyReply } from '../src/replies/privacy.ts';
import { sendReply } from '../src/bot/send.ts';
import type { Command } from '../src/bot/types.ts';

/** `/privacy`: what the bot keeps about questions and for how long, privately to whoever asks. */
export default {
  data: new SlashCommandBuilder()
    .setContexts(InteractionContextType.Guild)
    .setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
    .setName('privacy')
    .setDescription('What I keep about your questions, and for how long'),

  async execute(interaction, ctx) {
    await sendReply(interaction, { ...privacyReply(ctx.config.reviewRetentionDays, ctx.config.answerChannelIds !== undefined ? { answerChannelIds: ctx.config.answerChannelIds } : {}), ephemeral: true });
  },
} satisfies Command;
