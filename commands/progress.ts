import { SlashCommandBuilder } from 'discord.js';
import { progressReply } from '../src/bot/replies.ts';
import { sendReply } from '../src/bot/send.ts';
import type { Command } from '../src/bot/types.ts';

/** `/progress`: the inspections over time, each step with a cited excerpt; what is due marked upcoming. */
export default {
  data: new SlashCommandBuilder().setName('progress').setDescription('The inspections over time, from the first inspection to what is coming next'),

  async execute(interaction, ctx) {
    // One retrieval per event: defer first, in case the knowledge base has grown large.
    await interaction.deferReply();
    await sendReply(interaction, progressReply(ctx.knowledge.engine));
  },
} satisfies Command;
