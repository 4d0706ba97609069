/**
 * The real bot, end to end: `npm run deploy-commands` and `npm start` (src/main.ts) run as child
 * processes with only environment variables, against the Discord-compatible server of test/support on
 * 127.0.0.1. Every command, autocomplete, deferred replies, the cooldown, mentions, a dropped gateway
 * connection, unknown and malformed interactions, Discord's limits, the citation contract, private
 * logs, and a clean stop on SIGTERM.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MessageFlags } from 'discord.js';
import type { Engine } from '../../src/core/engine.ts';
import { defaultKnowledgeDir } from '../../src/cli/paths.ts';
import { openKnowledge } from '../../src/knowledge/open.ts';
import { startDiscordServer } from '../support/discord-server.ts';
import type { ApiMessage, DiscordServer, InteractionEvent, InteractionHandle } from '../support/discord-server.ts';
import { contractProblems, limitProblems, unrender } from '../unit/bot/helpers.ts';
import { DEPLOY, MAIN, spawnEntry, type Spawned } from '../unit/bot/spawn.ts';
import { MALFORMED_COMMAND, UNKNOWN_COMMAND } from '../../src/replies/errors.ts';

const LONG = 20_000;
const COOLDOWN = 60;

let server: DiscordServer;
let bot: Spawned | undefined;
let engine: Engine;
let env: Record<string, string>;
/** Every question asked in this file, to check none reaches the logs. */
const asked: string[] = [];
/** Each test asks as a member of its own, so the /ask cooldown only shows where a test wants it. */
let nextMember = 0;
const member = (): { id: string; username: string } => {
  nextMember += 1;
  return { id: `14000000000000000${String(nextMember).padStart(2, '0')}`, username: `parent${nextMember}` };
};

function ask(question: string, options: { private?: boolean; user?: { id: string; username: string } } = {}): InteractionHandle {
  asked.push(question);
  return server.interact({
    type: 'command',
    name: 'ask',
    options: { question, ...(options.private !== undefined && { private: options.private }) },
    user: options.user ?? member(),
  });
}

/** Every request body the bot sent for an interaction: callbacks, edits and follow-ups. */
function sentBodies(h: InteractionHandle): Record<string, unknown>[] {
  return h.events.flatMap((e: InteractionEvent) => {
    if (e.kind === 'callback') return e.data && (e.type === 4 || e.type === 5) ? [e.data] : e.type === 5 ? [{}] : [];
    if (e.kind === 'edit' || e.kind === 'followUp') return [e.data];
    return [];
  });
}

/** Every message body the bot sent (not a deferral) carries allowed_mentions: { parse: [] }. */
function expectNoMentionsAllowed(h: InteractionHandle): void {
  const bodies = h.events.flatMap((e: InteractionEvent) =>
    (e.kind === 'callback' && e.type === 4 && e.data) ? [e.data] : (e.kind === 'edit' || e.kind === 'followUp') ? [e.data] : []);
  expect(bodies.length).toBeGreaterThan(0);
  for (const body of bodies) expect(body['allowed_mentions'], JSON.stringify(body).slice(0, 300)).toEqual({ parse: [] });
}

function expectCites(message: ApiMessage): void {
  expect(message.embeds.length).toBeGreaterThan(0);
  expect(contractProblems(message, engine, { cites: true })).toEqual([]);
  expect(limitProblems(message)).toEqual([]);
}

function expectCitesNothing(message: ApiMessage): void {
  expect(contractProblems(message, engine, { cites: false })).toEqual([]);
}

beforeAll(async () => {
  engine = (await openKnowledge(defaultKnowledgeDir())).engine;
  server = await startDiscordServer({ defaultTimeoutMs: LONG });
  env = {
    DISCORD_TOKEN: server.token,
    DISCORD_CLIENT_ID: server.applicationId,
    DISCORD_GUILD_ID: server.guildId,
    DISCORD_API_URL: server.apiUrl,
    ASK_COOLDOWN_SECONDS: String(COOLDOWN),
    LOG_LEVEL: 'info',
  };
  // Register the commands with the real deploy script first, so interactions carry the registered ids and option types.
  const deploy = spawnEntry(DEPLOY, env);
  try {
    const { code } = await deploy.exited(60_000);
    expect(code, deploy.stderr()).toBe(0);
    expect(deploy.stdout()).toMatch(/^Registered 11 commands in server \d+: Apps → Ask the reports, \/ask, \/glossary, \/help, \/privacy, \/progress, \/refresh, \/review, \/sources, \/statements, \/waiting\n$/);
  } finally {
    await deploy.cleanup();
  }
  bot = spawnEntry(MAIN, env);
  await server.waitForSession(60_000);
  await bot.waitForOutput(/INFO {2}ready /, 60_000);
}, 120_000);

afterEach(() => {
  expect(server.problems()).toEqual([]);
});

afterAll(async () => {
  await bot?.cleanup();
  await server?.close();
});

describe('deploy-commands', () => {
  it('registered every command in the guild, with the options and autocomplete of the modules', () => {
    const commands = server.registeredCommands(server.guildId);
    expect(commands.map((c) => c.name)).toEqual(['Ask the reports', 'ask', 'glossary', 'help', 'privacy', 'progress', 'refresh', 'review', 'sources', 'statements', 'waiting']);
    expect(server.registeredCommands('global')).toEqual([]);
    expect(commands.find((c) => c.name === 'waiting')?.options?.[0]).toMatchObject({ name: 'service', autocomplete: true });
    expect(server.identifies[0]?.intents).toBe(1); // Guilds only
  });
});

describe('/ask', () => {
  it('answers in the interaction\'s own response (one REST call, no deferral) with up to three cited excerpts, each in its own embed with the source title and link', async () => {
    const h = ask('how long is the wait for an autism assessment?');
    const message = await h.reply();
    expect(h.deferred).toBe(false);
    expect(h.callbackType).toBe(4);
    expect(h.isEphemeral()).toBe(false);
    expect(message.content).toContain('**You asked:** how long is the wait for an autism assessment?');
    expect(message.embeds.length).toBeLessThanOrEqual(3);
    expectCites(message);
    expectNoMentionsAllowed(h);
    expect(h.ackLatencyMs).toBeLessThan(3000);
    // The jargon of the excerpts, explained in text under them, from the glossary.
    const terms = /\*\*Terms in this answer:\*\*\n((?:\*\*.+\*\*: .+\n)+)Use `\/glossary` to look up these and other terms\./.exec(message.content ?? '');
    expect(terms, message.content).not.toBeNull();
    const named = [...(terms?.[1] ?? '').matchAll(/^\*\*(.+?)\*\*: /gm)].map((m) => m[1]);
    expect(named.length).toBeGreaterThan(0);
    for (const term of named) expect(engine.glossary.entries.map((e) => e.term), term).toContain(term);
  });

  it('shows both sides, dated and newest first, with a lead line saying the reports differ', async () => {
    const message = await ask('has it got better since 2018?').reply();
    const published = new Map(engine.sources.map((s) => [s.meta.url, s.meta.published]));
    const dates = message.embeds.map((e) => published.get(e.url ?? '') ?? '');
    expect(new Set(dates).size).toBeGreaterThan(1);
    expect([...dates].sort().reverse()).toEqual(dates);
    expect(message.content).toContain('newest first');
    expect(message.embeds.every((e) => e.author?.name)).toBe(true);
    expectCites(message);
  });

  it('is private with private:true', async () => {
    const h = ask('what did the inspectors find?', { private: true });
    const message = await h.reply();
    expect(h.isEphemeral()).toBe(true);
    expect(message.flags & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    expectCites(message);
  });

  it('quotes @everyone and mentions without pinging anyone', async () => {
    const h = ask('@everyone @here <@1300000000000000010> how long is the wait for occupational therapy?');
    const message = await h.reply();
    expect(message.mention_everyone).toBe(false);
    expect(message.mentions).toEqual([]);
    expect(message.mention_roles).toEqual([]);
    expect(message.content).toContain('@\u200beveryone');
    expect(message.content).not.toMatch(/@everyone|@here|<@\d/);
    expectCites(message);
    for (const body of sentBodies(h)) if ('content' in body || 'embeds' in body) expect(body['allowed_mentions']).toEqual({ parse: [] });
  });

  it('says what it can answer about when the reports do not cover a question, citing nothing', async () => {
    const message = await ask('what is the best pizza in town?').reply();
    expect(message.content).toContain("The reports I have don't cover that.");
    expect(message.content).toContain('waiting times');
    expectCitesNothing(message);
  });

  it('answers a member politely and privately while their cooldown runs; others are not held up', async () => {
    const parent = member();
    const first = ask('what did the council say?', { user: parent });
    expectCites(await first.reply());
    const second = ask('what did the NHS say?', { user: parent });
    const refusal = await second.reply();
    expect(second.callbackType).toBe(4);
    expect(second.isEphemeral()).toBe(true);
    expect(refusal.content).toMatch(/^You can ask another question in \d+ seconds?\./);
    expectCitesNothing(refusal);
    expectNoMentionsAllowed(second);
    expectCites(await ask('what did the NHS say?').reply());
  });
});

describe('/progress, /waiting, /statements, /sources, /help', () => {
  it('/progress: the inspections at a glance, each step cited and marked', async () => {
    const h = server.interact({ type: 'command', name: 'progress', user: member() });
    const message = await h.reply();
    expect(h.deferred).toBe(true);
    expect(message.embeds.map((e) => e.author?.name?.split(' · ')[0])).toEqual([expect.stringMatching(/^(was )?due January 2026$/), 'April 2024', '1 to 3 November 2021', '2018']);
    expect(message.content).toMatch(/\*\*Inspections at a glance\*\*/);
    expect(message.embeds.every((e) => (e.description ?? '').length > 0)).toBe(true);
    expectCites(message);
    expectNoMentionsAllowed(h);
  });

  it('/waiting: waiting-time passages in general, naming the services to pick', async () => {
    const message = await server.interact({ type: 'command', name: 'waiting', user: member() }).reply();
    expectCites(message);
    expect(message.content).toContain('Pick a service for more: Autism diagnosis, Community paediatrics, Occupational therapy');
    for (const e of message.embeds) expect(unrender(e.description ?? '').join(' ')).toMatch(/wait/i);
  });

  it('/waiting service: the passages about that service', async () => {
    const message = await server.interact({ type: 'command', name: 'waiting', options: { service: 'Occupational therapy' }, user: member() }).reply();
    expect(message.content).toContain('Waiting times for Occupational therapy');
    expectCites(message);
    expect(unrender(message.embeds[0]?.description ?? '').join(' ')).toContain('occupational therapy');
  });

  it('/waiting autocomplete: the services the reports answer about, filtered by what was typed', async () => {
    const all = await server.interact({ type: 'autocomplete', name: 'waiting', options: { service: '' }, focused: 'service', user: member() }).autocompleteChoices();
    expect(all.map((c) => c.name)).toEqual(['Autism diagnosis', 'Community paediatrics', 'Occupational therapy', 'Specialist school places', 'EHC plans']);
    const typed = await server.interact({ type: 'autocomplete', name: 'waiting', options: { service: 'PAED' }, focused: 'service', user: member() }).autocompleteChoices();
    expect(typed).toEqual([{ name: 'Community paediatrics', value: 'Community paediatrics' }]);
    const none = await server.interact({ type: 'autocomplete', name: 'waiting', options: { service: 'zzz' }, focused: 'service', user: member() }).autocompleteChoices();
    expect(none).toEqual([]);
  });

  it('/statements: what each partner said, grouped, every quote cited', async () => {
    const message = await server.interact({ type: 'command', name: 'statements', user: member() }).reply();
    expect(message.content).toContain('What each partner said');
    expectCites(message);
    const headings = message.embeds.map((e) => e.author?.name);
    expect(headings).toContain('Worcestershire County Council');
    expect(headings).toContain('NHS');
    expect(message.embeds.every((e) => (e.footer?.text ?? '').includes(' · '))).toBe(true);
  });

  it('/statements who: one partner; an unknown name is answered privately, citing nothing', async () => {
    const nhs = await server.interact({ type: 'command', name: 'statements', options: { who: 'NHS' }, user: member() }).reply();
    expect(nhs.content).toContain('What NHS said');
    expectCites(nhs);
    const h = server.interact({ type: 'command', name: 'statements', options: { who: '@everyone nobody' }, user: member() });
    const unknown = await h.reply();
    expect(h.isEphemeral()).toBe(true);
    expect(unknown.content).toMatch(/^I have no statements from “@\u200beveryone nobody”/);
    expect(unknown.mention_everyone).toBe(false);
    expectCitesNothing(unknown);
  });

  it('/statements autocomplete: partners and speakers present, filtered by what was typed', async () => {
    const all = await server.interact({ type: 'autocomplete', name: 'statements', options: { who: '' }, focused: 'who', user: member() }).autocompleteChoices();
    expect(all.length).toBeLessThanOrEqual(25);
    expect(all.slice(0, 4).map((c) => c.name)).toEqual(['Worcestershire County Council', 'NHS', 'Local area partnership', 'Inspectors (Ofsted and CQC)']);
    expect(all.map((c) => c.name)).toContain('Dr Louise Bramble');
    const typed = await server.interact({ type: 'autocomplete', name: 'statements', options: { who: 'cllr' }, focused: 'who', user: member() }).autocompleteChoices();
    expect(typed).toEqual([{ name: 'Cllr Marcus Hart', value: 'Cllr Marcus Hart' }]);
  });

  it('/sources list: each source with title, link, publisher, date and passage count', async () => {
    const message = await server.interact({ type: 'command', name: 'sources', options: [{ name: 'list', options: [] }], user: member() }).reply();
    expect(message.embeds).toHaveLength(engine.sources.length);
    expectCites(message);
    for (const e of message.embeds) {
      const source = engine.sources.find((s) => s.meta.url === e.url);
      expect(e.title).toBe(source?.meta.title);
      expect(e.footer?.text).toContain(source?.meta.publisher);
      expect(e.fields?.[0]?.name).toBe('Published');
      expect(e.fields?.[1]).toEqual({ name: 'Passages', value: String(source?.passages.length), inline: true });
    }
  });

  it('/help: what the bot does and example questions, privately, citing nothing', async () => {
    const h = server.interact({ type: 'command', name: 'help', user: member() });
    const message = await h.reply();
    expect(h.isEphemeral()).toBe(true);
    expect(message.content).toContain('`/ask`');
    expect(message.content).toContain('Questions you could ask');
    expectCitesNothing(message);
  });

  it('/glossary term: the plain-English meaning, its other names and an official link; typos forgiven', async () => {
    const message = await server.interact({ type: 'command', name: 'glossary', options: { term: 'senko' }, user: member() }).reply();
    const entry = engine.glossary.entries.find((e) => e.term === 'SENCo');
    expect(entry).toBeDefined();
    expect(message.content).toContain('**SENCo**');
    expect(message.content).toContain('The special educational needs coordinator');
    // The official explanation's link, unembedded; no excerpt, so no source is cited.
    expect(message.content).toContain(`<${entry?.link ?? ''}>`);
    expect(message.embeds ?? []).toEqual([]);
  });

  it('/glossary autocomplete: terms and aliases matching what was typed', async () => {
    const typed = await server.interact({ type: 'autocomplete', name: 'glossary', options: { term: 'ehc' }, focused: 'term', user: member() }).autocompleteChoices();
    expect(typed.length).toBeGreaterThan(0);
    expect(typed.length).toBeLessThanOrEqual(25);
    expect(typed.map((c) => c.value)).toContain('EHC plan');
  });
});

describe('resilience', () => {
  it('answers an unknown command with a polite private line (no crash) and answers the next question', async () => {
    const unknown = server.interact({ type: 'command', name: 'retired', user: member() });
    expect((await unknown.reply()).content).toBe(UNKNOWN_COMMAND);
    expect(unknown.isEphemeral()).toBe(true);
    expectCites(await ask('what did the partnership say?').reply());
    await bot?.waitForOutput(/WARN {2}command command=retired outcome=ignored ms=\d+ reason="unknown command/);
  });

  it('answers a malformed interaction (options of the wrong type) politely and privately, and answers the next question', async () => {
    const malformed = server.interact({ type: 'command', name: 'ask', options: [{ name: 'question', type: 4, value: 42 }], user: member() });
    expect((await malformed.reply()).content).toBe(MALFORMED_COMMAND);
    expect(malformed.isEphemeral()).toBe(true);
    expectCites(await ask('what did the inspectors find?').reply());
    await bot?.waitForOutput(/command=ask outcome=ignored ms=\d+ reason="malformed interaction/);
  });

  it('answers the next question after the gateway connection drops (resumed)', async () => {
    for (const code of [4000, 1006]) {
      const resumesBefore = server.stats.resumes;
      expect(server.dropConnections(code)).toBe(1);
      const h = ask('how long is the wait for an autism assessment?');
      expectCites(await h.reply({ timeoutMs: 30_000 }));
      expect(server.stats.resumes).toBe(resumesBefore + 1);
    }
  }, 60_000);

  it('answers the next question after a drop that invalidates the session (identifies again)', async () => {
    const identifies = server.stats.identifies;
    server.dropConnections(4000, { resumable: false });
    await server.waitForSession(30_000);
    expect(server.stats.identifies).toBe(identifies + 1);
    expectCites(await ask('what did the council say?').reply({ timeoutMs: 30_000 }));
  }, 60_000);

  it('broke none of Discord\'s limits in any message it sent', () => {
    expect(server.violations).toEqual([]);
    for (const h of server.interactions) {
      const messages = [h.original, ...h.currentFollowUps].filter((m): m is ApiMessage => m !== null);
      for (const m of messages) {
        expect(limitProblems(m)).toEqual([]);
        expect(m.mention_everyone).toBe(false);
        expect(m.mentions).toEqual([]);
      }
    }
  });

  it('logs command names, timings and outcomes, never a question, a member or the token', () => {
    const logs = `${bot?.stdout() ?? ''}${bot?.stderr() ?? ''}`;
    expect(logs).toMatch(/INFO {2}command command=ask outcome=ok ms=\d+/);
    expect(logs).toMatch(/command=ask outcome=user-error/);
    for (const q of asked) expect(logs).not.toContain(q);
    for (const word of ['autism assessment', 'pizza', '1400000000000000', 'parent1', server.defaultUser.id]) expect(logs).not.toContain(word);
    expect(logs).not.toContain(server.token);
  });

  it('stops cleanly on SIGTERM: disconnects and exits with 0', async () => {
    if (!bot) throw new Error('the bot did not start');
    bot.child.kill('SIGTERM');
    expect(await bot.exited()).toEqual({ code: 0, signal: null });
    expect(bot.stderr()).toMatch(/stopping signal=SIGTERM/);
    expect(bot.stderr()).toMatch(/disconnected from Discord/);
  });
});
