/**
 * BM25-style impact of each term of a passage, field boosts as weights on term frequency (k1 1.2,
 * b 0.7 against the average text length so far).
 */
export function bm25Impacts(
  fields: { text: readonly string[]; speaker: readonly string[]; section: readonly string[]; listContext: readonly string[] },
  boost: { text: number; speaker: number; section: number; listContext: number },
  avgLength: number,
): Map<string, number> {
  const tf = new Map<string, number>();
  for (const t of fields.text) tf.set(t, (tf.get(t) ?? 0) + boost.text);
  for (const t of fields.speaker) tf.set(t, (tf.get(t) ?? 0) + boost.speaker);
  for (const t of fields.section) tf.set(t, (tf.get(t) ?? 0) + boost.section);
  for (const t of fields.listContext) tf.set(t, (tf.get(t) ?? 0) + boost.listContext);
  const k1 = 1.2;
  const norm = k1 * (0.3 + (0.7 * fields.text.length) / Math.max(1, avgLength));
  const out = new Map<string, number>();
  for (const [t, f] of tf) out.set(t, (f * (k1 + 1)) / (f + norm));
  return out;
}

/**
 * Impact-ordered postings, kept short: for each term, the passages where it weighs most (by a
 * BM25-style term-frequency impact), at most `size` of them. On a large collection a question's
 * common words match tens of thousands of passages; scoring only each term's best passages bounds
 * query time (an approximation: a passage outside every list it belongs to can be missed).
 */
export class ImpactLists {
  readonly #size: number;
  readonly #docs = new Map<string, number[]>();
  readonly #impacts = new Map<string, number[]>();

  constructor(size: number) {
    this.#size = size;
  }

  /** Plain data for a snapshot: each term with its passages and impacts. */
  toJSON(): { size: number; terms: [string, number[], number[]][] } {
    return { size: this.#size, terms: [...this.#docs].map(([t, docs]) => [t, docs, this.#impacts.get(t) ?? []]) };
  }

  static fromJSON(data: { size: number; terms: [string, number[], number[]][] }): ImpactLists {
    const lists = new ImpactLists(data.size);
    for (const [t, docs, imps] of data.terms) {
      lists.#docs.set(t, docs);
      lists.#impacts.set(t, imps);
    }
    return lists;
  }

  /** Offers passage `doc` for `term` with its impact; keeps the `size` highest (a min-heap). */
  offer(term: string, doc: number, impact: number): void {
    let docs = this.#docs.get(term);
    let imps = this.#impacts.get(term);
    if (!docs || !imps) {
      docs = [];
      imps = [];
      this.#docs.set(term, docs);
      this.#impacts.set(term, imps);
    }
    if (docs.length < this.#size) {
      docs.push(doc);
      imps.push(impact);
      siftUp(docs, imps, docs.length - 1);
    } else if (impact > (imps[0] ?? Infinity)) {
      docs[0] = doc;
      imps[0] = impact;
      siftDown(docs, imps, 0);
    }
  }

  /** Adds `weight × impact` of each listed passage of `term` to `into`. */
  accumulate(term: string, weight: number, into: Map<number, number>): void {
    const docs = this.#docs.get(term);
    const imps = this.#impacts.get(term);
    if (!docs || !imps) return;
    for (let i = 0; i < docs.length; i++) {
      const d = docs[i] as number;
      into.set(d, (into.get(d) ?? 0) + weight * (imps[i] as number));
    }
  }
}

function siftUp(docs: number[], imps: number[], i: number): void {
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if ((imps[parent] as number) <= (imps[i] as number)) return;
    swap(docs, imps, i, parent);
    i = parent;
  }
}

function siftDown(docs: number[], imps: number[], i: number): void {
  for (;;) {
    const l = 2 * i + 1;
    const r = l + 1;
    let min = i;
    if (l < imps.length && (imps[l] as number) < (imps[min] as number)) min = l;
    if (r < imps.length && (imps[r] as number) < (imps[min] as number)) min = r;
    if (min === i) return;
    swap(docs, imps, i, min);
    i = min;
  }
}

function swap(docs: number[], imps: number[], a: number, b: number): void {
  [docs[a], docs[b]] = [docs[b] as number, docs[a] as number];
  [imps[a], imps[b]] = [imps[b] as number, imps[a] as number];
}
