import type { DiscordServer } from './discord-server.ts';

/**
 * Registers command definitions in the test server's guild over its REST API, as
 * `npm run deploy-commands` does, so that interactions carry the options' types. Returns the HTTP
 * status (200 when Discord would accept them).
 */
export async function registerGuildCommands(server: DiscordServer, definitions: unknown): Promise<number> {
  const put = await fetch(`${server.apiUrl}/v10/applications/${server.applicationId}/guilds/${server.guildId}/commands`, {
    method: 'PUT',
    headers: { authorization: `Bot ${server.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(definitions),
  });
  return put.status;
}
