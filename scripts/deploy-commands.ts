/**
 * `npm run deploy-commands`: registers the commands of `commands/` (slash and message context-menu commands) with Discord, replacing the
 * ones registered before (a bulk overwrite). With DISCORD_GUILD_ID, in that server only (changes show
 * at once: for development); without, globally (for every server the bot is in).
 *
 * Needs DISCORD_TOKEN and DISCORD_CLIENT_ID; honours DISCORD_API_URL. Run it after adding, removing or
 * changing a command, not on every start. Exit codes: 0 registered; 1 configuration or Discord error.
 */
import { ApplicationCommandType, REST, Routes } from 'discord.js';
import { config as loadDotenv } from 'dotenv';
import { commandDefinitions, loadCommands } from '../src/bot/commands.ts';
import { createLogger } from '../src/logger.ts';
import { ConfigError, hasDiscord, loadConfig } from '../src/config.ts';

loadDotenv({ quiet: true });

let config;
try {
  config = loadConfig(process.env, { require: ['DISCORD_TOKEN', 'DISCORD_CLIENT_ID'] });
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}
if (!hasDiscord(config) || config.discord.clientId === undefined) throw new Error('unreachable: loadConfig requires both');
const { token, clientId, guildId, apiUrl } = config.discord;
const logger = createLogger({ level: config.logLevel, secrets: [token] });

const commands = await loadCommands({ logger });
const body = commandDefinitions(commands);
const rest = new REST({ api: apiUrl }).setToken(token);
const route = guildId === undefined ? Routes.applicationCommands(clientId) : Routes.applicationGuildCommands(clientId, guildId);
const where = guildId === undefined ? 'globally (may take up to an hour to show everywhere)' : `in server ${guildId}`;
try {
  const registered = (await rest.put(route, { body })) as unknown[];
  process.stdout.write(`Registered ${registered.length} command${registered.length === 1 ? '' : 's'} ${where}: ${body.map((c) => (c.type === ApplicationCommandType.Message ? `Apps → ${c.name}` : `/${c.name}`)).join(', ')}\n`);
} catch (error) {
  const status = (error as { status?: unknown }).status;
  const hint = status === 401
    ? ' Discord did not accept DISCORD_TOKEN.'
    : status === 403 || status === 404
      ? ' Check DISCORD_CLIENT_ID, and that the bot was invited to the server with the applications.commands scope.'
      : '';
  logger.error(`could not register the commands${hint}`, { error });
  process.exitCode = 1;
}
