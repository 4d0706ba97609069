/** How an inspection event's date reads ("1 to 3 November 2021", "due January 2026"), in `/progress` and `/sources`. */
import { formatDate } from '../core/dates.ts';
import type { SourceEvent } from '../core/types.ts';

/** "1 to 3 November 2021", "April 2024", "due January 2026". */
export function eventDate(event: SourceEvent): string {
  return event.status === 'due' ? `due ${eventWhen(event)}` : eventWhen(event);
}

/**
 * An event's date written out; what the two ends of a range share is said once: "1 to 3 November
 * 2021", "30 November to 2 December 2021", "March to May 2022", "28 December 2021 to 3 January 2022".
 */
export function eventWhen(event: SourceEvent): string {
  const start = formatDate(event.date);
  if (!event.end || event.end === event.date) return start;
  const end = formatDate(event.end);
  const { date, end: last } = event;
  // Only when both ends are known to the same precision, past the year.
  if (date.length !== last.length || date.length < 7 || date.slice(0, 4) !== last.slice(0, 4)) return `${start} to ${end}`;
  const shared = date.length === 10 && date.slice(0, 7) === last.slice(0, 7) ? 2 : 1;
  return `${start.split(' ').slice(0, -shared).join(' ')} to ${end}`;
}
