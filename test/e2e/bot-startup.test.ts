/**
 * Starting and failing: an invalid token, bad configuration, an unreachable API, the local console
 * without a token, deploy-commands globally, a rejected promise nobody handled, and the error boundary
 * (bugs and user errors) with the real discord.js client against the local Discord-compatible server.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SlashCommandBuilder } from 'discord.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startBot, type Bot } from '../../src/bot/client.ts';
import { loadCommands } from '../../src/bot/commands.ts';
import { APOLOGY, UserError } from '../../src/replies/errors.ts';
import { createLogger } from '../../src/logger.ts';
import type { Command } from '../../src/bot/types.ts';
import { hasDiscord, loadConfig } from '../../src/config.ts';
import { defaultKnowledgeDir } from '../../src/cli/paths.ts';
import { openKnowledge } from '../../src/knowledge/open.ts';
import { startDiscordServer } from '../support/discord-server.ts';
import type { DiscordServer } from '../support/discord-server.ts';
import { contractProblems } from '../unit/bot/helpers.ts';
import { DEPLOY, MAIN, ROOT, spawnEntry, type Spawned } from '../unit/bot/spawn.ts';

const LONG = 20_000;
const spawned: Spawned[] = [];
function run(script: string, env: Record<string, string>, options: Parameters<typeof spawnEntry>[2] = {}): Spawned {
  const p = spawnEntry(script, env, options);
  spawned.push(p);
  return p;
}

let server: DiscordServer;

beforeAll(async () => {
  server = await startDiscordServer({ defaultTimeoutMs: LONG });
});

afterAll(async () => {
  await Promise.all(spawned.map((p) => p.cleanup()));
  await server?.close();
});

describe('npm start with a bad configuration', () => {
  it('exits non-zero with a clear error when Discord refuses the token, without printing it', async () => {
    const wrong = `${Buffer.from('1300000000000000001').toString('base64url')}.WrOnG0.${'w'.repeat(38)}`;
    const bot = run(MAIN, { DISCORD_TOKEN: wrong, DISCORD_API_URL: server.apiUrl });
    const { code } = await bot.exited(60_000);
    expect(code).toBe(1);
    const output = bot.stdout() + bot.stderr();
    expect(output).toContain('Discord did not accept the bot token (DISCORD_TOKEN)');
    expect(output).not.toContain(wrong);
    expect(output).not.toContain('WrOnG0');
    expect(server.identifies).toHaveLength(0);
  }, 90_000);

  it('lists every malformed key in one error and exits non-zero, without printing the token', async () => {
    const secret = 'my-client-secret-not-a-token-123';
    const bot = run(MAIN, { DISCORD_TOKEN: secret, LOG_LEVEL: 'loud', ASK_COOLDOWN_SECONDS: 'soon', DISCORD_GUILD_ID: 'abc' });
    const { code } = await bot.exited(60_000);
    expect(code).toBe(1);
    const err = bot.stderr();
    expect(err).toMatch(/^Invalid configuration \(4 problems\)/);
    for (const key of ['DISCORD_TOKEN', 'DISCORD_GUILD_ID', 'LOG_LEVEL', 'ASK_COOLDOWN_SECONDS']) expect(err).toContain(`  - ${key}: `);
    expect(err + bot.stdout()).not.toContain(secret);
  }, 90_000);

  it('exits non-zero when the Discord API cannot be reached', async () => {
    const closed = await startDiscordServer();
    const apiUrl = closed.apiUrl;
    await closed.close();
    const bot = run(MAIN, { DISCORD_TOKEN: server.token, DISCORD_API_URL: apiUrl });
    const { code } = await bot.exited(60_000);
    expect(code).toBe(1);
    expect(bot.stderr()).toContain(`Could not connect to Discord at ${apiUrl}`);
    expect(bot.stderr()).not.toContain(server.token);
  }, 90_000);
});

describe('npm start without a token: the local console', () => {
  it('says how to connect to Discord, answers the commands typed, and exits 0 when the input ends', async () => {
    const local = run(MAIN, {}, { stdin: 'pipe' });
    local.child.stdin?.end('/ask how long is the wait for an autism assessment?\n/progress\n/waiting OT\n/statements nhs\n/sources\n/help\n');
    expect(await local.exited(60_000)).toEqual({ code: 0, signal: null });
    const out = local.stdout();
    expect(out).toContain('No DISCORD_TOKEN is set');
    expect(out).toContain('npm run deploy-commands');
    expect(out).toContain('You asked: how long is the wait for an autism assessment?');
    expect(out).toMatch(/due January 2026 · Monitoring inspection due \(within 18 months of the report\)/);
    expect(out).toContain('Waiting times for Occupational therapy');
    expect(out).toContain('What NHS said');
    expect(out).toContain('Passages: 18');
    expect(out).toContain('/ask – ask a question');
  }, 90_000);

  it('runs from npm start\'s own command (plain JavaScript entry, then main.ts), which keeps Node\'s compile cache', async () => {
    const start = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start.split(/\s+/);
    expect(start[0]).toBe('node');
    const entry = start[start.length - 1] ?? '';
    // Plain JavaScript, so that loading it does not load Node's TypeScript stripper.
    expect(entry).toMatch(/\.js$/);
    const local = run(join(ROOT, entry), { NODE_OPTIONS: start.slice(1, -1).join(' ') }, { stdin: 'ignore' });
    expect(await local.exited(60_000), local.stderr()).toEqual({ code: 0, signal: null });
    expect(local.stdout()).toContain('No DISCORD_TOKEN is set');
    const cache = process.env.NODE_COMPILE_CACHE ?? join(ROOT, '.cache', 'node-compile-cache');
    expect(existsSync(cache) ? readdirSync(cache, { recursive: true }).length : 0).toBeGreaterThan(0);
  }, 90_000);

  it('exits cleanly at once when standard input is closed (no terminal)', async () => {
    const local = run(MAIN, {}, { stdin: 'ignore' });
    expect(await local.exited(60_000)).toEqual({ code: 0, signal: null });
    expect(local.stdout()).toContain('No DISCORD_TOKEN is set');
  }, 90_000);
});

describe('npm run deploy-commands', () => {
  it('registers the commands globally without DISCORD_GUILD_ID', async () => {
    const deploy = run(DEPLOY, { DISCORD_TOKEN: server.token, DISCORD_CLIENT_ID: server.applicationId, DISCORD_API_URL: server.apiUrl });
    const { code } = await deploy.exited(60_000);
    expect(code, deploy.stderr()).toBe(0);
    expect(deploy.stdout()).toContain('Registered 11 commands globally');
    expect(server.registeredCommands('global').map((c) => c.name)).toEqual(['Ask the reports', 'ask', 'glossary', 'help', 'privacy', 'progress', 'refresh', 'review', 'sources', 'statements', 'waiting']);
    expect(server.problems()).toEqual([]);
  }, 90_000);

  it('needs the token and the application id', async () => {
    const deploy = run(DEPLOY, { DISCORD_API_URL: server.apiUrl });
    expect((await deploy.exited(60_000)).code).toBe(1);
    expect(deploy.stderr()).toMatch(/DISCORD_TOKEN: missing[\s\S]*DISCORD_CLIENT_ID: missing/);
  }, 90_000);
});

describe('a rejected promise nobody handles', () => {
  it('is logged and the bot keeps answering', async () => {
    const own = await startDiscordServer({ defaultTimeoutMs: LONG });
    try {
      const inject = `data:text/javascript,${encodeURIComponent('process.on("SIGUSR2", () => { Promise.reject(new Error("injected fault")); });')}`;
      const bot = run(MAIN, { DISCORD_TOKEN: own.token, DISCORD_API_URL: own.apiUrl, ASK_COOLDOWN_SECONDS: '0' }, { preload: [inject] });
      await own.waitForSession(60_000);
      await bot.waitForOutput(/INFO {2}ready /, 60_000);
      bot.child.kill('SIGUSR2');
      await bot.waitForOutput(/ERROR unhandled promise rejection \(the bot keeps running\) error="Error: injected fault"/);
      const reply = await own.interact({ type: 'command', name: 'ask', options: { question: 'what did the council say?' } }).reply();
      expect(reply.embeds.length).toBeGreaterThan(0);
      expect(bot.child.exitCode).toBeNull();
      bot.child.kill('SIGINT');
      expect(await bot.exited()).toEqual({ code: 0, signal: null });
    } finally {
      await own.close();
    }
  }, 120_000);
});

describe('the error boundary (startBot in this process, the real discord.js client)', () => {
  let bot: Bot | undefined;
  let dataDir: string | undefined;
  const logs: string[] = [];

  const failing: Command[] = [
    { data: new SlashCommandBuilder().setName('explode').setDescription('Throws at once'), execute: async () => { throw new Error('bug in explode'); } },
    {
      data: new SlashCommandBuilder().setName('slow').setDescription('Defers, then throws'),
      execute: async (interaction) => {
        await interaction.deferReply();
        throw new Error('bug after deferring');
      },
    },
    { data: new SlashCommandBuilder().setName('oops').setDescription('A user error'), execute: async () => { throw new UserError('Nothing to show for **that**.'); } },
    {
      data: new SlashCommandBuilder().setName('pick').setDescription('Autocomplete throws')
        .addStringOption((o) => o.setName('thing').setDescription('Thing').setAutocomplete(true)),
      execute: async () => {},
      autocomplete: async () => { throw new Error('bug in autocomplete'); },
    },
  ];

  beforeAll(async () => {
    // The review queue and the audit log go to a temporary folder, never the project's data/.
    dataDir = mkdtempSync(join(tmpdir(), 'bot-boundary-'));
    const config = loadConfig({
      DISCORD_TOKEN: server.token, DISCORD_API_URL: server.apiUrl, ASK_COOLDOWN_SECONDS: '0',
      REVIEW_FILE: join(dataDir, 'review-queue.jsonl'), AUDIT_FILE: join(dataDir, 'audit.jsonl'),
    });
    if (!hasDiscord(config)) throw new Error('no Discord config');
    const commands = await loadCommands();
    for (const c of failing) commands.set(c.data.name, c);
    bot = await startBot(config, { commands, logger: createLogger({ level: 'debug', secrets: [server.token], write: (l) => void logs.push(l) }) });
    await server.waitForSession(LONG);
  }, 60_000);

  afterEach(() => {
    expect(server.problems()).toEqual([]);
  });

  afterAll(async () => {
    await bot?.stop();
    await bot?.stop(); // twice is fine
    if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true });
  });

  it('a bug: logged, and the member gets a short private apology', async () => {
    const h = server.interact({ type: 'command', name: 'explode' });
    const reply = await h.reply();
    expect(reply.content).toBe(APOLOGY);
    expect(h.isEphemeral()).toBe(true);
    expect(contractProblems(reply, bot?.knowledge.engine ?? (await openKnowledge(defaultKnowledgeDir())).engine, { cites: false })).toEqual([]);
    expect(logs.join('\n')).toMatch(/ERROR command command=explode outcome=error ms=\d+ error="Error: bug in explode"/);
  });

  it('a bug after deferring: the apology follows up in place of "thinking…"', async () => {
    const h = server.interact({ type: 'command', name: 'slow' });
    const reply = await h.reply();
    expect(h.deferred).toBe(true);
    expect(reply.content).toBe(APOLOGY);
    expect(h.events.map((e) => e.kind)).toEqual(['callback', 'followUp']);
    const followUp = h.events.find((e) => e.kind === 'followUp');
    expect(followUp?.kind === 'followUp' && followUp.data['allowed_mentions']).toEqual({ parse: [] });
  });

  it('a user error: its message, privately', async () => {
    const h = server.interact({ type: 'command', name: 'oops' });
    const reply = await h.reply();
    expect(reply.content).toBe('Nothing to show for **that**.');
    expect(h.isEphemeral()).toBe(true);
    await expect.poll(() => logs.join('\n')).toMatch(/INFO {2}command command=oops outcome=user-error/);
  });

  it('a bug in autocomplete: logged, and no choices', async () => {
    const choices = await server.interact({ type: 'autocomplete', name: 'pick', options: { thing: 'a' }, focused: 'thing' }).autocompleteChoices();
    expect(choices).toEqual([]);
    expect(logs.join('\n')).toMatch(/ERROR autocomplete command=pick outcome=error error="Error: bug in autocomplete"/);
  });

  it('keeps answering after all that', async () => {
    const reply = await server.interact({ type: 'command', name: 'ask', options: { question: 'when is the next inspection?' } }).reply();
    expect(reply.embeds.length).toBeGreaterThan(0);
    expect(logs.join('\n')).not.toContain(server.token);
    expect(logs.join('\n')).not.toContain('when is the next inspection');
  });
});
