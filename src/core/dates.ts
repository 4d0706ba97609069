const MONTHS = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
] as const;

const PARTIAL_DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

/** A calendar date that may be known only to the year or month. */
export interface PartialDate {
  readonly year: number;
  readonly month?: number;
  readonly day?: number;
}

/**
 * Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD` and checks that the date exists.
 * Returns `undefined` for anything else.
 */
export function parsePartialDate(value: string): PartialDate | undefined {
  const m = PARTIAL_DATE.exec(value);
  if (!m) return undefined;
  const year = Number(m[1]);
  if (m[2] === undefined) return { year };
  const month = Number(m[2]);
  if (month < 1 || month > 12) return undefined;
  if (m[3] === undefined) return { year, month };
  const day = Number(m[3]);
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > daysInMonth) return undefined;
  return { year, month, day };
}

/**
 * Whether a value is a publication date as knowledge files write it: `YYYY-MM-DD`, or `YYYY-MM` when
 * only the month is known, and a date that exists. The one date rule for `published` (the knowledge
 * loader, the store and ingest share it).
 */
export function isPublishedDate(value: string): boolean {
  return /^\d{4}-\d{2}(-\d{2})?$/.test(value) && parsePartialDate(value) !== undefined;
}

/**
 * A date from its numbers, as `YYYY-MM` (no day) or `YYYY-MM-DD`; undefined when the month or the
 * day does not exist ("2023-02-30"). Years are not checked.
 */
export function isoDate(year: number, month: number, day?: number): string | undefined {
  if (!Number.isInteger(month) || month < 1 || month > 12) return undefined;
  const ym = `${year}-${String(month).padStart(2, '0')}`;
  if (day === undefined) return ym;
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return undefined;
  return `${ym}-${String(day).padStart(2, '0')}`;
}

/** `2022-01-07` → "7 January 2022"; `2024-07` → "July 2024"; `2018` → "2018". Unparseable input is returned as is. */
export function formatDate(value: string): string {
  const d = parsePartialDate(value);
  if (!d) return value;
  if (d.month === undefined) return String(d.year);
  const month = MONTHS[d.month - 1] ?? '';
  return d.day === undefined ? `${month} ${d.year}` : `${d.day} ${month} ${d.year}`;
}

/** `a` is after `b`, compared at the precision both are known to ("2024-07-15" is not after "2024-07"). */
export function isAfter(a: string, b: string): boolean {
  const n = Math.min(a.length, b.length);
  return a.slice(0, n) > b.slice(0, n);
}

/** Orders partial dates; a less precise date sorts before a more precise one in the same period. */
export function compareDates(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// "May" only beside a number: otherwise it is the verb ("children may wait").
const MONTH_NAMES = MONTHS.filter((m) => m !== 'May').map((m) => m.toLowerCase()).join('|');
const NUMBER = '\\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|eighteen|twenty';
const UNIT = 'days?|weeks?|months?|years?';
const TIME = new RegExp(
  [
    `\\b(?:${MONTH_NAMES})\\b`, // "in April", "last July"
    '\\bmay \\d|\\b\\d{1,2} may\\b', // "May 2023", "3 May"
    '\\b(?:19|20)\\d{2}\\b', // "in 2018"
    `\\b(?:${NUMBER})[- ](?:${UNIT})\\b`, // "within 18 months", "the 3-day inspection"
    `\\b(?:next|last|this) (?:week|month|year|term|spring|summer|autumn|winter)\\b`, // "next week"
    '\\b\\d{1,2}[/.]\\d{1,2}[/.]\\d{2,4}\\b', // "07/01/2022"
  ].join('|'),
  'i',
);

/**
 * Whether a text says when something happened or will happen: a month, a year, a span ("within 18
 * months", "two years ago") or "next week". Such a passage can answer a question that asks "when".
 */
export function mentionsTime(text: string): boolean {
  return TIME.test(text);
}

const FUTURE = new RegExp(
  [
    '\\b(?:will|shall|won\'t)\\b', // "will be carried out"
    `\\bwithin (?:the next )?(?:${NUMBER}) (?:${UNIT})\\b`, // "within 18 months"
    '\\b(?:next|coming) (?:week|month|year|term|spring|summer|autumn|winter)\\b', // "next year"
    '\\b(?:is|are|was|were) (?:due|expected|set|planned|scheduled|going) to\\b', // "is due to be published"
  ].join('|'),
  'i',
);

/** Whether a text says what will happen, or by when ("will be carried out within 18 months", "is due to"). */
export function mentionsFuture(text: string): boolean {
  return FUTURE.test(text);
}

/** Words that make a "when" question ask about the future: "when will…", "when is the next…", "…coming?". */
const FUTURE_WORDS = new Set(['will', 'wil', 'next', 'coming', 'upcoming', 'due', 'gonna', 'another', 'soon']);

/** The question (its words) asks when something will happen, not when it happened. */
export function asksFuture(ws: readonly string[]): boolean {
  return ws.some((w) => FUTURE_WORDS.has(w));
}

/**
 * Whether a text names the date of an event: its month ("in April" for 2024-04, "1-3 November
 * 2021") when the event's date has one, else its year ("the inspection in 2018"). A month named
 * beside another year is another event ("May 2023" is not 2024-05).
 */
export function mentionsDate(text: string, date: string): boolean {
  const d = parsePartialDate(date);
  if (!d) return false;
  if (d.month === undefined) return new RegExp(`\\b${d.year}\\b`).test(text);
  const month = (MONTHS[d.month - 1] ?? '').toLowerCase();
  const lower = text.toLowerCase();
  for (const m of lower.matchAll(new RegExp(`\\b${month}\\b(?:\\s+(\\d{4}))?`, 'g'))) {
    if (month === 'may' && m[1] === undefined && !/\d\s+may\b/.test(lower)) continue;
    if (m[1] === undefined || Number(m[1]) === d.year) return true;
  }
  return false;
}
