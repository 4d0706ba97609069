import { ApplicationIntegrationType, InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { glossaryChoices, glossaryReply } from '../src/replies/glossary.ts';
import { respondChoices, sendReply } from '../src/bot/send.ts';
import type { Command } from '../src/bot/types.ts';

/** `/glossary [term]`: what a word from the reports means, or the list of words the glossary explains. */
export default {
  data: new SlashCommandBuilder()
    .setContexts(InteractionContextType.Guild)
    .setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
    .setName('glossary')
    .setDescription('What a word from the reports means (EHC plan, SEND, local offer, ...)')
    .addStringOption((o) =>
      o.setName('term').setDescription('A word or abbreviation, e.g. EHCP (start typing to see the choices)').setAutocomplete(true).setMaxLength(100)),

  async execute(interaction, ctx) {
    // Built at once from memory, so no deferral: an unknown term can then be answered privately.
    await sendReply(interaction, glossaryReply(ctx.knowledge.engine, interaction.options.getString('term') ?? undefined));
  },

  async autocomplete(interaction, ctx) {
    await respondChoices(interaction, glossaryChoices(ctx.knowledge.engine, interaction.options.getFocused()));
  },
} satisfies Command;
