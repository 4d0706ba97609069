/**
 * Feedback on answers, end to end: the real bot (`npm start`, src/main.ts, as a child process
 * configured only by environment variables) against the Discord-compatible server of test/support on
 * 127.0.0.1, with the review queue in a temporary folder.
 *
 * Every answer carries Helpful / Not helpful; Helpful is counted once per member; Not helpful opens a
 * short optional form whose reason is stored redacted; a question the reports do not cover is queued
 * as abstained; a question with a child's name and a school is answered privately and queued only
 * redacted; the queue file's bytes never hold who asked or the personal details given. Then, with the
 * bot started in this process: an answer rated after its 24 hours, modal submits through the error
 * boundary, and buttons on the last message of a reply spread over several.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageFlags, SlashCommandBuilder } from 'discord.js';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startBot, type Bot } from '../../src/bot/client.ts';
import { commandDefinitions, loadCommands } from '../../src/bot/commands.ts';
import { APOLOGY, UNKNOWN_COMPONENT, UserError } from '../../src/replies/errors.ts';
import { REASON_MAX_LENGTH } from '../../src/bot/feedback/components.ts';
import { FEEDBACK_TTL_MS, FeedbackStore } from '../../src/bot/feedback/store.ts';
import { ALREADY_RATED, NOTED_FOR_MODERATORS, RATING_EXPIRED, THANKS_HELPFUL } from '../../src/replies/feedback.ts';
import { createLogger } from '../../src/logger.ts';
import { privateNotice } from '../../src/replies/privacy.ts';
import type { Card } from '../../src/replies/reply.ts';
import { sendReply } from '../../src/bot/send.ts';
import type { Command } from '../../src/bot/types.ts';
import { hasDiscord, loadConfig } from '../../src/config.ts';
import { defaultKnowledgeDir } from '../../src/cli/paths.ts';
import type { Engine } from '../../src/core/engine.ts';
import type { SourceMeta } from '../../src/core/types.ts';
import { openKnowledge } from '../../src/knowledge/open.ts';
import { ReviewQueue, type ReviewItem } from '../../src/review/queue.ts';
import { buttonIds } from '../support/bot-messages.ts';
import { startDiscordServer } from '../support/discord-server.ts';
import type { ApiMessage, DiscordServer, InteractionEvent, InteractionHandle, JsonObject, ModalData } from '../support/discord-server.ts';
import { contractProblems } from '../unit/bot/helpers.ts';
import { registerGuildCommands } from '../support/guild.ts';
import { MAIN, spawnEntry, type Spawned } from '../unit/bot/spawn.ts';

/** Longest wait for one reply or log line (the machines are slow, 2-core, and shared). */
const LONG = 30_000;
vi.setConfig({ testTimeout: 4 * LONG, hookTimeout: 4 * LONG });

type Member = { id: string; username: string; global_name: string };
const DANA: Member = { id: '1600000000000000001', username: 'dana.whitfield', global_name: 'Dana Whitfield' };
const ELI: Member = { id: '1600000000000000002', username: 'eli.marsh', global_name: 'Eli Marsh' };
const FERN: Member = { id: '1600000000000000003', username: 'fern.oakley', global_name: 'Fern Oakley' };

/** Answered from the reports. */
const ANSWERED = 'how long is the wait for an autism assessment?';
const ANSWERED_TOO = 'what did the inspectors say about EHC plans?';
/** Not covered by the reports. */
const OUT_OF_SCOPE = 'what is the best recipe for banana bread?';
/** A child's name and a school, with a question the reports answer. */
const SENSITIVE_ANSWERED = "My son Jayden goes to St Mary's Primary in Worcester, how long is the wait for an autism assessment?";
/** A child's name and a school, with a question the reports do not cover. */
const SENSITIVE_UNANSWERED = 'My daughter Amelia at Bishop Perowne School wants the best banana bread recipe, which one?';
/** A "Not helpful" reason with a child's name, a school and an e-mail address. */
const REASON = "I hoped to find what Jayden's school, St Mary's Primary, was told. Email me at dana.whitfield@example.com";
/** Personal details given in this file: none may reach the queue file. */
const PERSONAL = ['Jayden', 'Amelia', "St Mary's", 'Bishop Perowne', 'dana.whitfield@example.com'];

let server: DiscordServer;
let bot: Spawned;
let root: string;
let reviewFile: string;
let engine: Engine;
/** Every question asked of the spawned bot: none may reach its logs. */
const asked: string[] = [];
let copies = 0;

function ask(question: string, who: Member = DANA, options: { private?: boolean } = {}): InteractionHandle {
  asked.push(question);
  return server.interact({ type: 'command', name: 'ask', options: { question, ...(options.private !== undefined && { private: options.private }) }, user: who });
}

/** The Helpful and Not helpful custom ids under an answer. */
function feedbackIds(message: ApiMessage): { up: string; down: string } {
  const ids = buttonIds(message);
  const up = ids.find((id) => /^ask:fb:[\w-]+:up$/.test(id));
  const down = ids.find((id) => /^ask:fb:[\w-]+:down$/.test(id));
  if (up === undefined || down === undefined) throw new Error(`no feedback buttons on ${JSON.stringify(message).slice(0, 500)}`);
  return { up, down };
}

function click(message: ApiMessage, customId: string, who: Member): InteractionHandle {
  return server.interact({ type: 'button', customId, message, user: who });
}

/** A private answer to a click or a form (deferred or not): its text. */
async function privately(h: InteractionHandle): Promise<string> {
  const message = await h.reply();
  expect(h.isEphemeral()).toBe(true);
  expect(message.components ?? []).toEqual([]);
  return message.content;
}

/** The review queue as the bot wrote it, read from a copy (so this test never writes to the bot's file). */
async function queued(file = reviewFile): Promise<{ items: ReviewItem[]; helpful: number }> {
  const dir = join(root, 'copies');
  mkdirSync(dir, { recursive: true });
  const copy = join(dir, `review-${++copies}.jsonl`);
  copyFileSync(file, copy);
  const queue = await ReviewQueue.open({ file: copy, retentionDays: 90 });
  return { items: queue.list({ status: 'all', limit: 1000 }).items, helpful: queue.digest(new Date(0)).helpful };
}

/** Every file the review queue keeps (the file, and anything beside it), as raw bytes. */
function queueBytes(): Buffer {
  const dir = join(root, 'review');
  return Buffer.concat(readdirSync(dir).filter((f) => statSync(join(dir, f)).isFile()).map((f) => readFileSync(join(dir, f))));
}

/** Every message body the bot sent for an interaction: callbacks with a message, edits and follow-ups. */
function sentBodies(h: InteractionHandle): JsonObject[] {
  return h.events.flatMap((e: InteractionEvent) =>
    (e.kind === 'callback' && (e.type === 4 || e.type === 7) && e.data) ? [e.data] : (e.kind === 'edit' || e.kind === 'followUp') ? [e.data] : []);
}

function expectNoMentionsAllowed(h: InteractionHandle): void {
  const bodies = sentBodies(h);
  expect(bodies.length).toBeGreaterThan(0);
  for (const body of bodies) expect(body['allowed_mentions'], JSON.stringify(body).slice(0, 300)).toEqual({ parse: [] });
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'send-bot-feedback-'));
  reviewFile = join(root, 'review', 'review-queue.jsonl');
  engine = (await openKnowledge(defaultKnowledgeDir())).engine;
  server = await startDiscordServer({ defaultTimeoutMs: LONG });
  // Register the project's commands (as deploy-commands does), so interactions carry their option types.
  expect(await registerGuildCommands(server, commandDefinitions(await loadCommands()))).toBe(200);
  bot = spawnEntry(MAIN, {
    DISCORD_TOKEN: server.token,
    DISCORD_API_URL: server.apiUrl,
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

describe('the buttons under an answer', () => {
  it('an answer carries "Helpful" and "Not helpful", grey buttons with words, on its last message', async () => {
    const h = ask(ANSWERED);
    const message = await h.reply();
    expect(h.isEphemeral()).toBe(false);
    expect(message.embeds.length).toBeGreaterThan(0);
    expect(contractProblems(message, engine, { cites: true })).toEqual([]);
    expect(h.currentFollowUps).toEqual([]);
    const rows = message.components as JsonObject[];
    // The feedback row, then the next steps (Ask a follow-up; Ask a moderator only with a moderators' channel).
    expect(rows).toHaveLength(2);
    const buttons = (rows[0]?.['components'] ?? []) as JsonObject[];
    expect(buttons.map((b) => [b['label'], b['style'], b['type']])).toEqual([['Helpful', 2, 2], ['Not helpful', 2, 2]]);
    expect(((rows[1]?.['components'] ?? []) as JsonObject[]).map((b) => b['label'])).toEqual(['Ask a follow-up']);
    const { up, down } = feedbackIds(message);
    expect(up.replace(/:up$/, '')).toBe(down.replace(/:down$/, ''));
    expect(up.length).toBeLessThanOrEqual(40);
    for (const id of [up, down]) expect(id).not.toContain(DANA.id);
    expectNoMentionsAllowed(h);
  });

  it('"Helpful" is counted once per member and thanked privately; a second rating is refused', async () => {
    const message = await ask(ANSWERED).reply();
    const { up, down } = feedbackIds(message);
    const before = (await queued().catch(() => ({ items: [], helpful: 0 }))).helpful;

    const first = click(message, up, DANA);
    expect(await privately(first)).toBe(THANKS_HELPFUL);
    expectNoMentionsAllowed(first);
    expect((await queued()).helpful).toBe(before + 1);

    expect(await privately(click(message, up, DANA))).toBe(ALREADY_RATED);
    expect(await privately(click(message, down, DANA))).toBe(ALREADY_RATED);
    expect((await queued()).helpful).toBe(before + 1);

    // Someone else in the channel may rate the same answer.
    expect(await privately(click(message, up, ELI))).toBe(THANKS_HELPFUL);
    const after = await queued();
    expect(after.helpful).toBe(before + 2);
    // A "Helpful" stores no question.
    expect(after.items.filter((i) => i.question.includes('autism assessment'))).toEqual([]);
  });
});

describe('"Not helpful"', () => {
  it('opens a short optional form; the reason is stored redacted with the question and the answer\'s sources', async () => {
    const message = await ask(ANSWERED_TOO, DANA).reply();
    const cited = [...new Set(message.embeds.map((e) => engine.sources.find((s) => s.meta.url === e.url)?.meta.id))];
    const { down } = feedbackIds(message);

    const opened = click(message, down, ELI);
    const modal: ModalData = await opened.modal();
    expect(opened.callbackType).toBe(9);
    expect(modal.custom_id).toMatch(/^ask:fbm:[\w-]+$/);
    expect(modal.title).toBe('Not helpful');
    const label = modal.components[0] as JsonObject;
    expect(label).toMatchObject({ type: 18, label: 'What were you hoping to find?' });
    expect(String(label['description'])).toMatch(/optional.*leave out names/i);
    expect(label['component']).toMatchObject({ type: 4, style: 2, custom_id: 'reason', required: false, max_length: REASON_MAX_LENGTH });
    expect(await queued().then((q) => q.items.filter((i) => i.kind === 'not-helpful'))).toEqual([]);

    // The form holds at most 300 characters: Discord's client would not send more.
    expect(() => server.interact({ type: 'modal', customId: modal.custom_id, modal, message, fields: { reason: 'x'.repeat(REASON_MAX_LENGTH + 1) }, user: ELI })).toThrow(/max_length 300/);

    const submitted = server.interact({ type: 'modal', customId: modal.custom_id, modal, message, fields: { reason: REASON }, user: ELI });
    const thanks = await privately(submitted);
    expect(thanks).toMatch(/moderators will see your question, your reason and the sources I used, without your name/);
    expectNoMentionsAllowed(submitted);

    const items = (await queued()).items.filter((i) => i.kind === 'not-helpful');
    expect(items).toHaveLength(1);
    const item = items[0];
    expect(item).toMatchObject({ kind: 'not-helpful', question: ANSWERED_TOO, status: 'open' });
    expect(item?.sources.map((s) => s.id)).toEqual(cited);
    expect(item?.sources.map((s) => s.title)).toEqual(cited.map((id) => engine.sources.find((s) => s.meta.id === id)?.meta.title));
    expect(item?.reason).toContain('[name]');
    expect(item?.reason).toContain('[school]');
    expect(item?.reason).toContain('[email]');
    for (const detail of PERSONAL) expect(item?.reason).not.toContain(detail);
    expect(Date.now() - Date.parse(item?.at ?? '')).toBeLessThan(5 * 60_000);

    // One rating per member: the form again, or a click, is refused; nothing more is queued.
    expect(await privately(server.interact({ type: 'modal', customId: modal.custom_id, modal, message, fields: { reason: 'again' }, user: ELI }))).toBe(ALREADY_RATED);
    expect(await privately(click(message, down, ELI))).toBe(ALREADY_RATED);
    expect((await queued()).items.filter((i) => i.kind === 'not-helpful')).toHaveLength(1);
  });

  it('without a reason, queues the question and sources only', async () => {
    const message = await ask(ANSWERED, ELI).reply();
    const { down } = feedbackIds(message);
    const modal = await click(message, down, FERN).modal();
    const thanks = await privately(server.interact({ type: 'modal', customId: modal.custom_id, modal, message, fields: { reason: '' }, user: FERN }));
    expect(thanks).not.toContain('your reason');
    const items = (await queued()).items.filter((i) => i.kind === 'not-helpful' && i.question === ANSWERED);
    expect(items).toHaveLength(1);
    expect(items[0]?.reason).toBeUndefined();
    expect(items[0]?.sources.length).toBeGreaterThan(0);
  });
});

describe('questions the reports do not cover', () => {
  it('are queued as abstained, without buttons; the reply says so in one line', async () => {
    const h = ask(OUT_OF_SCOPE, ELI);
    const message = await h.reply();
    expect(h.isEphemeral()).toBe(false);
    expect(message.components).toEqual([]);
    expect(message.embeds).toEqual([]);
    expect(message.content.split('\n').at(-1)).toBe(NOTED_FOR_MODERATORS);
    expect(contractProblems(message, engine, { cites: false })).toEqual([]);
    const items = (await queued()).items.filter((i) => i.kind === 'abstained' && i.question === OUT_OF_SCOPE);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ sources: [], status: 'open' });
    expect(items[0]?.reason).toBeUndefined();
  });

  it('but a question with no words to search for is not queued', async () => {
    const before = (await queued()).items.length;
    const message = await ask('?!?!', FERN).reply();
    expect(message.components).toEqual([]);
    expect(message.content).not.toContain(NOTED_FOR_MODERATORS);
    expect((await queued()).items.length).toBe(before);
  });
});

describe('a question with a child\'s name and a school', () => {
  it('is answered privately, with the notice first and the details not echoed; "Not helpful" queues it redacted', async () => {
    const h = ask(SENSITIVE_ANSWERED, DANA);
    const message = await h.reply();
    expect(h.callbackType).toBe(4); // answered in the interaction's own response
    expect(h.isEphemeral()).toBe(true);
    expect(message.content.split('\n')[0]).toBe(privateNotice(['name', 'school']));
    for (const detail of PERSONAL) expect(message.content).not.toContain(detail);
    // Asked without them: the same excerpts as the question without the details.
    expect(message.embeds.length).toBeGreaterThan(0);
    expect(contractProblems(message, engine, { cites: true })).toEqual([]);

    const modal = await click(message, feedbackIds(message).down, DANA).modal();
    await privately(server.interact({ type: 'modal', customId: modal.custom_id, modal, message, fields: { reason: '' }, user: DANA }));
    const items = (await queued()).items.filter((i) => i.kind === 'not-helpful' && i.question.includes('[name]'));
    expect(items.map((i) => i.question)).toEqual(["My son [name] goes to [school] in Worcester, how long is the wait for an autism assessment?"]);
  });

  it('is answered privately even when the member did not ask for it, and queued redacted when unanswered', async () => {
    const h = ask(SENSITIVE_UNANSWERED, ELI, { private: false });
    const message = await h.reply();
    expect(h.isEphemeral()).toBe(true);
    expect(message.content.split('\n')[0]).toBe(privateNotice(['name', 'school']));
    expect(message.content).toContain(NOTED_FOR_MODERATORS);
    expect(message.components).toEqual([]);
    for (const detail of PERSONAL) expect(message.content).not.toContain(detail);
    const items = (await queued()).items.filter((i) => i.kind === 'abstained' && i.question.includes('[school]'));
    expect(items.map((i) => i.question)).toEqual(['My daughter [name] at [school] wants the best banana bread recipe, which one?']);
  });
});

describe('what is kept', () => {
  it('the queue file holds neither who asked or rated nor the personal details they gave', () => {
    const bytes = queueBytes();
    expect(bytes.length).toBeGreaterThan(0);
    const text = bytes.toString('utf8');
    for (const member of [DANA, ELI, FERN, server.defaultUser]) {
      for (const value of [member.id, member.username, member.global_name]) {
        if (value) expect(bytes.includes(Buffer.from(value, 'utf8')), `${value} in the queue file`).toBe(false);
      }
    }
    for (const detail of PERSONAL) expect(bytes.includes(Buffer.from(detail, 'utf8')), `${detail} in the queue file`).toBe(false);
    // The redacted questions are there: the check above is not passing on an empty or unreadable file.
    expect(text).toContain('[name]');
    expect(text).toContain('banana bread');
  });

  it('the logs hold no question, reason or member', () => {
    const logs = `${bot.stdout()}${bot.stderr()}`;
    expect(logs).toMatch(/INFO {2}button command=ask outcome=ok ms=\d+/);
    expect(logs).toMatch(/INFO {2}modal command=ask outcome=ok ms=\d+/);
    for (const q of asked) expect(logs).not.toContain(q);
    for (const word of ['banana', 'autism assessment', ...PERSONAL, DANA.id, ELI.id, DANA.username, ELI.username]) expect(logs).not.toContain(word);
  });

  it('a button of an answer the bot no longer remembers (a restart, 24 hours) gets a polite note', async () => {
    const message = await ask(ANSWERED, FERN).reply();
    for (const id of ['ask:fb:zzzzzzzz:up', 'ask:fb:zzzzzzzz:down']) expect(await privately(click(message, id, FERN))).toBe(RATING_EXPIRED);
  });
});

// ---------------------------------------------------------------------------------------------
// In this process: the clock, the boundary around modals, buttons under a reply of several messages
// ---------------------------------------------------------------------------------------------

describe('startBot in this process', () => {
  let own: DiscordServer;
  let inProcess: Bot | undefined;
  let now = Date.now();
  const lines: string[] = [];
  const formy: Command = {
    data: new SlashCommandBuilder().setName('formy').setDescription('Forms that fail, and a long reply with buttons'),
    execute: async (interaction) => {
      // Twelve cards: more than the ten embeds of one message, so the reply takes two.
      const metas = engine.sources.map((s) => s.meta);
      const cards: Card[] = metas.length === 0 ? [] : Array.from({ length: 12 }, (_, i) => ({ source: metas[i % metas.length] as SourceMeta, heading: `Card ${i + 1}` }));
      await sendReply(interaction, { lead: 'Many cards:', cards, maxMessages: 3, ephemeral: true }, {
        components: [{ type: 1, components: [{ type: 2, style: 2, label: 'Open', custom_id: 'formy:open' }] }],
      });
    },
    button: async (interaction) => {
      await interaction.showModal({ custom_id: 'formy:form', title: 'Form', components: [{ type: 18, label: 'Say', component: { type: 4, custom_id: 'say', style: 1, required: false } }] });
    },
    modal: async (interaction) => {
      const said = interaction.fields.getTextInputValue('say');
      if (said === 'user') throw new UserError('Not **that**.');
      if (said === 'after') {
        await interaction.deferReply({ flags: MessageFlags.Ephemeral });
        throw new Error('bug after deferring a form');
      }
      throw new Error('bug in a form');
    },
  };

  beforeAll(async () => {
    own = await startDiscordServer({ defaultTimeoutMs: LONG });
    const config = loadConfig({
      DISCORD_TOKEN: own.token, DISCORD_API_URL: own.apiUrl, REVIEW_FILE: join(root, 'in-process', 'review-queue.jsonl'), INDEX_CACHE: 'off', ASK_COOLDOWN_SECONDS: '0',
    });
    if (!hasDiscord(config)) throw new Error('no Discord configuration');
    const commands = await loadCommands();
    commands.set('formy', formy);
    expect(await registerGuildCommands(own, commandDefinitions(commands))).toBe(200);
    inProcess = await startBot(config, {
      commands,
      feedback: new FeedbackStore({ now: () => now }),
      logger: createLogger({ level: 'debug', secrets: [own.token], write: (l) => void lines.push(l) }),
    });
    await own.waitForSession(LONG);
  }, 120_000);

  afterEach(() => {
    expect(own.problems()).toEqual([]);
  });

  afterAll(async () => {
    await inProcess?.stop();
    await own?.close();
  });

  it('an answer rated after its 24 hours gets a polite note, and nothing is queued', async () => {
    const message = await own.interact({ type: 'command', name: 'ask', options: { question: ANSWERED }, user: DANA }).reply();
    const { up, down } = feedbackIds(message);
    const modal = await own.interact({ type: 'button', customId: down, message, user: ELI }).modal();
    now += FEEDBACK_TTL_MS;
    for (const id of [up, down]) {
      const h = own.interact({ type: 'button', customId: id, message, user: DANA });
      expect((await h.reply()).content).toBe(RATING_EXPIRED);
      expect(h.isEphemeral()).toBe(true);
    }
    // The form was opened in time, but sent too late.
    const late = own.interact({ type: 'modal', customId: modal.custom_id, modal, message, fields: { reason: 'late' }, user: ELI });
    expect((await late.reply()).content).toBe(RATING_EXPIRED);
    expect(late.isEphemeral()).toBe(true);
    const review = inProcess?.context.review;
    expect(review?.list({ status: 'all' }).total).toBe(0);
    expect(review?.digest(new Date(0)).helpful).toBe(0);
  });

  it('the buttons go on the last message of a reply of several', async () => {
    const h = own.interact({ type: 'command', name: 'formy', user: DANA });
    const [followUp] = await h.followUps();
    const first = await h.reply();
    expect(first.embeds).toHaveLength(10);
    expect(first.components).toEqual([]);
    expect(followUp?.embeds).toHaveLength(2);
    expect(followUp && buttonIds(followUp)).toEqual(['formy:open']);
    expect(followUp && (followUp.flags & MessageFlags.Ephemeral)).toBe(MessageFlags.Ephemeral);
  });

  it('a form goes through the error boundary: a user error privately, a bug gets the apology; an unknown form gets a polite private line', async () => {
    const message = (await own.interact({ type: 'command', name: 'formy', user: DANA }).followUps())[0] as ApiMessage;
    const modal = await own.interact({ type: 'button', customId: 'formy:open', message, user: DANA }).modal();
    const send = (say: string, customId = modal.custom_id): InteractionHandle =>
      own.interact({ type: 'modal', customId, modal: { ...modal, custom_id: customId }, message, fields: { say }, user: DANA });

    const user = send('user');
    expect((await user.reply()).content).toBe('Not **that**.');
    expect(user.isEphemeral()).toBe(true);

    const bug = send('bug');
    expect((await bug.reply()).content).toBe(APOLOGY);
    expect(bug.callbackType).toBe(4);
    expect(bug.isEphemeral()).toBe(true);

    const after = send('after');
    expect((await after.reply({ match: (m) => m.content === APOLOGY })).content).toBe(APOLOGY);
    expect(after.callbackType).toBe(5);

    const stray = send('x', 'nobody:form');
    expect((await stray.reply()).content).toBe(UNKNOWN_COMPONENT);
    expect(stray.isEphemeral()).toBe(true);

    const log = lines.join('\n');
    expect(log).toMatch(/INFO {2}modal command=formy outcome=user-error ms=\d+/);
    expect(log).toMatch(/ERROR modal command=formy outcome=error ms=\d+ error="Error: bug in a form"/);
    expect(log).toMatch(/ERROR modal command=formy outcome=error ms=\d+ error="Error: bug after deferring a form"/);
    expect(log).toMatch(/WARN {2}modal command=nobody outcome=ignored ms=\d+ reason="unknown command"/);
  });
});
