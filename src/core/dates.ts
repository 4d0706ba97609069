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

/** `2022-01-07` → "7 January 2022"; `2024-07` → "July 2024"; `2018` → "2018". Unparseable input is returned as is. */
export function formatDate(value: string): string {
  const d = parsePartialDate(value);
  if (!d) return value;
  if (d.month === undefined) return String(d.year);
  const month = MONTHS[d.month - 1] ?? '';
  return d.day === undefined ? `${month} ${d.year}` : `${d.day} ${month} ${d.year}`;
}

/** Orders partial dates; a less precise date sorts before a more precise one in the same period. */
export function compareDates(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
