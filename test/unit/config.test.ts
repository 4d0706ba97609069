import { describe, expect, it } from 'vitest';
import { ConfigError, configDefaults, describeConfig, hasDiscord, loadConfig } from '../../src/config.ts';

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
    expect(config).toEqual({ knowledgeDir: configDefaults.knowledgeDir, logLevel: 'info', askCooldownSeconds: 10 });
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
    }, { cwd: '/srv/bot' });
    expect(config).toEqual({
      discord: { token: TOKEN, clientId: '1300000000000000001', guildId: '1300000000000000002', apiUrl: 'http://127.0.0.1:9999/api' },
      knowledgeDir: '/srv/bot/kb',
      moderatorRoleId: '1300000000000000005',
      logLevel: 'debug',
      askCooldownSeconds: 0,
    });
    expect(hasDiscord(config)).toBe(true);
    expect(config.discord?.apiUrl).toBe('http://127.0.0.1:9999/api');
  });

  it('returns a frozen object', () => {
    const config = loadConfig({ DISCORD_TOKEN: TOKEN });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.discord)).toBe(true);
    expect(config.discord?.apiUrl).toBe('https://discord.com/api');
  });

  it('treats empty values (a copied .env.example) as unset', () => {
    const config = loadConfig({ DISCORD_TOKEN: '', DISCORD_GUILD_ID: '  ', LOG_LEVEL: '', ASK_COOLDOWN_SECONDS: '', KNOWLEDGE_DIR: '' });
    expect(config).toEqual({ knowledgeDir: configDefaults.knowledgeDir, logLevel: 'info', askCooldownSeconds: 10 });
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
    }, { require: ['DISCORD_TOKEN', 'DISCORD_CLIENT_ID'] }));
    expect(error.problems.map((p) => p.split(':')[0])).toEqual([
      'DISCORD_TOKEN', 'DISCORD_CLIENT_ID', 'DISCORD_GUILD_ID', 'MODERATOR_ROLE_ID', 'DISCORD_API_URL', 'LOG_LEVEL', 'ASK_COOLDOWN_SECONDS',
    ]);
    expect(error.message).toMatch(/^Invalid configuration \(7 problems\)/);
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

  it('rejects cooldowns that are not whole seconds from 0 to a day', () => {
    for (const value of ['1.5', 'ten', '86401', '1e3']) {
      expect(errorOf(() => loadConfig({ ASK_COOLDOWN_SECONDS: value })).problems).toEqual([expect.stringMatching(/^ASK_COOLDOWN_SECONDS: /)]);
    }
    expect(loadConfig({ ASK_COOLDOWN_SECONDS: '86400' }).askCooldownSeconds).toBe(86400);
  });

  it('describes the configuration without the token', () => {
    const described = JSON.stringify(describeConfig(loadConfig({ DISCORD_TOKEN: TOKEN, DISCORD_GUILD_ID: '1300000000000000002' })));
    expect(described).not.toContain(TOKEN);
    expect(described).toContain('discord');
  });
});
