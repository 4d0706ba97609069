import { ApplicationIntegrationType, InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { UserError } from '../src/replies/errors.ts';
import { DISCORD_LIMITS, escapeUserText, truncate } from '../src/replies/format.ts';
import { handleConfirmButton } from '../src/bot/moderation.ts';
import type { Command } from '../src/bot/types.ts';
import { add } from './sources/add.ts';
import { edit } from './sources/edit.ts';
import { list } from './sources/list.ts';
import { remove } from './sources/remove.ts';
import { DATE_HELP, NAME } from './sources/shared.ts';

/**
 * `/sources list`: every source with its title, publisher, date, link and passage count (for everyone).
 * Moderators: `/sources add url:|file: [title] [published] [publisher]` (with `file:`, `url:` is the
 * link to cite for it, not fetched), `/sources edit id: [title] [publisher] [published] [url]` and
 * `/sources remove id:`, each shown first and done on Confirm. Dates may be typed as people write
 * them ("7 January 2022", "July 2024") and are stored as YYYY-MM-DD or YYYY-MM.
 *
 * Discord cannot restrict single subcommands, so `/sources` stays visible to everyone (parents need
 * `list`); add, edit and remove are declared moderators' subcommands, checked by the interaction
 * boundary on every use, every autocomplete and every click (src/bot/interactions.ts).
 */
export default {
  access: { moderatorSubcommands: ['add', 'edit', 'remove'] },
  data: new SlashCommandBuilder()
    .setName(NAME)
    .setDescription('The reports and articles I answer from, with links')
    .setContexts(InteractionContextType.Guild)
    .setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
    .addSubcommand((s) => s.setName('list').setDescription('The reports and articles I answer from, with links'))
    .addSubcommand((s) =>
      s.setName('add').setDescription('Moderators: add an article or report, from a link or a file')
        .addStringOption((o) => o.setName('url').setDescription('Link to the article or report; with file:, the link to cite for the file').setMaxLength(2000))
        .addAttachmentOption((o) => o.setName('file').setDescription('Or upload it: HTML, Markdown, plain text or PDF'))
        .addStringOption((o) => o.setName('title').setDescription('Use this title instead of the one found').setMaxLength(300))
        .addStringOption((o) => o.setName('published').setDescription(`Publication date (${DATE_HELP})`).setMaxLength(40))
        .addStringOption((o) => o.setName('publisher').setDescription('Use this publisher instead of the one found').setMaxLength(200)))
    .addSubcommand((s) =>
      s.setName('edit').setDescription('Moderators: correct the title, publisher, date or link of a source')
        .addStringOption((o) => o.setName('id').setDescription('The source (start typing its id or title)').setRequired(true).setAutocomplete(true).setMaxLength(100))
        .addStringOption((o) => o.setName('title').setDescription('New title').setMaxLength(300))
        .addStringOption((o) => o.setName('publisher').setDescription('New publisher').setMaxLength(200))
        .addStringOption((o) => o.setName('published').setDescription(`New publication date (${DATE_HELP})`).setMaxLength(40))
        .addStringOption((o) => o.setName('url').setDescription('New link').setMaxLength(2000))
        .addStringOption((o) => o.setName('event').setDescription('Add an event for /progress: DATE|LABEL[|due], e.g. 2026-01|Monitoring inspection|due').setMaxLength(300))
        .addStringOption((o) => o.setName('remove-event').setDescription('Remove an event: its DATE, or DATE|LABEL').setMaxLength(300)))
    .addSubcommand((s) =>
      s.setName('remove').setDescription('Moderators: stop answering from a source (its file is kept aside)')
        .addStringOption((o) => o.setName('id').setDescription('The source (start typing its id or title)').setRequired(true).setAutocomplete(true).setMaxLength(100))),

  async execute(interaction, ctx) {
    const sub = interaction.options.getSubcommand();
    if (sub === 'list') return list(interaction, ctx);
    if (sub === 'add') return add(interaction, ctx);
    if (sub === 'edit') return edit(interaction, ctx);
    if (sub === 'remove') return remove(interaction, ctx);
    throw new UserError(`There is no \`/sources ${escapeUserText(sub, 32)}\`. Try \`/sources list\`.`);
  },

  async autocomplete(interaction, ctx) {
    // Only moderators use edit and remove (the boundary answers anyone else with no choices).
    const typed = interaction.options.getFocused().trim().toLowerCase();
    const sources = [...ctx.knowledge.snapshot.sources].map((s) => s.meta).sort((a, b) => a.id.localeCompare(b.id));
    const matching = typed === '' ? sources : sources.filter((m) => m.id.includes(typed) || m.title.toLowerCase().includes(typed));
    const first = matching.filter((m) => m.id.startsWith(typed));
    const ordered = [...first, ...matching.filter((m) => !first.includes(m))].slice(0, DISCORD_LIMITS.choices);
    await interaction.respond(ordered.map((m) => ({ name: truncate(`${m.id} · ${m.title}`, DISCORD_LIMITS.choiceName), value: m.id })));
  },

  async button(interaction, ctx) {
    await handleConfirmButton(interaction, ctx);
  },
} satisfies Command;
