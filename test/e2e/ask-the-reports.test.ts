/**
 * Answers where parents already talk (issue 15, items 1 and 4), end to end: the real bot (`npm start`,
 * configured only by environment variables) against the Discord-compatible server of test/support.
 *
 * - Apps → Ask the reports on a message: the answer is private; Share in channel posts it as a reply
 *   to the message, with no mentions, only when the privacy check found nothing.
 * - Help-channel mode (ANSWER_CHANNEL_IDS): a new post in a listed text channel, or a new thread in a
 *   listed forum, gets an answer in a thread only when the engine answers; nothing is posted for an
 *   abstention, a post with personal details, a reply, or any other channel. Off (the default), the
 *   bot asks for no message intents, so Discord sends it no message at all, and it ignores one anyway.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageFlags } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { commandDefinitions, loadCommands } from '../../src/bot/commands.ts';
import { defaultKnowledgeDir } from '../../src/cli/paths.ts';
import type { Engine } from '../../src/core/engine.ts';
import { openKnowledge } from '../../src/knowledge/open.ts';
import { ANSWER_THREAD_NAME, ASK_THE_REPORTS, NO_TEXT, SHARE_EXPIRED, SHARED } from '../../src/replies/ask-the-reports.ts';
import { ChannelKind, Intent } from '../support/discord-channels.ts';
import { botMessages, buttonIds, until } from '../support/bot-messages.ts';
import { startDiscordServer } from '../support/discord-server.ts';
import type { ApiMessage, DiscordServer } from '../support/discord-server.ts';
import { registerGuildCommands } from '../support/guild.ts';
import { contractProblems, limitProblems } from '../unit/bot/helpers.ts';
import { MAIN, spawnEntry, type Spawned } from '../unit/bot/spawn.ts';

const LONG = 30_000;
vi.setConfig({ testTimeout: 4 * LONG, hookTimeout: 4 * LONG });

const ANSWERED = 'how long is the wait for an autism assessment';
const NOT_COVERED = 'when are the bin collections in Malvern';
const WITH_EMAIL = 'how long is the wait for an autism assessment? email me at jo.bloggs@example.com';
/** Every text members typed in this file, to check none reaches the logs. */
const typed = [ANSWERED, NOT_COVERED, 'jo.bloggs@example.com', 'what did the inspectors find'];

let engine: Engine;
let nextMember = 0;
const member = (): { id: string; username: string } => {
  nextMember += 1;
  return { id: `17000000000000000${String(nextMember).padStart(2, '0')}`, username: `parent${nextMember}` };
};

/** A message the bot posted for everyone: cites, within limits, and can ping nobody (not even the author replied to). */
function expectPublicAnswer(message: ApiMessage): void {
  expect(message.embeds.length).toBeGreaterThan(0);
  expect(contractProblems(message, engine, { cites: true })).toEqual([]);
  expect(limitProblems(message)).toEqual([]);
  expect(message['allowed_mentions']).toEqual({ parse: [], replied_user: false });
  expect(message.mentions).toEqual([]);
  expect(message.mention_roles).toEqual([]);
  expect(message.mention_everyone).toBe(false);
  expect(message.flags & MessageFlags.Ephemeral).toBe(0);
  expect(message.content).not.toMatch(/You asked/);
}

async function startBot(server: DiscordServer, env: Record<string, string>): Promise<{ bot: Spawned; root: string }> {
  const root = mkdtempSync(join(tmpdir(), 'send-bot-parents-'));
  expect(await registerGuildCommands(server, commandDefinitions(await loadCommands()))).toBe(200);
  const bot = spawnEntry(MAIN, {
    DISCORD_TOKEN: server.token,
    DISCORD_API_URL: server.apiUrl,
    DISCORD_GUILD_ID: server.guildId,
    KNOWLEDGE_DIR: defaultKnowledgeDir(),
    AUDIT_FILE: join(root, 'audit.jsonl'),
    REVIEW_FILE: join(root, 'review.jsonl'),
    INDEX_CACHE: 'off',
    ASK_COOLDOWN_SECONDS: '0',
    LOG_LEVEL: 'info',
    ...env,
  });
  await server.waitForSession(60_000);
  await bot.waitForOutput(/INFO {2}ready /, 60_000);
  return { bot, root };
}

beforeAll(async () => {
  engine = (await openKnowledge(defaultKnowledgeDir())).engine;
});

describe('help-channel mode on (ANSWER_CHANNEL_IDS), and Apps → Ask the reports', () => {
  let server: DiscordServer;
  let bot: Spawned | undefined;
  let root = '';
  let helpId = '';
  let forumId = '';

  beforeAll(async () => {
    server = await startDiscordServer({ defaultTimeoutMs: LONG });
    helpId = server.channels.create(ChannelKind.Text, 'ask-for-help');
    forumId = server.channels.create(ChannelKind.Forum, 'questions');
    ({ bot, root } = await startBot(server, { ANSWER_CHANNEL_IDS: `${helpId},${forumId}` }));
  }, 120_000);

  afterAll(async () => {
    await bot?.cleanup();
    await server?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('asks Discord for Guild Messages and Message Content, which it needs to read the posts', () => {
    expect(server.identifies.at(-1)?.intents).toBe(Intent.Guilds | Intent.GuildMessages | Intent.MessageContent);
  });

  it('Ask the reports answers a message privately; Share in channel posts it as a reply to the message, mentioning nobody', async () => {
    const asker = member();
    const target = server.channels.post(server.channelId, { content: `${ANSWERED} @everyone`, author: member() });
    const h = server.interact({ type: 'command', name: ASK_THE_REPORTS, targetMessage: target, user: asker });
    const reply = await h.reply();
    expect(h.payload['data']).toMatchObject({ type: 3, target_id: target.id });
    expect(reply.flags & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    expect(contractProblems(reply, engine, { cites: true })).toEqual([]);
    const share = buttonIds(reply).find((id) => id.startsWith(`${ASK_THE_REPORTS}:share:`));
    expect(share, JSON.stringify(reply.components)).toBeDefined();
    expect(buttonIds(reply).some((id) => id.startsWith('ask:fb:'))).toBe(true);
    // Nothing public yet: the member decides.
    expect(botMessages(server, server.channelId)).toEqual([]);

    const click = server.interact({ type: 'button', customId: share ?? '', message: reply, user: asker });
    const [done] = await click.followUps();
    expect(done?.content).toBe(SHARED);
    expect(done?.flags).toBe(MessageFlags.Ephemeral);
    const [posted, ...more] = botMessages(server, server.channelId);
    expect(more).toEqual([]);
    expect(posted?.type).toBe(19);
    expect(posted?.['message_reference']).toMatchObject({ message_id: target.id });
    expectPublicAnswer(posted as ApiMessage);
    expect(posted?.embeds.map((e) => e.description)).toEqual(reply.embeds.map((e) => e.description));
    // The private answer keeps its feedback buttons and loses Share.
    const after = await click.reply({ match: (m) => !buttonIds(m).some((id) => id.includes(':share:')) });
    expect(buttonIds(after).some((id) => id.startsWith('ask:fb:'))).toBe(true);

    // Shared once: the same button again posts nothing more.
    const again = await server.interact({ type: 'button', customId: share ?? '', message: reply, user: asker }).reply();
    expect(again.content).toBe(SHARE_EXPIRED);
    expect(botMessages(server, server.channelId)).toHaveLength(1);
  });

  it('a message with contact details is answered privately, without echoing them, and cannot be shared', async () => {
    const target = server.channels.post(server.channelId, { content: WITH_EMAIL, author: member() });
    const reply = await server.interact({ type: 'command', name: ASK_THE_REPORTS, targetMessage: target, user: member() }).reply();
    expect(reply.flags & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    expect(JSON.stringify(reply)).not.toContain('jo.bloggs');
    expect(buttonIds(reply).filter((id) => id.includes(':share:'))).toEqual([]);
    // A made-up Share button changes nothing.
    const forged = await server.interact({ type: 'button', customId: `${ASK_THE_REPORTS}:share:AAAAAAAAAAAAAAAA`, user: member() }).reply();
    expect(forged.content).toBe(SHARE_EXPIRED);
    expect(botMessages(server, server.channelId)).toHaveLength(1);
  });

  it('a message the reports do not cover gets the private "can\'t answer" and no Share button; a message with no text is explained', async () => {
    const target = server.channels.post(server.channelId, { content: NOT_COVERED, author: member() });
    const reply = await server.interact({ type: 'command', name: ASK_THE_REPORTS, targetMessage: target, user: member() }).reply();
    expect(reply.flags & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    expect(contractProblems(reply, engine, { cites: false })).toEqual([]);
    expect(buttonIds(reply).filter((id) => id.includes(':share:'))).toEqual([]);
    const empty = server.channels.post(server.channelId, { content: '', author: member() });
    const none = await server.interact({ type: 'command', name: ASK_THE_REPORTS, targetMessage: empty, user: member() }).reply();
    expect(none.content).toBe(NO_TEXT);
    expect(botMessages(server, server.channelId)).toHaveLength(1);
  });

  it('a new post in a help channel gets the answer in a thread started from it, named by the bot, mentioning nobody', async () => {
    const post = server.channels.post(helpId, { content: ANSWERED, author: member() });
    const [answer] = await until('the answer in the thread', () => {
      const messages = botMessages(server, post.id);
      return messages.length > 0 ? messages : undefined;
    });
    const [thread] = server.channels.threadsOf(helpId);
    expect(thread).toMatchObject({ id: post.id, name: ANSWER_THREAD_NAME, owner_id: server.botUser.id });
    expectPublicAnswer(answer as ApiMessage);
    // Nothing in the channel itself, and nothing in the channels that are not listed.
    expect(botMessages(server, helpId)).toEqual([]);
  });

  it('a new forum thread in a listed forum gets the answer inside it', async () => {
    const { thread } = server.channels.startForumPost(forumId, 'Autism waits', { content: 'what did the inspectors find', author: member() });
    const [answer] = await until('the answer in the forum thread', () => {
      const messages = botMessages(server, String(thread['id']));
      return messages.length > 0 ? messages : undefined;
    });
    expectPublicAnswer(answer as ApiMessage);
  });

  it('no reply at all for an abstention, a post with personal details, a reply, or a post in another channel', async () => {
    const threadsBefore = server.channels.threadsOf(helpId).length;
    server.channels.post(helpId, { content: NOT_COVERED, author: member() });
    await bot?.waitForOutput(/help channel.*not answered: not covered/, LONG);
    server.channels.post(helpId, { content: WITH_EMAIL, author: member() });
    await bot?.waitForOutput(/help channel.*not answered: personal details/, LONG);
    const first = server.channels.messagesIn(helpId)[0];
    server.channels.post(helpId, { content: ANSWERED, author: member(), replyTo: first?.id ?? '' });
    server.channels.post(server.channelId, { content: ANSWERED, author: member() });
    // A last post that is answered: once its answer is there, the ones before it were handled.
    const last = server.channels.post(helpId, { content: 'what did the inspectors find', author: member() });
    await until('the last answer', () => (botMessages(server, last.id).length > 0 ? true : undefined));
    expect(server.channels.threadsOf(helpId)).toHaveLength(threadsBefore + 1);
    expect(botMessages(server, helpId)).toEqual([]);
    expect(botMessages(server, server.channelId)).toHaveLength(1); // the one shared above
    expect(server.channels.threadsOf(server.channelId)).toEqual([]);
  });

  it('/privacy says which channels the bot reads, and /help shows Ask the reports and the help channels', async () => {
    const privacy = await server.interact({ type: 'command', name: 'privacy', user: member() }).reply();
    expect(privacy.content).toContain(`<#${helpId}>, <#${forumId}>`);
    expect(privacy.mentions).toEqual([]);
    const help = await server.interact({ type: 'command', name: 'help', user: member() }).reply();
    expect(help.content).toContain('Ask the reports');
    expect(help.content).toContain(`<#${helpId}>`);
  });

  it('logs nothing members typed and nothing Discord would reject', () => {
    const logs = `${bot?.stdout() ?? ''}${bot?.stderr() ?? ''}`;
    for (const text of typed) expect(logs).not.toContain(text);
    expect(server.problems()).toEqual([]);
  });
});

describe('help-channel mode off (the default)', () => {
  let server: DiscordServer;
  let bot: Spawned | undefined;
  let root = '';

  beforeAll(async () => {
    server = await startDiscordServer({ defaultTimeoutMs: LONG });
    ({ bot, root } = await startBot(server, {}));
  }, 120_000);

  afterAll(async () => {
    await bot?.cleanup();
    await server?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('asks for the Guilds intent only, reads no message and answers none, and /privacy says so', async () => {
    expect(server.identifies.at(-1)?.intents).toBe(Intent.Guilds);
    const helpId = server.channels.create(ChannelKind.Text, 'ask-for-help');
    const post = server.channels.post(helpId, { content: ANSWERED, author: member() });
    // Discord would not send it; even if a MESSAGE_CREATE arrived, the bot has no listener for it.
    server.dispatch('MESSAGE_CREATE', { ...post, member: { roles: [], joined_at: new Date().toISOString(), deaf: false, mute: false, flags: 0 } });
    const privacy = await server.interact({ type: 'command', name: 'privacy', user: member() }).reply();
    expect(privacy.content).toContain("I don't read the server's messages");
    expect(server.channels.threadsOf(helpId)).toEqual([]);
    expect(server.requests.filter((r) => r.path.startsWith('/channels/'))).toEqual([]);
    // Ask the reports still works: the member chose the message.
    const reply = await server.interact({ type: 'command', name: ASK_THE_REPORTS, targetMessage: post, user: member() }).reply();
    expect(reply.flags & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    expect(reply.embeds.length).toBeGreaterThan(0);
    // No moderators' channel set: no Ask a moderator button, under an answer or a "can't answer".
    expect(buttonIds(reply)).not.toContain('ask:mod');
    const abstained = await server.interact({ type: 'command', name: 'ask', options: { question: NOT_COVERED }, user: member() }).reply();
    expect(buttonIds(abstained)).toEqual([]);
    expect(server.problems()).toEqual([]);
  });
});
