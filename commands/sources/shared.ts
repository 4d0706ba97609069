/** What the `/sources` subcommands share: the curator they change the knowledge base through, and how they word a reply. */
import type { ChatInputCommandInteraction } from 'discord.js';
import { formatDate } from '../../src/core/dates.ts';
import { DISCORD_LIMITS, escapeText, truncate } from '../../src/replies/format.ts';
import type { ReloadResult } from '../../src/knowledge/live.ts';
import { actorOf } from '../../src/bot/moderation.ts';
import { CONFIRM_TTL_MS } from '../../src/bot/confirmations.ts';
import type { CommandContext } from '../../src/bot/types.ts';
import { createCurator, type Curator } from '../../src/knowledge/curator.ts';
import { parseDate } from '../../src/knowledge/ingest/text-rules.ts';

export const NAME = 'sources';
export const DATE_HELP = 'YYYY-MM-DD, or YYYY-MM when only the month is known';

/** What recording a change gave: whether it reached the audit file and the moderators' log channel. */
export type AuditRecorded = { file: boolean; channel: boolean | undefined };

/**
 * The curator for this moderator's change: recorded in the audit file and the log channel under
 * their name, then the knowledge base reloaded (undefined when the reload failed: logged, the change
 * itself is saved).
 */
export function curatorFor(interaction: ChatInputCommandInteraction, ctx: CommandContext): Curator<AuditRecorded, ReloadResult | undefined> {
  const actor = actorOf(interaction);
  return createCurator({
    dir: ctx.knowledge.dir,
    record: (change) => ctx.audit.record({ actor, actorId: interaction.user.id, ...change }),
    reload: () => reloadAfter(ctx),
  });
}

export const RELOAD_FAILED = 'The change is saved, but reloading the knowledge base failed (see the bot\'s log); run `/refresh` to try again.';

/** A line for the moderator when the change could not be recorded (the reason is in the bot's log). */
export function auditNote(recorded: { file: boolean; channel: boolean | undefined }): string[] {
  const missed = [!recorded.file ? 'the audit file' : '', recorded.channel === false ? 'the moderators\' log channel' : ''].filter((x) => x !== '');
  return missed.length > 0 ? [`Note: I could not record this change in ${missed.join(' or ')} (see the bot's log).`] : [];
}

export function expiry(): string {
  return `Only you can confirm, within ${CONFIRM_TTL_MS / 60_000} minutes.`;
}

/** A string option, trimmed; undefined when absent or blank. */
export function text(interaction: ChatInputCommandInteraction, name: string): string | undefined {
  const value = interaction.options.getString(name)?.trim();
  return value === undefined || value === '' ? undefined : value;
}

export function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };
}

export function field(value: string): string {
  return truncate(escapeText(value), DISCORD_LIMITS.fieldValue) || '(none)';
}

export function show(key: string, value: string): string {
  return key === 'published' && value !== '' ? `${formatDate(value)} (${value})` : value === '' ? '(none)' : value;
}

export function isHttp(url: string): boolean {
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
export function notServing(reload: ReloadResult, file: string): string {
  const problems = reload.issues.filter((i) => i.file === file).map((i) => `${i.field}: ${i.message}`);
  return `But it did not load${problems.length > 0 ? `: ${escapeText(problems.join('; '))}` : ''}. Run \`/refresh\` for details.`;
}

/** A date as the moderator typed it ("7 January 2022", "July 2024") in the knowledge files' form; as typed when unreadable. */
export function date(value: string | undefined): string | undefined {
  return value === undefined ? undefined : (parseDate(value, { whole: true }) ?? value);
}
