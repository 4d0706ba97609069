import { ChannelType, GatewayIntentBits, MessageType } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { clientIntents } from '../../../src/bot/client.ts';
import { helpPost, type PostFacts } from '../../../src/bot/help-channels.ts';
import { loadConfig } from '../../../src/config.ts';
import { privacyReply } from '../../../src/replies/privacy.ts';

const GUILD = '1700000000000000001';
const HELP = '1700000000000000002';
const FORUM = '1700000000000000003';
const OTHER = '1700000000000000004';
const config = loadConfig({ ALLOWED_GUILD_IDS: GUILD, ANSWER_CHANNEL_IDS: `${HELP}, ${FORUM}` });
const ctx = { config };

const post = (facts: Partial<PostFacts>): PostFacts => ({
  id: '1700000000000000100', guildId: GUILD, channelId: HELP, type: MessageType.Default, authorIsBot: false, fromWebhook: false,
  channelType: ChannelType.GuildText, parentId: null, parentType: null, ...facts,
});

describe('helpPost', () => {
  it('answers a new top-level post of a listed text channel, and the first post of a new thread of a listed forum', () => {
    expect(helpPost(post({}), ctx)).toBe('channel');
    expect(helpPost(post({ id: '1700000000000000200', channelId: '1700000000000000200', channelType: ChannelType.PublicThread, parentId: FORUM, parentType: ChannelType.GuildForum }), ctx)).toBe('forum');
  });

  it('ignores other channels, later posts of a forum thread, threads of a text channel, replies, bots, webhooks and other servers', () => {
    expect(helpPost(post({ channelId: OTHER }), ctx)).toBeUndefined();
    expect(helpPost(post({ id: '1700000000000000201', channelId: '1700000000000000200', channelType: ChannelType.PublicThread, parentId: FORUM, parentType: ChannelType.GuildForum }), ctx)).toBeUndefined();
    expect(helpPost(post({ id: '1700000000000000200', channelId: '1700000000000000200', channelType: ChannelType.PublicThread, parentId: HELP, parentType: ChannelType.GuildText }), ctx)).toBeUndefined();
    expect(helpPost(post({ type: MessageType.Reply }), ctx)).toBeUndefined();
    expect(helpPost(post({ authorIsBot: true }), ctx)).toBeUndefined();
    expect(helpPost(post({ fromWebhook: true }), ctx)).toBeUndefined();
    expect(helpPost(post({ guildId: '1700000000000000999' }), ctx)).toBeUndefined();
    expect(helpPost(post({ guildId: null }), ctx)).toBeUndefined();
  });

  it('answers nothing when ANSWER_CHANNEL_IDS is not set', () => {
    expect(helpPost(post({}), { config: loadConfig({ ALLOWED_GUILD_IDS: GUILD }) })).toBeUndefined();
  });
});

describe('ANSWER_CHANNEL_IDS', () => {
  it('is read as a list of ids, and a malformed one is reported with the others', () => {
    expect(config.answerChannelIds).toEqual([HELP, FORUM]);
    expect(() => loadConfig({ ANSWER_CHANNEL_IDS: `${HELP},general` })).toThrow(/ANSWER_CHANNEL_IDS: "general" is not a Discord id/);
  });

  it('asks for the Message Content intent only when set', () => {
    expect(clientIntents({})).toEqual([GatewayIntentBits.Guilds]);
    expect(clientIntents(config)).toEqual([GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent]);
  });

  it('/privacy says which channels are read, or that none is', () => {
    expect(privacyReply(90, { answerChannelIds: [HELP, FORUM] }).lead).toContain(`I read new posts in <#${HELP}>, <#${FORUM}> only`);
    expect(privacyReply(90).lead).toContain("I don't read the server's messages");
  });
});
