/**
 * The moderators' `/review` page as plain data: the custom ids of its buttons and form, dates and
 * times in words (UK time, summer and winter), an item's lines (kind in words, escaped question,
 * reason, sources, status), the buttons at either end of the list, Discord's limits with long text,
 * and moving through a real review queue (paging past the end, where to go after dismissing).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  cleanNote,
  loadReviewView,
  NOTE_INPUT_ID,
  NOTE_MAX_LENGTH,
  noteModal,
  parseReviewCustomId,
  reviewCustomId,
  reviewPage,
  viewAfter,
  writtenDate,
  writtenDateTime,
  writtenPeriod,
  type ReviewView,
} from '../../../src/bot/review.ts';
import { ReviewQueue, type ReviewItem } from '../../../src/review/queue.ts';

function item(overrides: Partial<ReviewItem> = {}): ReviewItem {
  return {
    id: 'k3x9q2m7w1ab',
    at: '2026-11-16T14:05:00.000Z',
    kind: 'abstained',
    question: 'how do I appeal a decision about transport?',
    sources: [],
    status: 'open',
    ...overrides,
  };
}

function view(overrides: Partial<ReviewView> = {}): ReviewView {
  return { item: item(), offset: 2, total: 12, status: 'open', ...overrides };
}

/** The buttons of a page: label, custom id, disabled. */
function buttons(page: ReturnType<typeof reviewPage>): { label: string; id: string; disabled: boolean }[] {
  return page.components.flatMap((row) => row.components).map((b) => ({
    label: 'label' in b ? String(b.label) : '',
    id: 'custom_id' in b ? b.custom_id : '',
    disabled: b.disabled === true,
  }));
}

describe('custom ids', () => {
  it('carry the action, the item, its place and the list, and read back', () => {
    for (const action of ['prev', 'next', 'dismiss', 'note'] as const) {
      for (const status of ['open', 'all'] as const) {
        const target = { action, itemId: 'k3x9q2m7w1ab', offset: 41, status };
        const id = reviewCustomId(target);
        expect(id.startsWith('review:')).toBe(true);
        expect(parseReviewCustomId(id)).toEqual(target);
      }
    }
  });

  it('stay within Discord\'s 100 characters with the longest id and place', () => {
    const id = reviewCustomId({ action: 'dismiss', itemId: 'a'.repeat(32), offset: 9_999_999, status: 'open' });
    expect(id.length).toBeLessThanOrEqual(100);
    expect(parseReviewCustomId(id)?.offset).toBe(9_999_999);
  });

  it('refuse what they did not make', () => {
    for (const id of ['review:next:abc:1', 'review:jump:abc:1:open', 'review:next:abc:1:closed', 'ask:next:abc:1:open', 'review:next:a b:1:open', 'review:next:abc:-1:open', '']) {
      expect(parseReviewCustomId(id), id).toBeUndefined();
    }
    expect(() => reviewCustomId({ action: 'next', itemId: 'a:b', offset: 0, status: 'open' })).toThrow();
  });
});

describe('dates and times in words', () => {
  it('are written out in UK time, winter and summer', () => {
    expect(writtenDateTime('2026-11-16T14:05:00Z')).toBe('16 November 2026 at 2:05pm');
    // British Summer Time: one hour ahead of UTC.
    expect(writtenDateTime('2026-07-01T23:30:00Z')).toBe('2 July 2026 at 12:30am');
    expect(writtenDateTime('2026-07-01T11:00:00Z')).toBe('1 July 2026 at 12:00pm');
    expect(writtenDate('2026-11-16T23:59:00Z')).toBe('16 November 2026');
    expect(writtenDateTime('not a date')).toBe('not a date');
  });

  it('write a period once per year, or one date for one day', () => {
    expect(writtenPeriod('2026-11-16T09:00:00Z', '2026-11-23T09:00:00Z')).toBe('16 November to 23 November 2026');
    expect(writtenPeriod('2026-12-28T09:00:00Z', '2027-01-04T09:00:00Z')).toBe('28 December 2026 to 4 January 2027');
    expect(writtenPeriod('2026-11-23T08:00:00Z', '2026-11-23T09:00:00Z')).toBe('23 November 2026');
  });
});

describe('the page of an item', () => {
  it('says which item of how many, its kind, date and time in words, the question and its status', () => {
    const page = reviewPage(view());
    const lines = page.content.split('\n');
    expect(lines[0]).toBe('**Item 3 of 12** waiting for review');
    expect(lines[1]).toBe('**Not answered**, asked on 16 November 2026 at 2:05pm');
    expect(lines).toContain('**Question:** how do I appeal a decision about transport?');
    expect(lines).toContain('**Answered from:** nothing; no source covered it.');
    expect(lines.at(-1)).toBe('**Status:** open, waiting for review.');
    expect(reviewPage(view({ status: 'all' })).content.split('\n')[0]).toBe('**Item 3 of 12** in the queue, open or not');
  });

  it('a question queued several times says how many and when last', () => {
    const lines = reviewPage(view({ item: item({ count: 3, lastAt: '2026-11-18T10:30:00.000Z' }) })).content.split('\n');
    expect(lines[1]).toBe('**Not answered**, asked on 16 November 2026 at 2:05pm, and 2 more times, last on 18 November 2026 at 10:30am');
    expect(reviewPage(view({ item: item({ count: 2, lastAt: '2026-11-18T10:30:00.000Z' }) })).content.split('\n')[1]).toContain(', and once more, last on');
  });

  it('an answer marked not helpful shows the reason and the answer\'s sources by title', () => {
    const page = reviewPage(view({
      item: item({
        kind: 'not-helpful',
        reason: 'I wanted the dates of the [name] review',
        sources: [{ id: 'ofsted-2018', title: 'Ofsted and CQC joint local area SEND inspection, 2018' }, { id: 'bbc', title: 'Council *failing* children' }],
      }),
    }));
    expect(page.content).toContain('**Marked not helpful** on 16 November 2026 at 2:05pm');
    expect(page.content).toContain('**Reason given:** I wanted the dates of the \\[name] review');
    expect(page.content).toContain('**Answered from:** Ofsted and CQC joint local area SEND inspection, 2018; Council \\*failing\\* children');
    expect(reviewPage(view({ item: item({ kind: 'not-helpful', sources: [] }) })).content).toContain('**Reason given:** none');
  });

  it('escapes Markdown and breaks mentions in the question and the note, so they show as typed and ping nobody', () => {
    const question = '**urgent** <@123456789012345678> @everyone @here <#987654321098765432> _see_ `code` > quote\n# heading [link](https://x.example)';
    const page = reviewPage(view({ item: item({ question, status: 'noted', note: '@everyone see <@&55555555555555555> **this**', resolvedAt: '2026-11-17T10:00:00Z' }) }));
    expect(page.content).not.toMatch(/<@!?&?\d/);
    // A channel link is escaped (`\<#…>` shows as typed).
    expect(page.content).not.toMatch(/(?<!\\)<#\d/);
    expect(page.content).not.toMatch(/@(everyone|here)/);
    expect(page.content).toContain('\\*\\*urgent\\*\\*');
    expect(page.content).toContain('\\_see\\_');
    expect(page.content).toContain('\\`code\\`');
    expect(page.content).toContain('\\[link](https:\u200b//x.example)');
    // The question stays on one line: no heading or quote can start.
    expect(page.content.split('\n').filter((l) => l.startsWith('**Question:**'))).toHaveLength(1);
    expect(page.content).toContain('**Status:** noted on 17 November 2026 at 10:00am. Source that should cover it: @\u200beveryone see');
  });

  it('says when an item was dismissed or noted', () => {
    expect(reviewPage(view({ item: item({ status: 'dismissed', resolvedAt: '2026-11-18T09:15:00Z' }) })).content)
      .toContain('**Status:** dismissed on 18 November 2026 at 9:15am.');
    expect(reviewPage(view({ item: item({ status: 'noted', note: 'Written statement of action, 2019', resolvedAt: '2026-11-18T09:15:00Z' }) })).content)
      .toContain('**Status:** noted on 18 November 2026 at 9:15am. Source that should cover it: Written statement of action, 2019');
  });

  it('puts a notice first', () => {
    const page = reviewPage(view({ notice: '**Dismissed.**' }));
    expect(page.content.split('\n')[0]).toBe('**Dismissed.**');
    expect(page.content.split('\n')[1]).toBe('**Item 3 of 12** waiting for review');
  });

  it('stays within 2,000 characters with the longest texts full of characters to escape', () => {
    const long = '*_`~|<>[]'.repeat(600);
    const page = reviewPage(view({
      notice: '**Noted.**',
      item: item({ kind: 'not-helpful', question: long, reason: long.slice(0, 300), sources: Array.from({ length: 10 }, (_, i) => ({ id: `s${i}`, title: `${long.slice(0, 300)} ${i}` })), status: 'noted', note: long.slice(0, 300) }),
    }));
    expect(page.content.length).toBeLessThanOrEqual(2000);
    expect(page.content).toContain('**Item 3 of 12**');
    expect(page.content).toContain('**Status:** noted');
  });
});

describe('the buttons', () => {
  it('are labelled in words and act on the item shown, in its place', () => {
    const page = reviewPage(view());
    expect(buttons(page).map((b) => b.label)).toEqual(['Previous', 'Next', 'Dismiss', 'Note a source']);
    const ids = buttons(page).map((b) => b.id);
    expect(new Set(ids).size).toBe(4);
    for (const id of ids) {
      expect(id.length).toBeLessThanOrEqual(100);
      expect(parseReviewCustomId(id)).toMatchObject({ itemId: 'k3x9q2m7w1ab', offset: 2, status: 'open' });
    }
    expect(ids.map((id) => parseReviewCustomId(id)?.action)).toEqual(['prev', 'next', 'dismiss', 'note']);
    expect(buttons(page).every((b) => !b.disabled)).toBe(true);
  });

  it('Previous is off on the first item, Next on the last, Dismiss once an item is dealt with', () => {
    const first = buttons(reviewPage(view({ offset: 0 })));
    expect(first.map((b) => b.disabled)).toEqual([true, false, false, false]);
    const last = buttons(reviewPage(view({ offset: 11 })));
    expect(last.map((b) => b.disabled)).toEqual([false, true, false, false]);
    const only = buttons(reviewPage(view({ offset: 0, total: 1, status: 'all', item: item({ status: 'dismissed' }) })));
    expect(only.map((b) => b.disabled)).toEqual([true, true, true, false]);
  });

  it('an empty list is a plain sentence, without buttons', () => {
    const open = reviewPage({ item: undefined, offset: 0, total: 0, status: 'open' });
    expect(open).toEqual({ content: 'Nothing is waiting for review: no open questions in the queue.', components: [] });
    expect(reviewPage({ item: undefined, offset: 0, total: 0, status: 'all' }).content).toBe('The review queue is empty.');
    expect(reviewPage({ item: undefined, offset: 0, total: 0, status: 'open', notice: '**Dismissed.**' }).content.split('\n')[0]).toBe('**Dismissed.**');
  });
});

describe('the "Note a source" form', () => {
  it('asks one short question of at most 300 characters, under the item\'s custom id', () => {
    const json = noteModal({ itemId: 'k3x9q2m7w1ab', offset: 4, status: 'all' }).toJSON();
    expect(parseReviewCustomId(json.custom_id)).toEqual({ action: 'note', itemId: 'k3x9q2m7w1ab', offset: 4, status: 'all' });
    expect(json.title.length).toBeLessThanOrEqual(45);
    const [label] = json.components as unknown as { type: number; label: string; description?: string; component: { custom_id: string; style: number; required?: boolean; max_length?: number; value?: string } }[];
    expect(label?.label).toBe('Which source should cover this?');
    expect(label?.label.length).toBeLessThanOrEqual(45);
    expect(label?.description).toContain('title or a link');
    expect(label?.component).toMatchObject({ custom_id: NOTE_INPUT_ID, style: 1, required: true, max_length: NOTE_MAX_LENGTH });
    expect(label?.component.value).toBeUndefined();
  });

  it('starts from the note already made, and a note is kept on one line', () => {
    const json = noteModal({ itemId: 'abc', offset: 0, status: 'open' }, 'Ofsted 2018 report').toJSON();
    const [label] = json.components as unknown as { component: { value?: string } }[];
    expect(label?.component.value).toBe('Ofsted 2018 report');
    expect(cleanNote('  the  2019\nwritten statement  ')).toBe('the 2019 written statement');
    expect(cleanNote('x'.repeat(400))).toHaveLength(NOTE_MAX_LENGTH);
  });
});

describe('moving through a queue', () => {
  let dir: string;
  let queue: ReviewQueue;
  let clock: Date;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'send-bot-review-page-'));
    clock = new Date('2026-11-16T09:00:00Z');
    queue = await ReviewQueue.open({ file: join(dir, 'review-queue.jsonl'), retentionDays: 90, now: () => clock });
    for (const question of ['first question', 'second question', 'third question']) {
      await queue.add({ kind: 'abstained', question, sources: [] });
      clock = new Date(clock.getTime() + 60 * 60 * 1000);
    }
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows the newest first, and the last one when asked for a place past the end', () => {
    const start = loadReviewView(queue, 'open', 0);
    expect(start).toMatchObject({ offset: 0, total: 3, status: 'open' });
    expect(start.item?.question).toBe('third question');
    expect(loadReviewView(queue, 'open', 2).item?.question).toBe('first question');
    const past = loadReviewView(queue, 'open', 7);
    expect(past.offset).toBe(2);
    expect(past.item?.question).toBe('first question');
    expect(loadReviewView(queue, 'open', -3).offset).toBe(0);
  });

  it('after dismissing, the open list shows the item that took its place; the full list the one after it', async () => {
    const middle = loadReviewView(queue, 'open', 1);
    const id = middle.item?.id ?? '';
    await queue.dismiss(id);
    const open = viewAfter(queue, { action: 'dismiss', itemId: id, offset: 1, status: 'open' }, '**Dismissed.**');
    expect(open).toMatchObject({ offset: 1, total: 2, notice: '**Dismissed.**' });
    expect(open.item?.question).toBe('first question');
    const all = viewAfter(queue, { action: 'dismiss', itemId: id, offset: 1, status: 'all' });
    expect(all).toMatchObject({ offset: 2, total: 3 });
    expect(all.item?.question).toBe('first question');
  });

  it('after the last item, shows the one before it; with none left, the empty page', async () => {
    const last = loadReviewView(queue, 'open', 2);
    await queue.dismiss(last.item?.id ?? '');
    const after = viewAfter(queue, { action: 'dismiss', itemId: last.item?.id ?? '', offset: 2, status: 'open' });
    expect(after).toMatchObject({ offset: 1, total: 2 });
    for (const it of queue.list({ status: 'open' }).items) await queue.dismiss(it.id);
    const none = viewAfter(queue, { action: 'dismiss', itemId: 'gone', offset: 0, status: 'open' });
    expect(none).toMatchObject({ item: undefined, total: 0 });
    expect(reviewPage(none).components).toEqual([]);
  });
});
