/**
 * A way on from an answer (issue 15, items 2 and 3), end to end: the real bot (`npm start`, configured
 * only by environment variables) against the Discord-compatible server of test/support.
 *
 * - Ask a follow-up: button → form → a thread started from the answer, named by the bot after what the
 *   answer cites (never the member's words), answering the follow-up in the light of the first
 *   question; further follow-ups in the same thread; a self-contained follow-up answered as if asked
 *   alone; one the reports do not cover still not answered; one with personal details answered privately.
 * - Ask a moderator: button → a form that says what the moderators will see and asks for consent →
 *   a post in the moderators' channel mentioning only that member; nothing written to disk; nothing
 *   posted without consent.
 * - Every other message mentions nobody.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageFlags } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { commandDefinitions, loadCommands } from '../../src/bot/commands.ts';
import { CONSENT_INPUT_ID, CONSENT_NO, CONSENT_YES, FOLLOW_UP_INPUT_ID, MODERATOR_BUTTON_ID, MODERATOR_QUESTION_INPUT_ID } from '../../src/bot/next-steps.ts';
import { defaultKnowledgeDir } from '../../src/cli/paths.ts';
import type { Engine } from '../../src/core/engine.ts';
import { openKnowledge } from '../../src/knowledge/open.ts';
import { FOLLOW_UP_LABEL, followUpAnswered, MODERATOR_LABEL, MODERATOR_NOTICE, NOT_SENT, SENT_TO_MODERATORS } from '../../src/replies/next-steps.ts';
import { ChannelKind } from '../support/discord-channels.ts';
import { botMessages, buttonIds, buttons, until } from '../support/bot-messages.ts';
import { startDiscordServer } from '../support/discord-server.ts';
import type { ApiMessage, DiscordServer } from '../support/discord-server.ts';
import { folderSnapshot } from '../support/folder-snapshot.ts';
import { registerGuildCommands } from '../support/guild.ts';
import { contractProblems, limitProblems } from '../unit/bot/helpers.ts';
import { MAIN, spawnEntry, type Spawned } from '../unit/bot/spawn.ts';

const LONG = 30_000;
vi.setConfig({ testTimeout: 4 * LONG, hookTimeout: 4 * LONG });

const FIRST = 'are there enough specialist school places?';
/** Leans on the first question: alone it is about mainstream schools; after it, about places in them. */
const LEANING = 'what about in mainstream?';
const SELF_CONTAINED = 'when is the next inspection?';
const NOT_COVERED = 'and what about the weather?';
const WITH_EMAIL = 'and for OT? email me at jo.bloggs@example.com';
const FOR_MODERATORS = 'Can someone help me with an **EHCP** appeal? See https://example.com/appeal @everyone';
/** Every text members typed in this file, to check none reaches the logs. */
const typed = [FIRST, LEANING, SELF_CONTAINED, NOT_COVERED, 'jo.bloggs@example.com', 'EHCP** appeal', 'Nothing to send'];

let engine: Engine;
let nextMember = 0;
const member = (): { id: string; username: string } => {
  nextMember += 1;
  return { id: `17100000000000000${String(nextMember).padStart(2, '0')}`, username: `parent${nextMember}` };
};

const followUpId = (message: ApiMessage): string | undefined => buttonIds(message).find((id) => id.startsWith('ask:fu:'));

/** The excerpts of an answer, as the member sees them. */
const excerpts = (message: ApiMessage): (string | undefined)[] => message.embeds.map((e) => e.description);

describe('Ask a follow-up and Ask a moderator (MODERATOR_HELP_CHANNEL_ID set)', () => {
  let server: DiscordServer;
  let bot: Spawned | undefined;
  let root = '';
  let moderatorsId = '';
  let first: ApiMessage;
  let threadId = '';
  const asker = member();

  beforeAll(async () => {
    server = await startDiscordServer({ defaultTimeoutMs: LONG });
    moderatorsId = server.channels.create(ChannelKind.Text, 'moderators');
    root = mkdtempSync(join(tmpdir(), 'send-bot-next-steps-'));
    expect(await registerGuildCommands(server, commandDefinitions(await loadCommands()))).toBe(200);
    bot = spawnEntry(MAIN, {
      DISCORD_TOKEN: server.token,
      DISCORD_API_URL: server.apiUrl,
      DISCORD_GUILD_ID: server.guildId,
      KNOWLEDGE_DIR: defaultKnowledgeDir(),
      AUDIT_FILE: join(root, 'audit.jsonl'),
      REVIEW_FILE: join(root, 'review.jsonl'),
      INDEX_CACHE: 'off',
      ASK_COOLDOWN_SECONDS: '0',
      LOG_LEVEL: 'info',
      MODERATOR_HELP_CHANNEL_ID: moderatorsId,
    });
    await server.waitForSession(60_000);
    await bot.waitForOutput(/INFO {2}ready /, 60_000);
    engine = (await openKnowledge(defaultKnowledgeDir())).engine;
  }, 120_000);

  afterAll(async () => {
    await bot?.cleanup();
    await server?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('puts Ask a follow-up and Ask a moderator under an answer, in words, in one REST call', async () => {
    const h = server.interact({ type: 'command', name: 'ask', options: { question: FIRST }, user: asker });
    first = await h.reply();
    expect(contractProblems(first, engine, { cites: true })).toEqual([]);
    const labels = buttons(first).map((b) => b['label']);
    expect(labels).toEqual(expect.arrayContaining(['Helpful', 'Not helpful', FOLLOW_UP_LABEL, MODERATOR_LABEL]));
    expect(followUpId(first)).toBeDefined();
    expect(buttonIds(first)).toContain(MODERATOR_BUTTON_ID);
    // Still one call: the answer is the interaction's own response, not fetched or edited.
    expect(h.events.map((e) => e.kind)).toEqual(['callback']);
  });

  it('a follow-up is answered in a thread started from the answer, named after what it cites, in the light of the first question', async () => {
    const click = server.interact({ type: 'button', customId: followUpId(first) ?? '', message: first, user: asker });
    const modal = await click.modal();
    expect(JSON.stringify(modal)).not.toContain(FIRST);
    const submit = server.interact({ type: 'modal', customId: modal.custom_id, modal, fields: { [FOLLOW_UP_INPUT_ID]: LEANING }, message: first, user: asker });
    const [thread] = await until('the thread', () => {
      const threads = server.channels.threadsOf(server.channelId);
      return threads.length > 0 && botMessages(server, String(threads[0]?.['id'])).length > 0 ? threads : undefined;
    });
    threadId = String(thread?.['id']);
    expect(thread).toMatchObject({ id: first.id, owner_id: server.botUser.id });
    // Named by the bot after a source the first answer cites, never with the member's words.
    const name = String(thread?.['name']);
    expect(first.embeds.some((e) => e.title !== undefined && name.includes(e.title))).toBe(true);
    for (const w of ['mainstream', 'enough']) expect(name.toLowerCase()).not.toContain(w);
    const confirmation = await submit.reply();
    expect(confirmation.content).toBe(followUpAnswered(threadId));
    expect(confirmation.flags & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);

    const [answer, ...more] = botMessages(server, threadId);
    expect(more).toEqual([]);
    expect(contractProblems(answer as ApiMessage, engine, { cites: true })).toEqual([]);
    expect(limitProblems(answer as ApiMessage)).toEqual([]);
    expect(answer?.content).toContain('You asked');
    expect(answer?.content).toContain('mainstream');
    expect(followUpId(answer as ApiMessage)).toBeDefined();
    // The same words asked alone are answered differently: the first question's topic changed the ranking.
    const alone = await server.interact({ type: 'command', name: 'ask', options: { question: LEANING }, user: member() }).reply();
    expect(alone.embeds.length).toBeGreaterThan(0);
    expect(excerpts(answer as ApiMessage)).not.toEqual(excerpts(alone));
  });

  it('further follow-ups go in the same thread: a self-contained one is answered as if asked alone, one the reports do not cover is not answered', async () => {
    const [inThread] = botMessages(server, threadId);
    const ask = async (text: string, on: ApiMessage): Promise<ApiMessage> => {
      const before = botMessages(server, threadId).length;
      const modal = await server.interact({ type: 'button', customId: followUpId(on) ?? '', message: on, channelId: threadId, user: member() }).modal();
      await server.interact({ type: 'modal', customId: modal.custom_id, modal, fields: { [FOLLOW_UP_INPUT_ID]: text }, message: on, channelId: threadId, user: member() }).reply();
      const after = botMessages(server, threadId);
      expect(after).toHaveLength(before + 1);
      return after.at(-1) as ApiMessage;
    };
    const selfContained = await ask(SELF_CONTAINED, inThread as ApiMessage);
    const alone = await server.interact({ type: 'command', name: 'ask', options: { question: SELF_CONTAINED }, user: member() }).reply();
    expect(excerpts(selfContained)).toEqual(excerpts(alone));

    const notCovered = await ask(NOT_COVERED, selfContained);
    expect(contractProblems(notCovered, engine, { cites: false })).toEqual([]);
    expect(followUpId(notCovered)).toBeUndefined();
    expect(buttonIds(notCovered)).toContain(MODERATOR_BUTTON_ID);
    // Still one thread.
    expect(server.channels.threadsOf(server.channelId)).toHaveLength(1);
  });

  it('a follow-up with personal details is answered privately, not in the thread, without echoing them', async () => {
    const before = botMessages(server, threadId).length;
    const modal = await server.interact({ type: 'button', customId: followUpId(first) ?? '', message: first, user: asker }).modal();
    const reply = await server.interact({ type: 'modal', customId: modal.custom_id, modal, fields: { [FOLLOW_UP_INPUT_ID]: WITH_EMAIL }, message: first, user: asker }).reply();
    expect(reply.flags & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    expect(JSON.stringify(reply)).not.toContain('jo.bloggs');
    expect(botMessages(server, threadId)).toHaveLength(before);
  });

  it('Ask a moderator: the form says what the moderators will see and asks consent; with it, one post mentioning only that member, nothing on disk', async () => {
    const snapshot = await folderSnapshot(root);
    const person = member();
    const modal = await server.interact({ type: 'button', customId: MODERATOR_BUTTON_ID, message: first, user: person }).modal();
    const text = JSON.stringify(modal);
    expect(text).toContain(JSON.stringify(MODERATOR_NOTICE).slice(1, -1));
    expect(MODERATOR_NOTICE).toMatch(/Discord name and the question you write/);
    // Not prefilled with the question of the answer.
    expect(text).not.toContain(FIRST);
    const reply = await server.interact({
      type: 'modal', customId: modal.custom_id, modal, message: first, user: person,
      selects: { [CONSENT_INPUT_ID]: [CONSENT_YES] }, fields: { [MODERATOR_QUESTION_INPUT_ID]: FOR_MODERATORS },
    }).reply();
    expect(reply.content).toBe(SENT_TO_MODERATORS);
    expect(reply.flags & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    const [post, ...more] = botMessages(server, moderatorsId);
    expect(more).toEqual([]);
    expect(post?.mentions.map((u) => u.id)).toEqual([person.id]);
    expect(post?.mention_roles).toEqual([]);
    expect(post?.mention_everyone).toBe(false);
    expect(post?.content).toContain(`<@${person.id}>`);
    // As written, but escaped: no bold, no link, no @everyone.
    expect(post?.content).toContain('EHCP');
    expect(post?.content).not.toContain('**EHCP**');
    expect(post?.content).not.toContain('https://example.com');
    // What the fake server received with the post: only that member may be mentioned.
    expect(post?.['allowed_mentions']).toEqual({ parse: [], users: [person.id] });
    expect(await folderSnapshot(root)).toEqual(snapshot);
  });

  it('without consent nothing is posted', async () => {
    const before = botMessages(server, moderatorsId).length;
    const modal = await server.interact({ type: 'button', customId: MODERATOR_BUTTON_ID, message: first, user: member() }).modal();
    const reply = await server.interact({
      type: 'modal', customId: modal.custom_id, modal, message: first, user: member(),
      selects: { [CONSENT_INPUT_ID]: [CONSENT_NO] }, fields: { [MODERATOR_QUESTION_INPUT_ID]: 'Nothing to send' },
    }).reply();
    expect(reply.content).toBe(NOT_SENT);
    expect(botMessages(server, moderatorsId)).toHaveLength(before);
  });

  it('an answer the reports do not cover has Ask a moderator too; /help shows both buttons', async () => {
    const reply = await server.interact({ type: 'command', name: 'ask', options: { question: 'when are the bin collections in Malvern' }, user: member() }).reply();
    expect(buttonIds(reply)).toEqual([MODERATOR_BUTTON_ID]);
    const help = await server.interact({ type: 'command', name: 'help', user: member() }).reply();
    expect(help.content).toContain(FOLLOW_UP_LABEL);
    expect(help.content).toContain(MODERATOR_LABEL);
  });

  it('every other message mentions nobody; nothing typed reaches the logs; nothing Discord would reject', () => {
    const posted = [...server.channels.messagesIn(server.channelId), ...server.channels.messagesIn(threadId)].filter((m) => m.author.id === server.botUser.id);
    const responses = server.interactions.flatMap((h) => [h.original, ...h.currentFollowUps]).filter((m): m is ApiMessage => m !== null);
    expect(posted.length + responses.length).toBeGreaterThan(10);
    for (const m of [...posted, ...responses]) {
      expect(m.mentions).toEqual([]);
      expect(m.mention_everyone).toBe(false);
    }
    for (const m of posted) expect(m['allowed_mentions']).toEqual({ parse: [], replied_user: false });
    const logs = `${bot?.stdout() ?? ''}${bot?.stderr() ?? ''}`;
    for (const t of typed) expect(logs).not.toContain(t);
    expect(server.problems()).toEqual([]);
  });
});
