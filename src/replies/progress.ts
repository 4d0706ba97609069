/** The `/progress` reply: the inspections over time. */
import { escapeText } from './format.ts';
import { formatDate, isAfter } from '../core/dates.ts';
import type { Engine } from '../core/engine.ts';
import { progressTimeline, sourcesNewestFirst, type TimelineStep } from '../core/topics/index.ts';
import type { SourceEvent } from '../core/types.ts';
import { eventDate, eventWhen } from './events.ts';
import type { Reply } from './reply.ts';

/** Today's date in UTC as `YYYY-MM-DD`: what `/progress` passes to the timeline. */
export function todayUtc(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** How old the newest source may be before /progress says so: six months. */
export const STALE_AFTER_MONTHS = 6;

/**
 * The inspections over time on `today` (`YYYY-MM-DD`): a short lead (when the newest report is more
 * than six months old, that first; then the latest step, what is due or overdue, and what a newer
 * source says about a step an older one said was due), then one card per step, newest first, each
 * with its date, its label and where it stands in words, and one cited excerpt (its footer says who
 * published it, and when). A due date that has passed without any report of the event says so
 * plainly: the reports cannot say whether it happened.
 */
export function progressReply(engine: Engine, today: string = todayUtc()): Reply {
  const steps = progressTimeline(engine, today);
  const freshness = freshnessLine(engine, today);
  if (steps.length === 0) return { lead: [...(freshness ? [freshness] : []), 'The reports I have list no inspection dates yet.'].join('\n'), cards: [] };
  const latest = steps.filter((s) => s.status === 'current');
  const pending = steps.filter((s) => s.status === 'due' || s.status === 'overdue');
  const newer = steps.filter((s) => s.event.status === 'due' && s.supersededBy && isAfter(s.supersededBy.source.published, s.source.published));
  const lines = [
    '**Inspections at a glance**',
    ...(freshness ? [freshness] : []),
    ...latest.map((s) => `Latest: ${escapeText(s.event.label)}, ${eventDate(s.event)} (${reportedBy(s)}).`),
    ...(pending.length > 0
      ? pending.map((s) => `Next: ${escapeText(s.event.label)} (${reportedBy(s)}). ${s.status === 'due' ? `Due ${eventWhen(s.event)}.` : overdueWords(s.event)}`)
      : ['Next: nothing further is announced in the reports I have.']),
    ...newer.map((s) => newerWords(s)),
    '',
    'Every step, newest first:',
  ];
  return {
    lead: lines.join('\n'),
    cards: [...steps].reverse().map((step) => ({
      source: step.source,
      heading: stepHeading(step),
      ...(step.excerpt && { excerpt: { passages: [step.excerpt.passage.text], highlight: step.excerpt.highlight } }),
      ...(step.excerpt?.passage.speaker && { speaker: step.excerpt.passage.speaker }),
    })),
    maxMessages: 3,
  };
}

/**
 * "The newest report I have is from February 2026, more than six months ago: …", when the newest
 * source was published more than {@link STALE_AFTER_MONTHS} months before `today`; else undefined.
 */
export function freshnessLine(engine: Engine, today: string): string | undefined {
  const newest = sourcesNewestFirst(engine)[0]?.meta.published;
  if (newest === undefined) return undefined;
  const [y = 0, m = 1] = newest.split('-').map(Number);
  const [ty = 0, tm = 1, td = 1] = today.split('-').map(Number);
  // A month-only date counts from the end of its month: "July 2024" may be 31 July.
  const day = newest.length === 10 ? Number(newest.slice(8, 10)) : 31;
  const months = (ty - y) * 12 + (tm - m) - (td < day ? 1 : 0);
  if (months < STALE_AFTER_MONTHS) return undefined;
  return `The newest report I have is from ${formatDate(newest)}, more than six months ago, so there may be news I do not have yet.`;
}

/** "reported by BBC News, July 2024". */
function reportedBy(step: TimelineStep): string {
  return `reported by ${escapeText(step.source.publisher)}, ${formatDate(step.source.published)}`;
}

/** What a newer source says about a step an older one said was due. */
function newerWords(step: TimelineStep): string {
  const by = step.supersededBy;
  if (!by) return '';
  const what = by.event.status === 'due' ? `${escapeText(by.event.label)}, due ${eventWhen(by.event)}` : `${escapeText(by.event.label)}, ${eventDate(by.event)}`;
  return `Update: ${escapeText(step.source.publisher)} (${formatDate(step.source.published)}) said ${escapeText(step.event.label)} was due ${eventWhen(step.event)}; ${escapeText(by.source.publisher)} (${formatDate(by.source.published)}) reports: ${what}.`;
}

/** "It was due January 2026; the reports I have do not say whether it has happened yet." */
function overdueWords(event: SourceEvent): string {
  return `It was due ${eventWhen(event)}; the reports I have do not say whether it has happened yet.`;
}

/**
 * A step's heading in words, never by mark or colour alone: "April 2024 · <label> · Latest",
 * "2018 · <label> · Superseded by: <label> (November 2021)", "due January 2026 · <label> · Still to
 * come", "was due January 2026 · <label> · The reports I have do not say whether it has happened yet".
 */
function stepHeading(step: TimelineStep): string {
  const { event } = step;
  switch (step.status) {
    case 'current':
      return `${eventDate(event)} · ${event.label} · Latest`;
    case 'due':
      return `${eventDate(event)} · ${event.label} · Still to come`;
    case 'overdue':
      return `was due ${eventWhen(event)} · ${event.label} · The reports I have do not say whether it has happened yet`;
    case 'superseded': {
      const by = step.supersededBy;
      const when = event.status === 'due' ? `was due ${eventWhen(event)}` : eventDate(event);
      const byWhen = by?.event.status === 'due' ? `due ${eventWhen(by.event)}` : formatDate((by?.event.date ?? '').slice(0, 7));
      return `${when} · ${event.label} · ${by ? `Superseded by: ${by.event.label} (${byWhen})` : 'Superseded'}`;
    }
  }
}
