/**
 * Near-duplicate text: the same statement in two places ("a joint statement" quoted by the BBC and by
 * local radio, a council press release retold by a newspaper), found by word shingling.
 *
 * A text becomes the set of its overlapping runs of {@link SHINGLE_WORDS} words (hashed to numbers, so a
 * large collection stays small in memory). Two texts are compared by *containment*: the share of the
 * shorter text's shingles that the longer one also has. Containment rather than Jaccard resemblance,
 * because an outlet that quotes a statement usually adds its own words around it ("In a joint
 * statement, the council and the ICB said …"): the quote is still contained whole.
 *
 * One home for the mechanism: the engine folds such passages into one excerpt ("also reported by …"),
 * and the importer's preview tells a moderator which passages a new page shares with which source.
 *
 * Pure: no I/O. Candidate lookup goes through an inverted index of shingles ({@link ShingleIndex}), so
 * checking a new page against a large collection does not compare it with every passage.
 */
import { words } from './text.ts';

/** How many words make a shingle. Four words are specific enough to be rare by chance in English prose. */
export const SHINGLE_WORDS = 4;

/** Containment at or above which two passages count as the same statement. */
export const NEAR_DUPLICATE_THRESHOLD = 0.6;

/** FNV-1a over a string: a 32-bit hash, enough to tell shingles apart in a collection of this size. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * The hashed word shingles of a text (lower-cased, punctuation and quote styles ignored, small numbers
 * as digits: see {@link words}). A text shorter than one shingle is one shingle of all its words; an
 * empty text has none.
 */
export function shingles(text: string, size = SHINGLE_WORDS): Set<number> {
  const w = words(text);
  const out = new Set<number>();
  if (w.length === 0) return out;
  if (w.length <= size) {
    out.add(fnv1a(w.join(' ')));
    return out;
  }
  for (let i = 0; i + size <= w.length; i++) out.add(fnv1a(w.slice(i, i + size).join(' ')));
  return out;
}

/** Share (0..1) of the smaller set's shingles that the other set has too; 0 when either is empty. */
export function containment(a: ReadonlySet<number>, b: ReadonlySet<number>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  if (small.size === 0) return 0;
  let shared = 0;
  for (const s of small) if (large.has(s)) shared++;
  return shared / small.size;
}

/** Whether two texts say the same thing in (nearly) the same words. */
export function isNearDuplicate(a: string, b: string, threshold = NEAR_DUPLICATE_THRESHOLD): boolean {
  return containment(shingles(a), shingles(b)) >= threshold;
}

/** One match of {@link ShingleIndex.near}. */
export interface NearMatch<K> {
  key: K;
  /** Containment of the smaller text in the larger (0..1). */
  score: number;
}

/**
 * An inverted index from shingle to the texts that have it, for finding the near-duplicates of a text
 * among many without comparing it with each.
 */
export class ShingleIndex<K> {
  readonly #sets = new Map<K, Set<number>>();
  readonly #postings = new Map<number, K[]>();

  /** Adds a text under a key (adding a key twice replaces nothing: the first text stays). */
  add(key: K, text: string): void {
    if (this.#sets.has(key)) return;
    const set = shingles(text);
    this.#sets.set(key, set);
    for (const s of set) {
      const list = this.#postings.get(s);
      if (list) list.push(key);
      else this.#postings.set(s, [key]);
    }
  }

  /** Texts whose containment with `text` reaches `threshold`, best first. */
  near(text: string, threshold = NEAR_DUPLICATE_THRESHOLD): NearMatch<K>[] {
    const query = shingles(text);
    if (query.size === 0) return [];
    const shared = new Map<K, number>();
    for (const s of query) for (const key of this.#postings.get(s) ?? []) shared.set(key, (shared.get(key) ?? 0) + 1);
    const out: NearMatch<K>[] = [];
    for (const [key, count] of shared) {
      const other = this.#sets.get(key);
      if (!other) continue;
      const score = count / Math.min(query.size, other.size);
      if (score >= threshold) out.push({ key, score });
    }
    return out.sort((a, b) => b.score - a.score);
  }
}
