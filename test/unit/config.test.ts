import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, configDefaults, defaultReviewFile, describeConfig, hasDiscord, loadConfig, moderatorHelpChannel } from '../../src/config.ts';

const TOKEN = 'MTMwMDAwMDAwMDAwMDAwMDAwMQ.GfAkE0.tttttttttttttttttttttttttttttttttttttt';

function errorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('gives the defaults for an empty environment: no Discord, the local console', () => {
    const config = loadConfig({});
    expect(config).toEqual({ knowledgeDir: configDefaults.knowledgeDir, auditFile: join(dirname(configDefaults.knowledgeDir), 'data', 'audit.jsonl'), indexCache: join(dirname(configDefaults.knowledgeDir), 'data', 'index-cache.json'), reviewFile: defaultReviewFile(configDefaults.knowledgeDir), logLevel: 'info', askCooldownSeconds: 10, knowledgeWatch: false, allowPrivateUrls: false, reviewRetentionDays: 90, reviewDigest: 'weekly' });
    expect(hasDiscord(config)).toBe(false);
    expect(configDefaults.knowledgeDir).toMatch(/knowledge\/?$/);
  });

  it('reads every key', () => {
    const config = loadConfig({
      DISCORD_TOKEN: ` ${TOKEN} `,
      DISCORD_CLIENT_ID: '1300000000000000001',
      DISCORD_GUILD_ID: '1300000000000000002',
      DISCORD_API_URL: 'http://127.0.0.1:9999/api/',
      KNOWLEDGE_DIR: 'kb',
      MODERATOR_ROLE_ID: '1300000000000000005',
      LOG_LEVEL: 'DEBUG',
      ASK_COOLDOWN_SECONDS: '0',
      MODERATOR_LOG_CHANNEL_ID: '1300000000000000006',
      AUDIT_FILE: 'logs/audit.jsonl',
      KNOWLEDGE_WATCH: 'true',
      ALLOW_PRIVATE_URLS: 'TRUE',
      INDEX_CACHE: 'cache/index.json',
      REVIEW_FILE: 'data/review.jsonl',
      REVIEW_RETENTION_DAYS: '30',
      REVIEW_DIGEST: 'Off',
    }, { cwd: '/srv/bot' });
    expect(config).toEqual({
      discord: { token: TOKEN, clientId: '1300000000000000001', guildId: '1300000000000000002', apiUrl: 'http://127.0.0.1:9999/api' },
      knowledgeDir: '/srv/bot/kb',
      allowedGuildIds: ['1300000000000000002'],
      moderatorRoleId: '1300000000000000005',
      moderatorLogChannelId: '1300000000000000006',
      auditFile: '/srv/bot/logs/audit.jsonl',
      indexCache: '/srv/bot/cache/index.json',
      knowledgeWatch: true,
      allowPrivateUrls: true,
      logLevel: 'debug',
      askCooldownSeconds: 0,
      reviewFile: '/srv/bot/data/review.jsonl',
      reviewRetentionDays: 30,
      reviewDigest: 'off',
    });
    expect(hasDiscord(config)).toBe(true);
    expect(config.discord?.apiUrl).toBe('http://127.0.0.1:9999/api');
  });

  it('reads ALLOWED_GUILD_IDS (default: DISCORD_GUILD_ID; unset: every server) and refuses what is not a list of ids', () => {
    expect(loadConfig({ DISCORD_TOKEN: TOKEN }).allowedGuildIds).toBeUndefined();
    expect(loadConfig({ DISCORD_TOKEN: TOKEN, DISCORD_GUILD_ID: '1300000000000000002' }).allowedGuildIds).toEqual(['1300000000000000002']);
    const both = loadConfig({ DISCORD_TOKEN: TOKEN, DISCORD_GUILD_ID: '1300000000000000002', ALLOWED_GUILD_IDS: ' 1300000000000000007, 1300000000000000008,' });
    expect(both.allowedGuildIds).toEqual(['1300000000000000007', '1300000000000000008']);
    expect(Object.isFrozen(both.allowedGuildIds)).toBe(true);
    expect(() => loadConfig({ ALLOWED_GUILD_IDS: '1300000000000000007,my-server' })).toThrow(
      'ALLOWED_GUILD_IDS: "my-server" is not a Discord id (a comma-separated list of server ids, 17 to 20 digits each: right-click the server with Developer Mode on → Copy Server ID)',
    );
    expect(() => loadConfig({ ALLOWED_GUILD_IDS: ',' })).toThrow(/ALLOWED_GUILD_IDS: "," is not a Discord id/);
  });

  it('returns a frozen object', () => {
    const config = loadConfig({ DISCORD_TOKEN: TOKEN });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.discord)).toBe(true);
    expect(config.discord?.apiUrl).toBe('https://discord.com/api');
  });

  it('treats empty values (a copied .env.example) as unset', () => {
    const config = loadConfig({
      DISCORD_TOKEN: '', DISCORD_GUILD_ID: '  ', LOG_LEVEL: '', ASK_COOLDOWN_SECONDS: '', KNOWLEDGE_DIR: '',
      MODERATOR_LOG_CHANNEL_ID: '', AUDIT_FILE: '', KNOWLEDGE_WATCH: '', ALLOW_PRIVATE_URLS: '',
      REVIEW_FILE: '', REVIEW_RETENTION_DAYS: ' ', REVIEW_DIGEST: '',
    });
    expect(config).toEqual({ knowledgeDir: configDefaults.knowledgeDir, auditFile: join(dirname(configDefaults.knowledgeDir), 'data', 'audit.jsonl'), indexCache: join(dirname(configDefaults.knowledgeDir), 'data', 'index-cache.json'), reviewFile: defaultReviewFile(configDefaults.knowledgeDir), logLevel: 'info', askCooldownSeconds: 10, knowledgeWatch: false, allowPrivateUrls: false, reviewRetentionDays: 90, reviewDigest: 'weekly' });
  });

  it('turns the index cache off with INDEX_CACHE=off', () => {
    expect(loadConfig({ INDEX_CACHE: 'off' }).indexCache).toBeUndefined();
    expect(loadConfig({ INDEX_CACHE: '/var/cache/bot.json' }).indexCache).toBe('/var/cache/bot.json');
  });

  it('keeps an absolute KNOWLEDGE_DIR as it is', () => {
    expect(loadConfig({ KNOWLEDGE_DIR: '/data/knowledge' }, { cwd: '/elsewhere' }).knowledgeDir).toBe('/data/knowledge');
  });

  it('lists every problem in one error', () => {
    const error = errorOf(() => loadConfig({
      DISCORD_GUILD_ID: 'my-server',
      DISCORD_API_URL: 'ftp://example.com',
      MODERATOR_ROLE_ID: '12',
      LOG_LEVEL: 'verbose',
      ASK_COOLDOWN_SECONDS: '-5',
      REVIEW_RETENTION_DAYS: '0',
      REVIEW_DIGEST: 'daily',
    }, { require: ['DISCORD_TOKEN', 'DISCORD_CLIENT_ID'] }));
    expect(error.problems.map((p) => p.split(':')[0])).toEqual([
      'DISCORD_TOKEN', 'DISCORD_CLIENT_ID', 'DISCORD_GUILD_ID', 'MODERATOR_ROLE_ID', 'DISCORD_API_URL', 'LOG_LEVEL', 'ASK_COOLDOWN_SECONDS',
      'REVIEW_RETENTION_DAYS', 'REVIEW_DIGEST',
    ]);
    expect(error.message).toMatch(/^Invalid configuration \(9 problems\)/);
    for (const p of error.problems) expect(error.message).toContain(p);
    expect(error.message).toContain('LOG_LEVEL: "verbose" is not one of debug, info, warn, error');
    expect(error.message).toContain('DISCORD_TOKEN: missing');
    expect(error.message).toContain('.env.example');
  });

  it('requires the token and client id only when asked to (deploy-commands)', () => {
    expect(() => loadConfig({})).not.toThrow();
    expect(errorOf(() => loadConfig({ DISCORD_TOKEN: TOKEN }, { require: ['DISCORD_TOKEN', 'DISCORD_CLIENT_ID'] })).problems)
      .toEqual([expect.stringMatching(/^DISCORD_CLIENT_ID: missing/)]);
  });

  it('never puts the token in the error, however it is malformed', () => {
    const malformed = [`Bot ${TOKEN}`, `${TOKEN.slice(0, 20)} ${TOKEN.slice(20)}`, 'my-client-secret-abcdefghijklmnop'];
    for (const token of malformed) {
      const error = errorOf(() => loadConfig({ DISCORD_TOKEN: token, LOG_LEVEL: 'loud' }));
      expect(error.problems).toHaveLength(2);
      expect(error.problems[0]).toMatch(/^DISCORD_TOKEN: /);
      expect(error.message).not.toContain(token);
      expect(error.message).not.toContain(TOKEN.slice(0, 20));
      expect(error.message).not.toContain('my-client-secret');
      expect(String(error.stack)).not.toContain(token);
    }
  });

  it('reads the moderation keys: true or false for the switches, a Discord id for the log channel', () => {
    expect(loadConfig({ KNOWLEDGE_WATCH: 'false', ALLOW_PRIVATE_URLS: 'False' })).toMatchObject({ knowledgeWatch: false, allowPrivateUrls: false });
    expect(loadConfig({ AUDIT_FILE: '/var/log/bot/audit.jsonl' }, { cwd: '/elsewhere' }).auditFile).toBe('/var/log/bot/audit.jsonl');
    const error = errorOf(() => loadConfig({ KNOWLEDGE_WATCH: 'yes', ALLOW_PRIVATE_URLS: '1', MODERATOR_LOG_CHANNEL_ID: '#mod-log' }));
    expect(error.problems).toEqual([
      'MODERATOR_LOG_CHANNEL_ID: "#mod-log" is not a Discord id (17 to 20 digits; the channel id: right-click the channel with Developer Mode on → Copy Channel ID)',
      'KNOWLEDGE_WATCH: "yes" is not true or false',
      'ALLOW_PRIVATE_URLS: "1" is not true or false',
    ]);
  });

  it('reads MODERATOR_HELP_CHANNEL_ID like the other ids; Ask a moderator falls back to the log channel, else has none', () => {
    expect(loadConfig({ MODERATOR_HELP_CHANNEL_ID: '1300000000000000007' }).moderatorHelpChannelId).toBe('1300000000000000007');
    expect(errorOf(() => loadConfig({ MODERATOR_HELP_CHANNEL_ID: '#help' })).problems).toEqual([
      'MODERATOR_HELP_CHANNEL_ID: "#help" is not a Discord id (17 to 20 digits; the channel id: right-click the channel with Developer Mode on → Copy Channel ID)',
    ]);
    expect(moderatorHelpChannel(loadConfig({ MODERATOR_HELP_CHANNEL_ID: '1300000000000000007', MODERATOR_LOG_CHANNEL_ID: '1300000000000000006' }))).toBe('1300000000000000007');
    expect(moderatorHelpChannel(loadConfig({ MODERATOR_LOG_CHANNEL_ID: '1300000000000000006' }))).toBe('1300000000000000006');
    expect(moderatorHelpChannel(loadConfig({ MODERATOR_HELP_CHANNEL_ID: '' }))).toBeUndefined();
  });

  it('rejects cooldowns that are not whole seconds from 0 to a day', () => {
    for (const value of ['1.5', 'ten', '86401', '1e3']) {
      expect(errorOf(() => loadConfig({ ASK_COOLDOWN_SECONDS: value })).problems).toEqual([expect.stringMatching(/^ASK_COOLDOWN_SECONDS: /)]);
    }
    expect(loadConfig({ ASK_COOLDOWN_SECONDS: '86400' }).askCooldownSeconds).toBe(86400);
  });

  it('reads the review queue keys: a file, whole days from 1 to 3650, weekly or off', () => {
    expect(loadConfig({ REVIEW_FILE: '/var/lib/bot/review.jsonl' }, { cwd: '/elsewhere' }).reviewFile).toBe('/var/lib/bot/review.jsonl');
    expect(loadConfig({}).reviewFile).toBe(defaultReviewFile(configDefaults.knowledgeDir));
    // The derived paths follow the knowledge folder, also when a command-line flag overrides it.
    const moved = loadConfig({ KNOWLEDGE_DIR: '/env/kb' }, { overrides: { knowledgeDir: '/flag/kb' } });
    expect([moved.knowledgeDir, moved.auditFile, moved.reviewFile, moved.indexCache]).toEqual(['/flag/kb', '/flag/data/audit.jsonl', '/flag/data/review-queue.jsonl', '/flag/data/index-cache.json']);
    expect(defaultReviewFile('/srv/bot/knowledge')).toBe('/srv/bot/data/review-queue.jsonl');
    expect(defaultReviewFile('/srv/bot/knowledge/')).toBe('/srv/bot/data/review-queue.jsonl');
    expect(loadConfig({ REVIEW_RETENTION_DAYS: '1' }).reviewRetentionDays).toBe(1);
    expect(loadConfig({ REVIEW_RETENTION_DAYS: '3650' }).reviewRetentionDays).toBe(3650);
    expect(loadConfig({ REVIEW_DIGEST: 'WEEKLY' }).reviewDigest).toBe('weekly');
    for (const value of ['0', '3651', '-1', '7.5', 'ninety', '1e2']) {
      expect(errorOf(() => loadConfig({ REVIEW_RETENTION_DAYS: value })).problems)
        .toEqual([`REVIEW_RETENTION_DAYS: ${JSON.stringify(value)} is not a whole number of days from 1 to 3650`]);
    }
    for (const value of ['daily', 'true', 'on']) {
      expect(errorOf(() => loadConfig({ REVIEW_DIGEST: value })).problems).toEqual([`REVIEW_DIGEST: ${JSON.stringify(value)} is not one of weekly, off`]);
    }
  });

  it('describes the configuration without the token', () => {
    const described = JSON.stringify(describeConfig(loadConfig({ DISCORD_TOKEN: TOKEN, DISCORD_GUILD_ID: '1300000000000000002' })));
    expect(described).not.toContain(TOKEN);
    expect(described).toContain('discord');
  });
});
