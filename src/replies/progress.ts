/** The `/progress` reply: the inspections over time. */
import { escapeText } from './format.ts';
import { formatDate } from '../core/dates.ts';
import type { Engine } from '../core/engine.ts';
import { progressTimeline, type TimelineStep } from '../core/topics/index.ts';
import type { SourceEvent } from '../core/types.ts';
import { eventDate, eventWhen } from './events.ts';
import type { Reply } from './reply.ts';

/** Today's date in UTC as `YYYY-MM-DD`: what `/progress` passes to the timeline. */
export function todayUtc(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/**
 * The inspections over time on `today` (`YYYY-MM-DD`): a short lead (the latest step and what is
 * due next), then one card per step, oldest first, each with its date, its label and where it
 * stands in words, and one cited excerpt. A due date that has passed without any report of the
 * event says so plainly: the reports cannot say whether it happened.
 */
export function progressReply(engine: Engine, today: string = todayUtc()): Reply {
  const steps = progressTimeline(engine, today);
  if (steps.length === 0) return { lead: 'The reports I have list no inspection dates yet.', cards: [] };
  const latest = steps.filter((s) => s.status === 'current');
  const pending = steps.filter((s) => s.status === 'due' || s.status === 'overdue');
  const lines = [
    '**Inspections at a glance**',
    ...latest.map((s) => `Latest: ${escapeText(s.event.label)}, ${eventDate(s.event)}.`),
    ...(pending.length > 0
      ? pending.map((s) => `Next: ${escapeText(s.event.label)}. ${s.status === 'due' ? `Due ${eventWhen(s.event)}.` : overdueWords(s.event)}`)
      : ['Next: nothing further is announced in the reports I have.']),
    '',
    'Every step, oldest first:',
  ];
  return {
    lead: lines.join('\n'),
    cards: steps.map((step) => ({
      source: step.source,
      heading: stepHeading(step),
      ...(step.excerpt && { excerpt: { passages: [step.excerpt.passage.text], highlight: step.excerpt.highlight } }),
      ...(step.excerpt?.passage.speaker && { speaker: step.excerpt.passage.speaker }),
    })),
    maxMessages: 3,
  };
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
      return `${when} · ${event.label} · ${by ? `Superseded by: ${by.event.label} (${formatDate(by.event.date.slice(0, 7))})` : 'Superseded'}`;
    }
  }
}
