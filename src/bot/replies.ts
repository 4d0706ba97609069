/**
 * The replies of every command, built from the engine and the topics (src/core/topics.ts), shared by
 * the Discord commands and the local console. Everything quoted or named comes from the knowledge
 * base; the bot's own words are only the short lead lines.
 */
import { compareDates, formatDate } from '../core/dates.ts';
import type { Engine } from '../core/engine.ts';
import {
  findService,
  laterCoverage,
  progressTimeline,
  servicesAnswered,
  sourcesOverview,
  statementChoices,
  statementsByPartner,
  statementsFor,
  waitingAnswer,
  type LaterCoverage,
  type TimelineStep,
} from '../core/topics/index.ts';
import type { Answer, SourceEvent } from '../core/types.ts';
import { UserError } from './errors.ts';
import { escapeText, escapeUserText } from './format.ts';
import { termsLine } from './glossary.ts';
import type { Card, Reply } from './reply.ts';
import { abstainMessage } from '../replies/abstain.ts';

/** Excerpts in an `/ask` answer. */
export const ASK_RESULTS = 3;
/** Longest question `/ask` accepts (Discord enforces it on the option too). */
export const ASK_MAX_LENGTH = 1000;

/**
 * The answer to a question: up to three excerpts; when the sources differ, each source's excerpt
 * dated, newest first, with a lead line saying so. When the reports do not cover the question,
 * the engine's message saying what can be answered (no excerpt, no source named, no link).
 *
 * With the `engine`, an excerpt from an older source also says when a later report covers the same
 * question ({@link laterCoverage}), so a 2022 excerpt is not taken for the latest word, and the
 * footnote explains the glossary's terms that appear in the excerpts ({@link termsLine}).
 */
export function askReply(answer: Answer, question: string, options: { ephemeral?: boolean; engine?: Engine } = {}): Reply {
  const ephemeral = options.ephemeral === true ? { ephemeral: true } : {};
  if (!answer.answered) return { lead: escapeText(abstainMessage(answer.reason, options.engine?.sources.length)), cards: [], ...ephemeral };
  const later = options.engine ? laterCoverage(options.engine, answer) : [];
  const terms = options.engine ? termsLine(options.engine.glossary, answer.results.map((r) => r.passage.text)) : undefined;
  return {
    echo: question,
    lead: answer.perspectives
      ? 'The reports differ, so here is what each one says, newest first:'
      : answer.results.length === 1 ? 'Here is what the reports say:' : 'Here is what the reports say, best match first:',
    cards: excerptCards(answer, later),
    ...(terms !== undefined && { footnote: terms }),
    ...ephemeral,
  };
}

/**
 * One card per result. When the answer shows several sources side by side, each is dated and they
 * are ordered newest first (the engine's order within one source is kept). `later` (aligned with the
 * answer's results) adds a note to a card whose question a later report also covers.
 */
function excerptCards(answer: Answer, later: readonly (LaterCoverage | undefined)[] = []): Card[] {
  const indexed = answer.results.map((r, i) => ({ r, i }));
  const ordered = answer.perspectives
    ? indexed.sort((a, b) => compareDates(b.r.source.published, a.r.source.published) || a.i - b.i)
    : indexed;
  return ordered.map(({ r, i }, at) => {
    const newer = later[i];
    const laterText = newer && laterNote(newer, ordered.findIndex((o) => o.r.source.id === newer.source.id), at);
    // The same statement in other outlets is one excerpt that names them (the engine folds them).
    const also = r.alsoReportedBy.length ? `Also reported by ${r.alsoReportedBy.map((m) => `${m.publisher} (${formatDate(m.published)})`).join(', ')}.` : undefined;
    const note = [also, laterText].filter(Boolean).join(' ') || undefined;
    return {
      source: r.source,
      ...(answer.perspectives && { heading: formatDate(r.source.published) }),
      excerpt: { passages: [r.passage.text], highlight: r.highlight },
      ...(r.passage.speaker && { speaker: r.passage.speaker }),
      ...(note && { note }),
    };
  });
}

/**
 * "A later report, July 2024, also covers this: <title> (<publisher>)." or, when that report's
 * excerpt is one of the cards (at `shownAt`, -1 when not), where to find it.
 */
function laterNote(later: LaterCoverage, shownAt: number, at: number): string {
  const when = formatDate(later.source.published);
  if (shownAt >= 0) return `A later report (${when}) also covers this; its excerpt is shown ${shownAt < at ? 'above' : 'below'}.`;
  return `A later report, ${when}, also covers this: ${later.source.title} (${later.source.publisher}).`;
}

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

/** "1 to 3 November 2021", "April 2024", "due January 2026". */
function eventDate(event: SourceEvent): string {
  return event.status === 'due' ? `due ${eventWhen(event)}` : eventWhen(event);
}

/**
 * An event's date written out; what the two ends of a range share is said once: "1 to 3 November
 * 2021", "30 November to 2 December 2021", "March to May 2022", "28 December 2021 to 3 January 2022".
 */
function eventWhen(event: SourceEvent): string {
  const start = formatDate(event.date);
  if (!event.end || event.end === event.date) return start;
  const end = formatDate(event.end);
  const { date, end: last } = event;
  // Only when both ends are known to the same precision, past the year.
  if (date.length !== last.length || date.length < 7 || date.slice(0, 4) !== last.slice(0, 4)) return `${start} to ${end}`;
  const shared = date.length === 10 && date.slice(0, 7) === last.slice(0, 7) ? 2 : 1;
  return `${start.split(' ').slice(0, -shared).join(' ')} to ${end}`;
}

/** The services `/waiting` offers, filtered by what the member typed (any case, names starting with it first). */
export function serviceChoices(engine: Engine, typed: string): string[] {
  return filterChoices(servicesAnswered(engine).map((s) => s.name), typed);
}

/**
 * Waiting-time passages, for one service (picked or typed) or in general. A service the reports do
 * not mention gets a message naming the services they do.
 */
export function waitingReply(engine: Engine, typed?: string): Reply {
  const wanted = typed?.trim() ? typed.trim() : undefined;
  const service = wanted === undefined ? undefined : findService(engine, wanted);
  const answer = waitingAnswer(engine, service ?? wanted, ASK_RESULTS);
  const offered = servicesAnswered(engine).map((s) => escapeText(s.name));
  const pick = offered.length > 0 ? `Pick a service for more: ${offered.join(', ')}.` : undefined;
  if (!answer.answered) {
    if (wanted === undefined) return { lead: escapeText(abstainMessage(answer.reason, engine.sources.length)), cards: [] };
    return {
      lead: `The reports I have don't mention waiting times for “${escapeUserText(service?.name ?? wanted, 100)}”.${offered.length > 0 ? ` They do for: ${offered.join(', ')}.` : ''}`,
      cards: [],
    };
  }
  const what = service ? escapeText(service.name) : wanted !== undefined ? `“${escapeUserText(wanted, 100)}”` : undefined;
  return {
    lead: `${what ? `Waiting times for ${what}` : 'Waiting times'}, from the reports${answer.perspectives ? ' (they differ, so newest first)' : ''}:`,
    cards: excerptCards(answer),
    ...(service === undefined && wanted === undefined && pick !== undefined && { footnote: pick }),
  };
}

/** Partners and speakers `/statements` offers, filtered by what the member typed. */
export function statementWhoChoices(engine: Engine, typed: string): string[] {
  return filterChoices(statementChoices(engine), typed);
}

/**
 * What each partner said (or the one partner or speaker asked for): every quoted statement, grouped
 * by partner, newest source first. Throws a {@link UserError} when `who` matches nobody.
 */
export function statementsReply(engine: Engine, who?: string): Reply {
  const wanted = who?.trim() ? who.trim() : undefined;
  const groups = statementsFor(engine, wanted);
  if (groups === undefined) {
    const names = statementChoices(engine).slice(0, 10).map((n) => escapeText(n));
    throw new UserError(`I have no statements from “${escapeUserText(wanted ?? '', 100)}”.${names.length > 0 ? ` Try one of: ${names.join(', ')}.` : ''}`);
  }
  const cards: Card[] = groups.flatMap((g) =>
    g.statements.map((s) => ({
      source: s.source,
      heading: g.known && g.partner !== s.speaker.name ? g.partner : s.speaker.name,
      excerpt: { passages: s.passages.map((p) => p.text) },
      speaker: s.speaker,
    })),
  );
  if (cards.length === 0) return { lead: 'The reports I have quote no statements.', cards: [] };
  const first = groups[0];
  return {
    lead: wanted !== undefined && groups.length === 1 && first ? `What ${escapeText(first.partner)} said, newest first:` : 'What each partner said, newest first:',
    cards,
    maxMessages: 4,
  };
}

/** Every source: title (linked), publisher, date, passage count and the events it reports on. */
export function sourcesReply(engine: Engine): Reply {
  const all = sourcesOverview(engine);
  if (all.length === 0) return { lead: 'I have no sources loaded yet, so I cannot answer questions.', cards: [] };
  const passages = all.reduce((n, s) => n + s.passages, 0);
  return {
    lead: `I answer from ${all.length} source${all.length === 1 ? '' : 's'} (${passages} passages), newest first:`,
    cards: all.map(({ source, passages: count }) => ({
      source,
      facts: [
        { name: 'Passages', value: String(count) },
        ...(source.events.length > 0
          ? [{ name: 'Reports on', value: source.events.map((e) => `${eventDate(e)}: ${e.label}`).join('\n') }]
          : []),
      ],
    })),
    maxMessages: 5,
  };
}

/** What the bot does, in plain words, with example questions; for a moderator, also the moderator commands. */
export function helpReply(engine: Engine, options: { moderator?: boolean } = {}): Reply {
  const sources = engine.sources.length;
  const service = servicesAnswered(engine)[0];
  const partners = statementsByPartner(engine).filter((g) => g.known).map((g) => escapeText(g.partner));
  const examples = [
    'What did the inspectors find?',
    'Has it got better since 2018?',
    service ? `How long is the wait for ${service.name.toLowerCase()}?` : 'How long are the waiting times?',
    'When is the next inspection?',
  ];
  return {
    lead: [
      '**What I do**',
      'I answer questions about the inspections of SEND (special educational needs and disabilities) services in Worcestershire. ' +
        `I reply with the exact words of the reports and news articles I have (${sources} right now), each with a link to where it comes from. ` +
        "I don't give advice and I don't guess: if the reports don't cover something, I say so.",
      '',
      '**Commands**',
      '`/ask` – ask a question in your own words (set `private` to True so only you see the answer)',
      '`/progress` – the inspections at a glance: when each was, which is current, when the next is due',
      '`/waiting` – what the reports say about waiting times, by service',
      `\`/statements\` – what each partner said${partners.length > 0 ? ` (${partners.join(', ')})` : ''}`,
      '`/sources list` – the reports and articles I answer from',
      '`/glossary` – what words like EHCP, SENCo or local area partnership mean',
      '`/privacy` – what I keep (never who asked), and why to leave names out of questions',
      '`/help` – this message',
      'In Discord, press **Helpful** or **Not helpful** under an answer: moderators see what needs improving.',
      '',
      '**Questions you could ask**',
      ...examples.map((q) => `• ${escapeText(q)}`),
      ...(options.moderator === true
        ? [
          '',
          '**For moderators**',
          '`/sources add` – add an article or report from a link (`url:`) or a file (`file:`); you see it first and confirm',
          '`/sources edit` – correct a source\'s title, publisher, date or link',
          '`/sources remove` – stop answering from a source (its file is kept aside)',
          '`/refresh` – read the knowledge folder again after editing files, and see any problems',
          '`/review` – questions I could not answer and answers marked not helpful (redacted; never who asked); dismiss them or note a source to add',
          'A weekly summary of the review queue goes to the log channel when `REVIEW_DIGEST=weekly`.',
        ]
        : []),
    ].join('\n'),
    cards: [],
  };
}

/** What a member sees while their `/ask` cooldown runs. */
export function cooldownMessage(seconds: number): string {
  return `You can ask another question in ${seconds} second${seconds === 1 ? '' : 's'}. This keeps me quick for everyone. Thank you for waiting!`;
}

/** Autocomplete: names containing what was typed (any case), those starting with it first, at most 25. */
export function filterChoices(names: readonly string[], typed: string): string[] {
  const key = typed.trim().toLowerCase();
  const matching = key === '' ? [...names] : names.filter((n) => n.toLowerCase().includes(key));
  const starts = matching.filter((n) => n.toLowerCase().startsWith(key));
  return [...starts, ...matching.filter((n) => !starts.includes(n))].slice(0, 25);
}
