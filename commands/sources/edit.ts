import { MessageFlags, type APIEmbed, type ChatInputCommandInteraction } from 'discord.js';
import { UserError } from '../../src/replies/errors.ts';
import { DISCORD_LIMITS, escapeText, truncate } from '../../src/replies/format.ts';
import type { ReloadResult } from '../../src/knowledge/live.ts';
import { confirmButtons } from '../../src/bot/moderation.ts';
import type { PendingChange } from '../../src/bot/confirmations.ts';
import { EXCERPT_COLOR } from '../../src/bot/messages.ts';
import { NO_MENTIONS } from '../../src/bot/send.ts';
import type { CommandContext } from '../../src/bot/types.ts';
import type { Curated } from '../../src/knowledge/curator.ts';
import type { SourceSummary } from '../../src/knowledge/folder.ts';
import type { SourceEdit } from '../../src/knowledge/store.ts';
import { asUserError } from './errors.ts';
import type { SourceEvent } from '../../src/core/types.ts';
import { eventDate } from '../../src/replies/events.ts';
import { auditNote, curatorFor, date, expiry, field, isHttp, NAME, notServing, RELOAD_FAILED, show, text, type AuditRecorded } from './shared.ts';

/**
 * `/sources edit id: [title] [publisher] [published] [url] [event] [remove-event]`: the change shown,
 * then saved on Confirm. `event:` adds an event for /progress (`DATE|LABEL[|due]`), `remove-event:`
 * removes one (its `DATE`, or `DATE|LABEL`).
 */
const EDIT_FIELDS = ['title', 'publisher', 'published', 'url'] as const;

export async function edit(interaction: ChatInputCommandInteraction, ctx: CommandContext): Promise<void> {
  const id = interaction.options.getString('id', true).trim();
  const wanted: SourceEdit = {};
  for (const key of EDIT_FIELDS) {
    const value = key === 'published' ? date(text(interaction, key)) : text(interaction, key);
    if (value !== undefined) wanted[key] = value;
  }
  const addEvent = text(interaction, 'event');
  const removeEvent = text(interaction, 'remove-event');
  if (addEvent !== undefined || removeEvent !== undefined) wanted.events = { add: addEvent === undefined ? [] : [addEvent], remove: removeEvent === undefined ? [] : [removeEvent] };
  if (Object.keys(wanted).length === 0) throw new UserError('Tell me what to change: `title:`, `publisher:`, `published:`, `url:`, `event:` or `remove-event:`.');
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const curator = curatorFor(interaction, ctx);
  const prepared = await curator.prepareEdit(id, wanted).catch((error: unknown) => {
    throw asUserError(error, 'edit', ctx);
  });
  const { before, after } = prepared;
  const changed: string[] = EDIT_FIELDS.filter((key) => before[key] !== after[key]);
  const events = eventLines(prepared.events);
  if (events.length > 0) changed.push('events');
  if (changed.length === 0) throw new UserError(`\`${escapeText(before.id)}\` says that already. Nothing was changed.`);
  const change: PendingChange = {
    label: `edit ${before.id}`,
    apply: async () => {
      let done: Curated<SourceSummary, AuditRecorded, ReloadResult | undefined>;
      try {
        done = await curator.edit(prepared, (saved) => `changed ${changed.join(', ')} in ${saved.file}`);
      } catch (error) {
        throw asUserError(error, 'edit', ctx);
      }
      const { result: saved, recorded, reloaded: reload } = done;
      const served = reload?.snapshot.sources.find((s) => s.meta.id === saved.id && s.meta.title === saved.title);
      return [
        `**Updated** \`${saved.id}\`: ${changed.map((key) => (key === 'events' ? 'its events changed' : `${key} is now ${escapeText(show(key, saved[key as (typeof EDIT_FIELDS)[number]]))}`)).join('; ')}.`,
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
    fields: [
      ...EDIT_FIELDS.filter((key) => changed.includes(key)).map((key) => ({ name: key, value: field(`${show(key, before[key])} → ${show(key, after[key])}`), inline: false })),
      ...(events.length > 0 ? [{ name: 'events', value: field(events.join('\n')), inline: false }] : []),
    ],
    footer: { text: truncate(`${before.id} · ${before.file} · ${before.passages} passages`, 300) },
  };
  await interaction.editReply({
    content: `**Change ${changed.length === 1 ? 'this detail' : 'these details'} of \`${escapeText(before.id)}\`?** The text stays as it is. ${expiry()}`,
    embeds: [embed],
    components: [confirmButtons(NAME, pendingId, 'Save changes')],
    allowedMentions: NO_MENTIONS,
  });
}

/** The edit's event changes in words: "removed: April 2024: …", "added: due January 2026: …". */
function eventLines(events: { before: readonly SourceEvent[]; after: readonly SourceEvent[] } | undefined): string[] {
  if (!events) return [];
  const key = (e: SourceEvent): string => `${e.date}|${e.end ?? ''}|${e.label}|${e.status}`;
  const inAfter = new Set(events.after.map(key));
  const inBefore = new Set(events.before.map(key));
  return [
    ...events.before.filter((e) => !inAfter.has(key(e))).map((e) => `removed: ${eventDate(e)}: ${e.label}`),
    ...events.after.filter((e) => !inBefore.has(key(e))).map((e) => `added: ${eventDate(e)}: ${e.label}`),
  ];
}
