import { describe, expect, it } from 'vitest';
import { isServedGuild, leaveIfNotAllowed } from '../../../src/bot/guilds.ts';

const HOME = '1300000000000000002';
const OTHER = '1300000000000000077';

describe('isServedGuild', () => {
  it('serves the allowed servers only, and never a direct message', () => {
    expect(isServedGuild(HOME, { allowedGuildIds: [HOME] })).toBe(true);
    expect(isServedGuild(OTHER, { allowedGuildIds: [HOME] })).toBe(false);
    expect(isServedGuild(null, { allowedGuildIds: [HOME] })).toBe(false);
    // Without an allow-list (the bot warns at start), every server, but still no DMs.
    expect(isServedGuild(OTHER, {})).toBe(true);
    expect(isServedGuild(null, {})).toBe(false);
  });
});

describe('leaveIfNotAllowed', () => {
  const guild = (id: string, fail = false): { id: string; left: number; leave(): Promise<void> } => ({
    id,
    left: 0,
    leave() {
      this.left += 1;
      return fail ? Promise.reject(new Error('Missing Access')) : Promise.resolve();
    },
  });

  it('leaves a server that is not allowed, logging its id only; stays in an allowed one', async () => {
    const warnings: [string, unknown][] = [];
    const logger = { warn: (message: string, fields?: unknown) => void warnings.push([message, fields]) };
    const home = guild(HOME);
    const other = guild(OTHER);
    expect(await leaveIfNotAllowed(home, { allowedGuildIds: [HOME] }, logger)).toBe(false);
    expect(await leaveIfNotAllowed(other, { allowedGuildIds: [HOME] }, logger)).toBe(true);
    expect([home.left, other.left]).toEqual([0, 1]);
    expect(warnings).toEqual([['left a server that is not in ALLOWED_GUILD_IDS', { guild: OTHER }]]);
  });

  it('stays everywhere without an allow-list, and logs (never throws) when leaving fails', async () => {
    const warnings: string[] = [];
    const logger = { warn: (message: string) => void warnings.push(message) };
    const other = guild(OTHER, true);
    expect(await leaveIfNotAllowed(other, {}, logger)).toBe(false);
    expect(await leaveIfNotAllowed(other, { allowedGuildIds: [HOME] }, logger)).toBe(true);
    expect(warnings).toEqual(['could not leave a server that is not in ALLOWED_GUILD_IDS (its interactions are still refused)']);
  });
});
