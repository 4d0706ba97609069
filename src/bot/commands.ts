/**
 * Loads the commands from `commands/`, one module per command, each default-exporting
 * `{ data, execute, autocomplete?, button?, modal? } satisfies Command` (a slash command), or
 * `{ data, execute, button?, modal? } satisfies MessageCommand` (a message context-menu command). A module that fails to import or does not have
 * that shape is skipped with a warning naming the file and what is wrong; the others still load.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ApplicationCommandOptionType, ApplicationCommandType, type RESTPostAPIApplicationCommandsJSONBody, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import type { Logger } from '../logger.ts';
import type { AnyCommand } from './types.ts';

/** The project's `commands/` folder. */
export const COMMANDS_DIR = fileURLToPath(new URL('../../commands/', import.meta.url));

const MODULE = /^[^._].*\.(?:ts|mts|js|mjs)$/;
const NOT_A_MODULE = /\.(?:d|test|spec)\.[mc]?[jt]s$/;
const NAME = /^[-_\p{L}\p{N}]{1,32}$/u;
/** A context-menu command's name: 1 to 32 characters, any case, spaces allowed ("Ask the reports"). */
const MENU_NAME = /^[-_ '\p{L}\p{N}]{1,32}$/u;

export interface LoadCommandsOptions {
  /** Default: {@link COMMANDS_DIR}. */
  dir?: string;
  /** Receives a warning for every module skipped. */
  logger?: Pick<Logger, 'warn'>;
}

/** The commands of the folder by name, in file-name order. Throws only when the folder cannot be read. */
export async function loadCommands(options: LoadCommandsOptions = {}): Promise<Map<string, AnyCommand>> {
  const dir = options.dir ?? COMMANDS_DIR;
  const warn = (message: string): void => options.logger?.warn(message);
  const files = (await readdir(dir)).filter((f) => MODULE.test(f) && !NOT_A_MODULE.test(f)).sort();
  const commands = new Map<string, AnyCommand>();
  const fileOf = new Map<string, string>();
  for (const file of files) {
    let mod: unknown;
    try {
      mod = await import(pathToFileURL(join(dir, file)).href);
    } catch (error) {
      warn(`commands/${file}: skipped: cannot be imported: ${(error as Error).message.split('\n')[0]}`);
      continue;
    }
    const command = (mod as { default?: unknown } | null)?.default;
    const problem = checkCommand(command);
    if (problem !== undefined) {
      warn(`commands/${file}: skipped: ${problem}`);
      continue;
    }
    const valid = command as AnyCommand;
    const name = valid.data.name;
    const other = fileOf.get(name);
    if (other !== undefined) {
      warn(`commands/${file}: skipped: the command name "/${name}" is already used by commands/${other}`);
      continue;
    }
    fileOf.set(name, file);
    commands.set(name, valid);
  }
  return commands;
}

/**
 * What is wrong with a module's default export, or undefined when it is a valid {@link Command}:
 * `data` with a valid lowercase `name` and a `toJSON()` that gives that name and a description,
 * `execute` a function; `autocomplete`, `button` and `modal` functions if present; `access` a
 * `CommandAccess` (src/bot/types.ts) whose moderator subcommands exist.
 */
export function checkCommand(value: unknown): string | undefined {
  if (value === undefined) return 'no default export (expected `export default { data, execute } satisfies Command`)';
  if (value === null || typeof value !== 'object') return `the default export is ${value === null ? 'null' : typeof value}, expected { data, execute }`;
  const c = value as Record<string, unknown>;
  const data = c['data'] as { name?: unknown; toJSON?: unknown } | null | undefined;
  if (!data || typeof data !== 'object') return '`data` is missing (expected a SlashCommandBuilder or a ContextMenuCommandBuilder)';
  if (typeof data.toJSON !== 'function') return '`data.toJSON` is not a function (expected a SlashCommandBuilder)';
  let json: Omit<Partial<RESTPostAPIChatInputApplicationCommandsJSONBody>, 'type'> & { type?: number | undefined };
  try {
    json = (data.toJSON as () => Partial<RESTPostAPIChatInputApplicationCommandsJSONBody>).call(data);
  } catch (error) {
    return `\`data.toJSON()\` throws: ${(error as Error).message.split('\n')[0]}`;
  }
  const menu = json?.type === ApplicationCommandType.Message;
  if (json?.type !== undefined && json.type !== ApplicationCommandType.ChatInput && !menu) return '`data` is a user context-menu command: only slash and message commands are supported';
  if (typeof data.name !== 'string' || (menu ? !MENU_NAME.test(data.name) : !NAME.test(data.name) || data.name !== data.name.toLowerCase())) {
    return menu
      ? `\`data.name\` ${JSON.stringify(data.name)} is not a valid context-menu command name (1 to 32 letters, digits, spaces, - or _)`
      : `\`data.name\` ${JSON.stringify(data.name)} is not a valid command name (1 to 32 lowercase letters, digits, - or _)`;
  }
  if (!json || json.name !== data.name) return '`data.toJSON()` does not give the command\'s name';
  if (menu) {
    if (json.description !== undefined && json.description !== '') return 'a context-menu command has no description';
    if (c['autocomplete'] !== undefined) return 'a context-menu command has no options, so no `autocomplete`';
  } else if (typeof json.description !== 'string' || json.description.length < 1 || json.description.length > 100) {
    return '`data` needs a description of 1 to 100 characters';
  }
  if (typeof c['execute'] !== 'function') return '`execute` is not a function';
  if (c['autocomplete'] !== undefined && typeof c['autocomplete'] !== 'function') return '`autocomplete` is not a function';
  if (c['button'] !== undefined && typeof c['button'] !== 'function') return '`button` is not a function';
  if (c['modal'] !== undefined && typeof c['modal'] !== 'function') return '`modal` is not a function';
  return checkAccess(c['access'], json);
}

/** What is wrong with a command's `access`, or undefined (see `CommandAccess` (src/bot/types.ts)). */
function checkAccess(access: unknown, json: Partial<RESTPostAPIChatInputApplicationCommandsJSONBody>): string | undefined {
  if (access === undefined || access === 'everyone' || access === 'moderators') return undefined;
  const subs = (access as { moderatorSubcommands?: unknown } | null)?.moderatorSubcommands;
  if (!Array.isArray(subs) || subs.length === 0 || !subs.every((s) => typeof s === 'string')) {
    return "`access` must be 'everyone', 'moderators' or { moderatorSubcommands: [names] }";
  }
  const defined = new Set((json.options ?? []).filter((o) => o.type === ApplicationCommandOptionType.Subcommand).map((o) => o.name));
  const unknown = subs.filter((s: string) => !defined.has(s));
  if (unknown.length > 0) return `\`access.moderatorSubcommands\` names ${unknown.map((s: string) => `"${s}"`).join(', ')}, not a subcommand of the command`;
  return undefined;
}

/** The definitions to register with Discord, as `npm run deploy-commands` sends them. */
export function commandDefinitions(commands: ReadonlyMap<string, AnyCommand>): RESTPostAPIApplicationCommandsJSONBody[] {
  return [...commands.values()].map((c) => c.data.toJSON());
}
