import { DEFAULT_MEMBER_PERMISSIONS, type DiscordServer } from './discord-server.ts';

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

/** Announces a role of the guild over the Gateway, as Discord does for a role created after the bot joined. */
export function announceGuildRole(server: DiscordServer, roleId: string, name: string): void {
  server.dispatch('GUILD_ROLE_CREATE', {
    guild_id: server.guildId,
    role: {
      id: roleId, name, color: 0, colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
      hoist: false, icon: null, unicode_emoji: null, position: 2, permissions: DEFAULT_MEMBER_PERMISSIONS.toString(), managed: false, mentionable: false, flags: 0,
    },
  });
}
