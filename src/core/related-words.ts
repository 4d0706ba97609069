/**
 * Meaning from lexical resources: words related to a question's word that the collection does not
 * use ("kid" → "child", "behavior" → "behaviour", "paed" → "paediatric"), so a parent's own word
 * can find a passage that says the same thing in other words. A related word is searched at a
 * lower boost and counts for coverage at a share (its credit) of the weight of the word it stands
 * for. Pure: the word lists arrive as data (src/knowledge/related.ts loads the generated file).
 */

/** How WordNet relates a word to another (see scripts/build-related-words.ts). */
export type Relation = 'synonym' | 'derived' | 'hypernym' | 'variant';

const RELATIONS: readonly Relation[] = ['synonym', 'derived', 'hypernym', 'variant'];

/**
 * General English word relations by Porter stem, independent of any collection: the generated
 * file src/knowledge/related-words.txt, one line per stem: `stem a,b|c|d,e|f` (synonyms,
 * derivationally related forms, direct hypernyms, spelling variants). Lines are split on first use.
 */
export class RelatedWords {
  readonly #text: string;
  /** Start of each entry line, in key order: looked up by binary search, so loading costs a scan, not a map. */
  readonly #starts: readonly number[];
  readonly #parsed = new Map<string, Readonly<Record<Relation, readonly string[]>>>();

  private constructor(text: string, starts: readonly number[]) {
    this.#text = text;
    this.#starts = starts;
  }

  /** Reads the file's text; throws, naming the line, if a line is malformed or out of order. */
  static parse(text: string): RelatedWords {
    const starts: number[] = [];
    let n = 0;
    let previous = '';
    for (let at = 0; at < text.length; ) {
      let end = text.indexOf('\n', at);
      if (end < 0) end = text.length;
      n++;
      if (end > at && text[at] !== '#') {
        const space = text.indexOf(' ', at);
        if (space <= at || space >= end || countBars(text, space, end) !== RELATIONS.length - 1) throw new Error(`related words: line ${n} is not "stem synonyms|derivations|hypernyms|variants"`);
        const key = text.slice(at, space);
        if (key <= previous) throw new Error(`related words: line ${n} ("${key}") is out of order`);
        previous = key;
        starts.push(at);
      }
      at = end + 1;
    }
    return new RelatedWords(text, starts);
  }

  /** Builds from a map (for tests). */
  static of(entries: Readonly<Record<string, Partial<Record<Relation, readonly string[]>>>>): RelatedWords {
    const lines = Object.entries(entries)
      .sort((x, y) => (x[0] < y[0] ? -1 : 1))
      .map(([stem, rel]) => `${stem} ${RELATIONS.map((k) => (rel[k] ?? []).join(',')).join('|')}`);
    return RelatedWords.parse(lines.join('\n'));
  }

  /** Number of stems listed. */
  get size(): number {
    return this.#starts.length;
  }

  /** The related stems of a stem, by relation (empty lists when it has none). */
  of(stem: string): Readonly<Record<Relation, readonly string[]>> {
    let hit = this.#parsed.get(stem);
    if (!hit) {
      const parts = (this.#line(stem) ?? '|||').split('|');
      hit = Object.fromEntries(RELATIONS.map((k, i) => [k, parts[i] ? (parts[i] ?? '').split(',') : []])) as Record<Relation, string[]>;
      if (this.#parsed.size > 10_000) this.#parsed.clear();
      this.#parsed.set(stem, hit);
    }
    return hit;
  }

  /** The relations part of a stem's line, if listed. */
  #line(stem: string): string | undefined {
    const text = this.#text;
    let lo = 0;
    let hi = this.#starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const at = this.#starts[mid] ?? 0;
      const key = text.slice(at, text.indexOf(' ', at));
      if (key === stem) {
        const end = text.indexOf('\n', at);
        return text.slice(at + key.length + 1, end < 0 ? text.length : end);
      }
      if (key < stem) lo = mid + 1;
      else hi = mid;
    }
    return undefined;
  }
}

function countBars(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = text.indexOf('|', from); i >= 0 && i < to; i = text.indexOf('|', i + 1)) count++;
  return count;
}

/** Credit (0..1, 0 = off) of each kind of related word, as a share of the weight of the word it stands for. */
export interface RelatedCredits {
  readonly synonym: number;
  readonly derived: number;
  readonly hypernym: number;
  readonly variant: number;
  /** A clipped word that begins one or a few of the collection's words ("paed" for "paediatric"). */
  readonly shortForm: number;
}

/** A term of the collection that stands in for a question's word the collection lacks. */
export interface RelatedTerm {
  readonly term: string;
  /** Share of the original word's weight it earns when matched. */
  readonly credit: number;
}

/** Least length of a clipped word ("paed", "diag"): shorter ones begin too many words. */
export const SHORT_FORM_MIN = 4;
/** Most letters of a clipped word as typed ("physio", "paeds"). */
export const SHORT_FORM_MAX = 6;
/** A clipped word that begins more of the collection's stems than this is too vague to stand for any. */
export const SHORT_FORM_MAX_MATCHES = 2;

/** What {@link relatedTerms} needs to know of the collection. */
export interface CollectionWords {
  /** The collection has this index term. */
  readonly isIndexed: (term: string) => boolean;
  /** The collection's index terms (stems), sorted, for short forms. */
  readonly sortedTerms?: readonly string[];
  /** Zipf frequency of an everyday English word, undefined for others (short forms are never everyday words). */
  readonly english?: (word: string) => number | undefined;
}

/**
 * The collection's terms that stand in for a question's term it lacks, best credit first. A
 * related word the collection lacks is tried in its other spelling ("pediatrician" from WordNet
 * for the collection's "paediatrician").
 * @param term the question's index term (a stem)
 * @param typed the question's word as typed, for short forms
 */
export function relatedTerms(term: string, typed: string, related: RelatedWords | undefined, credits: RelatedCredits, collection: CollectionWords): RelatedTerm[] {
  const out = new Map<string, number>();
  const offer = (t: string, credit: number): void => {
    if (credit > 0 && t !== term && (out.get(t) ?? 0) < credit) out.set(t, credit);
  };
  if (related) {
    const own = related.of(term);
    for (const kind of RELATIONS) {
      for (const r of own[kind]) {
        if (collection.isIndexed(r)) offer(r, credits[kind]);
        else if (kind !== 'variant') for (const v of related.of(r).variant) if (collection.isIndexed(v)) offer(v, credits[kind]);
      }
    }
  }
  const sorted = collection.sortedTerms;
  // A clipped word is short ("paed", "physio", "admin"): a longer one that begins a collection word
  // is a word of its own ("worcester" is not "Worcestershire"). By stem, so "paeds" is "paed".
  const clip = typed.length <= SHORT_FORM_MAX && typed.startsWith(term) ? term : '';
  if (sorted && credits.shortForm > 0 && clip.length >= SHORT_FORM_MIN && /^[a-z]+$/.test(clip) && collection.english?.(typed) === undefined) {
    const found = withPrefix(sorted, clip, SHORT_FORM_MAX_MATCHES + 1);
    if (found.length > 0 && found.length <= SHORT_FORM_MAX_MATCHES) for (const t of found) offer(t, credits.shortForm);
  }
  return [...out].map(([t, credit]) => ({ term: t, credit })).sort((a, b) => b.credit - a.credit || (a.term < b.term ? -1 : 1));
}

/** Up to `limit` strings of a sorted list that begin with `prefix` (and are longer than it). */
export function withPrefix(sorted: readonly string[], prefix: string, limit: number): string[] {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] ?? '') < prefix) lo = mid + 1;
    else hi = mid;
  }
  const out: string[] = [];
  for (let i = lo; i < sorted.length && out.length < limit; i++) {
    const s = sorted[i] ?? '';
    if (!s.startsWith(prefix)) break;
    if (s.length > prefix.length) out.push(s);
  }
  return out;
}

/** American spellings of British forms and British of American ones, by rule: candidates, not all words. */
const VARIANT_RULES: readonly [RegExp, string][] = [
  // behaviour / behavior, colour, favourite, neighbourhood
  [/^([a-z]{3,})our(s|ed|ing|ite|ites|able|hood|ful|less)?$/, '$1or$2'],
  [/^([a-z]{3,})or(s|ed|ing|ite|ites|able|hood|ful|less)?$/, '$1our$2'],
  // organise / organize, organisation, analyse / analyze
  [/is(e|es|ed|ing|er|ers|ation|ations)$/, 'iz$1'],
  [/iz(e|es|ed|ing|er|ers|ation|ations)$/, 'is$1'],
  [/ys(e|es|ed|ing)$/, 'yz$1'],
  [/yz(e|es|ed|ing)$/, 'ys$1'],
  // centre / center, theatre, fibre
  [/([bt])re(s|d)?$/, '$1er$2'],
  [/([bt])er(s|ed)?$/, '$1re$2'],
  // defence / defense, licence, offence
  [/ence(s)?$/, 'ense$1'],
  [/ense(s)?$/, 'ence$1'],
  // catalogue / catalog, dialogue
  [/ogue(s)?$/, 'og$1'],
  [/og(s)?$/, 'ogue$1'],
  // travelled / traveled, counselling; enrolment / enrollment, fulfil / fulfill
  [/([aeiou])ll(ed|ing|er|ers|or|ors)$/, '$1l$2'],
  [/([^l][aeiou])l(ed|ing|er|ers|or|ors)$/, '$1ll$2'],
  [/lment(s)?$/, 'llment$1'],
  [/llment(s)?$/, 'lment$1'],
  // paediatric / pediatric, haematology, anaemia, orthopaedic, foetus, oedema, manoeuvre
  [/ae/, 'e'],
  [/oe/, 'e'],
  [/^(p|orthop|encyclop)ed/, '$1aed'],
  [/^hem/, 'haem'],
  [/^anem/, 'anaem'],
  [/^leukem/, 'leukaem'],
  [/^gynec/, 'gynaec'],
  [/^esth/, 'aesth'],
  [/^etiol/, 'aetiol'],
  // programme / program, judgement / judgment, ageing / aging
  [/^program(s)?$/, 'programme$1'],
  [/^programme(s)?$/, 'program$1'],
  [/dgement(s)?$/, 'dgment$1'],
  [/dgment(s)?$/, 'dgement$1'],
  [/^ageing$/, 'aging'],
  [/^aging$/, 'ageing'],
];

/** Other spellings of a word (British ↔ American), by rule; the collection decides which are words. */
export function spellingVariants(word: string): string[] {
  const out = new Set<string>();
  for (const [pattern, replacement] of VARIANT_RULES) {
    if (!pattern.test(word)) continue;
    const v = word.replace(pattern, replacement);
    if (v !== word) out.add(v);
  }
  return [...out];
}
