/** The `/sources list` reply. */
import { formatDate } from '../core/dates.ts';
import type { Engine } from '../core/engine.ts';
import { sourcesOverview } from '../core/topics/index.ts';
import { eventDate } from './events.ts';
import type { Reply } from './reply.ts';

/** Every source, newest first: title (linked), publisher, when it was published, passage count and the events it reports on. */
export function sourcesReply(engine: Engine): Reply {
  const all = sourcesOverview(engine);
  if (all.length === 0) return { lead: 'I have no sources loaded yet, so I cannot answer questions.', cards: [] };
  const passages = all.reduce((n, s) => n + s.passages, 0);
  return {
    lead: `I answer from ${all.length} source${all.length === 1 ? '' : 's'} (${passages} passages), newest first:`,
    cards: all.map(({ source, passages: count }) => ({
      source,
      facts: [
        { name: 'Published', value: formatDate(source.published) },
        { name: 'Passages', value: String(count) },
        ...(source.events.length > 0
          ? [{ name: 'Reports on', value: source.events.map((e) => `${eventDate(e)}: ${e.label}`).join('\n') }]
          : []),
      ],
    })),
    maxMessages: 5,
  };
}
