/**
 * The moderators' side of the review queue, end to end: the real bot (`npm start`, src/main.ts, as a
 * child process configured only by environment variables) against the Discord-compatible server of
 * test/support on 127.0.0.1, with a review queue seeded beforehand through ReviewQueue.
 *
 * The weekly digest posted at start to the moderators' log channel (the last one was eight days ago);
 * `/review` privately, one item at a time, Previous and Next; Dismiss and the "Note a source" form
 * updating the page in place and the queue file; `status: all`; an item dealt with by another
 * moderator, or gone; the empty queue; members who are not moderators refused for the command, a
 * button and the form, changing nothing.
 *
 * The local server does not serve channel messages, so the bot reaches it through a small proxy here
 * that answers `POST /channels/<id>/messages` the way Discord does and records what was posted.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageFlags, PermissionFlagsBits } from 'discord.js';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { commandDefinitions, loadCommands } from '../../src/bot/commands.ts';
import { NOT_A_MODERATOR } from '../../src/bot/moderation.ts';
import { ALREADY_DEALT, ITEM_GONE, NOTE_INPUT_ID, parseReviewCustomId, reviewCustomId, writtenPeriod } from '../../src/bot/review.ts';
import { ReviewQueue, type ReviewItem } from '../../src/review/queue.ts';
import { DEFAULT_MEMBER_PERMISSIONS, startDiscordServer } from '../support/discord-server.ts';
import type { ApiMessage, DiscordServer, InteractionHandle, JsonObject, ModalData } from '../support/discord-server.ts';
import { announceGuildRole, registerGuildCommands } from '../support/guild.ts';
import { startLogProxy, type LogProxy } from '../support/log-proxy.ts';
import { MAIN, spawnEntry, type Spawned } from '../unit/bot/spawn.ts';

/** Longest wait for one reply or log line (the machines are slow, 2-core, and shared). */
const LONG = 30_000;
vi.setConfig({ testTimeout: 4 * LONG, hookTimeout: 4 * LONG });

const DAY = 24 * 60 * 60 * 1000;
const MODERATOR = { id: '1800000000000000001', username: 'mod.alice' };
const ROLE_MODERATOR = { id: '1800000000000000002', username: 'mod.bob' };
const PARENT = { id: '1800000000000000003', username: 'parent.carol' };
const MODERATOR_ROLE_ID = '1800000000000000090';
const LOG_CHANNEL_ID = '1800000000000000091';

type Who = { user: { id: string; username: string }; permissions?: bigint; roles?: string[] };
const asModerator: Who = { user: MODERATOR, permissions: DEFAULT_MEMBER_PERMISSIONS | PermissionFlagsBits.ManageGuild };
const asRoleModerator: Who = { user: ROLE_MODERATOR, roles: [MODERATOR_ROLE_ID] };
const asParent: Who = { user: PARENT };

/** The seeded questions (already redacted, as the bot stores them), oldest first. */
const DYSLEXIA = 'what help is there for dyslexia at secondary school?';
const THERAPY = 'how long is the wait for speech and language therapy?';
const TAXI = '**urgent** can <@1800000000000000003> get a taxi to [school]? @everyone';
const FORUM = 'is there a parent carer forum in Redditch?';
const REASON = 'I wanted the wait in [name]\'s area';
const THERAPY_SOURCES = [
  { id: 'ofsted-cqc-2018-worcestershire', title: 'Joint local area SEND inspection in Worcestershire (2018)' },
  { id: 'bbc-2024-send-inspection', title: 'Worcestershire SEND services "failing", inspectors say' },
];
const NOTE = 'Worcestershire local offer: speech and language therapy waiting times https://example.org/local-offer';

let server: DiscordServer;
let proxy: LogProxy;
let bot: Spawned;
let root: string;
let reviewFile: string;
let started: Date;
let copies = 0;
/** The ids of the seeded items by question. */
const ids = new Map<string, string>();

// ---------------------------------------------------------------------------------------------
// The moderators' log channel: a proxy in front of the local Discord server
// ---------------------------------------------------------------------------------------------

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

function review(who: Who, status?: 'open' | 'all'): InteractionHandle {
  return server.interact({ type: 'command', name: 'review', ...(status !== undefined && { options: { status } }), ...who });
}

/** The buttons of a page by label: custom id and whether it is disabled. */
function buttons(message: ApiMessage): Map<string, { id: string; disabled: boolean }> {
  const out = new Map<string, { id: string; disabled: boolean }>();
  for (const row of message.components) {
    for (const c of (row['components'] ?? []) as JsonObject[]) out.set(String(c['label']), { id: String(c['custom_id']), disabled: c['disabled'] === true });
  }
  return out;
}

function buttonId(message: ApiMessage, label: string): string {
  const found = buttons(message).get(label);
  if (found === undefined) throw new Error(`no "${label}" button on ${JSON.stringify(message).slice(0, 500)}`);
  return found.id;
}

/** Clicks a button of a page; resolves with the handle and the page (or refusal) the bot answered with. */
async function click(page: ApiMessage, label: string, who: Who): Promise<{ handle: InteractionHandle; message: ApiMessage }> {
  const handle = server.interact({ type: 'button', customId: buttonId(page, label), message: page, ...who });
  return { handle, message: await handle.reply() };
}

/** A page that replaced the one clicked: a type 7 update, still private, with its lines. */
async function updated(result: Promise<{ handle: InteractionHandle; message: ApiMessage }>): Promise<ApiMessage> {
  const { handle, message } = await result;
  expect(handle.callbackType).toBe(7);
  expect(message.flags & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
  expectNoMentionsAllowed(handle);
  return message;
}

/** A private refusal sent at once (type 4, ephemeral), without buttons. */
async function refusal(h: InteractionHandle): Promise<string> {
  const message = await h.reply();
  expect(h.callbackType).toBe(4);
  expect(h.isEphemeral()).toBe(true);
  expect(message.components ?? []).toEqual([]);
  return message.content;
}

function expectNoMentionsAllowed(h: InteractionHandle): void {
  const bodies = h.events.flatMap((e) => (e.kind === 'callback' && (e.type === 4 || e.type === 7) && e.data) ? [e.data] : e.kind === 'edit' || e.kind === 'followUp' ? [e.data] : []);
  expect(bodies.length).toBeGreaterThan(0);
  for (const body of bodies) expect(body['allowed_mentions']).toEqual({ parse: [] });
}

/** The first line "Item n of m …" and the question line of a page. */
function summary(message: ApiMessage): { head: string; question: string } {
  const lines = message.content.split('\n');
  return { head: lines.find((l) => l.startsWith('**Item ')) ?? '', question: lines.find((l) => l.startsWith('**Question:** ')) ?? '' };
}

/** The queue as the bot wrote it, read from a copy (so this test never writes to the bot's file). */
async function queued(): Promise<{ queue: ReviewQueue; byQuestion: Map<string, ReviewItem> }> {
  const dir = join(root, 'copies');
  mkdirSync(dir, { recursive: true });
  const copy = join(dir, `review-${++copies}.jsonl`);
  copyFileSync(reviewFile, copy);
  const queue = await ReviewQueue.open({ file: copy, retentionDays: 90 });
  return { queue, byQuestion: new Map(queue.list({ status: 'all', limit: 1000 }).items.map((i) => [i.question, i])) };
}

function logs(): string {
  return `${bot.stdout()}${bot.stderr()}`;
}

// ---------------------------------------------------------------------------------------------
// Setup
// ---------------------------------------------------------------------------------------------

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'send-bot-review-'));
  reviewFile = join(root, 'review', 'review-queue.jsonl');
  // The queue as a week of use leaves it: four items over four days, two answers marked helpful, the last digest eight days ago.
  started = new Date();
  let clock = new Date(started.getTime() - 8 * DAY);
  const seed = await ReviewQueue.open({ file: reviewFile, retentionDays: 90, now: () => clock });
  await seed.markDigest(clock);
  const add = async (daysAgo: number, item: Parameters<ReviewQueue['add']>[0]): Promise<void> => {
    clock = new Date(started.getTime() - daysAgo * DAY);
    ids.set(item.question, (await seed.add(item)).id);
  };
  await add(4, { kind: 'abstained', question: DYSLEXIA, sources: [] });
  await add(3, { kind: 'not-helpful', question: THERAPY, reason: REASON, sources: THERAPY_SOURCES });
  await add(2, { kind: 'abstained', question: TAXI, sources: [] });
  await add(1, { kind: 'abstained', question: FORUM, sources: [] });
  await seed.recordHelpful(THERAPY_SOURCES);
  await seed.recordHelpful(THERAPY_SOURCES.slice(0, 1));

  server = await startDiscordServer({ defaultTimeoutMs: LONG });
  proxy = await startLogProxy(server, LOG_CHANNEL_ID);
  expect(await registerGuildCommands(server, commandDefinitions(await loadCommands()))).toBe(200);
  bot = spawnEntry(MAIN, {
    DISCORD_TOKEN: server.token,
    DISCORD_API_URL: proxy.apiUrl,
    REVIEW_FILE: reviewFile,
    MODERATOR_ROLE_ID,
    MODERATOR_LOG_CHANNEL_ID: LOG_CHANNEL_ID,
    INDEX_CACHE: 'off',
    LOG_LEVEL: 'info',
  });
  await server.waitForSession(60_000);
  await bot.waitForOutput(/INFO {2}ready /, 60_000);
  // The guild's moderator role, as Discord announces a role created after the bot joined.
  announceGuildRole(server, MODERATOR_ROLE_ID, 'Moderators');
}, 120_000);

afterEach(() => {
  expect(server.problems()).toEqual([]);
});

afterAll(async () => {
  await bot?.cleanup();
  await proxy?.close();
  await server?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

describe('/review as registered', () => {
  it('is for moderators (Manage Server), in servers only, with an optional status of open or all', () => {
    const registered = server.registeredCommands(server.guildId).find((c) => c.name === 'review');
    expect(registered?.default_member_permissions).toBe(PermissionFlagsBits.ManageGuild.toString());
    expect(registered?.contexts).toEqual([0]);
    const status = registered?.options?.find((o) => o['name'] === 'status');
    expect(status?.['required'] ?? false).toBe(false);
    expect((status?.['choices'] as JsonObject[]).map((c) => c['value'])).toEqual(['open', 'all']);
  });
});

describe('the weekly digest', () => {
  it('is posted once at start, eight days after the last, to the moderators\' log channel, and its time recorded', async () => {
    await vi.waitFor(() => expect(proxy.posts).toHaveLength(1), { timeout: LONG, interval: 100 });
    const [post] = proxy.posts;
    expect(post?.channelId).toBe(LOG_CHANNEL_ID);
    expect(post?.body['allowed_mentions']).toEqual({ parse: [] });
    const content = String(post?.body['content']);
    const period = writtenPeriod(new Date(started.getTime() - 8 * DAY), new Date());
    expect(content.split('\n')[0]).toBe(
      `**Review queue, ${period}:** 3 questions not answered, 1 answer marked not helpful, 2 marked helpful; 4 waiting for review.`,
    );
    expect(content.split('\n').slice(1, 6)).toEqual([
      'Newest open questions:',
      `• ${FORUM}`,
      '• \\*\\*urgent\\*\\* can \\<@\u200b1800000000000000003> get a taxi to \\[school]? @\u200beveryone',
      `• ${THERAPY}`,
      `• ${DYSLEXIA}`,
    ]);
    await vi.waitFor(async () => {
      const at = (await queued()).queue.lastDigestAt();
      expect(at?.getTime()).toBeGreaterThanOrEqual(started.getTime() - 60_000);
    }, { timeout: LONG, interval: 200 });
    expect(logs()).toContain('review digest posted');
  });
});

describe('members who are not moderators', () => {
  it('are refused /review, privately, with either status', async () => {
    expect(await refusal(review(asParent))).toBe(NOT_A_MODERATOR);
    expect(await refusal(review(asParent, 'all'))).toBe(NOT_A_MODERATOR);
    // Permissions that are not Manage Server do not count; nor does a role that is not the moderators'.
    expect(await refusal(review({ user: PARENT, permissions: DEFAULT_MEMBER_PERMISSIONS | PermissionFlagsBits.ManageMessages, roles: ['1800000000000000095'] }))).toBe(NOT_A_MODERATOR);
  });
});

describe('/review', () => {
  let page: ApiMessage;

  it('shows the newest open item privately, as "Item 1 of 4", with its buttons in words', async () => {
    const h = review(asModerator);
    page = await h.reply();
    expect(h.callbackType).toBe(4);
    expect(h.isEphemeral()).toBe(true);
    expectNoMentionsAllowed(h);
    const lines = page.content.split('\n');
    expect(lines[0]).toBe('**Item 1 of 4** waiting for review');
    expect(lines[1]).toMatch(/^\*\*Not answered\*\*, asked on \d{1,2} [A-Z][a-z]+ \d{4} at \d{1,2}:\d{2}[ap]m$/);
    expect(lines[2]).toBe(`**Question:** ${FORUM}`);
    expect(lines.at(-1)).toBe('**Status:** open, waiting for review.');
    expect([...buttons(page).entries()].map(([label, b]) => [label, b.disabled])).toEqual([
      ['Previous', true], ['Next', false], ['Dismiss', false], ['Note a source', false],
    ]);
    for (const { id } of buttons(page).values()) expect(id.length).toBeLessThanOrEqual(100);
  });

  it('Next and Previous page through the items in place, newest first; a question shows exactly as stored, pinging nobody', async () => {
    const second = await updated(click(page, 'Next', asModerator));
    expect(summary(second)).toEqual({
      head: '**Item 2 of 4** waiting for review',
      question: '**Question:** \\*\\*urgent\\*\\* can \\<@\u200b1800000000000000003> get a taxi to \\[school]? @\u200beveryone',
    });
    const third = await updated(click(second, 'Next', asModerator));
    expect(summary(third).head).toBe('**Item 3 of 4** waiting for review');
    expect(third.content).toMatch(/\n\*\*Marked not helpful\*\* on \d{1,2} [A-Z][a-z]+ \d{4} at \d{1,2}:\d{2}[ap]m\n/);
    expect(third.content).toContain(`**Question:** ${THERAPY}`);
    expect(third.content).toContain('**Reason given:** I wanted the wait in \\[name]\'s area');
    expect(third.content).toContain('**Answered from:** Joint local area SEND inspection in Worcestershire (2018); Worcestershire SEND services "failing", inspectors say');
    const fourth = await updated(click(third, 'Next', asModerator));
    expect(summary(fourth)).toEqual({ head: '**Item 4 of 4** waiting for review', question: `**Question:** ${DYSLEXIA}` });
    expect(buttons(fourth).get('Next')?.disabled).toBe(true);
    const back = await updated(click(fourth, 'Previous', asModerator));
    expect(summary(back).head).toBe('**Item 3 of 4** waiting for review');
    page = await updated(click(back, 'Previous', asModerator));
    expect(summary(page).head).toBe('**Item 2 of 4** waiting for review');
  });

  it('a member who is not a moderator clicking a moderator\'s page is refused and changes nothing', async () => {
    const before = readFileSync(reviewFile);
    for (const label of ['Next', 'Dismiss']) expect(await refusal((await click(page, label, asParent)).handle)).toBe(NOT_A_MODERATOR);
    // Nor does the form open for them.
    const note = server.interact({ type: 'button', customId: buttonId(page, 'Note a source'), message: page, ...asParent });
    expect(await refusal(note)).toBe(NOT_A_MODERATOR);
    expect(note.events.some((e) => e.kind === 'callback' && e.type === 9)).toBe(false);
    expect(readFileSync(reviewFile)).toEqual(before);
  });

  it('Dismiss takes the item out of the open list and shows the next one in place; the queue file records it', async () => {
    const next = await updated(click(page, 'Dismiss', asModerator));
    const lines = next.content.split('\n');
    expect(lines[0]).toBe('**Dismissed.**');
    expect(lines[1]).toBe('**Item 2 of 3** waiting for review');
    expect(summary(next).question).toBe(`**Question:** ${THERAPY}`);
    const taxi = (await queued()).byQuestion.get(TAXI);
    expect(taxi?.status).toBe('dismissed');
    expect(taxi?.resolvedAt).toBeDefined();
    page = next;
  });

  it('"Note a source" opens a short form; a member who is not a moderator cannot send it; the moderator\'s note is saved and the page moves on', async () => {
    const opened = server.interact({ type: 'button', customId: buttonId(page, 'Note a source'), message: page, ...asModerator });
    const modal: ModalData = await opened.modal();
    expect(parseReviewCustomId(modal.custom_id)).toEqual({ action: 'note', itemId: ids.get(THERAPY), offset: 1, status: 'open' });
    expect(JSON.stringify(modal.components)).toContain('Which source should cover this?');
    const submit = (who: Who, source: string): InteractionHandle =>
      server.interact({ type: 'modal', customId: modal.custom_id, modal, message: page, fields: { [NOTE_INPUT_ID]: source }, ...who });

    const before = readFileSync(reviewFile);
    expect(await refusal(submit(asParent, 'nothing to see'))).toBe(NOT_A_MODERATOR);
    expect(readFileSync(reviewFile)).toEqual(before);

    const sent = submit(asModerator, NOTE);
    const next = await sent.reply();
    expect(sent.callbackType).toBe(7);
    expect(sent.isEphemeral()).toBe(true);
    expectNoMentionsAllowed(sent);
    const lines = next.content.split('\n');
    // A typed link is never echoed as a link (escapeUserText): the note's shows with a zero-width space.
    expect(lines[0]).toBe(`**Noted.** Source that should cover it: ${NOTE.replace('https:', 'https:\u200b')}`);
    expect(lines[1]).toBe('**Item 2 of 2** waiting for review');
    expect(summary(next).question).toBe(`**Question:** ${DYSLEXIA}`);
    const therapy = (await queued()).byQuestion.get(THERAPY);
    expect(therapy).toMatchObject({ status: 'noted', note: NOTE, reason: REASON, sources: THERAPY_SOURCES });
  });

  it('with status all, shows every item kept, open or not, and what became of each', async () => {
    const h = review(asModerator, 'all');
    const first = await h.reply();
    expect(h.isEphemeral()).toBe(true);
    expect(summary(first)).toEqual({ head: '**Item 1 of 4** in the queue, open or not', question: `**Question:** ${FORUM}` });
    const second = await updated(click(first, 'Next', asModerator));
    expect(second.content).toMatch(/\*\*Status:\*\* dismissed on \d{1,2} [A-Z][a-z]+ \d{4} at \d{1,2}:\d{2}[ap]m\.$/);
    expect(buttons(second).get('Dismiss')?.disabled).toBe(true);
    const third = await updated(click(second, 'Next', asModerator));
    expect(third.content).toMatch(new RegExp(`\\*\\*Status:\\*\\* noted on .+\\. Source that should cover it: ${NOTE.replace('https:', 'https:\u200b').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
  });

  it('an item another moderator dealt with meanwhile, or one that is gone, is said politely, with the next one', async () => {
    const h = review(asRoleModerator);
    const stale = await h.reply();
    expect(summary(stale)).toEqual({ head: '**Item 1 of 2** waiting for review', question: `**Question:** ${FORUM}` });
    // Meanwhile, the other moderator dismisses it.
    const other = await review(asModerator).reply();
    expect((await updated(click(other, 'Dismiss', asModerator))).content.split('\n')[0]).toBe('**Dismissed.**');

    const dealt = await updated(click(stale, 'Dismiss', asRoleModerator));
    expect(dealt.content.split('\n')[0]).toBe(ALREADY_DEALT);
    expect(summary(dealt)).toEqual({ head: '**Item 1 of 1** waiting for review', question: `**Question:** ${DYSLEXIA}` });
    // An item deleted meanwhile (its retention ran out): a page still showing it.
    const goneId = reviewCustomId({ action: 'dismiss', itemId: 'zz9zz9zz9zz9', offset: 0, status: 'open' });
    const goneNote = reviewCustomId({ action: 'note', itemId: 'zz9zz9zz9zz9', offset: 0, status: 'open' });
    const before = readFileSync(reviewFile);
    for (const customId of [goneId, goneNote]) {
      const gone = server.interact({ type: 'button', customId, message: dealt, ...asRoleModerator });
      const shown = await gone.reply();
      expect(gone.callbackType).toBe(7);
      expect(shown.content.split('\n')[0]).toBe(ITEM_GONE);
      expect(summary(shown).question).toBe(`**Question:** ${DYSLEXIA}`);
    }
    expect(readFileSync(reviewFile)).toEqual(before);
    expect((await queued()).byQuestion.get(FORUM)?.status).toBe('dismissed');
  });

  it('once nothing is open, says so plainly, without buttons', async () => {
    const last = await review(asModerator).reply();
    const done = await updated(click(last, 'Dismiss', asModerator));
    expect(done.content).toBe('**Dismissed.**\nNothing is waiting for review: no open questions in the queue.');
    expect(done.components).toEqual([]);
    const h = review(asRoleModerator);
    expect((await h.reply()).content).toBe('Nothing is waiting for review: no open questions in the queue.');
    expect(h.isEphemeral()).toBe(true);
    const { queue } = await queued();
    expect(queue.list({ status: 'open' }).total).toBe(0);
    expect(queue.list({ status: 'all' }).total).toBe(4);
  });

  it('logs what was done, never the questions or notes', () => {
    const out = logs();
    expect(out).toContain('review item dismissed');
    expect(out).toContain('review item noted');
    for (const text of [DYSLEXIA, THERAPY, FORUM, 'taxi', 'Redditch', 'local-offer', 'dyslexia']) expect(out).not.toContain(text);
  });
});
