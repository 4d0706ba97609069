import { SlashCommandBuilder } from 'discord.js';
import { helpReply } from '../src/bot/replies.ts';
import { sendReply } from '../src/bot/send.ts';
import type { Command } from '../src/bot/types.ts';

/** `/help`: what the bot does, in plain words, with example questions. */
export default {
  data: new SlashCommandBuilder().setName('help').setDescription('What I can do, with example questions'),

  async execute(interaction, ctx) {
    await sendReply(interaction, { ...helpReply(ctx.knowledge.engine), ephemeral: true });
  },
} satisfies Command;
