import { SlashCommandBuilder } from 'discord.js';
import type { Config } from '../src/config.ts';
import { DEFAULT_RETENTION_DAYS, privacyReply } from '../src/bot/privacy.ts';
import { sendReply } from '../src/bot/send.ts';
import type { Command } from '../src/bot/types.ts';

/** How long review entries are kept (REVIEW_RETENTION_DAYS), or the default if the setting is absent. */
function retentionDays(config: Config): number {
  return (config as Partial<Record<'reviewRetentionDays', number>>).reviewRetentionDays ?? DEFAULT_RETENTION_DAYS;
}

/** `/privacy`: what the bot keeps about questions and for how long, privately to whoever asks. */
export default {
  data: new SlashCommandBuilder().setName('privacy').setDescription('What I keep about your questions, and for how long'),

  async execute(interaction, ctx) {
    await sendReply(interaction, { ...privacyReply(retentionDays(ctx.config)), ephemeral: true });
  },
} satisfies Command;
