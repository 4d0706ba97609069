/**
 * The next steps under an answer, without Discord: what the follow-up store keeps and for how long,
 * which buttons are shown, the forms, and what the moderators' post says.
 */
import { DiscordAPIError, Routes, type ModalSubmitInteraction } from 'discord.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { answerScreened, screenQuestion } from '../../../src/core/answer.ts';
import type { Engine } from '../../../src/core/engine.ts';
import { handleModeratorModal } from '../../../src/bot/ask-moderator.ts';
import { FeedbackStore } from '../../../src/bot/feedback/store.ts';
import { handleFollowUpModal, nextSteps } from '../../../src/bot/follow-up.ts';
import { FOLLOW_UP_TTL_MS, FollowUpStore } from '../../../src/bot/follow-up-store.ts';
import { toDiscordMessages } from '../../../src/bot/messages.ts';
import type { nextStepsRows} from '../../../src/bot/next-steps.ts';
import { CONSENT_YES, followUpModal, moderatorModal, MODERATOR_BUTTON_ID, parseFollowUpButtonId, parseFollowUpModalId } from '../../../src/bot/next-steps.ts';
import type { CommandContext } from '../../../src/bot/types.ts';
import { loadConfig } from '../../../src/config.ts';
import { Cooldown } from '../../../src/expiring.ts';
import { createLogger } from '../../../src/logger.ts';
import { UserError } from '../../../src/replies/errors.ts';
import { openKnowledge } from '../../../src/knowledge/open.ts';
import { ASK_MAX_LENGTH } from '../../../src/replies/ask.ts';
import { helpReply } from '../../../src/replies/help.ts';
import { CANNOT_POST_THREAD, CANNOT_REACH_MODERATORS, followUpAnswered, followUpThreadName, MODERATOR_NOTICE, moderatorPost } from '../../../src/replies/next-steps.ts';
import { KNOWLEDGE_DIR } from '../core/helpers.ts';

let engine: Engine;
beforeAll(async () => {
  engine = (await openKnowledge(KNOWLEDGE_DIR)).engine;
});

const ids = (rows: readonly ReturnType<typeof nextStepsRows>[number][]): string[] => rows.flatMap((r) => r.components.map((c) => ('custom_id' in c ? c.custom_id : '')));

describe('the follow-up store', () => {
  it('keeps a topic and a title for 24 hours, in memory, then forgets them', () => {
    let now = 0;
    const store = new FollowUpStore({ now: () => now });
    const token = store.add({ topic: [{ term: '~wait', weight: 1 }], title: 'A report' });
    expect(token).toMatch(/^[\w-]{12}$/);
    expect(store.get(token)).toEqual({ topic: [{ term: '~wait', weight: 1 }], title: 'A report' });
    now = FOLLOW_UP_TTL_MS - 1;
    expect(store.get(token)).toBeDefined();
    now = FOLLOW_UP_TTL_MS;
    expect(store.get(token)).toBeUndefined();
    expect(store.size).toBe(0);
  });

  it('forgets the oldest first beyond its size', () => {
    const store = new FollowUpStore({ maxAnswers: 2 });
    const [a, b, c] = [1, 2, 3].map((n) => store.add({ topic: [{ term: `t${n}`, weight: 1 }], title: 'T' }));
    expect(store.get(a ?? '')).toBeUndefined();
    expect(store.get(b ?? '')).toBeDefined();
    expect(store.get(c ?? '')).toBeDefined();
  });
});

describe('the next steps under an answer', () => {
  const ctx = (env: Record<string, string>): Pick<CommandContext, 'config' | 'followUps'> => ({ config: loadConfig(env), followUps: new FollowUpStore() });

  it('an answer gets Ask a follow-up, its topic remembered as index terms (never the words); Ask a moderator only with a channel', () => {
    const question = 'how long is the wait for an autism assessment?';
    const answered = answerScreened(engine, screenQuestion(engine, question), { k: 3 });
    const without = ctx({});
    const rows = nextSteps(answered, without);
    const [id, ...more] = ids(rows);
    expect(more).toEqual([]);
    const token = parseFollowUpButtonId(id ?? '');
    const entry = without.followUps.get(token ?? '');
    expect(entry?.title).toBe(answered.answer.results[0]?.source.title);
    for (const t of entry?.topic ?? []) expect(question).not.toContain(t.term);
    expect(entry?.topic.length).toBeGreaterThan(0);
    const withChannel = ids(nextSteps(answered, ctx({ MODERATOR_LOG_CHANNEL_ID: '1300000000000000006' })));
    expect(withChannel).toHaveLength(2);
    expect(withChannel[1]).toBe(MODERATOR_BUTTON_ID);
  });

  it('a "can\'t answer" gets only Ask a moderator, and nothing without a channel', () => {
    const answered = answerScreened(engine, screenQuestion(engine, 'when are the bin collections in Malvern'), { k: 3 });
    expect(nextSteps(answered, ctx({}))).toEqual([]);
    expect(ids(nextSteps(answered, ctx({ MODERATOR_HELP_CHANNEL_ID: '1300000000000000007' })))).toEqual([MODERATOR_BUTTON_ID]);
  });
});

describe('the forms and the post', () => {
  it('the follow-up form asks one required question as long as /ask allows, empty', () => {
    const json = followUpModal('abc').toJSON();
    expect(parseFollowUpModalId(json.custom_id)).toBe('abc');
    const input = JSON.stringify(json);
    expect(input).toContain(`"max_length":${ASK_MAX_LENGTH}`);
    expect(input).not.toContain('"value"');
  });

  it('the moderator form says what the moderators see first, and consent is a required choice', () => {
    const json = moderatorModal().toJSON();
    expect(json.components[0]).toMatchObject({ type: 10, content: MODERATOR_NOTICE });
    expect(MODERATOR_NOTICE).toContain('Discord name and the question you write below');
    expect(JSON.stringify(json.components[1])).toMatch(/"type":3.*"required":true|"required":true.*"type":3/);
    // The question is empty, with a placeholder: never prefilled.
    expect(json.components[2]).toMatchObject({ type: 18, component: { type: 4, required: true } });
    expect(JSON.stringify(json.components[2])).not.toContain('"value"');
    expect(JSON.stringify(json.components[2])).toContain('"placeholder"');
  });

  it('the post mentions the member and quotes the question escaped, links not live', () => {
    const post = moderatorPost('1300000000000000042', 'Help with **this** https://example.com @everyone\nsecond line');
    expect(post.startsWith('<@1300000000000000042>')).toBe(true);
    expect(post).not.toContain('**this**');
    expect(post).not.toContain('https://example.com');
    expect(post).not.toMatch(/@everyone\b/);
  });

  it('a thread is named after what the answer cites, within Discord\'s 100 characters', () => {
    expect(followUpThreadName('Inspectors demand action on special needs care')).toBe('Follow-up: Inspectors demand action on special needs care');
    expect(followUpThreadName('x'.repeat(300)).length).toBeLessThanOrEqual(100);
  });
});

describe('/help', () => {
  it('shows Ask a follow-up, and Ask a moderator when there is a channel; the moderators\' part fits in its own message', () => {
    const text = (reply: ReturnType<typeof helpReply>): string => toDiscordMessages(reply).map((m) => m.content ?? '').join('\n');
    expect(text(helpReply(engine))).toContain('Ask a follow-up');
    expect(text(helpReply(engine))).not.toContain('Ask a moderator');
    expect(text(helpReply(engine, { moderators: true }))).toContain('Ask a moderator');
    const all = toDiscordMessages(helpReply(engine, { moderator: true, moderators: true, answerChannelIds: ['1300000000000000008', '1300000000000000009'] }));
    for (const m of all) expect((m.content ?? '').length).toBeLessThanOrEqual(2000);
    expect(all.map((m) => m.content).join('\n')).toContain('REVIEW_DIGEST=weekly');
  });
});

describe('Ask a moderator, when the post fails', () => {
  it('tells the member plainly and logs the failure without the question', async () => {
    const lines: string[] = [];
    const question = 'Please help with my appeal, jo@example.com';
    const edits: unknown[] = [];
    const interaction = {
      user: { id: '1300000000000000042' },
      fields: { getStringSelectValues: () => [CONSENT_YES], getTextInputValue: () => question },
      deferReply: () => Promise.resolve(),
      editReply: (body: unknown) => Promise.resolve(edits.push(body)),
      client: {
        rest: {
          post: (_route: string, options: unknown) =>
            Promise.reject(new DiscordAPIError({ code: 50001, message: 'Missing Access' }, 50001, 403, 'POST', '/channels/1/messages', options as never)),
        },
      },
    } as unknown as ModalSubmitInteraction;
    const ctx = { config: loadConfig({ MODERATOR_HELP_CHANNEL_ID: '1300000000000000007' }), logger: createLogger({ level: 'debug', write: (l) => lines.push(l) }) } as unknown as CommandContext;
    await expect(handleModeratorModal(interaction, ctx)).rejects.toEqual(new UserError(CANNOT_REACH_MODERATORS));
    expect(edits).toEqual([]);
    expect(lines.join('\n')).toContain('could not post');
    expect(lines.join('\n')).toContain('50001');
    expect(lines.join('\n')).not.toContain('appeal');
    expect(lines.join('\n')).not.toContain('jo@example.com');
  });
});

describe('Ask a follow-up, where the thread goes', () => {
  const setup = (post: (route: string, options: { body: JsonBody }) => Promise<unknown>): { interaction: ModalSubmitInteraction; ctx: CommandContext; edits: unknown[] } => {
    const followUps = new FollowUpStore();
    const token = followUps.add({ topic: [{ term: '~wait', weight: 1 }], title: 'Inspectors demand action on special needs care' });
    const edits: unknown[] = [];
    const interaction = {
      customId: `ask:fum:${token}`,
      user: { id: '1300000000000000042' },
      fields: { getTextInputValue: () => 'and for OT?' },
      message: { id: '1300000000000000100', flags: { has: () => false } },
      channelId: '1300000000000000200',
      channel: { isThread: () => false },
      deferReply: () => Promise.resolve(),
      editReply: (body: unknown) => Promise.resolve(edits.push(body)),
      client: { rest: { post } },
    } as unknown as ModalSubmitInteraction;
    const ctx = {
      knowledge: { engine }, config: loadConfig({}), logger: createLogger({ level: 'error', write: () => {} }), cooldown: new Cooldown(0),
      followUps, feedback: new FeedbackStore(), review: { add: () => Promise.resolve() },
    } as unknown as CommandContext;
    return { interaction, ctx, edits };
  };
  type JsonBody = Record<string, unknown>;

  it('starts a thread from the answer, named after its source, and answers there mentioning nobody', async () => {
    const calls: [string, JsonBody][] = [];
    const { interaction, ctx, edits } = setup((route, { body }) => {
      calls.push([route, body]);
      return Promise.resolve(route.endsWith('/threads') ? { id: '1300000000000000300' } : { id: '1' });
    });
    await handleFollowUpModal(interaction, ctx);
    const [[threadRoute, thread], [postRoute, post]] = calls as [[string, JsonBody], [string, JsonBody]];
    expect(threadRoute).toBe(Routes.threads('1300000000000000200', '1300000000000000100'));
    expect(thread['name']).toBe(followUpThreadName('Inspectors demand action on special needs care'));
    expect(postRoute).toBe(Routes.channelMessages('1300000000000000300'));
    expect(post['allowed_mentions']).toEqual({ parse: [], replied_user: false });
    expect(String(post['content'])).toContain('and for OT?');
    expect(edits).toEqual([expect.objectContaining({ content: followUpAnswered('1300000000000000300') })]);
  });

  it('answers in the thread already started from the answer (it has the message\'s id)', async () => {
    const routes: string[] = [];
    const { interaction, ctx } = setup((route, options) => {
      routes.push(route);
      return route.endsWith('/threads')
        ? Promise.reject(new DiscordAPIError({ code: 160004, message: 'A thread has already been created for this message' }, 160004, 400, 'POST', route, options as never))
        : Promise.resolve({ id: '1' });
    });
    await handleFollowUpModal(interaction, ctx);
    expect(routes.at(-1)).toBe(Routes.channelMessages('1300000000000000100'));
  });

  it('says plainly when it may not start a thread', async () => {
    const { interaction, ctx, edits } = setup((route, options) =>
      Promise.reject(new DiscordAPIError({ code: 50013, message: 'Missing Permissions' }, 50013, 403, 'POST', route, options as never)));
    await expect(handleFollowUpModal(interaction, ctx)).rejects.toEqual(new UserError(CANNOT_POST_THREAD));
    expect(edits).toEqual([]);
  });
});
