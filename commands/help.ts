import { ApplicationIntegrationType, InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { isModerator, memberFacts } from '../src/bot/moderation.ts';
import { moderatorHelpChannel } from '../src/config.ts';
import { helpReply } from '../src/replies/help.ts';
import { sendReply } from '../src/bot/send.ts';
import type { Command } from '../src/bot/types.ts';

/** `/help`: what the bot does, in plain words, with example questions (and, for moderators, their commands). */
export default {
  data: new SlashCommandBuilder()
    .setContexts(InteractionContextType.Guild)
    .setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
    .setName('help')
    .setDescription('What I can do, with example questions'),

  async execute(interaction, ctx) {
    const moderator = isModerator(memberFacts(interaction), ctx.config.moderatorRoleId);
    const moderators = moderatorHelpChannel(ctx.config) !== undefined;
    await sendReply(interaction, { ...helpReply(ctx.knowledge.engine, { moderator, moderators, ...(ctx.config.answerChannelIds !== undefined && { answerChannelIds: ctx.config.answerChannelIds }) }), ephemeral: true });
  },
} satisfies Command;
