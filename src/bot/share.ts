/**
 * Answers waiting for their Share in channel click (Apps → Ask the reports): in memory only, for 15
 * minutes (as long as Discord lets the bot edit the private answer), then forgotten. Each holds the
 * public version of the answer and where to post it; never who asked.
 */
import { ActionRowBuilder, ButtonBuilder, ButtonStyle, type APIActionRowComponent, type APIComponentInMessageActionRow } from 'discord.js';
import { Expiring } from '../expiring.ts';
import { ASK_THE_REPORTS, SHARE_LABEL } from '../replies/ask-the-reports.ts';
import type { Reply } from '../replies/reply.ts';
import type { ComponentRows } from './send.ts';

/** How long an answer can be shared: Discord's interaction tokens last 15 minutes. */
export const SHARE_TTL_MS = 15 * 60 * 1000;

/** An answer that may be posted for everyone. */
export interface Shareable {
  /** The channel (or thread) of the message asked about. */
  readonly channelId: string;
  /** The message asked about: the post is a reply to it. */
  readonly messageId: string;
  /** The public answer (no echo, not ephemeral): only ever made when the privacy check found nothing. */
  readonly reply: Reply;
  /** The rows to post under it (the feedback buttons), and to keep under the private answer. */
  readonly components: ComponentRows;
}

const TOKEN_LENGTH = 16;
const SHARE_ID = new RegExp(`^${ASK_THE_REPORTS}:share:([\\w-]{${TOKEN_LENGTH}})$`);

/** The answers that can still be shared. */
export class ShareStore {
  readonly #entries: Expiring<Shareable>;

  constructor(options: { now?: () => number; maxEntries?: number } = {}) {
    this.#entries = new Expiring({ ttlMs: SHARE_TTL_MS, maxEntries: options.maxEntries ?? 1000, ...(options.now !== undefined && { now: options.now }) });
  }

  /** Keeps an answer and returns its token. */
  add(entry: Shareable): string {
    return this.#entries.add(entry, TOKEN_LENGTH);
  }

  /** Takes an answer out (each is shared at most once), or undefined when it was forgotten. */
  take(token: string): Shareable | undefined {
    const entry = this.#entries.get(token);
    this.#entries.delete(token);
    return entry;
  }

  /** Puts back an answer whose post failed, so the member can try again. */
  putBack(token: string, entry: Shareable): void {
    this.#entries.set(token, entry);
  }
}

/** `Ask the reports:share:<token>`. */
export function shareButtonId(token: string): string {
  return `${ASK_THE_REPORTS}:share:${token}`;
}

/** The token of a Share button's custom id, or undefined. */
export function parseShareButtonId(customId: string): string | undefined {
  return SHARE_ID.exec(customId)?.[1];
}

/** The row with the Share in channel button. */
export function shareButtonRow(token: string): APIActionRowComponent<APIComponentInMessageActionRow> {
  return new ActionRowBuilder<ButtonBuilder>()
    .addComponents(new ButtonBuilder().setCustomId(shareButtonId(token)).setLabel(SHARE_LABEL).setStyle(ButtonStyle.Primary))
    .toJSON();
}
