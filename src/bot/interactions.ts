/**
 * The one error boundary around every command, button and modal. A `UserError` is shown to the member,
 * privately; any other error is a bug: logged, and the member gets a short apology. An interaction it
 * cannot route (an unknown command, button or form; options of the wrong type; a kind of interaction
 * no command takes) is logged and answered with a polite private line, so that Discord never shows
 * "This interaction failed". Logs carry the command name, timing and outcome
 * only: never what was asked, never who asked.
 *
 * It is also the one gate: an interaction from a server the bot does not serve (ALLOWED_GUILD_IDS) or
 * from a direct message is refused before any command sees it, and a command's declared `access` is
 * checked here for its execute, autocomplete, buttons and modals alike.
 */
import { DiscordjsErrorCodes, MessageFlags } from 'discord.js';
import type { AutocompleteInteraction, ButtonInteraction, ChatInputCommandInteraction, Interaction, MessageContextMenuCommandInteraction, ModalSubmitInteraction } from 'discord.js';
import { APOLOGY, MALFORMED_COMMAND, UNKNOWN_COMMAND, UNKNOWN_COMPONENT, UserError } from '../replies/errors.ts';
import { isServedGuild, OTHER_SERVER } from './guilds.ts';
import { isModerator, memberFacts, NOT_A_MODERATOR } from './moderation.ts';
import { NO_MENTIONS, sendPrivate } from './send.ts';
import { isMessageCommand, type AnyCommand, type Command, type CommandContext, type MessageCommand } from './types.ts';

export type Outcome = 'ok' | 'user-error' | 'error' | 'ignored';

/** discord.js errors meaning the interaction's options do not match the command's definition. */
const OPTION_ERRORS: ReadonlySet<string> = new Set([
  DiscordjsErrorCodes.CommandInteractionOptionNotFound,
  DiscordjsErrorCodes.CommandInteractionOptionType,
  DiscordjsErrorCodes.CommandInteractionOptionEmpty,
  DiscordjsErrorCodes.CommandInteractionOptionNoSubcommand,
  DiscordjsErrorCodes.CommandInteractionOptionNoSubcommandGroup,
  DiscordjsErrorCodes.AutocompleteInteractionOptionNoFocusedOption,
]);

/**
 * The `interactionCreate` listener: routes slash commands and autocomplete to their command, and
 * button clicks and modal submits to the command named before the first `:` of their custom id. The
 * returned function never rejects.
 */
export function createInteractionHandler(commands: ReadonlyMap<string, AnyCommand>, ctx: CommandContext): (interaction: Interaction) => Promise<void> {
  return async (interaction) => {
    try {
      if (!isServedGuild(interaction.guildId, ctx.config)) await refuseOtherServer(interaction, ctx);
      else if (interaction.isChatInputCommand() || interaction.isMessageContextMenuCommand()) await runCommand(commands, interaction, ctx);
      else if (interaction.isAutocomplete()) await runAutocomplete(commands, interaction, ctx);
      else if (interaction.isButton()) await runComponent(commands, interaction, ctx, 'button');
      else if (interaction.isModalSubmit()) await runComponent(commands, interaction, ctx, 'modal');
      else {
        ctx.logger.warn('interaction ignored', { type: interaction.type });
        // A select menu or context-menu command no command of ours takes: still acknowledged, privately.
        if (interaction.isRepliable()) await interaction.reply({ content: UNKNOWN_COMMAND, allowedMentions: NO_MENTIONS, flags: MessageFlags.Ephemeral });
      }
    } catch (error) {
      ctx.logger.error('interaction handler failed', { error });
    }
  };
}

async function runCommand(commands: ReadonlyMap<string, AnyCommand>, interaction: ChatInputCommandInteraction | MessageContextMenuCommandInteraction, ctx: CommandContext): Promise<void> {
  const started = performance.now();
  const name = interaction.commandName;
  const command = commands.get(name);
  const done = (outcome: Outcome, fields: Record<string, unknown> = {}): void => {
    const ms = Math.round(performance.now() - started);
    const level = outcome === 'error' ? 'error' : outcome === 'ignored' ? 'warn' : 'info';
    ctx.logger[level]('command', { command: safeName(name), outcome, ms, ...fields });
  };
  if (!command) {
    done('ignored', { reason: 'unknown command (registered but not loaded: run npm run deploy-commands after removing one)' });
    await politely(interaction, UNKNOWN_COMMAND, ctx);
    return;
  }
  if (isMessageCommand(command) !== interaction.isMessageContextMenuCommand()) {
    done('ignored', { reason: 'the command registered with Discord is not of the kind loaded (run npm run deploy-commands?)' });
    await politely(interaction, UNKNOWN_COMMAND, ctx);
    return;
  }
  try {
    requireAccess(command, interaction, ctx);
    if (interaction.isMessageContextMenuCommand()) await (command as MessageCommand).execute(interaction, ctx);
    else await (command as Command).execute(interaction, ctx);
    done('ok');
  } catch (error) {
    if (error instanceof UserError) {
      await sendPrivate(interaction, error.message).catch((e: unknown) => ctx.logger.warn('could not send a user error', { command: name, error: e }));
      done('user-error');
    } else if (isOptionError(error)) {
      done('ignored', { reason: 'malformed interaction: its options do not match the command (run npm run deploy-commands?)', error });
      await politely(interaction, MALFORMED_COMMAND, ctx);
    } else {
      done('error', { error });
      await sendPrivate(interaction, APOLOGY).catch((e: unknown) => ctx.logger.warn('could not send the apology', { command: name, error: e }));
    }
  }
}

async function runAutocomplete(commands: ReadonlyMap<string, AnyCommand>, interaction: AutocompleteInteraction, ctx: CommandContext): Promise<void> {
  const found = commands.get(interaction.commandName);
  const command = found !== undefined && !isMessageCommand(found) ? found : undefined;
  if (!command?.autocomplete) {
    ctx.logger.warn('autocomplete', { command: safeName(interaction.commandName), outcome: 'ignored', reason: command ? 'the command has no autocomplete' : 'unknown command' });
    return;
  }
  const started = performance.now();
  if (!mayUse(command, interaction, ctx)) {
    // Options a member may not use are not offered: nothing to show, nothing read.
    ctx.logger.debug('autocomplete', { command: interaction.commandName, outcome: 'refused' });
    await interaction.respond([]);
    return;
  }
  try {
    await command.autocomplete(interaction, ctx);
    ctx.logger.debug('autocomplete', { command: interaction.commandName, outcome: 'ok', ms: Math.round(performance.now() - started) });
  } catch (error) {
    const malformed = isOptionError(error);
    ctx.logger[malformed ? 'warn' : 'error']('autocomplete', { command: interaction.commandName, outcome: malformed ? 'ignored' : 'error', error });
    if (!interaction.responded) await interaction.respond([]).catch(() => {});
  }
}

/**
 * A button click or a modal submit, handled by the command named before the first `:` of its custom
 * id (`ask:fb:…`), through the same boundary as commands.
 */
async function runComponent(
  commands: ReadonlyMap<string, AnyCommand>,
  interaction: ButtonInteraction | ModalSubmitInteraction,
  ctx: CommandContext,
  kind: 'button' | 'modal',
): Promise<void> {
  const started = performance.now();
  const name = interaction.customId.split(':')[0] ?? '';
  const command = commands.get(name);
  const done = (outcome: Outcome, fields: Record<string, unknown> = {}): void => {
    const ms = Math.round(performance.now() - started);
    const level = outcome === 'error' ? 'error' : outcome === 'ignored' ? 'warn' : 'info';
    ctx.logger[level](kind, { command: safeName(name), outcome, ms, ...fields });
  };
  const handler = kind === 'button' ? command?.button : command?.modal;
  if (!command || !handler) {
    done('ignored', { reason: command ? `the command has no ${kind === 'button' ? 'buttons' : 'modals'}` : 'unknown command' });
    await politely(interaction, UNKNOWN_COMPONENT, ctx);
    return;
  }
  try {
    requireAccess(command, interaction, ctx);
    if (interaction.isButton()) await command.button?.(interaction, ctx);
    else await command.modal?.(interaction, ctx);
    done('ok');
  } catch (error) {
    if (error instanceof UserError) {
      await sendPrivate(interaction, error.message).catch((e: unknown) => ctx.logger.warn('could not send a user error', { command: name, error: e }));
      done('user-error');
    } else {
      done('error', { error });
      // Once the message was updated ("Working on it…") or the answer deferred, the apology replaces it.
      const apology = interaction.replied || interaction.deferred
        ? interaction.editReply({ content: APOLOGY, embeds: [], components: [], allowedMentions: NO_MENTIONS })
        : interaction.reply({ content: APOLOGY, allowedMentions: NO_MENTIONS, flags: MessageFlags.Ephemeral });
      await apology.catch((e: unknown) => ctx.logger.warn('could not send the apology', { command: name, error: e }));
    }
  }
}

/**
 * Whether the member may use the command (for a command or an autocomplete: the subcommand they
 * chose; for a button or a modal: any of its moderator subcommands makes it a moderators' one).
 */
export function mayUse(command: AnyCommand, interaction: Interaction, ctx: Pick<CommandContext, 'config'>): boolean {
  const access = command.access ?? 'everyone';
  if (access === 'everyone') return true;
  let forModerators = true;
  if (access !== 'moderators' && (interaction.isChatInputCommand() || interaction.isAutocomplete())) {
    const sub = interaction.options.getSubcommand(false);
    forModerators = sub !== null && access.moderatorSubcommands.includes(sub);
  }
  return !forModerators || isModerator(memberFacts(interaction), ctx.config.moderatorRoleId);
}

/** Throws the polite refusal (a {@link UserError}, shown privately) unless the member may use the command. */
function requireAccess(command: AnyCommand, interaction: Interaction, ctx: Pick<CommandContext, 'config'>): void {
  if (!mayUse(command, interaction, ctx)) throw new UserError(NOT_A_MODERATOR);
}

/**
 * An interaction from a server the bot does not serve, or from a direct message: a short private
 * refusal (an empty list for autocomplete), nothing read, nothing changed. Logged with the server id
 * only.
 */
async function refuseOtherServer(interaction: Interaction, ctx: CommandContext): Promise<void> {
  ctx.logger.warn('interaction refused: not from a served server (ALLOWED_GUILD_IDS)', { guild: interaction.guildId ?? 'direct message', type: interaction.type });
  if (interaction.isAutocomplete()) await interaction.respond([]);
  else if (interaction.isChatInputCommand() || interaction.isMessageContextMenuCommand() || interaction.isMessageComponent() || interaction.isModalSubmit()) await sendPrivate(interaction, OTHER_SERVER);
}

/** A private line for an interaction the bot could not route; a failure to send is logged, never thrown. */
async function politely(interaction: ChatInputCommandInteraction | MessageContextMenuCommandInteraction | ButtonInteraction | ModalSubmitInteraction, text: string, ctx: CommandContext): Promise<void> {
  await sendPrivate(interaction, text).catch((e: unknown) => ctx.logger.warn('could not answer an unroutable interaction', { error: e }));
}

/** A command name as Discord allows it (at most 32 letters, digits, spaces, - or _): nothing else reaches the log. */
function safeName(name: string): string {
  return name.slice(0, 32).replace(/[^-_ \p{L}\p{N}]/gu, '?');
}

function isOptionError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && OPTION_ERRORS.has(code);
}
