import { relative } from 'node:path';
import { ApplicationIntegrationType, InteractionContextType, MessageFlags, SlashCommandBuilder } from 'discord.js';
import type { APIEmbed, ChatInputCommandInteraction } from 'discord.js';
import { formatDate } from '../src/core/dates.ts';
import { UserError } from '../src/replies/errors.ts';
import { DISCORD_LIMITS, ELLIPSIS, escapeText, escapeUserText, truncate } from '../src/bot/format.ts';
import type { ReloadResult } from '../src/knowledge/live.ts';
import { actorOf, confirmButtons, CONFIRM_TTL_MS, handleConfirmButton, isModerator, memberFacts, requireModerator, type PendingChange } from '../src/bot/moderation.ts';
import { sourcesReply } from '../src/replies/sources.ts';
import { EXCERPT_COLOR } from '../src/bot/messages.ts';
import { NO_MENTIONS, sendReply } from '../src/bot/send.ts';
import type { Command, CommandContext } from '../src/bot/types.ts';
import { DEFAULT_MAX_BYTES, fetchDocument, importFromUpload, importFromUrl, IngestError, type DraftSource } from '../src/knowledge/ingest/index.ts';
import { parseDate } from '../src/knowledge/ingest/text-rules.ts';
import { commitAdd, commitEdit, listSources, prepareAdd, prepareEdit, removeSource, StoreError, type SourceEdit, type SourceSummary } from '../src/knowledge/store.ts';

const NAME = 'sources';
/** Passages shown in an add preview. */
const PREVIEW_PASSAGES = 3;
/** Longest passage shown in a preview. */
const PREVIEW_PASSAGE_CHARS = 350;
const DATE_HELP = 'YYYY-MM-DD, or YYYY-MM when only the month is known';

/**
 * `/sources list`: every source with its title, publisher, date, link and passage count (for everyone).
 * Moderators: `/sources add url:|file: [title] [published] [publisher]` (with `file:`, `url:` is the
 * link to cite for it, not fetched), `/sources edit id: [title] [publisher] [published] [url]` and
 * `/sources remove id:`, each shown first and done on Confirm. Dates may be typed as people write
 * them ("7 January 2022", "July 2024") and are stored as YYYY-MM-DD or YYYY-MM.
 *
 * Discord cannot restrict single subcommands, so `/sources` stays visible to everyone (parents need
 * `list`); add, edit and remove check the member is a moderator on every use and on every click.
 */
export default {
  data: new SlashCommandBuilder()
    .setContexts(InteractionContextType.Guild)
    .setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
    .setName(NAME)
    .setDescription('The reports and articles I answer from, with links')
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
        .addStringOption((o) => o.setName('url').setDescription('New link').setMaxLength(2000)))
    .addSubcommand((s) =>
      s.setName('remove').setDescription('Moderators: stop answering from a source (its file is kept aside)')
        .addStringOption((o) => o.setName('id').setDescription('The source (start typing its id or title)').setRequired(true).setAutocomplete(true).setMaxLength(100))),

  async execute(interaction, ctx) {
    const sub = interaction.options.getSubcommand();
    if (sub === 'list') return sendReply(interaction, sourcesReply(ctx.knowledge.engine));
    // Checked before anything else, and again on Confirm.
    requireModerator(interaction, ctx);
    if (sub === 'add') return add(interaction, ctx);
    if (sub === 'edit') return edit(interaction, ctx);
    if (sub === 'remove') return remove(interaction, ctx);
    throw new UserError(`There is no \`/sources ${escapeUserText(sub, 32)}\`. Try \`/sources list\`.`);
  },

  async autocomplete(interaction, ctx) {
    // Only moderators use edit and remove; nobody else needs the ids.
    if (!isModerator(memberFacts(interaction), ctx.config.moderatorRoleId)) return interaction.respond([]);
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

// ---------------------------------------------------------------------------------------------
// add
// ---------------------------------------------------------------------------------------------

async function add(interaction: ChatInputCommandInteraction, ctx: CommandContext): Promise<void> {
  const url = text(interaction, 'url');
  const file = interaction.options.getAttachment('file');
  if (url === undefined && file === null) {
    throw new UserError('Give me a link with `url:`, or upload the article or report with `file:` (HTML, Markdown, plain text or PDF).');
  }
  if (file !== null && file.size > DEFAULT_MAX_BYTES) {
    throw new UserError(`That file is ${Math.ceil(file.size / 1024 / 1024)} MB; I can import files up to ${DEFAULT_MAX_BYTES / 1024 / 1024} MB.`);
  }
  const overrides = {
    ...optional('title', text(interaction, 'title')),
    ...optional('published', date(text(interaction, 'published'))),
    ...optional('publisher', text(interaction, 'publisher')),
    // With a file, `url:` is where it is published: the link cited for it.
    ...optional('url', file !== null ? url : undefined),
  };
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });

  const allowPrivate = ctx.config.allowPrivateUrls;
  let draft: DraftSource;
  try {
    if (file === null) draft = await importFromUrl(url ?? '', { allowPrivate });
    else {
      // The attachment lives on Discord's CDN: fetched with the same safe fetch as any link.
      const fetched = await fetchDocument(file.url, { allowPrivate });
      draft = await importFromUpload({ body: fetched.body, filename: file.name, contentType: file.contentType ?? fetched.contentType });
    }
  } catch (error) {
    throw asUserError(error, 'add', ctx, { upload: file !== null });
  }

  const prepared = await prepareAdd(ctx.knowledge.dir, draft, overrides).catch((error: unknown) => {
    throw asUserError(error, 'add', ctx, { upload: file !== null, title: draft.title });
  });
  const actor = actorOf(interaction);
  const change: PendingChange = {
    label: `add ${prepared.id}`,
    apply: async () => {
      let summary: SourceSummary;
      try {
        summary = await commitAdd(ctx.knowledge.dir, prepared);
      } catch (error) {
        throw asUserError(error, 'add', ctx);
      }
      const recorded = await ctx.audit.record({ actor, actorId: interaction.user.id, action: 'add', sourceId: summary.id, after: summary, detail: `added ${summary.file}` });
      const reload = await reloadAfter(ctx);
      const served = reload?.snapshot.sources.find((s) => s.meta.id === summary.id);
      return [
        `**Added** ${escapeText(summary.title)} (\`${summary.id}\`, ${summary.passages} passages) as \`${escapeText(summary.file)}\`.`,
        served ? 'I am answering from it now.' : reload ? notServing(reload, summary.file) : RELOAD_FAILED,
        ...auditNote(recorded),
      ].join('\n');
    },
  };
  const pendingId = ctx.confirmations.add(interaction.user.id, change);
  const meta = prepared.meta;
  const preview = prepared.passages.slice(0, PREVIEW_PASSAGES).map((p) => escapeText(truncate(p, PREVIEW_PASSAGE_CHARS)));
  const more = prepared.passages.length - preview.length;
  const embed: APIEmbed = {
    title: truncate(meta.title, DISCORD_LIMITS.embedTitle),
    ...(isHttp(meta.url) && { url: meta.url }),
    color: EXCERPT_COLOR,
    description: truncate([...preview, ...(more > 0 ? [`${ELLIPSIS}and ${more} more passage${more === 1 ? '' : 's'}.`] : [])].join('\n\n'), 3000),
    fields: [
      { name: 'Publisher', value: field(meta.publisher), inline: true },
      { name: 'Published', value: field(meta.published ? `${formatDate(meta.published)} (${meta.published})` : ''), inline: true },
      { name: 'Passages', value: String(prepared.passages.length), inline: true },
      { name: 'Kind', value: field(meta.kind), inline: true },
      { name: 'Id', value: field(meta.id), inline: true },
      { name: 'File', value: field(prepared.file), inline: true },
    ],
    footer: { text: 'Preview: nothing is saved until you press Add it.' },
  };
  await interaction.editReply({
    content: `**Check this before I add it.** Are the title, publisher and date right, and is the text the article's own? ${expiry()}`,
    embeds: [embed],
    components: [confirmButtons(NAME, pendingId, 'Add it')],
    allowedMentions: NO_MENTIONS,
  });
}

// ---------------------------------------------------------------------------------------------
// edit
// ---------------------------------------------------------------------------------------------

const EDIT_FIELDS = ['title', 'publisher', 'published', 'url'] as const;

async function edit(interaction: ChatInputCommandInteraction, ctx: CommandContext): Promise<void> {
  const id = interaction.options.getString('id', true).trim();
  const wanted: SourceEdit = {};
  for (const key of EDIT_FIELDS) {
    const value = key === 'published' ? date(text(interaction, key)) : text(interaction, key);
    if (value !== undefined) wanted[key] = value;
  }
  if (Object.keys(wanted).length === 0) throw new UserError('Tell me what to change: `title:`, `publisher:`, `published:` or `url:`.');
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const prepared = await prepareEdit(ctx.knowledge.dir, id, wanted).catch((error: unknown) => {
    throw asUserError(error, 'edit', ctx);
  });
  const { before, after } = prepared;
  const changed = EDIT_FIELDS.filter((key) => before[key] !== after[key]);
  if (changed.length === 0) throw new UserError(`\`${escapeText(before.id)}\` says that already. Nothing was changed.`);
  const actor = actorOf(interaction);
  const change: PendingChange = {
    label: `edit ${before.id}`,
    apply: async () => {
      let saved: SourceSummary;
      try {
        saved = await commitEdit(ctx.knowledge.dir, prepared);
      } catch (error) {
        throw asUserError(error, 'edit', ctx);
      }
      const recorded = await ctx.audit.record({ actor, actorId: interaction.user.id, action: 'edit', sourceId: before.id, before, after: saved, detail: `changed ${changed.join(', ')} in ${saved.file}` });
      const reload = await reloadAfter(ctx);
      const served = reload?.snapshot.sources.find((s) => s.meta.id === saved.id && s.meta.title === saved.title);
      return [
        `**Updated** \`${saved.id}\`: ${changed.map((key) => `${key} is now ${escapeText(show(key, saved[key]))}`).join('; ')}.`,
        served ? 'I am answering with the new details now.' : reload ? notServing(reload, saved.file) : RELOAD_FAILED,
        ...auditNote(recorded),
      ].join('\n');
    },
  };
  const pendingId = ctx.confirmations.add(interaction.user.id, change);
  const embed: APIEmbed = {
    title: truncate(before.title, DISCORD_LIMITS.embedTitle),
    ...(isHttp(before.url) && { url: before.url }),
    color: EXCERPT_COLOR,
    fields: changed.map((key) => ({ name: key, value: field(`${show(key, before[key])} → ${show(key, after[key])}`), inline: false })),
    footer: { text: truncate(`${before.id} · ${before.file} · ${before.passages} passages`, 300) },
  };
  await interaction.editReply({
    content: `**Change ${changed.length === 1 ? 'this detail' : 'these details'} of \`${escapeText(before.id)}\`?** The text stays as it is. ${expiry()}`,
    embeds: [embed],
    components: [confirmButtons(NAME, pendingId, 'Save changes')],
    allowedMentions: NO_MENTIONS,
  });
}

// ---------------------------------------------------------------------------------------------
// remove
// ---------------------------------------------------------------------------------------------

async function remove(interaction: ChatInputCommandInteraction, ctx: CommandContext): Promise<void> {
  const id = interaction.options.getString('id', true).trim();
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const { sources } = await listSources(ctx.knowledge.dir);
  // A file that broke since it loaded is not listed, but its previous version is still serving: it can be removed too.
  const source = sources.find((s) => s.id === id) ?? servingSummary(ctx, id);
  if (source === undefined) throw new UserError(`There is no source \`${escapeUserText(id, 100)}\`. Pick one from the list that shows as you type.`);
  const actor = actorOf(interaction);
  const change: PendingChange = {
    label: `remove ${source.id}`,
    apply: async () => {
      let done: { removed: SourceSummary; keptAt: string };
      try {
        done = await removeSource(ctx.knowledge.dir, source.id);
      } catch (error) {
        throw asUserError(error, 'remove', ctx);
      }
      const keptAt = relative(ctx.knowledge.dir, done.keptAt) || done.keptAt;
      const recorded = await ctx.audit.record({ actor, actorId: interaction.user.id, action: 'remove', sourceId: source.id, before: done.removed, detail: `moved ${done.removed.file} to ${keptAt}` });
      const reload = await reloadAfter(ctx);
      const still = reload?.snapshot.sources.some((s) => s.meta.id === source.id);
      return [
        `**Removed** ${escapeText(done.removed.title)} (\`${done.removed.id}\`). Its file was moved to \`${escapeText(keptAt)}\` in the knowledge folder, so it can be put back.`,
        still ? 'But I am still answering from it: another file has the same id. Run `/refresh` to see the problems.' : reload ? 'I no longer answer from it.' : RELOAD_FAILED,
        ...auditNote(recorded),
      ].join('\n');
    },
  };
  const pendingId = ctx.confirmations.add(interaction.user.id, change);
  const embed: APIEmbed = {
    title: truncate(source.title, DISCORD_LIMITS.embedTitle),
    ...(isHttp(source.url) && { url: source.url }),
    color: EXCERPT_COLOR,
    fields: [
      { name: 'Publisher', value: field(source.publisher), inline: true },
      { name: 'Published', value: field(source.published ? formatDate(source.published) : ''), inline: true },
      { name: 'Passages', value: String(source.passages), inline: true },
      { name: 'File', value: field(source.file), inline: true },
    ],
    footer: { text: truncate(source.id, 200) },
  };
  await interaction.editReply({
    content: `**Stop answering from this source?** Its file is moved aside, not deleted. ${expiry()}`,
    embeds: [embed],
    components: [confirmButtons(NAME, pendingId, 'Remove it')],
    allowedMentions: NO_MENTIONS,
  });
}

// ---------------------------------------------------------------------------------------------
// helpers
// ---------------------------------------------------------------------------------------------

const RELOAD_FAILED = 'The change is saved, but reloading the knowledge base failed (see the bot\'s log); run `/refresh` to try again.';

/** A line for the moderator when the change could not be recorded (the reason is in the bot's log). */
function auditNote(recorded: { file: boolean; channel: boolean | undefined }): string[] {
  const missed = [!recorded.file ? 'the audit file' : '', recorded.channel === false ? 'the moderators\' log channel' : ''].filter((x) => x !== '');
  return missed.length > 0 ? [`Note: I could not record this change in ${missed.join(' or ')} (see the bot's log).`] : [];
}

function expiry(): string {
  return `Only you can confirm, within ${CONFIRM_TTL_MS / 60_000} minutes.`;
}

/** A string option, trimmed; undefined when absent or blank. */
function text(interaction: ChatInputCommandInteraction, name: string): string | undefined {
  const value = interaction.options.getString(name)?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };
}

function field(value: string): string {
  return truncate(escapeText(value), DISCORD_LIMITS.fieldValue) || '(none)';
}

function show(key: string, value: string): string {
  return key === 'published' && value !== '' ? `${formatDate(value)} (${value})` : value === '' ? '(none)' : value;
}

function isHttp(url: string): boolean {
  return /^https?:\/\//i.test(url);
}

/** Reloads after a change. Undefined when the reload failed (logged): the change itself is saved. */
async function reloadAfter(ctx: CommandContext): Promise<ReloadResult | undefined> {
  try {
    return await ctx.knowledge.reload();
  } catch (error) {
    ctx.logger.error('reload after a change failed', { error });
    return undefined;
  }
}

/** Why a saved file is not serving: its problems, from the reload. */
function notServing(reload: ReloadResult, file: string): string {
  const problems = reload.issues.filter((i) => i.file === file).map((i) => `${i.field}: ${i.message}`);
  return `But it did not load${problems.length > 0 ? `: ${escapeText(problems.join('; '))}` : ''}. Run \`/refresh\` for details.`;
}

/** A date as the moderator typed it ("7 January 2022", "July 2024") in the knowledge files' form; as typed when unreadable. */
function date(value: string | undefined): string | undefined {
  return value === undefined ? undefined : (parseDate(value, { whole: true }) ?? value);
}

/** The source with this id as it is serving now (its file may be broken since), as a summary. */
function servingSummary(ctx: CommandContext, id: string): SourceSummary | undefined {
  const source = ctx.knowledge.snapshot.sources.find((s) => s.meta.id === id);
  if (source === undefined) return undefined;
  const { title, publisher, published, url, kind } = source.meta;
  return { id, file: ctx.knowledge.snapshot.files.get(id) ?? `${id}.md`, title, publisher, published, url, kind, passages: source.passages.length };
}

/** What the moderator can type to fix each field. */
const HOW_TO_FIX: Readonly<Record<string, string>> = {
  title: '`title:`',
  publisher: '`publisher:` (who published it)',
  published: `\`published:\` (${DATE_HELP})`,
  url: '`url:` (the link to cite)',
};

/**
 * An expected failure as what the moderator sees (a {@link UserError}); anything else is returned as
 * it is, to be reported as a bug. Import and store messages are written for moderators.
 */
function asUserError(error: unknown, action: 'add' | 'edit' | 'remove', ctx: CommandContext, about: { upload?: boolean; title?: string } = {}): unknown {
  const nothing = action === 'add' ? 'Nothing was added.' : 'Nothing was changed.';
  if (error instanceof IngestError) return new UserError(`I could not import that: ${escapeText(error.message)} ${nothing}`);
  if (!(error instanceof StoreError)) return error;
  const message = escapeText(error.message);
  switch (error.code) {
    case 'duplicate-url':
    case 'duplicate-content':
    case 'duplicate-id':
      return new UserError(`That is already in the knowledge base. ${message} ${nothing}`);
    case 'not-found':
      return new UserError(`${message} Pick a source from the list that shows as you type. ${nothing}`);
    case 'invalid': {
      const issues = error.issues ?? [{ field: error.field ?? 'content', message: error.message }];
      const fixes = issues.map((i) => i.field).filter((f, i, all) => HOW_TO_FIX[f] !== undefined && all.indexOf(f) === i);
      const noDate = action === 'add' && issues.some((i) => i.field === 'published' && /^missing/.test(i.message));
      const what = about.title ? `“${escapeUserText(about.title, 120)}”` : 'this';
      const head = noDate ? `I could not find when ${what} was published.` : action === 'add' ? `I cannot add ${what} as it is:` : 'That change would break the file:';
      const lines = issues.map((i) => `• ${escapeText(`${i.field}: ${i.message}`)}`);
      const again = fixes.length > 0
        ? `Please run \`/sources ${action}\` again${about.upload === true && fixes.includes('url') ? ' with the same `file:`' : ''} and give ${fixes.map((f) => HOW_TO_FIX[f]).join(', ')}.`
        : '';
      return new UserError([head, ...lines, `${again} ${nothing}`.trim()].join('\n'));
    }
    case 'write-failed':
      ctx.logger.error('could not write to the knowledge folder', { action, error });
      return new UserError(`I could not save the change: ${message} ${nothing}`);
    default:
      return error;
  }
}
