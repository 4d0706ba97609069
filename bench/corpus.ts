/**
 * Generated corpora for the benchmark, resampled from the real knowledge base so that the postings
 * are realistic: synthetic sources of 10 passages each (ids, titles, dates and events varied), whose
 * passages are real passages' texts, verbatim or lightly recombined (the first sentences of one real
 * passage followed by the last sentences of another). Seeded: the same size gives the same corpus.
 *
 * Caveat: the corpus keeps the real collection's word list, so it grows the postings, not the
 * vocabulary. Every word is in at least ~2% of the generated passages (each real passage is copied
 * about n/37 times), where in a real collection of that size most words are rare: posting lists are
 * long (worse for query time than a real collection), while the lexicon and the term dictionary stay
 * small (better for spell-correction and memory than a real collection would be).
 */
import { shortHash } from '../src/core/hash.ts';
import { sentences } from '../src/core/text.ts';
import type { Passage, Source, SourceEvent } from '../src/core/types.ts';
import { pick, rng } from './stats.ts';

export const PASSAGES_PER_SOURCE = 10;
/** Share of generated passages that are a recombination of two real passages rather than a copy of one. */
export const RECOMBINED_SHARE = 0.5;

function isoDate(random: () => number, fromYear: number, toYear: number): string {
  const y = fromYear + Math.floor(random() * (toYear - fromYear + 1));
  const m = 1 + Math.floor(random() * 12);
  const d = 1 + Math.floor(random() * 28);
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** The first part of one passage's sentences joined to the last part of another's. */
function recombine(random: () => number, a: string, b: string): string {
  const sa = sentences(a);
  const sb = sentences(b);
  if (sa.length + sb.length < 2) return `${a} ${b}`;
  const head = sa.slice(0, Math.max(1, Math.ceil(sa.length / 2)));
  const tail = sb.slice(Math.floor(random() * sb.length));
  return [...head, ...tail].join(' ');
}

/** `passages` generated passages (rounded up to whole sources) resampled from `real`. */
export function generateSources(real: readonly Source[], passages: number, seed = 20240701 + passages): Source[] {
  const random = rng(seed);
  const pool: { passage: Passage; source: Source }[] = real.flatMap((source) => source.passages.map((passage) => ({ passage, source })));
  if (pool.length === 0) throw new Error('no real passages to resample');
  const labels = real.flatMap((s) => s.meta.events.map((e) => e.label));
  const out: Source[] = [];
  const count = Math.ceil(passages / PASSAGES_PER_SOURCE);
  for (let s = 0; s < count; s++) {
    const model = pick(random, real);
    const id = `syn-${String(s).padStart(6, '0')}`;
    const events: SourceEvent[] = [];
    const nEvents = Math.floor(random() * 3);
    for (let e = 0; e < nEvents; e++) {
      const date = isoDate(random, 2015, 2026);
      events.push({ date: date.slice(0, random() < 0.5 ? 7 : 10), label: labels.length ? pick(random, labels) : 'Inspection', status: random() < 0.8 ? 'done' : 'due' });
    }
    const seen = new Map<string, number>();
    const list: Passage[] = [];
    for (let i = 0; i < PASSAGES_PER_SOURCE && out.length * PASSAGES_PER_SOURCE + i < passages; i++) {
      const a = pick(random, pool).passage;
      const text = random() < RECOMBINED_SHARE ? recombine(random, a.text, pick(random, pool).passage.text) : a.text;
      const base = `${id}#${shortHash(text)}`;
      const n = (seen.get(base) ?? 0) + 1;
      seen.set(base, n);
      list.push({
        id: n === 1 ? base : `${base}-${n}`,
        sourceId: id,
        position: i,
        text,
        kind: a.kind,
        ...(a.section !== undefined && { section: a.section }),
        ...(a.speaker !== undefined && { speaker: a.speaker }),
      });
    }
    out.push({
      meta: {
        id,
        title: `${model.meta.title} (${s + 1})`,
        publisher: model.meta.publisher,
        published: isoDate(random, 2015, 2025),
        url: `https://example.org/${id}`,
        kind: model.meta.kind,
        events,
      },
      body: list.map((p) => p.text).join('\n\n'),
      passages: list,
    });
  }
  return out;
}

/** The real sources, or a generated corpus of `size` passages from them. */
export function corpusOf(real: readonly Source[], size: number | 'real'): readonly Source[] {
  return size === 'real' ? real : generateSources(real, size);
}
