/** Reading what the bot posted to the local Discord-compatible server, for the end-to-end tests. */
import type { ApiMessage, DiscordServer, JsonObject } from './discord-server.ts';

/** The components (buttons, selects) of a message, row by row flattened. */
export function buttons(message: ApiMessage): JsonObject[] {
  return (message.components ?? []).flatMap((row) => (row['components'] ?? []) as JsonObject[]);
}

/** The custom ids of a message's buttons. */
export function buttonIds(message: ApiMessage): string[] {
  return buttons(message).map((c) => String(c['custom_id']));
}

/** The messages the bot posted in a channel, oldest first. */
export function botMessages(server: DiscordServer, channelId: string): ApiMessage[] {
  return server.channels.messagesIn(channelId).filter((m) => m.author.id === server.botUser.id);
}

/**
 * Polls a condition of the server's state until it gives a value (what the bot posts arrives over
 * REST, not through an interaction the test awaits).
 */
export async function until<T>(what: string, read: () => T | undefined, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
