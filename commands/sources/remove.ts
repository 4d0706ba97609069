import { relative } from 'node:path';
import { MessageFlags, type APIEmbed, type ChatInputCommandInteraction } from 'discord.js';
import { formatDate } from '../../src/core/dates.ts';
import { UserError } from '../../src/replies/errors.ts';
import { DISCORD_LIMITS, escapeText, escapeUserText, truncate } from '../../src/replies/format.ts';
import type { ReloadResult } from '../../src/knowledge/live.ts';
import { confirmButtons } from '../../src/bot/moderation.ts';
import type { PendingChange } from '../../src/bot/confirmations.ts';
import { EXCERPT_COLOR } from '../../src/bot/messages.ts';
import { NO_MENTIONS } from '../../src/bot/send.ts';
import type { CommandContext } from '../../src/bot/types.ts';
import type { Curated } from '../../src/knowledge/curator.ts';
import { listSources, type SourceSummary } from '../../src/knowledge/folder.ts';
import { asUserError } from './errors.ts';
import { auditNote, curatorFor, expiry, field, isHttp, NAME, RELOAD_FAILED, type AuditRecorded } from './shared.ts';

/** `/sources remove id:`: the source shown, then its file moved to `.removed/` on Confirm. */
export async function remove(interaction: ChatInputCommandInteraction, ctx: CommandContext): Promise<void> {
  const id = interaction.options.getString('id', true).trim();
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const curator = curatorFor(interaction, ctx);
  const { sources } = await listSources(curator.dir);
  // A file that broke since it loaded is not listed, but its previous version is still serving: it can be removed too.
  const source = sources.find((s) => s.id === id) ?? servingSummary(ctx, id);
  if (source === undefined) throw new UserError(`There is no source \`${escapeUserText(id, 100)}\`. Pick one from the list that shows as you type.`);
  const change: PendingChange = {
    label: `remove ${source.id}`,
    apply: async () => {
      let curated: Curated<{ removed: SourceSummary; keptAt: string }, AuditRecorded, ReloadResult | undefined>;
      try {
        curated = await curator.remove(source.id, (removed, keptAt) => `moved ${removed.file} to ${shownKeptAt(ctx, keptAt)}`);
      } catch (error) {
        throw asUserError(error, 'remove', ctx);
      }
      const { result: done, recorded, reloaded: reload } = curated;
      const keptAt = shownKeptAt(ctx, done.keptAt);
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

/** Where a removed file was kept, relative to the knowledge folder. */
function shownKeptAt(ctx: CommandContext, keptAt: string): string {
  return relative(ctx.knowledge.dir, keptAt) || keptAt;
}

/** The source with this id as it is serving now (its file may be broken since), as a summary. */
function servingSummary(ctx: CommandContext, id: string): SourceSummary | undefined {
  const source = ctx.knowledge.snapshot.sources.find((s) => s.meta.id === id);
  if (source === undefined) return undefined;
  const { title, publisher, published, url, kind } = source.meta;
  return { id, file: ctx.knowledge.snapshot.files.get(id) ?? `${id}.md`, title, publisher, published, url, kind, passages: source.passages.length };
}
