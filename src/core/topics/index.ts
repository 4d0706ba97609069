/**
 * Topics: the fixed questions a parent can ask without typing one (the inspections over time, waiting
 * times by service, what each partner said, which sources there are), and which later report also
 * covers an answer's question. Pure functions over an {@link Engine}: every word shown comes from
 * the knowledge base (front matter `events`, the passages, `vocabulary.yml`), so a new knowledge
 * file shows up after a refresh without a code change.
 *
 * Results that need retrieval are memoised per engine with `engine.derived` (an engine never changes;
 * a refresh builds a new one), so autocomplete can call these on every keystroke; the timeline also per
 * day, as the core has no clock and is told the date.
 */
export { laterCoverage, type LaterCoverage } from './later.ts';
export { sourcesNewestFirst, sourcesOverview, type SourceOverview } from './sources.ts';
export { statementChoices, statementsByPartner, statementsFor, type PartnerStatements, type Statement } from './statements.ts';
export { progressTimeline, type TimelineStatus, type TimelineStep } from './timeline.ts';
export { findService, servicesAnswered, waitingAnswer, WAITING_QUERY } from './waiting.ts';
