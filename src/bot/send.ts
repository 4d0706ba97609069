/**
 * Sending replies to Discord. Every reply, edit and follow-up goes through here, with
 * `allowedMentions: { parse: [] }` so nothing the bot sends can ping anyone.
 */
import { MessageFlags } from 'discord.js';
import type { ApplicationCommandOptionChoiceData, AutocompleteInteraction, ChatInputCommandInteraction, MessageComponentInteraction, MessageMentionOptions } from 'discord.js';
import { DISCORD_LIMITS, truncate } from './format.ts';
import { toDiscordMessages } from './render.ts';
import type { Reply } from './reply.ts';

/** No mentions, ever: not users, not roles, not @everyone. */
export const NO_MENTIONS: MessageMentionOptions = Object.freeze({ parse: [] });

/**
 * Sends a reply: the first message as the interaction's response (editing the deferral, if deferred),
 * the rest as follow-ups; ephemeral when the reply is.
 */
export async function sendReply(interaction: ChatInputCommandInteraction, reply: Reply): Promise<void> {
  const [first, ...rest] = toDiscordMessages(reply);
  const ephemeral = reply.ephemeral === true;
  const flags = ephemeral ? MessageFlags.Ephemeral : undefined;
  if (first) {
    const body = { content: first.content ?? '', embeds: first.embeds, allowedMentions: NO_MENTIONS };
    if (interaction.deferred && !interaction.replied) await interaction.editReply(body);
    else if (interaction.replied) await interaction.followUp({ ...body, ...(flags !== undefined && { flags }) });
    else await interaction.reply({ ...body, ...(flags !== undefined && { flags }) });
  }
  for (const message of rest) {
    await interaction.followUp({ ...(message.content !== undefined && { content: message.content }), embeds: message.embeds, allowedMentions: NO_MENTIONS, ...(flags !== undefined && { flags }) });
  }
}

/** Sends Markdown text privately: the reply, or a follow-up when the interaction was already answered or deferred. */
export async function sendPrivate(interaction: ChatInputCommandInteraction | MessageComponentInteraction, markdown: string): Promise<void> {
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
