/** Excerpt cards, newest first when the sources differ, each with a note when a later report also covers the question: shared by `/ask`, `/waiting` and `/statements`. */
import { compareDates, formatDate } from '../core/dates.ts';
import type { LaterCoverage } from '../core/topics/index.ts';
import type { Answer } from '../core/types.ts';
import type { Card } from './reply.ts';

/**
 * One card per result. When the answer shows several sources side by side, each is dated and they
 * are ordered newest first (the engine's order within one source is kept). `later` (aligned with the
 * answer's results) adds a note to a card whose question a later report also covers.
 */
export function excerptCards(answer: Answer, later: readonly (LaterCoverage | undefined)[] = []): Card[] {
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
