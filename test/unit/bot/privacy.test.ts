/** `/privacy` and the notice above a privately answered question. */
import { MessageFlags, type ChatInputCommandInteraction, type InteractionReplyOptions } from 'discord.js';
import { describe, expect, it } from 'vitest';
import privacyCommand from '../../../commands/privacy.ts';
import { privacyReply, privateNotice } from '../../../src/replies/privacy.ts';
import { toDiscordMessages } from '../../../src/bot/messages.ts';
import type { CommandContext } from '../../../src/bot/types.ts';
import type { PersonalDetailKind } from '../../../src/core/privacy/index.ts';
import { limitProblems } from './helpers.ts';

describe('privacyReply', () => {
  const lead = privacyReply(90).lead ?? '';

  it('says what is kept, that it is anonymised, for how long, and who can read it', () => {
    expect(lead).toContain("questions I couldn't answer");
    expect(lead).toContain('"Not helpful"');
    expect(lead).toMatch(/names, e-mail addresses, phone numbers and mentions/);
    expect(lead).toContain('the sources the answer used, and the time');
    expect(lead).toContain('It never says who asked');
    expect(lead).toContain('deleted after 90 days');
    expect(lead).toContain('`/review`');
    expect(lead).toMatch(/nothing else about you is stored or logged/i);
  });

  it('says what Ask a follow-up remembers (for 24 hours, never the question or who asked) and that Ask a moderator keeps nothing', () => {
    expect(lead).toMatch(/Ask a follow-up\*\*, I remember what an answer was about \(topic words, not the question, not who asked\) for 24 hours, in memory only/);
    expect(lead).toMatch(/Ask a moderator\*\* sends your name and question to the moderators only if you agree, and I keep nothing of it/);
  });

  it('says how to ask privately, and to ask without names', () => {
    expect(lead).toContain('Set `private` to True');
    expect(lead).toMatch(/without names of children or schools, and without contact details/);
  });

  it('uses the configured retention, in words', () => {
    expect(privacyReply(30).lead).toContain('deleted after 30 days');
    expect(privacyReply(1).lead).toContain('deleted after 1 day.');
    expect(privacyReply(Number.NaN).lead).toContain('deleted after 90 days');
  });

  it('cites nothing and fits one Discord message', () => {
    const reply = privacyReply(3650);
    expect(reply.cards).toEqual([]);
    const messages = toDiscordMessages(reply);
    expect(messages).toHaveLength(1);
    expect(messages.flatMap((m) => limitProblems({ content: m.content ?? '', embeds: [] }))).toEqual([]);
    expect(messages[0]?.content ?? '').not.toMatch(/https?:\/\//);
  });
});

describe('privateNotice', () => {
  const cases: [readonly PersonalDetailKind[], string][] = [
    [['name'], 'Your question seems to include a name, so only you can see this answer. You can ask again without it: I\'ll answer just as well.'],
    [['school'], "Your question seems to include a school's name, so only you can see this answer. You can ask again without it: I'll answer just as well."],
    [['email'], "Your question seems to include contact details, so only you can see this answer. You can ask again without them: I'll answer just as well."],
    [['email', 'phone'], "Your question seems to include contact details, so only you can see this answer. You can ask again without them: I'll answer just as well."],
    [['name', 'school'], "Your question seems to include a name and a school's name, so only you can see this answer. You can ask again without them: I'll answer just as well."],
    [['name', 'school', 'phone', 'mention'], "Your question seems to include a name, a school's name, contact details and a mention of someone, so only you can see this answer. You can ask again without them: I'll answer just as well."],
    [[], "Your question seems to include personal details, so only you can see this answer. You can ask again without them: I'll answer just as well."],
  ];
  it.each(cases)('%j', (kinds, expected) => {
    expect(privateNotice(kinds)).toBe(expected);
  });

  it('is at most two short sentences', () => {
    const notice = privateNotice(['name', 'school', 'email', 'phone', 'mention']);
    expect(notice.split(/(?<=[.!?])\s/)).toHaveLength(2);
    expect(notice.length).toBeLessThan(250);
  });
});

describe('/privacy', () => {
  /** Just what sendReply uses of a slash command interaction: the one reply it sends. */
  function fakeInteraction(): { interaction: ChatInputCommandInteraction; sent: InteractionReplyOptions[] } {
    const sent: InteractionReplyOptions[] = [];
    const interaction = {
      deferred: false,
      replied: false,
      reply: async (body: InteractionReplyOptions) => void sent.push(body),
      followUp: async (body: InteractionReplyOptions) => void sent.push(body),
      editReply: async (body: InteractionReplyOptions) => void sent.push(body),
    } as unknown as ChatInputCommandInteraction;
    return { interaction, sent };
  }

  const context = (config: object): CommandContext => ({ config }) as unknown as CommandContext;

  it('is named privacy, with a description', () => {
    const json = privacyCommand.data.toJSON();
    expect(json.name).toBe('privacy');
    expect(json.description.length).toBeGreaterThan(0);
    expect(json.options ?? []).toEqual([]);
  });

  it('answers privately, mentioning nobody, with the configured retention', async () => {
    const { interaction, sent } = fakeInteraction();
    await privacyCommand.execute(interaction, context({ reviewRetentionDays: 30 }));
    expect(sent).toHaveLength(1);
    expect(sent[0]?.flags).toBe(MessageFlags.Ephemeral);
    expect(sent[0]?.allowedMentions).toEqual({ parse: [] });
    expect(String(sent[0]?.content)).toContain('deleted after 30 days');
  });

  it('says 90 days when the retention is not configured', async () => {
    const { interaction, sent } = fakeInteraction();
    await privacyCommand.execute(interaction, context({}));
    expect(String(sent[0]?.content)).toContain('deleted after 90 days');
  });
});
