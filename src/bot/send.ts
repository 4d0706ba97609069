/**
 * Sending replies to Discord. Every reply, edit and follow-up goes through here, with
 * `allowedMentions: { parse: [] }` so nothing the bot sends can ping anyone.
 */
import { MessageFlags, Routes } from 'discord.js';
import type {
  APIActionRowComponent,
  APIComponentInMessageActionRow,
  APIMessage,
  ApplicationCommandOptionChoiceData,
  AutocompleteInteraction,
  ChatInputCommandInteraction,
  MessageComponentInteraction,
  MessageContextMenuCommandInteraction,
  MessageMentionOptions,
  ModalSubmitInteraction,
  REST,
  RESTPostAPIChannelMessageJSONBody,
} from 'discord.js';
import { DISCORD_LIMITS, truncate } from '../replies/format.ts';
import { toDiscordMessages } from './messages.ts';
import type { Reply } from '../replies/reply.ts';

/** No mentions, ever: not users, not roles, not @everyone. */
export const NO_MENTIONS: MessageMentionOptions = Object.freeze({ parse: [] });

/** Rows of buttons (or a select) under a message. */
export type ComponentRows = readonly APIActionRowComponent<APIComponentInMessageActionRow>[];

export interface SendReplyOptions {
  /** Rows of buttons for the last message of the reply (the one read last: the feedback buttons). */
  readonly components?: ComponentRows;
}

/**
 * Sends a reply: the first message as the interaction's response (editing the deferral, if deferred),
 * the rest as follow-ups; ephemeral when the reply is. `components` go on the last message.
 */
export async function sendReply(interaction: ChatInputCommandInteraction | MessageContextMenuCommandInteraction | ModalSubmitInteraction, reply: Reply, options: SendReplyOptions = {}): Promise<void> {
  const messages = toDiscordMessages(reply);
  const ephemeral = reply.ephemeral === true;
  const flags = ephemeral ? MessageFlags.Ephemeral : undefined;
  const rows = options.components !== undefined && options.components.length > 0 ? [...options.components] : undefined;
  for (const [i, message] of messages.entries()) {
    const components = rows !== undefined && i === messages.length - 1 ? { components: rows } : {};
    if (i === 0) {
      const body = { content: message.content ?? '', embeds: message.embeds, allowedMentions: NO_MENTIONS, ...components };
      if (interaction.deferred && !interaction.replied) await interaction.editReply(body);
      else if (interaction.replied) await interaction.followUp({ ...body, ...(flags !== undefined && { flags }) });
      else await interaction.reply({ ...body, ...(flags !== undefined && { flags }) });
    } else {
      await interaction.followUp({
        ...(message.content !== undefined && { content: message.content }),
        embeds: message.embeds,
        allowedMentions: NO_MENTIONS,
        ...components,
        ...(flags !== undefined && { flags }),
      });
    }
  }
}

/**
 * How long a command may work before it defers. Discord drops an interaction that is not
 * acknowledged within 3 seconds of being sent; answering in the interaction's own response is one
 * REST call instead of two (a deferral, then an edit), so a command answers directly when it can and
 * defers only when its answer is not ready by this time, leaving the rest of the 3 seconds for the
 * deferral to reach Discord.
 */
export const DEFER_AFTER_MS = 1000;

/** A reply and the buttons under its last message, as a command builds it. */
export interface ReadyReply {
  readonly reply: Reply;
  readonly components?: ComponentRows;
}

/**
 * Builds a reply with `work` and sends it: as the interaction's own response when it is ready within
 * `deferAfterMs` (one REST call), otherwise deferred at that moment (privately when `ephemeral`) and
 * edited in once ready. Synchronous work cannot be interrupted: keep long work asynchronous or off the
 * main thread, so the timer can fire. If `work` throws after the deferral, the error boundary answers
 * in place of "thinking…".
 */
export async function replyWhenReady(
  interaction: ChatInputCommandInteraction,
  work: () => Promise<ReadyReply>,
  options: { readonly ephemeral: boolean; readonly deferAfterMs?: number },
): Promise<void> {
  let deferral: Promise<unknown> | undefined;
  const timer = setTimeout(() => {
    deferral = interaction.deferReply(options.ephemeral ? { flags: MessageFlags.Ephemeral } : {});
    // Seen (and answered) by whoever awaits it below; never an unhandled rejection meanwhile.
    deferral.catch(() => undefined);
  }, options.deferAfterMs ?? DEFER_AFTER_MS);
  let ready: ReadyReply;
  try {
    ready = await work();
  } finally {
    clearTimeout(timer);
    if (deferral !== undefined) await deferral;
  }
  await sendReply(interaction, ready.reply, ready.components !== undefined ? { components: ready.components } : {});
}

/** Sends Markdown text privately: the reply, or a follow-up when the interaction was already answered or deferred. */
export async function sendPrivate(interaction: ChatInputCommandInteraction | MessageContextMenuCommandInteraction | MessageComponentInteraction | ModalSubmitInteraction, markdown: string): Promise<void> {
  const body = { content: truncate(markdown, DISCORD_LIMITS.content), allowedMentions: NO_MENTIONS, flags: MessageFlags.Ephemeral } as const;
  if (interaction.deferred || interaction.replied) await interaction.followUp(body);
  else await interaction.reply(body);
}

/** Answers autocomplete with up to 25 names (each shortened to 100 characters), used as their own values. */
export async function respondChoices(interaction: AutocompleteInteraction, names: readonly string[]): Promise<void> {
  const seen = new Set<string>();
  const choices: ApplicationCommandOptionChoiceData<string>[] = [];
  for (const name of names) {
    const value = truncate(name, DISCORD_LIMITS.choiceValue);
    if (value === '' || seen.has(value)) continue;
    seen.add(value);
    choices.push({ name: truncate(name, DISCORD_LIMITS.choiceName), value });
    if (choices.length === DISCORD_LIMITS.choices) break;
  }
  await interaction.respond(choices);
}

export interface PostReplyOptions extends SendReplyOptions {
  /** Post the first message as a reply to this message of the channel (it need not still exist). */
  readonly replyTo?: string;
}

/**
 * Posts a reply in a channel (or a thread) as the bot's own messages, not as an interaction response:
 * used where no interaction is answered (help channels) or where the answer goes to the channel
 * rather than to the member (Share in channel). No mentions, not even of the author replied to
 * (`replied_user: false`). Returns the messages posted.
 */
export async function postReply(rest: REST, channelId: string, reply: Reply, options: PostReplyOptions = {}): Promise<APIMessage[]> {
  const messages = toDiscordMessages(reply);
  const rows = options.components !== undefined && options.components.length > 0 ? [...options.components] : undefined;
  const posted: APIMessage[] = [];
  for (const [i, message] of messages.entries()) {
    const body: RESTPostAPIChannelMessageJSONBody = {
      content: message.content ?? '',
      embeds: message.embeds,
      allowed_mentions: { parse: [], replied_user: false },
      ...(rows !== undefined && i === messages.length - 1 && { components: rows }),
      ...(i === 0 && options.replyTo !== undefined && { message_reference: { message_id: options.replyTo, fail_if_not_exists: false } }),
    };
    posted.push((await rest.post(Routes.channelMessages(channelId), { body })) as APIMessage);
  }
  return posted;
}
