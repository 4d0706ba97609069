import { ApplicationIntegrationType, InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { progressReply, todayUtc } from '../src/replies/progress.ts';
import { sendReply } from '../src/bot/send.ts';
import type { Command } from '../src/bot/types.ts';

/**
 * `/progress`: the inspections over time, each step with a cited excerpt, marked latest, superseded,
 * still to come, or due with no report yet of it happening (as of today, in UTC).
 */
export default {
  data: new SlashCommandBuilder()
    .setContexts(InteractionContextType.Guild)
    .setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
    .setName('progress')
    .setDescription('The inspections over time, from the first inspection to what is coming next'),

  async execute(interaction, ctx) {
    // One retrieval per event: defer first, in case the knowledge base has grown large.
    await interaction.deferReply();
    await sendReply(interaction, progressReply(ctx.knowledge.engine, todayUtc()));
  },
} satisfies Command;
