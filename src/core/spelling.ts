import SearchableMap from 'minisearch/SearchableMap';

/** A spelling correction of one query word. */
export interface Correction {
  readonly word: string;
  readonly to: string;
  /** 0..1: how sure the correction is (1 = exact sound-alike, lower for more edits). */
  readonly confidence: number;
}

/**
 * A rough English sound skeleton, so that "inspecshun" and "inspection", "paedatrician" and
 * "pediatrician", "autizm" and "autism" meet. Not a full phonetic algorithm: a handful of spelling
 * rules parents' typos follow, then doubled letters collapsed.
 */
export function soundSkeleton(word: string): string {
  return word
    .toLowerCase()
    .replace(/tion|sion|shun|shon|tian|cian/g, 'shun')
    .replace(/ph/g, 'f')
    .replace(/ck|q/g, 'k')
    .replace(/c(?=[eiy])/g, 's')
    .replace(/c/g, 'k')
    .replace(/z/g, 's')
    .replace(/ae|oe/g, 'e')
    .replace(/ea|ee|ie|ei/g, 'i')
    .replace(/ou|oo/g, 'u')
    .replace(/wh/g, 'w')
    // Non-rhotic spellings: "offa" for "offer", "betta" for "better".
    .replace(/er$/, 'a')
    // A dropped g: "takin" for "taking", "waitin" for "waiting".
    .replace(/ing$/, 'in')
    .replace(/(.)\1+/g, '$1');
}

/**
 * The words of a collection, for correcting misspelt query words to words the collection uses.
 * Uses MiniSearch's radix tree (`SearchableMap.fuzzyGet`) for edit-distance look-ups.
 */
export class Lexicon {
  readonly #words = new SearchableMap<number>();
  readonly #skeletons = new Map<string, string>();
  readonly #skeletonMap = new SearchableMap<string>();

  /** Adds a word (lower case) with its frequency. */
  add(word: string, count = 1): void {
    const prev = this.#words.get(word);
    this.#words.set(word, (prev ?? 0) + count);
    const sk = soundSkeleton(word);
    const holder = this.#skeletons.get(sk);
    // One representative per skeleton: the most frequent word.
    if (holder === undefined || (this.#words.get(holder) ?? 0) < (prev ?? 0) + count) {
      this.#skeletons.set(sk, word);
      this.#skeletonMap.set(sk, word);
    }
  }

  /** Every word with its frequency, for a snapshot. */
  entries(): [string, number][] {
    return [...this.#words.entries()];
  }

  has(word: string): boolean {
    return this.#words.has(word);
  }

  /** How often the collection uses a word (0 for a word only the vocabulary or stop list knows). */
  count(word: string): number {
    return this.#words.get(word) ?? 0;
  }

  get size(): number {
    return this.#words.size;
  }

  /**
   * The collection's word closest to `word`, or undefined when none is close enough. Numbers are
   * never corrected, nor are short words (under 4 letters): too many real words lie one edit apart.
   * With `short`, a three-letter word is corrected to a word that sounds the same ("gud" → "good",
   * "bak" → "back"), never by edits: for words the caller knows are not English words.
   */
  correct(word: string, options: { short?: boolean } = {}): Correction | undefined {
    if (/\d/.test(word) || this.#words.has(word)) return undefined;
    const short = word.length < 4;
    if (short && !(options.short && word.length === 3)) return undefined;
    const sk = soundSkeleton(word);
    const same = this.#skeletons.get(sk);
    if (same !== undefined && same !== word) return { word, to: same, confidence: 0.9 };
    if (short) return undefined;

    const maxEdits = word.length >= 9 ? 2 : 1;
    let best: { to: string; dist: number; freq: number } | undefined;
    // Swapped neighbours ("paretn") are one slip of the fingers, though two edits apart.
    for (let i = 0; i + 1 < word.length; i++) {
      const swapped = word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
      const freq = this.#words.get(swapped);
      if (freq !== undefined && (!best || freq > best.freq)) best = { to: swapped, dist: 1, freq };
    }
    if (best) return { word, to: best.to, confidence: 0.8 };
    for (const [candidate, [freq, dist]] of this.#words.fuzzyGet(word, maxEdits)) {
      // A candidate must keep the word's first letter: typos rarely change it, and it stops
      // unrelated words (bins → pins) from being "corrected" into the collection.
      if (candidate[0] !== word[0]) continue;
      if (!best || dist < best.dist || (dist === best.dist && freq > best.freq)) best = { to: candidate, dist, freq };
    }
    if (!best && sk.length >= 6) {
      for (const [, [candidate, dist]] of this.#skeletonMap.fuzzyGet(sk, 1)) {
        if (candidate[0] !== word[0]) continue;
        const freq = this.#words.get(candidate) ?? 0;
        if (!best || dist < best.dist || (dist === best.dist && freq > best.freq)) best = { to: candidate, dist: dist + 1, freq };
      }
    }
    if (!best) return undefined;
    return { word, to: best.to, confidence: Math.max(0.3, 1 - best.dist / Math.max(4, word.length - 2)) };
  }
}

/**
 * Optimal string alignment distance between two words: insertions, deletions, substitutions, and a
 * swap of neighbouring letters as one edit ("senko" → "senco" is 1, "teh" → "the" is 1). The one
 * edit distance of the project (the glossary's forgiving look-up, privacy's public names).
 *
 * @param cap when given, any distance above it may be returned as `cap + 1` (a cheap early exit for
 *   words whose lengths already differ by more).
 */
export function editDistance(a: string, b: string, cap = Infinity): number {
  if (Math.abs(a.length - b.length) > cap) return cap + 1;
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const row = d[i] as number[];
      const up = d[i - 1] as number[];
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min((up[j] as number) + 1, (row[j - 1] as number) + 1, (up[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, ((d[i - 2] as number[])[j - 2] as number) + 1);
      row[j] = v;
    }
  }
  return (d[a.length] as number[])[b.length] as number;
}
