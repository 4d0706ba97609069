import { ApplicationIntegrationType, InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { statementsReply, statementWhoChoices } from '../src/replies/statements.ts';
import { respondChoices, sendReply } from '../src/bot/send.ts';
import type { Command } from '../src/bot/types.ts';

/** `/statements [who]`: what each partner (or one partner or speaker) said, quoted. */
export default {
  data: new SlashCommandBuilder()
    .setContexts(InteractionContextType.Guild)
    .setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
    .setName('statements')
    .setDescription('What the council, the NHS, the partnership and the inspectors said')
    .addStringOption((o) =>
      o.setName('who').setDescription('A partner or a person (start typing to see the choices)').setAutocomplete(true).setMaxLength(100)),

  async execute(interaction, ctx) {
    // Throws a UserError (shown privately) when `who` matches nobody.
    const reply = statementsReply(ctx.knowledge.engine, interaction.options.getString('who') ?? undefined);
    await sendReply(interaction, reply);
  },

  async autocomplete(interaction, ctx) {
    await respondChoices(interaction, statementWhoChoices(ctx.knowledge.engine, interaction.options.getFocused()));
  },
} satisfies Command;
