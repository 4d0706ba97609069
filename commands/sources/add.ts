import { MessageFlags, type APIEmbed, type APIEmbedField, type ChatInputCommandInteraction } from 'discord.js';
import { formatDate } from '../../src/core/dates.ts';
import { UserError } from '../../src/replies/errors.ts';
import { DISCORD_LIMITS, ELLIPSIS, escapeText, truncate } from '../../src/replies/format.ts';
import type { ReloadResult } from '../../src/knowledge/live.ts';
import { confirmButtons } from '../../src/bot/moderation.ts';
import type { PendingChange } from '../../src/bot/confirmations.ts';
import { EXCERPT_COLOR } from '../../src/bot/messages.ts';
import { NO_MENTIONS } from '../../src/bot/send.ts';
import type { CommandContext } from '../../src/bot/types.ts';
import type { Curated } from '../../src/knowledge/curator.ts';
import type { SourceSummary } from '../../src/knowledge/folder.ts';
import { DEFAULT_MAX_BYTES, fetchDocument, importFromUpload, importFromUrl, type DraftSource } from '../../src/knowledge/ingest/index.ts';
import { asUserError } from './errors.ts';
import type { SourceEvent } from '../../src/core/types.ts';
import { keepEvents } from '../../src/knowledge/events.ts';
import { eventChoice } from './events-preview.ts';
import { previewNotes } from '../../src/knowledge/add-preview.ts';
import type { PreparedAdd } from '../../src/knowledge/store.ts';
import { auditNote, curatorFor, date, expiry, field, isHttp, NAME, notServing, optional, RELOAD_FAILED, text, type AuditRecorded } from './shared.ts';

/** Passages shown in an add preview. */
const PREVIEW_PASSAGES = 3;
/** Longest passage shown in a preview. */
const PREVIEW_PASSAGE_CHARS = 350;
/** Longest proposals or near-duplicates field: the whole embed stays within Discord's 6,000 characters. */
const NOTE_CHARS = 600;

/** `/sources add url:|file: [title] [published] [publisher]`: a preview, then the source is added on Confirm. */
export async function add(interaction: ChatInputCommandInteraction, ctx: CommandContext): Promise<void> {
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

  const curator = curatorFor(interaction, ctx);
  // The preview shows each proposal (a date found in the text, the site's name, the heading for a
  // generic title) as what will be saved: pressing Add it confirms them.
  const prepared = await curator.prepareAdd(draft, overrides, { acceptProposals: true }).catch((error: unknown) => {
    throw asUserError(error, 'add', ctx, { upload: file !== null, title: draft.title });
  });
  // The events found in the text are kept only by the button that says so (events-preview.ts).
  const events = eventChoice(prepared.proposedEvents ?? []);
  const change = (kept: readonly SourceEvent[]): PendingChange => ({
    label: `add ${prepared.id}`,
    apply: async () => {
      events.settle();
      let done: Curated<SourceSummary, AuditRecorded, ReloadResult | undefined>;
      try {
        done = await curator.add(keepEvents(prepared, kept), (added) => `added ${added.file}${kept.length > 0 ? ` with ${kept.length} event${kept.length === 1 ? '' : 's'}` : ''}`);
      } catch (error) {
        throw asUserError(error, 'add', ctx);
      }
      const { result: summary, recorded, reloaded: reload } = done;
      const served = reload?.snapshot.sources.find((s) => s.meta.id === summary.id);
      return [
        `**Added** ${escapeText(summary.title)} (\`${summary.id}\`, ${summary.passages} passages) as \`${escapeText(summary.file)}\`.`,
        served ? 'I am answering from it now.' : reload ? notServing(reload, summary.file) : RELOAD_FAILED,
        ...auditNote(recorded),
      ].join('\n');
    },
  });
  const pendingId = ctx.confirmations.add(interaction.user.id, change([]));
  const withEventsId = events.proposed.length > 0 ? ctx.confirmations.add(interaction.user.id, change(events.proposed)) : undefined;
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
      ...previewFields(prepared),
      ...events.fields(),
    ],
    footer: { text: 'Preview: nothing is saved until you press Add it.' },
  };
  await interaction.editReply({
    content: `**Check this before I add it.** Are the title, publisher and date right, and is the text the article's own?${prepared.proposals?.some((p) => p.used) ? ' Values marked *Will be saved* are only proposed: adding it saves them.' : ''} ${expiry()}`,
    embeds: [embed],
    components: [withEventsId === undefined ? confirmButtons(NAME, pendingId, 'Add it') : events.buttons(NAME, withEventsId, pendingId)],
    allowedMentions: NO_MENTIONS,
  });
}

/**
 * The preview's proposals (each marked as what will be saved) and the passages other sources
 * already have, as embed fields; none when there is nothing to say.
 */
export function previewFields(prepared: Pick<PreparedAdd, 'proposals' | 'overlaps'>): APIEmbedField[] {
  const notes = previewNotes(prepared);
  const fields: APIEmbedField[] = [];
  if (notes.proposals.length > 0) {
    const lines = notes.proposals.map((p) => `${escapeText(p.text)}.${p.used ? ' **Will be saved.**' : ''}`);
    fields.push({ name: 'Proposed: not in the page\'s metadata, so check them (give title:, published: or publisher: to change them)', value: truncate(lines.join('\n'), NOTE_CHARS), inline: false });
  }
  if (notes.overlaps.length > 0) {
    const lines = notes.overlaps.map((o) => `${escapeText(o.text)}, e.g. “${escapeText(truncate(o.example, 140))}”`);
    fields.push({ name: 'Already in the knowledge base (same or nearly the same words)', value: truncate(lines.join('\n'), NOTE_CHARS), inline: false });
  }
  return fields;
}
