/**
 * The review queue: a JSON-lines file of events, read into memory on open, appended one line per
 * change, compacted atomically; retention enforced; nothing but the contract's fields stored.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, stat, truncate, writeFile, appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NOTE_MAX_LENGTH, QUESTION_MAX_LENGTH, REASON_MAX_LENGTH, ReviewQueue } from '../../../src/review/queue.ts';
import type { NewReviewItem, ReviewItem } from '../../../src/review/queue.ts';

const DAY = 24 * 60 * 60 * 1000;
const START = new Date('2026-03-02T10:00:00.000Z');

let root: string;
let file: string;
let clock: Date;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'send-bot-queue-'));
  file = join(root, 'data', 'nested', 'review-queue.jsonl');
  clock = START;
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

function openQueue(retentionDays = 90): Promise<ReviewQueue> {
  return ReviewQueue.open({ file, retentionDays, now: () => clock });
}

function advance(ms: number): void {
  clock = new Date(clock.getTime() + ms);
}

async function rawLines(): Promise<string[]> {
  return (await readFile(file, 'utf8')).split('\n').filter((l) => l !== '');
}

/** Everything in the queue's folder, as text: the file and anything left beside it. */
async function folderText(): Promise<string> {
  const dir = join(root, 'data', 'nested');
  const names = await readdir(dir);
  return (await Promise.all(names.map((n) => readFile(join(dir, n), 'utf8')))).join('\n');
}

const abstained = (question: string): NewReviewItem => ({ kind: 'abstained', question, sources: [] });
const SOURCES = [
  { id: 'ofsted-2018', title: 'Ofsted and CQC 2018 report' },
  { id: 'wsp-2024', title: 'Written statement of action progress, 2024' },
];

describe('opening and adding', () => {
  it('creates the folder; the file is owner-only; an added item reads back the same after reopening', async () => {
    const queue = await openQueue();
    expect(queue.list()).toEqual({ items: [], total: 0 });
    expect((await stat(join(root, 'data', 'nested'))).isDirectory()).toBe(true);

    const item = await queue.add({ kind: 'not-helpful', question: 'When is the next inspection?', reason: 'It is about 2019', sources: SOURCES });
    expect(item).toEqual({
      id: item.id,
      at: START.toISOString(),
      kind: 'not-helpful',
      question: 'When is the next inspection?',
      reason: 'It is about 2019',
      sources: SOURCES,
      status: 'open',
    });
    expect(item.id).toMatch(/^[0-9a-f]{12}$/);
    expect(queue.get(item.id)).toEqual(item);
    expect((await stat(file)).mode & 0o777).toBe(0o600);

    const reopened = await openQueue();
    expect(reopened.get(item.id)).toEqual(item);
    expect(reopened.list()).toEqual({ items: [item], total: 1 });
    expect(reopened.skippedLines).toBe(0);
  });

  it('gives each item a different random id', async () => {
    const queue = await openQueue();
    const ids = new Set<string>();
    for (let i = 0; i < 30; i++) ids.add((await queue.add(abstained(`q${i}`))).id);
    expect(ids.size).toBe(30);
    // Not a counter: the ids do not share a common prefix.
    expect(new Set([...ids].map((id) => id.slice(0, 3))).size).toBeGreaterThan(20);
  });

  it('cuts the question, reason and note to their limits, leaves out an empty reason, keeps only id and title of sources', async () => {
    const queue = await openQueue();
    const long = await queue.add({
      kind: 'not-helpful',
      question: 'q'.repeat(QUESTION_MAX_LENGTH + 50),
      reason: 'r'.repeat(REASON_MAX_LENGTH + 50),
      sources: [{ id: 'a', title: 'A', url: 'https://example.org', passage: 'text' } as never],
    });
    expect(long.question).toHaveLength(1000);
    expect(long.reason).toHaveLength(300);
    expect(long.sources).toEqual([{ id: 'a', title: 'A' }]);
    const noted = await queue.note(long.id, `  ${'n'.repeat(NOTE_MAX_LENGTH + 50)}  `);
    expect(noted?.note).toHaveLength(300);
    expect((await queue.add({ kind: 'not-helpful', question: 'x', reason: '   ', sources: [] })).reason).toBeUndefined();
    // A surrogate pair is not cut in half.
    const emoji = await queue.add(abstained(`${'a'.repeat(QUESTION_MAX_LENGTH - 1)}😀`));
    expect(emoji.question).toBe('a'.repeat(QUESTION_MAX_LENGTH - 1));

    const reopened = await openQueue();
    expect(reopened.get(long.id)).toEqual(noted);
    expect(reopened.skippedLines).toBe(0);
  });

  it('refuses an unknown kind and an empty note, writing nothing', async () => {
    const queue = await openQueue();
    await expect(queue.add({ kind: 'spam' as never, question: 'x', sources: [] })).rejects.toThrow(TypeError);
    const item = await queue.add(abstained('x'));
    await expect(queue.note(item.id, '   ')).rejects.toThrow(TypeError);
    expect(await rawLines()).toHaveLength(1);
    expect(queue.get(item.id)?.status).toBe('open');
  });
});

describe('what reaches the file', () => {
  /** Written here, not imported: the test must fail if the module starts writing another field. */
  const ALLOWED: Record<string, readonly string[]> = {
    add: ['v', 'type', 'item'],
    resolve: ['v', 'type', 'id', 'status', 'note', 'at'],
    helpful: ['v', 'type', 'at', 'sources'],
    digest: ['v', 'type', 'at'],
  };
  const ITEM_KEYS = ['id', 'at', 'kind', 'question', 'reason', 'sources', 'status', 'note', 'resolvedAt'];
  const SOURCE_KEYS = ['id', 'title'];

  function checkLine(line: string): void {
    const record = JSON.parse(line) as Record<string, unknown>;
    expect(record.v).toBe(1);
    const allowed = ALLOWED[record.type as string];
    expect(allowed, line).toBeDefined();
    for (const key of Object.keys(record)) expect(allowed, `${key} in ${line}`).toContain(key);
    const sources: unknown[] = [];
    if (record.type === 'add') {
      const item = record.item as Record<string, unknown>;
      for (const key of Object.keys(item)) expect(ITEM_KEYS, `${key} in ${line}`).toContain(key);
      sources.push(...(item.sources as unknown[]));
    }
    if (record.type === 'helpful') sources.push(...(record.sources as unknown[]));
    for (const source of sources) {
      for (const key of Object.keys(source as object)) expect(SOURCE_KEYS, `${key} in ${line}`).toContain(key);
    }
  }

  it('holds only the contract fields, even when the caller passes more (before and after compaction)', async () => {
    const queue = await openQueue();
    const sneaky = {
      kind: 'not-helpful',
      question: 'Does the plan cover transport?',
      reason: 'Too general',
      sources: [{ id: 'a', title: 'A report', userId: '123456789012345678' }],
      userId: '123456789012345678',
      username: 'alice_parent',
      member: { nick: 'Alice P' },
    } as unknown as NewReviewItem;
    const item = await queue.add(sneaky);
    expect(Object.keys(item)).not.toContain('userId');
    await queue.add(abstained('Who runs the panel?'));
    await queue.recordHelpful([{ id: 'a', title: 'A report', user: 'alice_parent' } as never]);
    await queue.note(item.id, 'the 2024 revisit letter');
    await queue.dismiss(item.id);
    await queue.markDigest(clock);

    const appended = await rawLines();
    expect(appended.map((l) => (JSON.parse(l) as { type: string }).type)).toEqual(['add', 'add', 'helpful', 'resolve', 'resolve', 'digest']);
    for (const line of appended) checkLine(line);

    // Compaction (forced by retention) rewrites every line: the same rules hold.
    advance(60 * DAY);
    await queue.add(abstained('A later question'));
    advance(40 * DAY);
    expect(await queue.enforceRetention()).toBe(3);
    for (const line of await rawLines()) checkLine(line);

    const text = await folderText();
    for (const secret of ['123456789012345678', 'alice_parent', 'Alice P', 'nick', 'user']) expect(text).not.toContain(secret);
  });
});

describe('list and get', () => {
  it('lists newest first (later added first at the same time), by status, with offset, limit and total', async () => {
    const queue = await openQueue();
    const a = await queue.add(abstained('a'));
    advance(60_000);
    const b = await queue.add(abstained('b'));
    const c = await queue.add(abstained('c')); // same time as b, added later
    advance(60_000);
    const d = await queue.add({ kind: 'not-helpful', question: 'd', sources: SOURCES });
    await queue.dismiss(b.id);

    const ids = (items: ReviewItem[]): string[] => items.map((i) => i.question);
    expect(ids(queue.list().items)).toEqual(['d', 'c', 'b', 'a']);
    expect(ids(queue.list({ status: 'all' }).items)).toEqual(['d', 'c', 'b', 'a']);
    expect(queue.list({ status: 'open' })).toMatchObject({ total: 3 });
    expect(ids(queue.list({ status: 'open' }).items)).toEqual(['d', 'c', 'a']);
    expect(ids(queue.list({ status: 'dismissed' }).items)).toEqual(['b']);
    expect(queue.list({ status: 'noted' })).toEqual({ items: [], total: 0 });
    expect(queue.list({ status: 'open', offset: 1, limit: 1 })).toEqual({ items: [c], total: 3 });
    expect(queue.list({ offset: 3, limit: 10 })).toEqual({ items: [a], total: 4 });
    expect(queue.list({ offset: 9 })).toEqual({ items: [], total: 4 });
    expect(queue.list({ offset: -2, limit: 2 }).items).toEqual([d, c]);
    expect(queue.list({ limit: 0 })).toEqual({ items: [], total: 4 });
    expect(queue.get('000000000000')).toBeUndefined();

    const reopened = await openQueue();
    expect(ids(reopened.list().items)).toEqual(['d', 'c', 'b', 'a']);
  });

  it('hands out items that do not change when the item is later dismissed or noted', async () => {
    const queue = await openQueue();
    const item = await queue.add(abstained('a'));
    await queue.dismiss(item.id);
    expect(item.status).toBe('open');
    expect(Object.isFrozen(item)).toBe(true);
  });
});

describe('dismiss and note', () => {
  it('persist across reopening, with the time; a note survives a later dismissal', async () => {
    const queue = await openQueue();
    const one = await queue.add(abstained('one'));
    const two = await queue.add(abstained('two'));
    advance(DAY);
    const dismissed = await queue.dismiss(one.id);
    expect(dismissed).toEqual({ ...one, status: 'dismissed', resolvedAt: clock.toISOString() });
    advance(DAY);
    const noted = await queue.note(two.id, 'The 2024 revisit letter');
    expect(noted).toEqual({ ...two, status: 'noted', note: 'The 2024 revisit letter', resolvedAt: clock.toISOString() });
    advance(DAY);
    const both = await queue.dismiss(two.id);
    expect(both).toMatchObject({ status: 'dismissed', note: 'The 2024 revisit letter', resolvedAt: clock.toISOString() });

    const reopened = await openQueue();
    expect(reopened.get(one.id)).toEqual(dismissed);
    expect(reopened.get(two.id)).toEqual(both);
    expect(reopened.list({ status: 'open' }).total).toBe(0);
  });

  it('returns undefined for an id not in the queue, and writes nothing', async () => {
    const queue = await openQueue();
    await queue.add(abstained('one'));
    expect(await queue.dismiss('abcdefabcdef')).toBeUndefined();
    expect(await queue.note('not-an-id', 'x')).toBeUndefined();
    expect(await rawLines()).toHaveLength(1);
  });
});

describe('retention', () => {
  async function seed(): Promise<{ old: ReviewItem; recent: ReviewItem }> {
    const queue = await openQueue();
    clock = new Date(START.getTime() - 91 * DAY);
    const old = await queue.add(abstained('a question from long ago'));
    await queue.recordHelpful(SOURCES);
    await queue.markDigest(clock);
    clock = new Date(START.getTime() - 89 * DAY);
    const recent = await queue.add(abstained('a question from 89 days ago'));
    await queue.recordHelpful(SOURCES);
    clock = START;
    return { old, recent };
  }

  it('deletes on open what is older than the retention period, from the file too; keeps the last digest marker', async () => {
    const { old, recent } = await seed();
    expect(await readFile(file, 'utf8')).toContain('a question from long ago');

    const queue = await openQueue();
    expect(queue.get(old.id)).toBeUndefined();
    expect(queue.get(recent.id)).toEqual(recent);
    expect(queue.digest(new Date(0))).toMatchObject({ abstained: 1, helpful: 1 });
    expect(queue.lastDigestAt()?.getTime()).toBe(START.getTime() - 91 * DAY);

    const text = await readFile(file, 'utf8');
    expect(text).not.toContain('a question from long ago');
    expect(text).not.toContain(old.id);
    expect(await rawLines()).toHaveLength(3); // recent item, its helpful event, the digest marker
  });

  it('enforceRetention deletes what has expired since opening and returns how many', async () => {
    const { old, recent } = await seed();
    clock = new Date(START.getTime() - 2 * DAY); // both items were within 90 days then
    const queue = await openQueue();
    expect(queue.get(old.id)).toEqual(old);
    expect(await queue.enforceRetention()).toBe(0);

    clock = START;
    expect(await queue.enforceRetention()).toBe(2); // the old item and its helpful event
    expect(queue.get(old.id)).toBeUndefined();
    expect(queue.get(recent.id)).toEqual(recent);
    expect(await readFile(file, 'utf8')).not.toContain('a question from long ago');
    expect(await queue.enforceRetention()).toBe(0);

    advance(2 * DAY);
    expect(await queue.enforceRetention()).toBe(2);
    expect(queue.list()).toEqual({ items: [], total: 0 });
    expect(queue.lastDigestAt()).toBeDefined();
    expect((await rawLines()).map((l) => (JSON.parse(l) as { type: string }).type)).toEqual(['digest']);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('follows the retention period it is given', async () => {
    const queue = await openQueue();
    await queue.add(abstained('eight days old'));
    clock = new Date(START.getTime() + 8 * DAY);
    expect((await openQueue(10)).list().total).toBe(1);
    expect((await openQueue(7)).list().total).toBe(0);
  });

  it('refuses a retention period that is not a positive number', async () => {
    await expect(openQueue(0)).rejects.toThrow(RangeError);
    await expect(openQueue(Number.NaN)).rejects.toThrow(RangeError);
  });
});

describe('a damaged file', () => {
  it('skips a line torn by a crash, counts it, loads the rest, and rewrites the file clean', async () => {
    const queue = await openQueue();
    const kept = [await queue.add(abstained('one')), await queue.add(abstained('two'))];
    await queue.add(abstained('three, being written when the power went'));
    const bytes = await readFile(file);
    await truncate(file, bytes.length - 25);

    const reopened = await openQueue();
    expect(reopened.skippedLines).toBe(1);
    expect(reopened.list().items.map((i) => i.question)).toEqual(['two', 'one']);
    expect(reopened.list().items).toEqual([kept[1], kept[0]]);
    expect(await readFile(file, 'utf8')).not.toContain('power');

    const three = await reopened.add(abstained('three again'));
    const again = await openQueue();
    expect(again.skippedLines).toBe(0);
    expect(again.list().items.map((i) => i.id)).toEqual([three.id, kept[1]?.id, kept[0]?.id]);
  });

  it('starts the next line on a new line when the file ends without one', async () => {
    const queue = await openQueue();
    const one = await queue.add(abstained('one'));
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.trimEnd()); // a complete line, no newline (an editor that strips it)
    const reopened = await openQueue();
    const two = await reopened.add(abstained('two'));
    const again = await openQueue();
    expect(again.skippedLines).toBe(0);
    expect(again.list().items.map((i) => i.id)).toEqual([two.id, one.id]);
  });

  it('skips lines that are not JSON, of another version, of another type, or with fields not allowed', async () => {
    const queue = await openQueue();
    const one = await queue.add(abstained('one'));
    const good = (await rawLines())[0] ?? '';
    const item = (JSON.parse(good) as { item: Record<string, unknown> }).item;
    const line = (value: unknown): string => `${JSON.stringify(value)}\n`;
    await appendFile(
      file,
      [
        'not json at all\n',
        line({ v: 2, type: 'add', item: { ...item, id: 'aaaaaaaaaaaa' } }),
        line({ type: 'add', item: { ...item, id: 'bbbbbbbbbbbb' } }),
        line({ v: 1, type: 'erase', id: one.id }),
        line({ v: 1, type: 'add', item: { ...item, id: 'cccccccccccc', userId: '123456789012345678' } }),
        line({ v: 1, type: 'add', item: { ...item, id: 'dddddddddddd' }, user: 'alice' }),
        line({ v: 1, type: 'add', item: { ...item, id: 'eeeeeeeeeeee', kind: 'angry' } }),
        line({ v: 1, type: 'add', item: { ...item, id: 'ffffffffffff', question: 'q'.repeat(1001) } }),
        line({ v: 1, type: 'add', item: { ...item, id: '../../etc/pw' } }),
        line({ v: 1, type: 'add', item }), // the same id again
        line({ v: 1, type: 'resolve', id: one.id, status: 'deleted', at: START.toISOString() }),
        line({ v: 1, type: 'helpful', at: 'yesterday', sources: [] }),
        line({ v: 1, type: 'digest', at: START.toISOString(), by: 'alice' }),
        '[1,2,3]\n',
        'null\n',
      ].join(''),
    );
    const reopened = await openQueue();
    expect(reopened.skippedLines).toBe(15);
    expect(reopened.list()).toEqual({ items: [one], total: 1 });
    expect(reopened.lastDigestAt()).toBeUndefined();
    expect(reopened.digest(new Date(0)).helpful).toBe(0);
    // Rewritten without them.
    expect(await rawLines()).toEqual([good]);
  });

  it('a resolve for an item that is no longer there is ignored, not counted as damage', async () => {
    const queue = await openQueue();
    await queue.add(abstained('one'));
    await appendFile(file, `${JSON.stringify({ v: 1, type: 'resolve', id: 'abcabcabcabc', status: 'dismissed', at: START.toISOString() })}\n`);
    const reopened = await openQueue();
    expect(reopened.skippedLines).toBe(0);
    expect(reopened.list().total).toBe(1);
  });

  it('a write that fails is reported and leaves memory unchanged; the writes after it still work', async () => {
    const queue = await openQueue();
    await queue.add(abstained('one'));
    await rm(join(root, 'data'), { recursive: true, force: true });
    const failed = queue.add(abstained('lost'));
    const later = queue.recordHelpful([]);
    await expect(failed).rejects.toThrow();
    await expect(later).rejects.toThrow();
    expect(queue.list().items.map((i) => i.question)).toEqual(['one']);
    expect(queue.digest(new Date(0)).helpful).toBe(0);

    await mkdir(join(root, 'data', 'nested'), { recursive: true });
    await queue.add(abstained('two'));
    expect((await openQueue()).list().items.map((i) => i.question)).toEqual(['two']);
  });
});

describe('concurrent writes', () => {
  it('keeps all of 100 adds made at once, with dismissals and notes among them', async () => {
    const queue = await openQueue();
    const first = await queue.add(abstained('first'));
    const adds = Array.from({ length: 100 }, (_, i) => queue.add({ kind: i % 2 ? 'abstained' : 'not-helpful', question: `question ${i}`, sources: SOURCES }));
    const others = [queue.dismiss(first.id), queue.recordHelpful(SOURCES), queue.note(first.id, 'the local offer'), queue.markDigest(clock)];
    const added = await Promise.all(adds);
    await Promise.all(others);

    expect(new Set(added.map((i) => i.id)).size).toBe(100);
    const reopened = await openQueue();
    expect(reopened.skippedLines).toBe(0);
    expect(reopened.list().total).toBe(101);
    for (const item of added) expect(reopened.get(item.id)).toEqual(item);
    expect(reopened.get(first.id)).toMatchObject({ status: 'noted', note: 'the local offer' });
    expect(reopened.digest(new Date(0))).toMatchObject({ helpful: 1, abstained: 51, notHelpful: 50 });
    expect(reopened.lastDigestAt()?.toISOString()).toBe(START.toISOString());
    expect(await rawLines()).toHaveLength(105);
  });

  it('loses nothing when writes made at once cross the compaction threshold, and applies them in call order', async () => {
    const queue = await openQueue();
    const items: ReviewItem[] = [];
    for (let i = 0; i < 10; i++) items.push(await queue.add(abstained(`question ${i}`)));
    // 300 notes at once: the file reaches twice its live entries again and again while they are written.
    const notes = Array.from({ length: 300 }, (_, i) => queue.note(items[i % 10]?.id ?? '', `note ${i}`));
    const helpful = Array.from({ length: 20 }, () => queue.recordHelpful(SOURCES));
    await Promise.all([...notes, ...helpful]);

    const reopened = await openQueue();
    expect(reopened.skippedLines).toBe(0);
    for (let k = 0; k < 10; k++) expect(reopened.get(items[k]?.id ?? '')?.note).toBe(`note ${290 + k}`);
    expect(reopened.list()).toEqual(queue.list());
    expect(reopened.digest(new Date(0)).helpful).toBe(20);
    expect((await rawLines()).length).toBeLessThanOrEqual(2 * 30 + 16);
  });
});

describe('repeated questions', () => {
  it('folds the same question (any case, spacing or closing punctuation) into its open item, with a count', async () => {
    const queue = await openQueue();
    const first = await queue.add(abstained('Where is the Local Offer?'));
    advance(60_000);
    const again = await queue.add(abstained('  where is the   local offer '));
    advance(60_000);
    await queue.add(abstained('WHERE IS THE LOCAL OFFER?!'));
    expect(again.id).toBe(first.id);
    expect(queue.list().total).toBe(1);
    expect(queue.get(first.id)).toMatchObject({ question: 'Where is the Local Offer?', at: START.toISOString(), count: 3, lastAt: clock.toISOString() });
    // Each time counts in the digest; the example says how often.
    expect(queue.digest(new Date(0))).toMatchObject({ abstained: 3, open: 1, examples: [{ question: 'Where is the Local Offer?', count: 3 }] });
    // Append-only: one add line and two repeat lines, each with only the allowed keys.
    const lines = (await rawLines()).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.type)).toEqual(['add', 'repeat', 'repeat']);
    expect(Object.keys(lines[1] ?? {}).sort()).toEqual(['at', 'id', 'type', 'v']);
    // Read back the same after reopening.
    const reopened = await openQueue();
    expect(reopened.skippedLines).toBe(0);
    expect(reopened.get(first.id)).toEqual(queue.get(first.id));
  });

  it('does not fold a different question, another kind, a new reason, or into a resolved item', async () => {
    const queue = await openQueue();
    const open = await queue.add(abstained('where is the local offer'));
    expect((await queue.add(abstained('where is the local offer for adults'))).id).not.toBe(open.id);
    const unhelpful = await queue.add({ kind: 'not-helpful', question: 'where is the local offer', sources: SOURCES });
    expect(unhelpful.id).not.toBe(open.id);
    expect((await queue.add({ kind: 'not-helpful', question: 'where is the local offer', sources: SOURCES })).id).toBe(unhelpful.id);
    expect((await queue.add({ kind: 'not-helpful', question: 'where is the local offer', reason: 'out of date', sources: SOURCES })).id).not.toBe(unhelpful.id);
    expect((await queue.add({ kind: 'not-helpful', question: 'where is the local offer', sources: SOURCES.slice(0, 1) })).id).not.toBe(unhelpful.id);
    await queue.dismiss(open.id);
    const after = await queue.add(abstained('where is the local offer'));
    expect(after.id).not.toBe(open.id);
    expect(after.count).toBeUndefined();
    expect(queue.get(open.id)?.status).toBe('dismissed');
  });

  it('keeps an item while it was last asked within retention, drops older repeats, and compacts them', async () => {
    const queue = await openQueue(90);
    const item = await queue.add(abstained('how long is the wait'));
    advance(50 * DAY);
    await queue.add(abstained('how long is the wait'));
    advance(50 * DAY);
    await queue.add(abstained('how long is the wait'));
    advance(41 * DAY);
    // The first ask and the first repeat are past 90 days; the last repeat is not.
    expect(await queue.enforceRetention()).toBe(1);
    expect(queue.get(item.id)).toMatchObject({ count: 2 });
    const reopened = await openQueue(90);
    expect(reopened.get(item.id)).toEqual(queue.get(item.id));
    expect((await rawLines()).map((l) => (JSON.parse(l) as { type: string }).type)).toEqual(['add', 'repeat']);
    advance(50 * DAY);
    expect(await reopened.enforceRetention()).toBe(2);
    expect(reopened.list().total).toBe(0);
  });

  it('still reads a file written before repeats were folded', async () => {
    await mkdir(join(root, 'data', 'nested'), { recursive: true });
    const add = (id: string, question: string) => JSON.stringify({ v: 1, type: 'add', item: { id, at: START.toISOString(), kind: 'abstained', question, sources: [], status: 'open' } });
    await writeFile(file, `${add('aaaaaaaaaaaa', 'same question')}\n${add('bbbbbbbbbbbb', 'same question')}\n`);
    const queue = await openQueue();
    expect(queue.skippedLines).toBe(0);
    expect(queue.list().total).toBe(2);
    // A new repeat folds into one of them, not a third item.
    expect(['aaaaaaaaaaaa', 'bbbbbbbbbbbb']).toContain((await queue.add(abstained('same question'))).id);
    expect(queue.list().total).toBe(2);
  });
});

describe('compaction', () => {
  it('rewrites a file grown to twice its live entries, and the state read back is identical', async () => {
    const queue = await openQueue();
    const items: ReviewItem[] = [];
    for (let i = 0; i < 5; i++) items.push(await queue.add({ kind: 'not-helpful', question: `q${i}`, reason: `r${i}`, sources: SOURCES.slice(0, i % 3) }));
    await queue.recordHelpful(SOURCES);
    await queue.markDigest(clock);
    let longest = 0;
    for (let round = 0; round < 20; round++) {
      advance(60_000);
      await queue.note(items[round % 5]?.id ?? '', `note ${round}`);
      await queue.markDigest(clock);
      longest = Math.max(longest, (await rawLines()).length);
    }
    const live = 5 + 1 + 1;
    const lines = await rawLines();
    expect(longest).toBeLessThanOrEqual(2 * live + 17);
    expect(lines.length).toBeLessThan(longest);
    expect(await readdir(join(root, 'data', 'nested'))).toEqual(['review-queue.jsonl']); // no temporary file left

    const reopened = await openQueue();
    expect(reopened.skippedLines).toBe(0);
    expect(reopened.list()).toEqual(queue.list());
    expect(reopened.digest(new Date(0))).toEqual(queue.digest(new Date(0)));
    expect(reopened.lastDigestAt()).toEqual(queue.lastDigestAt());
    expect(reopened.get(items[4]?.id ?? '')).toMatchObject({ status: 'noted', note: 'note 19' });
  });

  it('a retention rewrite keeps the rest of the state exactly', async () => {
    const queue = await openQueue();
    await queue.add(abstained('expiring'));
    advance(50 * DAY);
    const a = await queue.add({ kind: 'not-helpful', question: 'a', reason: 'why', sources: SOURCES });
    const b = await queue.add(abstained('b'));
    await queue.note(a.id, 'the 2023 letter');
    await queue.dismiss(b.id);
    await queue.recordHelpful(SOURCES.slice(1));
    await queue.markDigest(clock);
    advance(45 * DAY);
    const before = { list: queue.list(), digest: queue.digest(new Date(0)).helpful };
    expect(before.list.total).toBe(3);

    expect(await queue.enforceRetention()).toBe(1);
    const reopened = await openQueue();
    expect(reopened.list()).toEqual({ items: before.list.items.slice(0, 2), total: 2 });
    expect(reopened.list()).toEqual(queue.list());
    expect(reopened.digest(new Date(0)).helpful).toBe(1);
    expect(reopened.lastDigestAt()?.getTime()).toBe(START.getTime() + 50 * DAY);
  });
});

describe('digest', () => {
  it('counts abstained, not helpful and helpful within [since, now]; open items now; five newest open questions', async () => {
    const queue = await openQueue();
    // Before the period.
    await queue.add(abstained('old open question'));
    await queue.add({ kind: 'not-helpful', question: 'old not helpful', sources: SOURCES });
    await queue.recordHelpful(SOURCES);
    advance(DAY);
    const since = clock;
    // On the first instant of the period, then during it.
    await queue.add(abstained('at the start'));
    await queue.recordHelpful(SOURCES);
    advance(DAY);
    const questions: ReviewItem[] = [];
    for (let i = 0; i < 6; i++) {
      advance(60_000);
      questions.push(await queue.add({ kind: i < 4 ? 'abstained' : 'not-helpful', question: `during ${i}`, sources: [] }));
    }
    await queue.recordHelpful(SOURCES);
    await queue.recordHelpful([]);
    await queue.dismiss(questions[5]?.id ?? '');
    await queue.note(questions[0]?.id ?? '', 'the local offer');

    const digest = queue.digest(since);
    expect(digest).toEqual({
      since: since.toISOString(),
      until: clock.toISOString(),
      abstained: 5, // at the start + during 0..3 (whatever their status now)
      notHelpful: 2, // during 4, 5
      helpful: 3,
      open: 7, // 2 old + at the start + during 1..4
      examples: ['during 4', 'during 3', 'during 2', 'during 1', 'at the start'].map((question) => ({ question, count: 1 })),
    });

    // Nothing after now counts (a clock that went back), and an empty period counts nothing.
    clock = new Date(since.getTime() - 1);
    expect(queue.digest(new Date(since.getTime() - DAY / 2))).toMatchObject({ abstained: 0, notHelpful: 0, helpful: 0, open: 7 });
  });

  it('lastDigestAt is undefined at first, then persisted across reopening', async () => {
    const queue = await openQueue();
    expect(queue.lastDigestAt()).toBeUndefined();
    const at = new Date(START.getTime() - 8 * DAY);
    await queue.markDigest(at);
    expect(queue.lastDigestAt()).toEqual(at);
    await queue.markDigest(START);
    expect((await openQueue()).lastDigestAt()).toEqual(START);
  });
});
