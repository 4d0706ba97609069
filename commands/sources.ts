import { SlashCommandBuilder } from 'discord.js';
import { sourcesReply } from '../src/bot/replies.ts';
import { sendReply } from '../src/bot/send.ts';
import type { Command } from '../src/bot/types.ts';

/** `/sources`: every source with its title, publisher, date, link and passage count. */
export default {
  data: new SlashCommandBuilder().setName('sources').setDescription('The reports and articles I answer from, with links'),

  async execute(interaction, ctx) {
    await sendReply(interaction, sourcesReply(ctx.knowledge.engine));
  },
} satisfies Command;
