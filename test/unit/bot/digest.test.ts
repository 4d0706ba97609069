/**
 * The weekly review digest against a real review queue on disk, an injected clock and a fake REST
 * that records what is posted: the first start only marks the time; a digest after seven days, once;
 * a restart does not post again; a failed post is logged, not thrown, and tried again; checks never
 * overlap; the timer runs the checks and stop() ends them. And the message itself: counts in words,
 * the period written out, the example questions escaped, nobody mentioned.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Routes } from 'discord.js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { digestMessage, startDigest, type DigestScheduler } from '../../../src/bot/digest.ts';
import { createLogger, type Logger } from '../../../src/logger.ts';
import { ReviewQueue, type ReviewDigest } from '../../../src/review/queue.ts';

const DAY = 24 * 60 * 60 * 1000;
const CHANNEL = '1700000000000000091';

/** A REST `post` that records its calls; it fails while `failing` is set. */
class FakeRest {
  readonly calls: { route: string; body: { content: string; allowed_mentions: unknown } }[] = [];
  failing: Error | undefined;
  gate: Promise<void> | undefined;
  post = async (route: string, options?: { body?: unknown }): Promise<unknown> => {
    if (this.gate) await this.gate;
    if (this.failing) throw this.failing;
    this.calls.push({ route, body: options?.body as { content: string; allowed_mentions: unknown } });
    return { id: '1' };
  };
}

let dir: string;
let file: string;
let clock: Date;
let rest: FakeRest;
let lines: string[];
let logger: Logger;
const schedulers: DigestScheduler[] = [];

function open(): Promise<ReviewQueue> {
  return ReviewQueue.open({ file, retentionDays: 90, now: () => clock });
}

function start(queue: ReviewQueue, options: { intervalMs?: number } = {}): DigestScheduler {
  // An hour by default: the tests call runNow() themselves.
  const scheduler = startDigest({ queue, rest, channelId: CHANNEL, logger, now: () => clock, ...options });
  schedulers.push(scheduler);
  return scheduler;
}

function advance(ms: number): void {
  clock = new Date(clock.getTime() + ms);
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'send-bot-digest-'));
  file = join(dir, 'review-queue.jsonl');
  clock = new Date('2026-11-16T09:00:00Z');
  rest = new FakeRest();
  lines = [];
  logger = createLogger({ level: 'debug', write: (l) => void lines.push(l), now: () => clock });
});

afterEach(async () => {
  // stop() waits for a check in flight, which may still be writing the queue's temporary file.
  await Promise.all(schedulers.splice(0).map((s) => s.stop()));
  rmSync(dir, { recursive: true, force: true });
});

describe('startDigest', () => {
  it('on the first start only marks the time; after seven days posts one digest of that week', async () => {
    const queue = await open();
    const digest = start(queue);
    expect(await digest.runNow()).toBe(false);
    expect(rest.calls).toEqual([]);
    expect(queue.lastDigestAt()?.toISOString()).toBe('2026-11-16T09:00:00.000Z');

    // The week: two questions not answered, one answer marked not helpful, three marked helpful.
    advance(DAY);
    await queue.add({ kind: 'abstained', question: 'is there a *special* school bus for <@123456789012345678>?', sources: [] });
    advance(DAY);
    await queue.add({ kind: 'abstained', question: 'who runs the [name] panel?', sources: [] });
    await queue.add({ kind: 'not-helpful', question: 'when is the next inspection?', sources: [{ id: 'a', title: 'A report' }] });
    for (let i = 0; i < 3; i++) await queue.recordHelpful([{ id: 'a', title: 'A report' }]);

    advance(4 * DAY);
    expect(await digest.runNow()).toBe(false);
    expect(rest.calls).toEqual([]);

    advance(DAY);
    expect(await digest.runNow()).toBe(true);
    expect(rest.calls).toHaveLength(1);
    const [call] = rest.calls;
    expect(call?.route).toBe(Routes.channelMessages(CHANNEL));
    expect(call?.body.allowed_mentions).toEqual({ parse: [] });
    const content = call?.body.content ?? '';
    expect(content.split('\n')[0]).toBe(
      '**Review queue, 16 November to 23 November 2026:** 2 questions not answered, 1 answer marked not helpful, 3 marked helpful; 3 waiting for review.',
    );
    expect(content).toContain('Newest open questions:');
    expect(content).toContain('• when is the next inspection?');
    expect(content).toContain('• who runs the \\[name] panel?');
    expect(content).toContain('\\*special\\*');
    expect(content).not.toMatch(/<@\d/);
    expect(content).toContain('`/review`');
    expect(queue.lastDigestAt()?.toISOString()).toBe('2026-11-23T09:00:00.000Z');

    // The same day, and an hour later: nothing more.
    expect(await digest.runNow()).toBe(false);
    advance(60 * 60 * 1000);
    expect(await digest.runNow()).toBe(false);
    expect(rest.calls).toHaveLength(1);
    expect(lines.join('\n')).not.toContain('school bus');
  });

  it('a restart does not post again, and the next digest covers only the week since the last one', async () => {
    const first = await open();
    await start(first).runNow();
    advance(7 * DAY);
    await first.add({ kind: 'abstained', question: 'one', sources: [] });
    advance(60 * 1000);
    expect(await start(first).runNow()).toBe(true);
    await Promise.all(schedulers.splice(0).map((s) => s.stop()));

    advance(60 * 1000);
    const reopened = await open();
    expect(await start(reopened).runNow()).toBe(false);
    expect(rest.calls).toHaveLength(1);

    advance(7 * DAY);
    await reopened.add({ kind: 'abstained', question: 'two', sources: [] });
    expect(await start(reopened).runNow()).toBe(true);
    expect(rest.calls).toHaveLength(2);
    expect(rest.calls[1]?.body.content.split('\n')[0]).toBe(
      '**Review queue, 23 November to 30 November 2026:** 1 question not answered, 0 answers marked not helpful, 0 marked helpful; 2 waiting for review.',
    );
  });

  it('a failed post is logged, not thrown, and tried again at the next check', async () => {
    const queue = await open();
    const digest = start(queue);
    await digest.runNow();
    advance(7 * DAY);
    rest.failing = Object.assign(new Error('Missing Access'), { status: 403 });
    await expect(digest.runNow()).resolves.toBe(false);
    expect(lines.some((l) => l.includes('WARN') && l.includes('could not post the review digest') && l.includes('Missing Access'))).toBe(true);
    expect(queue.lastDigestAt()?.toISOString()).toBe('2026-11-16T09:00:00.000Z');

    rest.failing = undefined;
    advance(60 * 60 * 1000);
    expect(await digest.runNow()).toBe(true);
    expect(rest.calls).toHaveLength(1);
  });

  it('a queue that cannot record the time is logged, and this process still posts only once', async () => {
    const queue = await open();
    const digest = start(queue);
    await digest.runNow();
    advance(7 * DAY);
    const mark = vi.spyOn(queue, 'markDigest').mockRejectedValue(new Error('disk full'));
    expect(await digest.runNow()).toBe(true);
    expect(lines.some((l) => l.includes('ERROR') && l.includes('disk full'))).toBe(true);
    advance(60 * 60 * 1000);
    expect(await digest.runNow()).toBe(false);
    expect(rest.calls).toHaveLength(1);
    mark.mockRestore();
  });

  it('checks do not overlap: a second check while one is posting waits for it', async () => {
    const queue = await open();
    const digest = start(queue);
    await digest.runNow();
    advance(7 * DAY);
    let release = (): void => {};
    rest.gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const a = digest.runNow();
    const b = digest.runNow();
    release();
    expect(await Promise.all([a, b])).toEqual([true, true]);
    expect(rest.calls).toHaveLength(1);
  });

  it('stop() resolves only once the check in flight has finished recording the digest', async () => {
    const queue = await open();
    const digest = start(queue);
    await digest.runNow();
    advance(7 * DAY);
    let release = (): void => {};
    rest.gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const posting = digest.runNow();
    let stopped = false;
    const stopping = digest.stop().then(() => {
      stopped = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(queue.lastDigestAt()?.toISOString()).toBe(clock.toISOString());
    expect(await posting).toBe(true);
  });

  it('checks on its timer, which does not keep the process alive; stop() ends the checks', async () => {
    const queue = await open();
    await queue.markDigest(new Date(clock.getTime() - 8 * DAY));
    const digest = start(queue, { intervalMs: 20 });
    await vi.waitFor(() => expect(rest.calls).toHaveLength(1), { timeout: 5000 });
    await digest.stop();
    advance(8 * DAY);
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(rest.calls).toHaveLength(1);

    const unref = vi.spyOn(globalThis, 'setInterval');
    start(queue, { intervalMs: 1000 });
    const timer = unref.mock.results[0]?.value as NodeJS.Timeout;
    expect(timer.hasRef()).toBe(false);
    unref.mockRestore();
  });
});

describe('digestMessage', () => {
  const base: ReviewDigest = {
    since: '2026-12-28T09:00:00.000Z', until: '2027-01-04T09:00:00.000Z', abstained: 1, notHelpful: 0, helpful: 1, open: 0, examples: [],
  };

  it('counts in words, across a new year, without examples or a pointer to /review when nothing waits', () => {
    expect(digestMessage(base)).toEqual({
      content: '**Review queue, 28 December 2026 to 4 January 2027:** 1 question not answered, 0 answers marked not helpful, 1 marked helpful; 0 waiting for review.',
      allowed_mentions: { parse: [] },
    });
  });

  it('one example is "question", several are "questions"; long ones are shortened and the whole fits Discord\'s limit', () => {
    expect(digestMessage({ ...base, open: 1, examples: [{ question: 'only one', count: 1 }] }).content).toMatch(/Newest open question:\n• only one$/m);
    expect(digestMessage({ ...base, open: 1, examples: [{ question: 'asked often', count: 4 }] }).content).toContain('• asked often (asked 4 times)');
    const long = '<@&1234567890123456789> **x** '.repeat(200);
    const { content } = digestMessage({ ...base, open: 9, examples: Array.from({ length: 5 }, () => ({ question: long, count: 1 })) });
    expect(content.length).toBeLessThanOrEqual(2000);
    expect(content.match(/^• /gm)).toHaveLength(5);
    expect(content).not.toMatch(/<@&\d/);
  });
});
