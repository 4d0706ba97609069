/**
 * Near-duplicates at import: which passages of a source about to be added already appear, in the
 * same or nearly the same words, in a source of the knowledge base ("a joint statement" quoted by the
 * BBC and by local radio). Found with the engine's own word shingles (`ShingleIndex`,
 * src/core/near-duplicates.ts), the one home of the mechanism; shown in the add preview of both
 * faces (`kb add`, `/sources add`) so the moderator knows before adding. Nothing is refused for it:
 * the engine shows such passages as one statement, "also reported by" the others.
 */
import { formatDate } from '../core/dates.ts';
import { ShingleIndex } from '../core/near-duplicates.ts';
import { words } from '../core/text.ts';
import type { SourceSummary } from './folder.ts';

/** Passages shorter than this many words are not compared: a few common words prove nothing. */
const MIN_WORDS = 8;

/** An existing source that already has some of the new passages. */
export interface Overlap {
  readonly source: Pick<SourceSummary, 'id' | 'title' | 'publisher' | 'published'>;
  /** How many of the new passages it already has (same or nearly the same words). */
  readonly passages: number;
  /** The first of those new passages, as the preview quotes it. */
  readonly example: string;
}

/**
 * The existing sources that already have some of `passages` (each new passage counted once, for its
 * closest source), the source with most shared passages first.
 */
export function findOverlaps(passages: readonly string[], existing: readonly { source: Overlap['source']; passages: readonly string[] }[]): Overlap[] {
  const index = new ShingleIndex<string>();
  const sources = new Map(existing.map((e) => [e.source.id, e.source]));
  for (const e of existing) e.passages.forEach((text, i) => words(text).length >= MIN_WORDS && index.add(`${e.source.id}\n${i}`, text));
  const found = new Map<string, { passages: number; example: string }>();
  for (const text of passages) {
    if (words(text).length < MIN_WORDS) continue;
    const best = index.near(text)[0];
    if (!best) continue;
    const id = best.key.slice(0, best.key.lastIndexOf('\n'));
    const seen = found.get(id);
    if (seen) seen.passages++;
    else found.set(id, { passages: 1, example: text });
  }
  return [...found]
    .map(([id, f]) => ({ source: sources.get(id) ?? { id, title: id, publisher: '', published: '' }, ...f }))
    .sort((a, b) => b.passages - a.passages);
}

/** `3 passages already appear in "Inspectors demand action…" (BBC News, July 2024)`. */
export function describeOverlap(o: Overlap): string {
  const where = [o.source.publisher, o.source.published && formatDate(o.source.published)].filter(Boolean).join(', ');
  return `${o.passages} passage${o.passages === 1 ? '' : 's'} already appear${o.passages === 1 ? 's' : ''} in "${o.source.title}"${where ? ` (${where})` : ''}`;
}
