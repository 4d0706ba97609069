/**
 * The moderators' view of the review queue (`/review`): one item per page, built here as plain data
 * (text and button rows) so it is testable without Discord; commands/review.ts sends it.
 *
 * A page is text, not an image or colours: the kind of item in words ("Not answered", "Marked not
 * helpful"), the date and time written out (UK time), the redacted question and reason escaped so
 * they show exactly as stored and cannot mention anyone, the answer's sources by title, and the
 * item's status. The buttons carry words ("Previous", "Next", "Dismiss", "Note a source") and what
 * they act on in their custom ids: `review:<action>:<item id>:<offset>:<status>`.
 */
import { ActionRowBuilder, ButtonBuilder, ButtonStyle, LabelBuilder, ModalBuilder, TextInputBuilder, TextInputStyle } from 'discord.js';
import type { APIActionRowComponent, APIButtonComponent } from 'discord.js';
import { formatDate } from '../core/dates.ts';
import { NOTE_MAX_LENGTH as QUEUE_NOTE_MAX_LENGTH, type ReviewItem, type ReviewQueue } from '../review/queue.ts';
import { DISCORD_LIMITS, escapeUserText } from '../replies/format.ts';

/** The command's name: the first part of every custom id of its buttons and form. */
export const REVIEW_COMMAND = 'review';

/** Which items `/review` pages through: the open ones (default) or every item kept. */
export type ReviewFilter = 'open' | 'all';
export const REVIEW_FILTERS: readonly ReviewFilter[] = ['open', 'all'];

/** What a button (or the form, for `note`) does. */
export type ReviewAction = 'prev' | 'next' | 'dismiss' | 'note';
const ACTIONS: readonly ReviewAction[] = ['prev', 'next', 'dismiss', 'note'];

/** The time zone dates and times are written in: the bot serves families in Worcestershire. */
export const REVIEW_TIME_ZONE = 'Europe/London';

/** The text input of the "Note a source" form. */
export const NOTE_INPUT_ID = 'source';
/** The longest note a moderator can write: what the queue keeps. */
export const NOTE_MAX_LENGTH = QUEUE_NOTE_MAX_LENGTH;
/** The form's question (Discord allows 45 characters for a label) and its hint. */
export const NOTE_LABEL = 'Which source should cover this?';
export const NOTE_HINT = 'A title or a link. Please leave out names and contact details.';

/** What a moderator sees when the item they acted on was deleted meanwhile (retention, or another moderator). */
export const ITEM_GONE =
  'That item is no longer in the queue: it may have reached the end of its retention period and been deleted. Nothing was changed. Here is the next one.';
/** What a moderator sees when another moderator dismissed or noted the item first. */
export const ALREADY_DEALT = 'Another moderator has already dealt with that item. Nothing was changed. Here is the next one.';
/** A button or form whose custom id cannot be read (an older version of the bot made it). */
export const STALE_BUTTON = 'This button is out of date. Please run `/review` again.';
/** The form was sent empty (only spaces). */
export const EMPTY_NOTE = 'Please write which source should cover this question: a title or a link. Nothing was saved.';

// ---------------------------------------------------------------------------------------------
// Custom ids
// ---------------------------------------------------------------------------------------------

/** What a button or the form acts on. */
export interface ReviewTarget {
  readonly action: ReviewAction;
  /** The item shown on the page the button is on. */
  readonly itemId: string;
  /** That item's position (from 0) in the list the page was part of. */
  readonly offset: number;
  readonly status: ReviewFilter;
}

const ITEM_ID = /^[\w-]{1,32}$/;
const CUSTOM_ID = /^review:(prev|next|dismiss|note):([\w-]{1,32}):(\d{1,7}):(open|all)$/;

/** `review:<action>:<item id>:<offset>:<status>`: at most 61 characters, well under Discord's 100. */
export function reviewCustomId(target: ReviewTarget): string {
  if (!ITEM_ID.test(target.itemId)) throw new Error(`review item id ${JSON.stringify(target.itemId)} cannot go in a custom id`);
  const offset = Math.min(Math.max(0, Math.trunc(target.offset)), 9_999_999);
  return `${REVIEW_COMMAND}:${target.action}:${target.itemId}:${offset}:${target.status}`;
}

/** The target of a custom id made by {@link reviewCustomId}, or undefined. */
export function parseReviewCustomId(customId: string): ReviewTarget | undefined {
  const m = CUSTOM_ID.exec(customId);
  if (!m) return undefined;
  const action = ACTIONS.find((a) => a === m[1]);
  const status = REVIEW_FILTERS.find((s) => s === m[4]);
  if (action === undefined || status === undefined) return undefined;
  return { action, itemId: m[2] ?? '', offset: Number(m[3]), status };
}

// ---------------------------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------------------------

/** Calendar date and clock time of an instant in a time zone, or undefined for an invalid timestamp. */
function localParts(at: string | Date, timeZone: string): { date: string; time: string } | undefined {
  const d = typeof at === 'string' ? new Date(at) : at;
  if (Number.isNaN(d.getTime())) return undefined;
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: 'numeric', minute: '2-digit', hourCycle: 'h12',
  }).formatToParts(d);
  const part = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  return {
    date: `${part('year')}-${part('month')}-${part('day')}`,
    time: `${Number(part('hour'))}:${part('minute')}${part('dayPeriod').toLowerCase().replace(/\./g, '')}`,
  };
}

/** "16 November 2026" (in UK time by default). An invalid timestamp is returned as given. */
export function writtenDate(at: string | Date, timeZone = REVIEW_TIME_ZONE): string {
  const local = localParts(at, timeZone);
  return local === undefined ? String(at) : formatDate(local.date);
}

/** "16 November 2026 at 2:05pm" (in UK time by default). An invalid timestamp is returned as given. */
export function writtenDateTime(at: string | Date, timeZone = REVIEW_TIME_ZONE): string {
  const local = localParts(at, timeZone);
  return local === undefined ? String(at) : `${formatDate(local.date)} at ${local.time}`;
}

/**
 * A period in words: "16 November to 23 November 2026", "28 December 2026 to 4 January 2027", or
 * one date when both ends fall on the same day.
 */
export function writtenPeriod(since: string | Date, until: string | Date, timeZone = REVIEW_TIME_ZONE): string {
  const from = localParts(since, timeZone);
  const to = localParts(until, timeZone);
  if (from === undefined || to === undefined) return `${writtenDate(since, timeZone)} to ${writtenDate(until, timeZone)}`;
  if (from.date === to.date) return formatDate(to.date);
  const sameYear = from.date.slice(0, 4) === to.date.slice(0, 4);
  const start = formatDate(from.date);
  return `${sameYear ? start.replace(/ \d{4}$/, '') : start} to ${formatDate(to.date)}`;
}

// ---------------------------------------------------------------------------------------------
// The page
// ---------------------------------------------------------------------------------------------

/** The state one page shows: an item of a list, or nothing when the list is empty. */
export interface ReviewView {
  /** The item shown; undefined when the list is empty. */
  readonly item: ReviewItem | undefined;
  /** The item's position (from 0) in the list. */
  readonly offset: number;
  /** How many items the list has. */
  readonly total: number;
  readonly status: ReviewFilter;
  /** A line (Markdown, already escaped) shown above the item: what just happened. */
  readonly notice?: string;
}

/** A page as sent: private text and one row of buttons (none when there is nothing to show). */
export interface ReviewPage {
  readonly content: string;
  readonly components: APIActionRowComponent<APIButtonComponent>[];
}

/**
 * The view of the list `status` at `offset` (kept within the list; 0 when empty), with an optional
 * notice. Reads the queue only.
 */
export function loadReviewView(queue: Pick<ReviewQueue, 'list'>, status: ReviewFilter, offset: number, notice?: string): ReviewView {
  const wanted = Math.max(0, Math.trunc(offset));
  let { items, total } = queue.list({ status, offset: wanted, limit: 1 });
  let at = wanted;
  if (items.length === 0 && total > 0) {
    // Past the end (items were removed meanwhile): the last one.
    at = total - 1;
    ({ items, total } = queue.list({ status, offset: at, limit: 1 }));
  }
  const item = items[0];
  return { item, offset: item === undefined ? 0 : at, total, status, ...(notice !== undefined && { notice }) };
}

const KIND_WORDS: Record<ReviewItem['kind'], string> = {
  'abstained': 'Not answered',
  'not-helpful': 'Marked not helpful',
};

/** Text limits within a page, tried from the first until the page fits Discord's 2,000 characters. */
const BUDGETS = [
  { question: 800, reason: 300, title: 150, note: 300 },
  { question: 500, reason: 200, title: 80, note: 200 },
  { question: 250, reason: 100, title: 50, note: 100 },
  { question: 100, reason: 60, title: 30, note: 60 },
] as const;

/**
 * The page of a view: "Item 3 of 12", the item's kind, date and time in words, its redacted question
 * and reason (escaped), the answer's sources by title and its status; then Previous, Next, Dismiss
 * and Note a source. An empty list is a plain sentence without buttons.
 */
export function reviewPage(view: ReviewView, timeZone = REVIEW_TIME_ZONE): ReviewPage {
  const { item } = view;
  const notice = view.notice !== undefined && view.notice !== '' ? [view.notice] : [];
  if (item === undefined) {
    const empty = view.status === 'open'
      ? 'Nothing is waiting for review: no open questions in the queue.'
      : 'The review queue is empty.';
    return { content: [...notice, empty].join('\n'), components: [] };
  }
  let content = '';
  for (const budget of BUDGETS) {
    content = [...notice, ...itemLines(view, item, budget, timeZone)].join('\n');
    if (content.length <= DISCORD_LIMITS.content) break;
  }
  return { content: content.slice(0, DISCORD_LIMITS.content), components: [pageButtons(view, item)] };
}

function itemLines(view: ReviewView, item: ReviewItem, budget: (typeof BUDGETS)[number], timeZone: string): string[] {
  const which = view.status === 'open' ? 'waiting for review' : 'in the queue, open or not';
  const when = writtenDateTime(item.at, timeZone);
  const lines = [
    `**Item ${view.offset + 1} of ${view.total}** ${which}`,
    item.kind === 'abstained' ? `**${KIND_WORDS[item.kind]}**, asked on ${when}${asked(item, timeZone)}` : `**${KIND_WORDS[item.kind]}** on ${when}${asked(item, timeZone)}`,
    `**Question:** ${escapeUserText(item.question, budget.question) || '(empty)'}`,
  ];
  if (item.kind === 'not-helpful') {
    const reason = item.reason?.trim() ?? '';
    lines.push(`**Reason given:** ${reason === '' ? 'none' : escapeUserText(reason, budget.reason)}`);
  }
  if (item.sources.length > 0) {
    lines.push(`**Answered from:** ${item.sources.map((s) => escapeUserText(s.title, budget.title)).join('; ')}`);
  } else if (item.kind === 'abstained') {
    lines.push('**Answered from:** nothing; no source covered it.');
  }
  lines.push(`**Status:** ${statusWords(item, budget.note, timeZone)}`);
  return lines;
}

/** ", and 2 more times, last on …" for a question queued more than once (see `ReviewItem.count`). */
function asked(item: ReviewItem, timeZone: string): string {
  const more = (item.count ?? 1) - 1;
  if (more < 1) return '';
  return `, and ${more === 1 ? 'once more' : `${more} more times`}${item.lastAt !== undefined ? `, last on ${writtenDateTime(item.lastAt, timeZone)}` : ''}`;
}

function statusWords(item: ReviewItem, noteMax: number, timeZone: string): string {
  const when = item.resolvedAt !== undefined ? ` on ${writtenDateTime(item.resolvedAt, timeZone)}` : '';
  const note = item.note !== undefined && item.note.trim() !== '' ? escapeUserText(item.note, noteMax) : undefined;
  switch (item.status) {
    case 'open':
      return note === undefined ? 'open, waiting for review.' : `open. Source noted: ${note}`;
    case 'dismissed':
      return `dismissed${when}.`;
    case 'noted':
      return `noted${when}. Source that should cover it: ${note ?? '(no note)'}`;
  }
}

/** Previous and Next (off at either end), Dismiss (only for an open item) and Note a source. */
function pageButtons(view: ReviewView, item: ReviewItem): APIActionRowComponent<APIButtonComponent> {
  const id = (action: ReviewAction): string => reviewCustomId({ action, itemId: item.id, offset: view.offset, status: view.status });
  return new ActionRowBuilder<ButtonBuilder>()
    .addComponents(
      new ButtonBuilder().setCustomId(id('prev')).setLabel('Previous').setStyle(ButtonStyle.Secondary).setDisabled(view.offset <= 0),
      new ButtonBuilder().setCustomId(id('next')).setLabel('Next').setStyle(ButtonStyle.Secondary).setDisabled(view.offset >= view.total - 1),
      new ButtonBuilder().setCustomId(id('dismiss')).setLabel('Dismiss').setStyle(ButtonStyle.Secondary).setDisabled(item.status !== 'open'),
      new ButtonBuilder().setCustomId(id('note')).setLabel('Note a source').setStyle(ButtonStyle.Primary),
    )
    .toJSON();
}

/** The "Note a source" form for the item of `target` (its custom id is the button's). */
export function noteModal(target: Omit<ReviewTarget, 'action'>, current?: string): ModalBuilder {
  const input = new TextInputBuilder()
    .setCustomId(NOTE_INPUT_ID)
    .setStyle(TextInputStyle.Short)
    .setRequired(true)
    .setMaxLength(NOTE_MAX_LENGTH);
  if (current !== undefined && current.trim() !== '') input.setValue(current.slice(0, NOTE_MAX_LENGTH));
  return new ModalBuilder()
    .setCustomId(reviewCustomId({ ...target, action: 'note' }))
    .setTitle('Note a source')
    .addLabelComponents(new LabelBuilder().setLabel(NOTE_LABEL).setDescription(NOTE_HINT).setTextInputComponent(input));
}

/** The note as saved: one line, trimmed, at most {@link NOTE_MAX_LENGTH} characters. */
export function cleanNote(typed: string): string {
  return typed.replace(/\s+/g, ' ').trim().slice(0, NOTE_MAX_LENGTH);
}

/**
 * Where to go after acting on the item of `target`: when it is still at its place in the list (the
 * "all" list keeps dismissed and noted items), the item after it; otherwise (it left the list) the
 * item now at its place. Kept within the list.
 */
export function viewAfter(queue: Pick<ReviewQueue, 'list'>, target: ReviewTarget, notice?: string): ReviewView {
  const here = queue.list({ status: target.status, offset: target.offset, limit: 1 }).items[0];
  return loadReviewView(queue, target.status, here?.id === target.itemId ? target.offset + 1 : target.offset, notice);
}
