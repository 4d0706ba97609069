/**
 * Own server only: the bot serves the servers of ALLOWED_GUILD_IDS (by default DISCORD_GUILD_ID) and
 * nothing else. An interaction from any other server, or from a direct message, is refused at the
 * interaction boundary; a server that is not allowed is left as soon as the bot is in it.
 */
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';

/** What a member of a server the bot does not serve sees, privately. Nothing is read or changed. */
export const OTHER_SERVER = 'Sorry, I only answer in the server of the parent group I was set up for. Nothing was done.';

/**
 * Whether the bot serves an interaction from `guildId` (null: a direct message). Direct messages are
 * never served: every command is guild only. Without an allow-list, every server is served.
 */
export function isServedGuild(guildId: string | null, config: Pick<Config, 'allowedGuildIds'>): boolean {
  if (guildId === null) return false;
  return config.allowedGuildIds === undefined || config.allowedGuildIds.includes(guildId);
}

/** What leaving needs of a guild (a discord.js `Guild`, or a stand-in in tests). */
export interface LeavableGuild {
  readonly id: string;
  leave(): Promise<unknown>;
}

/**
 * Leaves `guild` when it is not allowed. Logs the guild id only: never its name or members.
 * Resolves true when the bot left (or tried to leave) it.
 */
export async function leaveIfNotAllowed(guild: LeavableGuild, config: Pick<Config, 'allowedGuildIds'>, logger: Pick<Logger, 'warn'>): Promise<boolean> {
  if (isServedGuild(guild.id, config)) return false;
  try {
    await guild.leave();
    logger.warn('left a server that is not in ALLOWED_GUILD_IDS', { guild: guild.id });
  } catch (error) {
    logger.warn('could not leave a server that is not in ALLOWED_GUILD_IDS (its interactions are still refused)', { guild: guild.id, error });
  }
  return true;
}
