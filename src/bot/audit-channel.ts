/**
 * The record of every change to the knowledge base: one line in the audit file (who, what, when,
 * before and after) and, when MODERATOR_LOG_CHANNEL_ID is set, a message in the moderators' log
 * channel. Only moderators' changes and reloads are recorded here: never a question, never who asked one.
 */
import { Routes } from 'discord.js';
import type { APIEmbed, REST } from 'discord.js';
import { formatDate } from '../core/dates.ts';
import { appendAudit, type AuditEntry } from '../knowledge/audit.ts';
import { DISCORD_LIMITS, escapeText, truncate } from '../replies/format.ts';
import type { Logger } from '../logger.ts';
import { NO_MENTIONS } from './send.ts';

/** An audit entry as a command gives it: the time is added here. */
export type AuditInput = Omit<AuditEntry, 'at'> & {
  /** Discord user id of the actor, to name them in the log channel. */
  readonly actorId?: string;
};

export interface AuditLog {
  /**
   * Writes the entry to the audit file and posts it to the log channel. Never throws: a failure is
   * logged, and the result says what could not be recorded.
   */
  record(entry: AuditInput): Promise<{ file: boolean; channel: boolean | undefined }>;
}

export interface AuditLogOptions {
  /** The audit file (JSON lines). */
  file: string;
  /** The moderators' log channel, if any. */
  channelId?: string;
  /** Posts to Discord: the client's REST (`client.rest`). Needed with `channelId`. */
  rest?: Pick<REST, 'post'>;
  logger: Logger;
  now?: () => Date;
}

export function createAuditLog(options: AuditLogOptions): AuditLog {
  const now = options.now ?? (() => new Date());
  return {
    async record(input) {
      const { actorId, ...rest } = input;
      const entry: AuditEntry = { at: now().toISOString(), ...rest };
      let file = true;
      try {
        await appendAudit(options.file, entry);
      } catch (error) {
        file = false;
        options.logger.error('could not write the audit file', { file: options.file, error });
      }
      let channel: boolean | undefined;
      if (options.channelId !== undefined && options.rest !== undefined) {
        try {
          await options.rest.post(Routes.channelMessages(options.channelId), { body: auditMessage(entry, actorId) });
          channel = true;
        } catch (error) {
          channel = false;
          options.logger.warn('could not post to the moderators\' log channel (MODERATOR_LOG_CHANNEL_ID): check the id and that the bot can send messages and embeds there', { error });
        }
      }
      return { file, channel };
    },
  };
}

const VERBS: Record<AuditEntry['action'], string> = {
  add: 'added a source',
  edit: 'edited a source',
  remove: 'removed a source',
  refresh: 'refreshed the knowledge base',
};

/** The log channel message of an entry: a line saying who did what, and an embed with before and after. */
export function auditMessage(entry: AuditEntry, actorId?: string): { content: string; embeds: APIEmbed[]; allowed_mentions: typeof NO_MENTIONS } {
  // A user mention shows the moderator's name; with no mentions allowed it pings nobody.
  const who = actorId !== undefined && /^\d{17,20}$/.test(actorId) ? `<@${actorId}>` : escapeText(entry.actor);
  const what = `${who} ${VERBS[entry.action]}${entry.sourceId !== undefined ? `: \`${entry.sourceId.replace(/`/g, '')}\`` : ''}`;
  const fields: { name: string; value: string; inline: boolean }[] = [];
  if (entry.before !== undefined) fields.push({ name: 'Before', value: describe(entry.before), inline: true });
  if (entry.after !== undefined) fields.push({ name: 'After', value: describe(entry.after), inline: true });
  const embed: APIEmbed = {
    title: truncate(`Knowledge base: ${entry.action}`, DISCORD_LIMITS.embedTitle),
    ...(entry.detail !== undefined && entry.detail !== '' && { description: truncate(escapeText(entry.detail), DISCORD_LIMITS.embedDescription) }),
    ...(fields.length > 0 && { fields }),
    timestamp: entry.at,
    footer: { text: truncate(entry.actor, 200) },
  };
  return { content: truncate(what, DISCORD_LIMITS.content), embeds: [embed], allowed_mentions: NO_MENTIONS };
}

/** A before or after value as short lines: a source summary's fields, or JSON. */
function describe(value: unknown): string {
  let text: string;
  if (value === null) text = '(none)';
  else if (typeof value === 'object' && !Array.isArray(value)) {
    const v = value as Record<string, unknown>;
    const lines: string[] = [];
    for (const key of ['title', 'publisher', 'published', 'url', 'file', 'passages', 'sources'] as const) {
      const x = v[key];
      if (x === undefined || x === null) continue;
      const shown = key === 'published' && typeof x === 'string' ? `${formatDate(x)} (${x})` : String(x);
      lines.push(`${key}: ${escapeText(shown)}`);
    }
    text = lines.length > 0 ? lines.join('\n') : escapeText(JSON.stringify(value));
  } else text = escapeText(typeof value === 'string' ? value : JSON.stringify(value));
  return truncate(text, DISCORD_LIMITS.fieldValue) || '…';
}
