/**
 * Feedback on answers: the in-memory token store (expiry, eviction of the oldest, one rating per
 * member per answer, nothing that names the member), the custom ids, buttons and form, what goes with
 * an `/ask` reply (buttons, or the abstention queued), and the button and form handlers against a
 * recording review queue.
 */
import type { ButtonInteraction, ModalSubmitInteraction } from 'discord.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { answerSources, withFeedback } from '../../../src/bot/feedback/attach.ts';
import { feedbackButtonId, feedbackButtons, feedbackModal, feedbackModalId, parseFeedbackButtonId, parseFeedbackModalId, REASON_MAX_LENGTH } from '../../../src/bot/feedback/components.ts';
import { handleFeedbackButton, handleFeedbackModal, redactReason } from '../../../src/bot/feedback/handlers.ts';
import { FEEDBACK_MAX_ANSWERS, FEEDBACK_TTL_MS, FeedbackStore, raterHash, type RateableAnswer } from '../../../src/bot/feedback/store.ts';
import { ALREADY_RATED, NOTED_FOR_MODERATORS, RATING_EXPIRED, THANKS_HELPFUL } from '../../../src/replies/feedback.ts';
import { UserError } from '../../../src/replies/errors.ts';
import { KnowledgeBase } from '../../../src/knowledge/live.ts';
import { silentLogger } from '../../../src/logger.ts';
import { ASK_RESULTS, askReply } from '../../../src/replies/ask.ts';
import type { CommandContext } from '../../../src/bot/types.ts';
import { defaultKnowledgeDir } from '../../../src/cli/paths.ts';
import type { Engine } from '../../../src/core/engine.ts';
import { openKnowledge, type OpenKnowledge } from '../../../src/knowledge/open.ts';

const ANSWER: RateableAnswer = { question: 'how long is the wait for [name]?', sources: [{ id: 'ofsted-2024', title: 'Ofsted report 2024' }], answered: true };

function clock(): { now: () => number; advance: (ms: number) => void } {
  let now = 1_700_000_000_000;
  return { now: () => now, advance: (ms) => void (now += ms) };
}

describe('FeedbackStore', () => {
  it('gives short, distinct tokens that fit a custom id, and keeps the answer they stand for', () => {
    const store = new FeedbackStore();
    const tokens = new Set(Array.from({ length: 300 }, () => store.add(ANSWER)));
    expect(tokens.size).toBe(300);
    for (const token of tokens) {
      expect(token).toMatch(/^[\w-]{8}$/);
      expect(feedbackButtonId(token, 'down').length).toBeLessThanOrEqual(100);
      expect(store.get(token)).toEqual(ANSWER);
    }
    expect(store.size).toBe(300);
  });

  it('forgets an answer after 24 hours, not before', () => {
    const c = clock();
    const store = new FeedbackStore({ now: c.now });
    const token = store.add(ANSWER);
    c.advance(FEEDBACK_TTL_MS - 1);
    expect(store.get(token)).toEqual(ANSWER);
    expect(store.rate(token, 'm1').ok).toBe(true);
    c.advance(1);
    expect(store.get(token)).toBeUndefined();
    expect(store.rate(token, 'm2')).toEqual({ ok: false, reason: 'unknown' });
    expect(store.hasRated(token, 'm1')).toBe(false);
    expect(store.size).toBe(0);
  });

  it('sweeps expired answers when new ones are added', () => {
    const c = clock();
    const store = new FeedbackStore({ now: c.now, ttlMs: 1000 });
    for (let i = 0; i < 5; i++) store.add(ANSWER);
    c.advance(600);
    const later = [store.add(ANSWER), store.add(ANSWER)];
    c.advance(500);
    store.add(ANSWER);
    expect(store.size).toBe(3);
    for (const token of later) expect(store.get(token)).toEqual(ANSWER);
  });

  it('evicts the oldest answers first when it holds too many', () => {
    const store = new FeedbackStore({ maxAnswers: 3 });
    const [a, b, c, d] = [store.add({ ...ANSWER, question: 'a' }), store.add({ ...ANSWER, question: 'b' }), store.add({ ...ANSWER, question: 'c' }), store.add({ ...ANSWER, question: 'd' })];
    expect(store.size).toBe(3);
    expect(store.get(a ?? '')).toBeUndefined();
    expect([b, c, d].map((t) => store.get(t ?? '')?.question)).toEqual(['b', 'c', 'd']);
    const e = store.add({ ...ANSWER, question: 'e' });
    expect(store.get(b ?? '')).toBeUndefined();
    expect(store.get(e)?.question).toBe('e');
  });

  it('holds a few thousand answers by default', () => {
    expect(FEEDBACK_MAX_ANSWERS).toBeGreaterThanOrEqual(1000);
    expect(FEEDBACK_MAX_ANSWERS).toBeLessThanOrEqual(10_000);
    expect(FEEDBACK_TTL_MS).toBe(24 * 60 * 60 * 1000);
  });

  it('takes one rating per member per answer; other members and other answers are independent', () => {
    const store = new FeedbackStore();
    const one = store.add(ANSWER);
    const two = store.add(ANSWER);
    expect(store.hasRated(one, 'm1')).toBe(false);
    expect(store.rate(one, 'm1')).toEqual({ ok: true, answer: ANSWER });
    expect(store.hasRated(one, 'm1')).toBe(true);
    expect(store.rate(one, 'm1')).toEqual({ ok: false, reason: 'already' });
    expect(store.rate(one, 'm2').ok).toBe(true);
    expect(store.rate(two, 'm1').ok).toBe(true);
    expect(store.rate('nope1234', 'm1')).toEqual({ ok: false, reason: 'unknown' });
  });

  it('takes a rating back when it could not be saved, so the member can try again', () => {
    const store = new FeedbackStore();
    const token = store.add(ANSWER);
    expect(store.rate(token, 'm1').ok).toBe(true);
    store.unrate(token, 'm1');
    expect(store.hasRated(token, 'm1')).toBe(false);
    expect(store.rate(token, 'm1').ok).toBe(true);
  });

  it('keeps a copy of the answer: a later change to the object does not reach it', () => {
    const store = new FeedbackStore();
    const sources = [{ id: 's1', title: 'Source one' }];
    const token = store.add({ question: 'q', sources, answered: true });
    sources[0] = { id: 'changed', title: 'changed' };
    expect(store.get(token)?.sources).toEqual([{ id: 's1', title: 'Source one' }]);
    expect(Object.isFrozen(store.get(token))).toBe(true);
  });

  it('remembers a rating as a salted hash: not the member id, and different under another salt', () => {
    const member = '1500000000000000123';
    const salt = Buffer.alloc(32, 1);
    const hash = raterHash(salt, member, 'tok12345');
    expect(hash).toMatch(/^[\w-]{43}$/);
    expect(hash).not.toContain(member);
    expect(raterHash(salt, member, 'tok12345')).toBe(hash);
    expect(raterHash(Buffer.alloc(32, 2), member, 'tok12345')).not.toBe(hash);
    expect(raterHash(salt, member, 'tok12346')).not.toBe(hash);
    expect(raterHash(salt, '1500000000000000124', 'tok12345')).not.toBe(hash);
    // The member id and token are separated: "1" + "23" is not "12" + "3".
    expect(raterHash(salt, '1', '23')).not.toBe(raterHash(salt, '12', '3'));
  });
});

describe('custom ids, buttons and the form', () => {
  it('round-trips the button and form ids and refuses anything else', () => {
    expect(parseFeedbackButtonId(feedbackButtonId('abc_-123', 'up'))).toEqual({ token: 'abc_-123', rating: 'up' });
    expect(parseFeedbackButtonId(feedbackButtonId('abc_-123', 'down'))).toEqual({ token: 'abc_-123', rating: 'down' });
    expect(parseFeedbackModalId(feedbackModalId('abc_-123'))).toBe('abc_-123');
    for (const id of ['ask:fb:abc:sideways', 'ask:fb::up', 'ask:fbm:abc', 'sources:confirm:abc', 'ask:fb:a b:up', 'ask:fb:abc:up:x']) {
      expect(parseFeedbackButtonId(id)).toBeUndefined();
    }
    for (const id of ['ask:fb:abc:up', 'ask:fbm:', 'ask:fbm:a/b']) expect(parseFeedbackModalId(id)).toBeUndefined();
  });

  it('shows two grey buttons with words, not colours or emoji', () => {
    const row = feedbackButtons('tok12345');
    expect(row.type).toBe(1);
    expect(row.components).toEqual([
      expect.objectContaining({ type: 2, style: 2, label: 'Helpful', custom_id: 'ask:fb:tok12345:up' }),
      expect.objectContaining({ type: 2, style: 2, label: 'Not helpful', custom_id: 'ask:fb:tok12345:down' }),
    ]);
    expect(JSON.stringify(row)).not.toContain('emoji');
  });

  it('asks for one optional short paragraph, within Discord\'s limits', () => {
    const modal = feedbackModal('tok12345').toJSON();
    expect(modal.custom_id).toBe('ask:fbm:tok12345');
    expect(modal.title.length).toBeLessThanOrEqual(45);
    expect(modal.components).toHaveLength(1);
    const label = modal.components[0] as unknown as { type: number; label: string; description?: string; component: Record<string, unknown> };
    expect(label.type).toBe(18);
    expect(label.label).toBe('What were you hoping to find?');
    expect(label.label.length).toBeLessThanOrEqual(45);
    expect(label.description).toMatch(/optional/i);
    expect(label.description).toMatch(/leave out names/i);
    expect(label.component).toMatchObject({ type: 4, style: 2, custom_id: 'reason', required: false, max_length: REASON_MAX_LENGTH });
    expect(REASON_MAX_LENGTH).toBe(300);
  });
});

// ---------------------------------------------------------------------------------------------
// With the real knowledge base
// ---------------------------------------------------------------------------------------------

let opened: OpenKnowledge;
let engine: Engine;

beforeAll(async () => {
  opened = await openKnowledge(defaultKnowledgeDir());
  engine = opened.engine;
});

/** A review queue that records what it is given. */
function recordingQueue(options: { fail?: boolean } = {}) {
  const added: unknown[] = [];
  const helpful: unknown[] = [];
  return {
    added,
    helpful,
    async add(item: unknown) {
      if (options.fail) throw new Error('disk full');
      added.push(item);
      return { id: 'x', at: new Date().toISOString(), status: 'open', ...(item as object) };
    },
    async recordHelpful(sources: unknown) {
      if (options.fail) throw new Error('disk full');
      helpful.push(sources);
    },
  };
}

function context(queue: ReturnType<typeof recordingQueue>, feedback = new FeedbackStore()): CommandContext {
  return { review: queue, feedback, logger: silentLogger, knowledge: KnowledgeBase.of(opened) } as unknown as CommandContext;
}

describe('withFeedback', () => {
  it('puts the buttons under an answer and remembers its redacted question and sources', async () => {
    const answer = engine.ask('how long is the wait for an autism assessment?', { k: ASK_RESULTS });
    expect(answer.answered).toBe(true);
    const queue = recordingQueue();
    const ctx = context(queue);
    const reply = askReply(answer, 'how long is the wait for an autism assessment?');
    const out = await withFeedback(reply, answer, 'how long is the wait for [name]', ctx);
    expect(out.reply).toEqual(reply);
    expect(out.components).toHaveLength(1);
    const id = String((out.components[0]?.components[0] as { custom_id?: string }).custom_id);
    const token = parseFeedbackButtonId(id)?.token ?? '';
    expect(ctx.feedback.get(token)).toEqual({ question: 'how long is the wait for [name]', sources: answerSources(answer), answered: true });
    expect(answerSources(answer).map((s) => s.id)).toEqual([...new Set(answer.results.map((r) => r.source.id))]);
    expect(queue.added).toEqual([]);
  });

  it('queues a question the reports do not cover as abstained, redacted, with no sources, and says so in one line', async () => {
    const answer = engine.ask('what is the best recipe for banana bread?', { k: ASK_RESULTS });
    expect(answer).toMatchObject({ answered: false, reason: 'out-of-scope' });
    const queue = recordingQueue();
    const out = await withFeedback(askReply(answer, 'q'), answer, 'what is the best recipe for banana bread?', context(queue));
    expect(out.components).toEqual([]);
    expect(out.reply.footnote).toBe(NOTED_FOR_MODERATORS);
    expect(queue.added).toEqual([{ kind: 'abstained', question: 'what is the best recipe for banana bread?', sources: [] }]);
  });

  it('queues nothing for an empty, too long or wordless question', async () => {
    const queue = recordingQueue();
    for (const q of ['', '?!', 'x'.repeat(5000)]) {
      const answer = engine.ask(q, { k: ASK_RESULTS });
      expect(answer.answered).toBe(false);
      expect(!answer.answered && answer.reason).not.toBe('out-of-scope');
      const out = await withFeedback(askReply(answer, q), answer, q, context(queue));
      expect(out.components).toEqual([]);
      expect(out.reply.footnote).toBeUndefined();
    }
    expect(queue.added).toEqual([]);
  });

  it('still answers, without the line, when the queue cannot be written', async () => {
    const answer = engine.ask('what is the best recipe for banana bread?', { k: ASK_RESULTS });
    const out = await withFeedback(askReply(answer, 'q'), answer, 'banana bread', context(recordingQueue({ fail: true })));
    expect(out.reply.footnote).toBeUndefined();
    expect(out.reply.lead).toBeTruthy();
  });
});

describe('redactReason', () => {
  it('replaces names, schools, e-mail addresses and phone numbers; keeps one paragraph of at most 300 characters', () => {
    const reason = redactReason('I wanted to know about Jayden at St Mary\'s Primary.\n\nEmail me at jo.bloggs@example.com or 07700 900123', engine);
    expect(reason).not.toMatch(/Jayden|St Mary|jo\.bloggs|07700/);
    expect(reason).toContain('[email]');
    expect(reason).toContain('[phone]');
    expect(reason).not.toContain('\n');
    expect(redactReason('  \n ', engine)).toBe('');
    expect(redactReason('waiting times '.repeat(100), engine).length).toBeLessThanOrEqual(REASON_MAX_LENGTH);
  });
});

// ---------------------------------------------------------------------------------------------
// The handlers, with interactions that record what the bot did
// ---------------------------------------------------------------------------------------------

interface Recorded {
  calls: { method: string; body: unknown }[];
}

function button(customId: string, userId: string): ButtonInteraction & Recorded {
  const calls: { method: string; body: unknown }[] = [];
  return {
    customId,
    user: { id: userId },
    calls,
    showModal: async (body: unknown) => void calls.push({ method: 'showModal', body }),
    deferReply: async (body: unknown) => void calls.push({ method: 'deferReply', body }),
    editReply: async (body: unknown) => void calls.push({ method: 'editReply', body }),
  } as unknown as ButtonInteraction & Recorded;
}

function submit(customId: string, userId: string, reason: string | undefined): ModalSubmitInteraction & Recorded {
  const calls: { method: string; body: unknown }[] = [];
  return {
    customId,
    user: { id: userId },
    calls,
    fields: {
      getTextInputValue: (id: string) => {
        if (id !== 'reason' || reason === undefined) throw new Error('no such field');
        return reason;
      },
    },
    deferReply: async (body: unknown) => void calls.push({ method: 'deferReply', body }),
    editReply: async (body: unknown) => void calls.push({ method: 'editReply', body }),
  } as unknown as ModalSubmitInteraction & Recorded;
}

async function refusal(run: () => Promise<void>): Promise<string> {
  try {
    await run();
  } catch (error) {
    if (error instanceof UserError) return error.message;
    throw error;
  }
  throw new Error('expected a UserError');
}

describe('the Helpful button', () => {
  it('counts the answer\'s sources once per member and thanks them privately', async () => {
    const queue = recordingQueue();
    const ctx = context(queue);
    const token = ctx.feedback.add(ANSWER);
    const click = button(feedbackButtonId(token, 'up'), 'm1');
    await handleFeedbackButton(click, ctx);
    expect(queue.helpful).toEqual([ANSWER.sources]);
    expect(click.calls.map((c) => c.method)).toEqual(['deferReply', 'editReply']);
    expect(click.calls[0]?.body).toEqual({ flags: 64 });
    expect(click.calls[1]?.body).toMatchObject({ content: THANKS_HELPFUL, allowedMentions: { parse: [] } });
    expect(await refusal(() => handleFeedbackButton(button(feedbackButtonId(token, 'up'), 'm1'), ctx))).toBe(ALREADY_RATED);
    expect(await refusal(() => handleFeedbackButton(button(feedbackButtonId(token, 'down'), 'm1'), ctx))).toBe(ALREADY_RATED);
    await handleFeedbackButton(button(feedbackButtonId(token, 'up'), 'm2'), ctx);
    expect(queue.helpful).toHaveLength(2);
    expect(queue.added).toEqual([]);
  });

  it('answers an expired or unknown answer politely, changing nothing', async () => {
    const c = clock();
    const queue = recordingQueue();
    const ctx = context(queue, new FeedbackStore({ now: c.now }));
    const token = ctx.feedback.add(ANSWER);
    c.advance(FEEDBACK_TTL_MS);
    expect(await refusal(() => handleFeedbackButton(button(feedbackButtonId(token, 'up'), 'm1'), ctx))).toBe(RATING_EXPIRED);
    expect(await refusal(() => handleFeedbackButton(button(feedbackButtonId(token, 'down'), 'm1'), ctx))).toBe(RATING_EXPIRED);
    expect(await refusal(() => handleFeedbackButton(button('ask:fb:garbage!:up', 'm1'), ctx))).toBe(RATING_EXPIRED);
    expect(queue.helpful).toEqual([]);
    expect(RATING_EXPIRED).toMatch(/24 hours/);
  });

  it('lets the member try again when the count could not be saved', async () => {
    const ctx = context(recordingQueue({ fail: true }));
    const token = ctx.feedback.add(ANSWER);
    await expect(handleFeedbackButton(button(feedbackButtonId(token, 'up'), 'm1'), ctx)).rejects.toThrow('disk full');
    expect(ctx.feedback.hasRated(token, 'm1')).toBe(false);
  });
});

describe('the Not helpful button and its form', () => {
  it('opens the form (recording nothing yet); the submission queues the redacted question, reason and sources', async () => {
    const queue = recordingQueue();
    const ctx = context(queue);
    const token = ctx.feedback.add(ANSWER);
    const click = button(feedbackButtonId(token, 'down'), 'm1');
    await handleFeedbackButton(click, ctx);
    expect(click.calls.map((c) => c.method)).toEqual(['showModal']);
    expect(JSON.stringify(click.calls[0]?.body)).toContain(feedbackModalId(token));
    expect(ctx.feedback.hasRated(token, 'm1')).toBe(false);
    expect(queue.added).toEqual([]);

    const form = submit(feedbackModalId(token), 'm1', 'Something about Jayden Smith, write to jo@example.com');
    await handleFeedbackModal(form, ctx);
    expect(queue.added).toHaveLength(1);
    const item = queue.added[0] as { kind: string; question: string; reason: string; sources: unknown };
    expect(item).toMatchObject({ kind: 'not-helpful', question: ANSWER.question, sources: ANSWER.sources });
    expect(item.reason).toContain('[email]');
    expect(item.reason).not.toMatch(/Jayden|jo@example\.com/);
    expect(form.calls.map((c) => c.method)).toEqual(['deferReply', 'editReply']);
    expect(String((form.calls[1]?.body as { content: string }).content)).toMatch(/without your name/);

    expect(await refusal(() => handleFeedbackModal(submit(feedbackModalId(token), 'm1', 'again'), ctx))).toBe(ALREADY_RATED);
    expect(await refusal(() => handleFeedbackButton(button(feedbackButtonId(token, 'down'), 'm1'), ctx))).toBe(ALREADY_RATED);
    expect(queue.added).toHaveLength(1);
  });

  it('queues no reason when none was given', async () => {
    const queue = recordingQueue();
    const ctx = context(queue);
    const token = ctx.feedback.add(ANSWER);
    await handleFeedbackModal(submit(feedbackModalId(token), 'm1', '   '), ctx);
    await handleFeedbackModal(submit(feedbackModalId(token), 'm2', undefined), ctx);
    expect(queue.added).toEqual([
      { kind: 'not-helpful', question: ANSWER.question, sources: ANSWER.sources },
      { kind: 'not-helpful', question: ANSWER.question, sources: ANSWER.sources },
    ]);
  });

  it('answers a form submitted after the answer expired politely, queueing nothing', async () => {
    const c = clock();
    const queue = recordingQueue();
    const ctx = context(queue, new FeedbackStore({ now: c.now }));
    const token = ctx.feedback.add(ANSWER);
    c.advance(FEEDBACK_TTL_MS + 1);
    expect(await refusal(() => handleFeedbackModal(submit(feedbackModalId(token), 'm1', 'late'), ctx))).toBe(RATING_EXPIRED);
    expect(queue.added).toEqual([]);
  });
});
