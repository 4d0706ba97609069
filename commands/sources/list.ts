import type { ChatInputCommandInteraction } from 'discord.js';
import { sourcesReply } from '../../src/replies/sources.ts';
import { sendReply } from '../../src/bot/send.ts';
import type { CommandContext } from '../../src/bot/types.ts';

/** `/sources list`: every source with its title, publisher, date, link and passage count (for everyone). */
export async function list(interaction: ChatInputCommandInteraction, ctx: CommandContext): Promise<void> {
  return sendReply(interaction, sourcesReply(ctx.knowledge.engine));
}
