/**
 * The replies of every command, built from the engine and the topics (src/core/topics.ts), shared by
 * the Discord commands and the local console. Everything quoted or named comes from the knowledge
 * base; the bot's own words are only the short lead lines.
 */
import { compareDates, formatDate } from '../core/dates.ts';
import type { Engine } from '../core/engine.ts';
import {
  findService,
  progressTimeline,
  servicesAnswered,
  sourcesOverview,
  statementChoices,
  statementsByPartner,
  statementsFor,
  waitingAnswer,
} from '../core/topics.ts';
import type { Answer, SourceEvent } from '../core/types.ts';
import { UserError } from './errors.ts';
import { escapeText, escapeUserText } from './format.ts';
import type { Card, Reply } from './reply.ts';

/** Excerpts in an `/ask` answer. */
export const ASK_RESULTS = 3;
/** Longest question `/ask` accepts (Discord enforces it on the option too). */
export const ASK_MAX_LENGTH = 1000;

/**
 * The answer to a question: up to three excerpts; when the sources differ, each source's excerpt
 * dated, newest first, with a lead line saying so. When the reports do not cover the question,
 * the engine's message saying what can be answered (no excerpt, no source named, no link).
 */
export function askReply(answer: Answer, question: string, options: { ephemeral?: boolean } = {}): Reply {
  const ephemeral = options.ephemeral === true ? { ephemeral: true } : {};
  if (!answer.answered) return { lead: escapeText(answer.message ?? "The reports I have don't cover that."), cards: [], ...ephemeral };
  return {
    echo: question,
    lead: answer.perspectives
      ? 'The reports differ, so here is what each one says, newest first:'
      : answer.results.length === 1 ? 'Here is what the reports say:' : 'Here is what the reports say, best match first:',
    cards: excerptCards(answer),
    ...ephemeral,
  };
}

/**
 * One card per result. When the answer shows several sources side by side, each is dated and they
 * are ordered newest first (the engine's order within one source is kept).
 */
function excerptCards(answer: Answer): Card[] {
  const results = answer.perspectives
    ? answer.results.map((r, i) => ({ r, i })).sort((a, b) => compareDates(b.r.source.published, a.r.source.published) || a.i - b.i).map((x) => x.r)
    : answer.results;
  return results.map((r) => ({
    source: r.source,
    ...(answer.perspectives && { heading: formatDate(r.source.published) }),
    excerpt: { passages: [r.passage.text], highlight: r.highlight },
    ...(r.passage.speaker && { speaker: r.passage.speaker }),
  }));
}

/** The inspections over time from the sources' events, each step with one cited excerpt. */
export function progressReply(engine: Engine): Reply {
  const steps = progressTimeline(engine);
  if (steps.length === 0) return { lead: 'The reports I have list no inspection dates yet.', cards: [] };
  const upcoming = steps.filter((s) => s.upcoming).length;
  return {
    lead: `The inspections over time, oldest first${upcoming > 0 ? ' (what is still to come is marked upcoming)' : ''}:`,
    cards: steps.map((step) => ({
      source: step.source,
      heading: `${step.upcoming ? 'Upcoming · ' : ''}${eventDate(step.event)} · ${step.event.label}`,
      ...(step.excerpt && { excerpt: { passages: [step.excerpt.passage.text], highlight: step.excerpt.highlight } }),
      ...(step.excerpt?.passage.speaker && { speaker: step.excerpt.passage.speaker }),
    })),
    maxMessages: 3,
  };
}

/** "1 November 2021 to 3 November 2021", "April 2024", "due January 2026". */
function eventDate(event: SourceEvent): string {
  const when = event.end ? `${formatDate(event.date)} to ${formatDate(event.end)}` : formatDate(event.date);
  return event.status === 'due' ? `due ${when}` : when;
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
    if (wanted === undefined) return { lead: escapeText(answer.message ?? "The reports I have don't mention waiting times."), cards: [] };
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
      '`/progress` – the inspections over time',
      '`/waiting` – what the reports say about waiting times, by service',
      `\`/statements\` – what each partner said${partners.length > 0 ? ` (${partners.join(', ')})` : ''}`,
      '`/sources list` – the reports and articles I answer from',
      '`/help` – this message',
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
