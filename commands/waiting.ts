import { ApplicationIntegrationType, InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { serviceChoices, waitingReply } from '../src/replies/waiting.ts';
import { respondChoices, sendReply } from '../src/bot/send.ts';
import type { Command } from '../src/bot/types.ts';

/** `/waiting [service]`: what the reports say about waiting times, for one service or in general. */
export default {
  data: new SlashCommandBuilder()
    .setContexts(InteractionContextType.Guild)
    .setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
    .setName('waiting')
    .setDescription('What the reports say about waiting times, for a service or in general')
    .addStringOption((o) =>
      o.setName('service').setDescription('A service, e.g. an autism assessment (start typing to see the choices)').setAutocomplete(true).setMaxLength(100)),

  async execute(interaction, ctx) {
    await interaction.deferReply();
    await sendReply(interaction, waitingReply(ctx.knowledge.engine, interaction.options.getString('service') ?? undefined));
  },

  async autocomplete(interaction, ctx) {
    await respondChoices(interaction, serviceChoices(ctx.knowledge.engine, interaction.options.getFocused()));
  },
} satisfies Command;
