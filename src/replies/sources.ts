/** The `/sources list` reply. */
import type { Engine } from '../core/engine.ts';
import { sourcesOverview } from '../core/topics/index.ts';
import { eventDate } from './events.ts';
import type { Reply } from './reply.ts';

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
