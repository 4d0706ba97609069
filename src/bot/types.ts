import type {
  AutocompleteInteraction,
  ButtonInteraction,
  ChatInputCommandInteraction,
  MessageContextMenuCommandInteraction,
  ModalSubmitInteraction,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
  RESTPostAPIContextMenuApplicationCommandsJSONBody,
} from 'discord.js';
import type { Config } from '../config.ts';
import type { ReviewQueue } from '../review/queue.ts';
import type { AuditLog } from './audit-channel.ts';
import type { Cooldown } from '../expiring.ts';
import type { FeedbackStore } from './feedback/store.ts';
import type { FollowUpStore } from './follow-up-store.ts';
import type { KnowledgeBase } from '../knowledge/live.ts';
import type { Logger } from '../logger.ts';
import type { PendingChange, PendingConfirmations } from './confirmations.ts';

/** What every command gets besides the interaction: passed in, so a command is testable without module mocks. */
export interface CommandContext {
  /** The live knowledge base. Read `knowledge.engine` once per interaction: a refresh may swap it. */
  readonly knowledge: KnowledgeBase;
  readonly config: Config;
  readonly logger: Logger;
  /** The `/ask` cooldown (ASK_COOLDOWN_SECONDS). */
  readonly cooldown: Cooldown;
  /** Moderators' changes waiting for their Confirm click (in memory, 10 minutes). */
  readonly confirmations: PendingConfirmations<PendingChange>;
  /** Records every change to the knowledge base: the audit file, and the moderators' log channel. */
  readonly audit: AuditLog;
  /**
   * The anonymised review queue (REVIEW_FILE): questions the bot could not answer and answers marked
   * "Not helpful", redacted before they are added, never with who asked.
   */
  readonly review: ReviewQueue;
  /** The answers that can still be rated with their Helpful / Not helpful buttons (in memory, 24 hours). */
  readonly feedback: FeedbackStore;
  /** The answers that can still be followed up, with their question's topic (in memory, 24 hours). */
  readonly followUps: FollowUpStore;
}

/** A slash command definition: a `SlashCommandBuilder`, or anything with its name and JSON. */
export interface CommandDefinition {
  readonly name: string;
  toJSON(): RESTPostAPIChatInputApplicationCommandsJSONBody;
}

/**
 * Who may use a command, declared on the command and checked once, at the interaction boundary, for
 * its execute, autocomplete, buttons and modals alike:
 * - `'everyone'`: every member of a served server;
 * - `'moderators'`: moderators only (Manage Server, or MODERATOR_ROLE_ID);
 * - `{ moderatorSubcommands }`: everyone, except the listed subcommands, which are for moderators
 *   (buttons and modals of such a command are for moderators too: only they can open them).
 */
export type CommandAccess = 'everyone' | 'moderators' | { readonly moderatorSubcommands: readonly string[] };

/** A module of `commands/`: `export default { data, access, execute, autocomplete?, button?, modal? } satisfies Command`. */
export interface Command {
  readonly data: CommandDefinition;
  /** Who may use it. Default (when left out): `'everyone'`. */
  readonly access?: CommandAccess;
  /** Runs the command. Throw a `UserError` for an expected problem; anything else is reported as a bug. */
  execute(interaction: ChatInputCommandInteraction, ctx: CommandContext): Promise<void>;
  /** Answers autocomplete for the command's options (at most 25 choices). */
  autocomplete?(interaction: AutocompleteInteraction, ctx: CommandContext): Promise<void>;
  /**
   * Handles a click on one of the command's buttons: those whose custom id starts with the command's
   * name and a colon (`sources:confirm:…`). Throw a `UserError` for an expected problem.
   */
  button?(interaction: ButtonInteraction, ctx: CommandContext): Promise<void>;
  /**
   * Handles the submission of one of the command's modals: those whose custom id starts with the
   * command's name and a colon (`ask:fbm:…`). Throw a `UserError` for an expected problem.
   */
  modal?(interaction: ModalSubmitInteraction, ctx: CommandContext): Promise<void>;
}

/** A message context-menu command definition (Apps → …): a `ContextMenuCommandBuilder` of type Message. */
export interface MessageCommandDefinition {
  readonly name: string;
  toJSON(): RESTPostAPIContextMenuApplicationCommandsJSONBody;
}

/**
 * A module of `commands/` that adds a message context-menu command (right-click a message → Apps):
 * `export default { data: new ContextMenuCommandBuilder().setType(ApplicationCommandType.Message)…, execute } satisfies MessageCommand`.
 * Its buttons and modals are routed by the command's name before the first `:` of their custom id, as
 * for a slash command; `access` is checked at the same boundary.
 */
export interface MessageCommand {
  readonly data: MessageCommandDefinition;
  /** Who may use it (`'everyone'` or `'moderators'`). Default: `'everyone'`. */
  readonly access?: CommandAccess;
  /** Runs the command on the message it was used on (`interaction.targetMessage`). */
  execute(interaction: MessageContextMenuCommandInteraction, ctx: CommandContext): Promise<void>;
  button?(interaction: ButtonInteraction, ctx: CommandContext): Promise<void>;
  modal?(interaction: ModalSubmitInteraction, ctx: CommandContext): Promise<void>;
}

/** Any module of `commands/`: a slash command or a message context-menu command. */
export type AnyCommand = Command | MessageCommand;

/** Whether a command is a message context-menu command (its definition says type 3, Message). */
export function isMessageCommand(command: AnyCommand): command is MessageCommand {
  return (command.data.toJSON() as { type?: number }).type === 3;
}
