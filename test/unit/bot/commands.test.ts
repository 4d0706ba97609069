import { fileURLToPath } from 'node:url';
import { ApplicationIntegrationType, InteractionContextType, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { checkCommand, commandDefinitions, loadCommands } from '../../../src/bot/commands.ts';
import { isMessageCommand, type AnyCommand, type Command } from '../../../src/bot/types.ts';

const FIXTURES = fileURLToPath(new URL('./fixtures/commands/', import.meta.url));

describe('loadCommands', () => {
  it('loads the valid module and skips each malformed one with a warning naming the file and the problem', async () => {
    const warnings: string[] = [];
    const commands = await loadCommands({ dir: FIXTURES, logger: { warn: (m: string) => void warnings.push(m) } });
    expect([...commands.keys()]).toEqual(['good']);
    expect(warnings).toEqual([
      'commands/bad-name.ts: skipped: `data.name` "Bad Name" is not a valid command name (1 to 32 lowercase letters, digits, - or _)',
      'commands/no-default.ts: skipped: no default export (expected `export default { data, execute } satisfies Command`)',
      'commands/no-description.ts: skipped: `data` needs a description of 1 to 100 characters',
      'commands/no-execute.ts: skipped: `execute` is not a function',
      'commands/throws.ts: skipped: cannot be imported: this module is broken',
      'commands/zz-duplicate.ts: skipped: the command name "/good" is already used by commands/good.ts',
    ]);
  });

  it('loads the project\'s commands: every command of the issue, valid for Discord', async () => {
    const warnings: string[] = [];
    const commands = await loadCommands({ logger: { warn: (m: string) => void warnings.push(m) } });
    expect(warnings).toEqual([]);
    expect([...commands.keys()].sort()).toEqual(['Ask the reports', 'ask', 'glossary', 'help', 'privacy', 'progress', 'refresh', 'review', 'sources', 'statements', 'waiting']);
    const all = commandDefinitions(commands);
    // Apps → Ask the reports: a message context-menu command (type 3), which has no description.
    expect(all.find((d) => d.name === 'Ask the reports')).toMatchObject({ type: 3, contexts: [0], integration_types: [0] });
    expect(isMessageCommand(commands.get('Ask the reports') as AnyCommand)).toBe(true);
    const defs = all.filter((d): d is RESTPostAPIChatInputApplicationCommandsJSONBody => d.type === undefined || d.type === 1);
    expect(defs).toHaveLength(10);
    for (const def of defs) {
      expect(def.description.length).toBeGreaterThan(0);
      expect(def.description.length).toBeLessThanOrEqual(100);
    }
    const ask = defs.find((d) => d.name === 'ask');
    expect(ask?.options).toEqual([
      expect.objectContaining({ name: 'question', type: 3, required: true, max_length: 1000 }),
      expect.objectContaining({ name: 'private', type: 5 }),
    ]);
    expect(defs.find((d) => d.name === 'waiting')?.options).toEqual([expect.objectContaining({ name: 'service', type: 3, autocomplete: true })]);
    expect(defs.find((d) => d.name === 'statements')?.options).toEqual([expect.objectContaining({ name: 'who', type: 3, autocomplete: true })]);
    const slash = (name: string): Command | undefined => commands.get(name) as Command | undefined;
    expect(typeof slash('waiting')?.autocomplete).toBe('function');
    expect(typeof slash('statements')?.autocomplete).toBe('function');
    // Moderator commands: hidden by Discord from members without Manage Server, in servers only.
    const refresh = defs.find((d) => d.name === 'refresh');
    expect(refresh?.default_member_permissions).toBe('32');
    expect(refresh?.contexts).toEqual([0]);
    // /sources stays public (parents use `list`); its moderator subcommands are checked by the bot.
    const sources = defs.find((d) => d.name === 'sources');
    expect(sources?.default_member_permissions).toBeUndefined();
    expect(sources?.options?.map((o) => [o.name, o.type])).toEqual([['list', 1], ['add', 1], ['edit', 1], ['remove', 1]]);
    expect(typeof slash('sources')?.autocomplete).toBe('function');
    expect(typeof commands.get('sources')?.button).toBe('function');
  });
});

describe('own server only', () => {
  it('every command module is for servers only (never DMs), installed in a server', async () => {
    const commands = await loadCommands();
    expect(commands.size).toBe(11);
    for (const def of commandDefinitions(commands)) {
      expect(def.contexts, `/${def.name}`).toEqual([InteractionContextType.Guild]);
      expect(def.integration_types, `/${def.name}`).toEqual([ApplicationIntegrationType.GuildInstall]);
    }
  });

  it('declares who may use each command: moderators\' commands are hidden and checked by the boundary', async () => {
    const commands = await loadCommands();
    const access = Object.fromEntries([...commands].map(([name, c]) => [name, c.access ?? 'everyone']));
    expect(access).toMatchObject({ ask: 'everyone', glossary: 'everyone', help: 'everyone', privacy: 'everyone', progress: 'everyone', statements: 'everyone', waiting: 'everyone', refresh: 'moderators', review: 'moderators' });
    for (const name of ['refresh', 'review']) expect(commands.get(name)?.data.toJSON().default_member_permissions, name).toBe('32');
  });
});

describe('checkCommand', () => {
  it('describes what is wrong with a default export', () => {
    expect(checkCommand(null)).toMatch(/null/);
    expect(checkCommand(42)).toMatch(/number/);
    expect(checkCommand({ execute: () => {} })).toMatch(/`data` is missing/);
    expect(checkCommand({ data: { name: 'x' }, execute: () => {} })).toMatch(/toJSON/);
    expect(checkCommand({ data: { name: 'x', toJSON: () => { throw new Error('boom'); } }, execute: () => {} })).toMatch(/throws: boom/);
    expect(checkCommand({ data: { name: 'x', toJSON: () => ({ name: 'x', description: 'd' }) }, execute: () => {}, autocomplete: 'yes' })).toMatch(/autocomplete/);
    expect(checkCommand({ data: { name: 'x', toJSON: () => ({ name: 'x', description: 'd' }) }, execute: () => {}, button: 'yes' })).toMatch(/`button` is not a function/);
    expect(checkCommand({ data: { name: 'x', toJSON: () => ({ name: 'x', description: 'd' }) }, execute: () => {} })).toBeUndefined();
    const withSubs = { name: 'x', toJSON: () => ({ name: 'x', description: 'd', options: [{ type: 1, name: 'add', description: 'a' }] }) };
    expect(checkCommand({ data: withSubs, execute: () => {}, access: 'moderators' })).toBeUndefined();
    expect(checkCommand({ data: withSubs, execute: () => {}, access: { moderatorSubcommands: ['add'] } })).toBeUndefined();
    expect(checkCommand({ data: withSubs, execute: () => {}, access: { moderatorSubcommands: ['remove'] } })).toMatch(/"remove", not a subcommand/);
    expect(checkCommand({ data: withSubs, execute: () => {}, access: 'admins' })).toMatch(/`access` must be/);
  });

  it('accepts a message context-menu command: a name with capitals and spaces, no description, no autocomplete', () => {
    const menu = (json: Record<string, unknown>): { name: string; toJSON: () => Record<string, unknown> } => ({ name: String(json['name']), toJSON: () => json });
    expect(checkCommand({ data: menu({ name: 'Ask the reports', type: 3 }), execute: () => {} })).toBeUndefined();
    expect(checkCommand({ data: menu({ name: 'Ask the reports', type: 3, description: 'd' }), execute: () => {} })).toMatch(/no description/);
    expect(checkCommand({ data: menu({ name: 'Ask the reports', type: 3 }), execute: () => {}, autocomplete: () => {} })).toMatch(/no options/);
    expect(checkCommand({ data: menu({ name: 'Ask the reports', type: 2 }), execute: () => {} })).toMatch(/user context-menu/);
    expect(checkCommand({ data: menu({ name: 'Ask the reports' }), execute: () => {} })).toMatch(/not a valid command name/);
    expect(checkCommand({ data: menu({ name: 'x'.repeat(33), type: 3 }), execute: () => {} })).toMatch(/context-menu command name/);
  });
});
