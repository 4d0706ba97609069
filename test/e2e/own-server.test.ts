/**
 * Own server only (issue 14), end to end: the real bot (`npm start`, src/main.ts, configured only by
 * environment variables) against the Discord-compatible server of test/support on 127.0.0.1.
 *
 * An Administrator of another server where the application was also added can neither ask, nor
 * refresh, nor review (each gets a short private refusal and nothing changes on disk), a direct
 * message is refused the same way, the home server is unaffected, and the bot leaves a server that
 * is not allowed as soon as it is added to it (GUILD_CREATE).
 */
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageFlags, PermissionFlagsBits } from 'discord.js';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { commandDefinitions, loadCommands } from '../../src/bot/commands.ts';
import { OTHER_SERVER } from '../../src/bot/guilds.ts';
import { defaultKnowledgeDir } from '../../src/cli/paths.ts';
import { DEFAULT_MEMBER_PERMISSIONS, startDiscordServer } from '../support/discord-server.ts';
import type { ApiMessage, DiscordServer, InteractionInput } from '../support/discord-server.ts';
import { buttonIds } from '../support/bot-messages.ts';
import { folderSnapshot } from '../support/folder-snapshot.ts';
import { registerGuildCommands } from '../support/guild.ts';
import { MAIN, spawnEntry, type Spawned } from '../unit/bot/spawn.ts';

const LONG = 30_000;
vi.setConfig({ testTimeout: 4 * LONG, hookTimeout: 4 * LONG });

/** A server the application was also added to, and the Administrator there. */
const OTHER_GUILD = '1600000000000000077';
const OTHER_ADMIN = { user: { id: '1600000000000000001', username: 'other.admin' }, permissions: DEFAULT_MEMBER_PERMISSIONS | PermissionFlagsBits.Administrator };
const HOME_MODERATOR = { user: { id: '1600000000000000002', username: 'home.mod' }, permissions: DEFAULT_MEMBER_PERMISSIONS | PermissionFlagsBits.ManageGuild };
const HOME_PARENT = { user: { id: '1600000000000000003', username: 'home.parent' } };

let root: string;
let knowledge: string;
let auditFile: string;
let reviewFile: string;
let server: DiscordServer;
let bot: Spawned | undefined;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'send-bot-own-server-'));
  knowledge = join(root, 'knowledge');
  auditFile = join(root, 'data', 'audit.jsonl');
  reviewFile = join(root, 'data', 'review.jsonl');
  cpSync(defaultKnowledgeDir(), knowledge, { recursive: true });
  server = await startDiscordServer({ defaultTimeoutMs: LONG });
  expect(await registerGuildCommands(server, commandDefinitions(await loadCommands()))).toBe(200);
  // DISCORD_GUILD_ID alone: ALLOWED_GUILD_IDS defaults to it.
  bot = spawnEntry(MAIN, {
    DISCORD_TOKEN: server.token,
    DISCORD_API_URL: server.apiUrl,
    DISCORD_GUILD_ID: server.guildId,
    KNOWLEDGE_DIR: knowledge,
    AUDIT_FILE: auditFile,
    REVIEW_FILE: reviewFile,
    INDEX_CACHE: 'off',
    ASK_COOLDOWN_SECONDS: '0',
    LOG_LEVEL: 'info',
  });
  await server.waitForSession(60_000);
  await bot.waitForOutput(/INFO {2}ready /, 60_000);
}, 120_000);

afterEach(() => {
  expect(server.problems()).toEqual([]);
});

afterAll(async () => {
  await bot?.cleanup();
  await server?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

/** The one private refusal, and nothing else: no embed, no button, no citation. */
async function expectRefused(input: InteractionInput): Promise<void> {
  const reply: ApiMessage = await server.interact(input).reply();
  expect(reply.content).toBe(OTHER_SERVER);
  expect(reply.flags & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
  expect(reply.embeds).toEqual([]);
  expect(reply.components ?? []).toEqual([]);
}

describe('own server only', () => {
  it('starts without the "every server" warning: DISCORD_GUILD_ID limits it to the home server', () => {
    expect(bot?.stderr() ?? '').not.toMatch(/serve every server/);
  });

  it('an Administrator of another server can neither ask, nor refresh, nor review; a DM is refused too; nothing changes on disk', async () => {
    // A question the reports do not cover, asked at home: it goes to the review queue, so there is an item to review.
    await server.interact({ type: 'command', name: 'ask', options: { question: 'when are the bin collections in Malvern' }, ...HOME_PARENT }).reply();
    const page = await server.interact({ type: 'command', name: 'review', ...HOME_MODERATOR }).reply();
    const dismiss = buttonIds(page).find((id) => id.includes('dismiss'));
    expect(dismiss, JSON.stringify(page.components)).toBeDefined();
    // A new file waiting in the knowledge folder: a refresh would load it and write the audit log.
    writeFileSync(join(knowledge, 'zz-new-source.md'), '---\nid: zz-new-source\ntitle: A new source\npublisher: Test\npublished: 2025-01-02\n---\n\nWaiting times for speech and language therapy fell in 2025.\n');
    const before = await folderSnapshot(root);

    await expectRefused({ type: 'command', name: 'ask', options: { question: 'how long is the wait for an autism assessment' }, guildId: OTHER_GUILD, ...OTHER_ADMIN });
    await expectRefused({ type: 'command', name: 'refresh', guildId: OTHER_GUILD, ...OTHER_ADMIN });
    await expectRefused({ type: 'command', name: 'review', guildId: OTHER_GUILD, ...OTHER_ADMIN });
    await expectRefused({ type: 'button', customId: dismiss ?? '', guildId: OTHER_GUILD, ...OTHER_ADMIN });
    await expectRefused({ type: 'command', name: 'ask', options: { question: 'how long is the wait for an autism assessment' }, guildId: null, user: OTHER_ADMIN.user });
    const choices = await server.interact({ type: 'autocomplete', name: 'waiting', options: { service: '' }, focused: 'service', guildId: OTHER_GUILD, ...OTHER_ADMIN }).autocompleteChoices();
    expect(choices).toEqual([]);

    expect(await folderSnapshot(root)).toEqual(before);
    expect(existsSync(auditFile)).toBe(false);
    // Logged with the server's id only: never who, never what was asked.
    await bot?.waitForOutput(new RegExp(`interaction refused.*${OTHER_GUILD}`), LONG);
    expect(bot?.stderr()).not.toMatch(/other\.admin|1600000000000000001|autism/);
  });

  it('the home server is unaffected: its members are answered and its moderators refresh', async () => {
    const answer = await server.interact({ type: 'command', name: 'ask', options: { question: 'how long is the wait for an autism assessment' }, ...HOME_PARENT }).reply();
    expect(answer.content).not.toBe(OTHER_SERVER);
    expect(answer.embeds.length).toBeGreaterThan(0);
    const refreshed = await server.interact({ type: 'command', name: 'refresh', ...HOME_MODERATOR }).reply();
    expect(refreshed.content).toMatch(/^\*\*Knowledge refreshed\*\*/);
    expect(existsSync(auditFile)).toBe(true);
  });

  it('leaves a server that is not allowed as soon as it is added to it (GUILD_CREATE), logging its id only', async () => {
    const unwanted = '1600000000000000088';
    server.joinGuild(unwanted, 'Somebody else\'s server');
    await bot?.waitForOutput(new RegExp(`left a server that is not in ALLOWED_GUILD_IDS.*${unwanted}`), LONG);
    expect(server.leftGuilds).toEqual([unwanted]);
    expect(bot?.stderr()).not.toMatch(/Somebody else/);
    // The home server stays.
    const help = await server.interact({ type: 'command', name: 'help', ...HOME_PARENT }).reply();
    expect(help.content).not.toBe(OTHER_SERVER);
  });
});
