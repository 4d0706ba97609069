/** Private people's names: compromise's people, and the capitalised word after "my son", "called"... */
import nlp from './nlp.ts';
import { words } from '../text.ts';
import { HONORIFICS, isOnlyGivenName, isPersonWord, model } from './lexicon.ts';
import { ordinary, type Token } from './tokens.ts';
import type { Span } from './types.ts';

export interface Term {
  text: string;
  start: number;
  end: number;
  tags: ReadonlySet<string>;
}

export interface Analysis {
  people: Term[][];
  places: Set<number>;
  /** compromise failed on some piece of the text: names there may be missed. */
  failed?: boolean;
}

/**
 * The longest piece of text compromise reads at once. Its tagger slows down more than linearly on
 * long sentences (3,000 "St " take minutes in one piece), so a long text is read in pieces cut at
 * sentence ends, else at commas, else between words: linear in the length of the text.
 */
export const CHUNK = 400;

/** Pieces of at most CHUNK characters, cut where a name is least likely to be split. */
export function chunks(text: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + CHUNK);
    if (end < text.length) {
      const window = text.slice(start + CHUNK / 2, end);
      const cut = lastMatch(window, /[.!?\n]\s/g) ?? lastMatch(window, /[,;:]\s/g) ?? lastMatch(window, /\s/g);
      if (cut !== undefined) end = start + CHUNK / 2 + cut;
    }
    out.push({ start, end });
    start = end;
  }
  return out;
}

/** The end of the last match of a global pattern, or undefined. */
export function lastMatch(text: string, pattern: RegExp): number | undefined {
  let end: number | undefined;
  for (const m of text.matchAll(pattern)) end = m.index + m[0].length;
  return end;
}

/** People and places as compromise tags them (offsets into the text). Nothing for a piece it fails on, and `failed` set. */
export function analyse(text: string): Analysis {
  const out: Analysis = { people: [], places: new Set() };
  type JsonTerm = { text?: unknown; offset?: { start?: unknown; length?: unknown }; tags?: unknown };
  for (const piece of chunks(text)) {
    try {
      const doc = nlp(text.slice(piece.start, piece.end));
      const termsOf = (match: unknown): Term[] => {
        const terms: Term[] = [];
        for (const term of (match as { terms?: JsonTerm[] }).terms ?? []) {
          const offset = term.offset?.start;
          const length = term.offset?.length;
          if (typeof term.text !== 'string' || typeof offset !== 'number' || typeof length !== 'number') continue;
          const start = piece.start + offset;
          // Trust an offset only when it points at the term's own text.
          if (term.text === '' || text.slice(start, start + length) !== term.text) continue;
          terms.push({ text: term.text, start, end: start + length, tags: new Set(Array.isArray(term.tags) ? (term.tags as string[]) : []) });
        }
        return terms;
      };
      const options = { offset: true, terms: { offset: true, tags: true } };
      for (const match of doc.people().json(options) as unknown[]) out.people.push(termsOf(match));
      for (const match of doc.match('#Place').json(options) as unknown[]) for (const term of termsOf(match)) out.places.add(term.start);
    } catch {
      // Names in this piece are then found by the family rule alone, and the check fails closed.
      out.failed = true;
    }
  }
  return out;
}

export type Verdict = 'name' | 'title' | 'no';

/** Whether a term compromise tagged as part of a person is a private name. */
export function verdict(term: Term, initial: boolean, afterName: boolean, known: ReadonlySet<string>): Verdict {
  const written = term.text.replace(/['’]s$/i, '').replace(/\.$/, '');
  const key = words(written).join(' ');
  if (key === '') return 'no';
  if (HONORIFICS.has(key) || (term.tags.has('Honorific') && !term.tags.has('FirstName'))) return 'title';
  if (ordinary(key, known)) return 'no';
  const parts = key.split(' ');
  if (written.length > 1 && written === written.toUpperCase()) {
    // "JAYDEN" is a name; "CAMHS" is an acronym.
    return parts.some((p) => isPersonWord(p)) ? 'name' : 'no';
  }
  if (/^\p{Lu}/u.test(written) && !initial) return 'name';
  // Lower case, or the first word of a sentence: only a word known just as a given name, or a
  // surname straight after one ("jayden smith").
  if (parts.some((p) => isOnlyGivenName(p) && !known.has(p))) return 'name';
  if (afterName && parts.some((p) => isPersonWord(p))) return 'name';
  return 'no';
}

export function initialAt(tokens: readonly Token[], byStart: ReadonlyMap<number, number>, start: number): boolean {
  const i = byStart.get(start);
  return i === undefined ? false : (tokens[i]?.initial ?? false);
}

/** Name spans from compromise's people, each cut to its private-name words (with a title in front). */
export function compromiseNames(text: string, analysis: Analysis, tokens: readonly Token[], byStart: ReadonlyMap<number, number>, known: ReadonlySet<string>): Span[] {
  const spans: Span[] = [];
  for (const terms of analysis.people) {
    let group: { start: number; end: number; name: boolean } | undefined;
    let last: Term | undefined;
    const close = (): void => {
      if (group?.name) spans.push({ start: group.start, end: group.end, kind: 'name' });
      group = undefined;
    };
    for (const term of terms) {
      if (last && !/^[ \t\u00a0]*$/.test(text.slice(last.end, term.start))) close();
      const v = verdict(term, initialAt(tokens, byStart, term.start), group?.name === true, known);
      const end = term.end - (/['’]s$/i.test(term.text) ? 2 : 0) - (/\.$/.test(term.text) ? 1 : 0);
      if (v === 'no') close();
      else if (v === 'title') {
        if (group?.name) close();
        group = { start: group?.start ?? term.start, end, name: false };
      } else group = { start: group?.start ?? term.start, end, name: true };
      last = term;
    }
    close();
  }
  return spans;
}

export const FAMILY = new Set([
  'son', 'sons', 'daughter', 'daughters', 'boy', 'boys', 'girl', 'girls', 'lad', 'lads', 'child', 'children', 'kid', 'kids',
  'kiddo', 'grandson', 'granddaughter', 'grandchild', 'nephew', 'niece', 'brother', 'sister', 'stepson', 'stepdaughter',
  'twin', 'twins', 'baby', 'toddler', 'teen', 'teenager', 'ds', 'dd', 'dc', 'step-son', 'step-daughter', 'foster',
]);
export const POSSESSIVES = new Set(['my', 'our', 'his', 'her', 'their']);
export const NAMING = new Set(['called', 'named']);

/**
 * Names right after a family word ("my son Jayden", "our 6yo daughter May", "my twins Tom and
 * Harry") or after "called"/"named": any capitalised word there that is not an ordinary word, and
 * any word known only as a given name.
 */
export function familyNames(text: string, tokens: readonly Token[], known: ReadonlySet<string>): Span[] {
  const spans: Span[] = [];
  const isName = (t: Token, afterName = false): boolean => {
    if (t.cap && t.text.length > 1 && t.text === t.text.toUpperCase()) return isPersonWord(t.key) && !ordinary(t.key, known);
    if (t.cap) return !ordinary(t.key, known) && !HONORIFICS.has(t.key);
    const parts = t.key.split(' ');
    const first = parts[0] ?? '';
    // Lower case: a given name the lexicon knows only as one ("jayden"), also double-barrelled
    // ("amelia-rose"); after a name, a surname it knows as a person's name ("jayden smith-jones").
    if (isOnlyGivenName(first) && !known.has(first)) return true;
    return afterName && parts.every((p) => isPersonWord(p) && model.two?.switches?.[p] === undefined && !known.has(p));
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    let j: number | undefined;
    if (NAMING.has(t.key)) j = i + 1;
    else if (t.key === 'name' && tokens[i + 1]?.key === 'is') j = i + 2;
    else if (FAMILY.has(t.key) && !/['’]s$/i.test(t.text)) {
      // A possessive within the three words before: "my son", "my eldest autistic son", "our 6yo".
      const from = Math.max(0, i - 4);
      if (tokens.slice(from, i).some((b) => POSSESSIVES.has(b.key))) j = i + 1;
    }
    if (j === undefined) continue;
    const sep = (a: Token, b: Token): string => text.slice(a.end, b.start);
    // Skip "is called", "who is called".
    while (tokens[j] && (tokens[j]?.key === 'is' || NAMING.has(tokens[j]?.key ?? '')) && /^\s*$/.test(sep(tokens[j - 1] as Token, tokens[j] as Token))) j++;
    for (let prev = tokens[j - 1]; tokens[j]; j++) {
      const n = tokens[j] as Token;
      const gap = prev ? sep(prev, n) : '';
      if (!/^[ \t\u00a0]*,?[ \t\u00a0]*$/.test(gap) && !/^[ \t\u00a0]*\(\s*$/.test(gap)) break;
      const afterName = prev !== undefined && spans.at(-1)?.start === prev.start;
      if (isName(n, afterName)) {
        spans.push({ start: n.start, end: n.end - (/['’]s$/i.test(n.text) ? 2 : 0), kind: 'name' });
        prev = n;
        // "Tom and Harry", "Tom & Harry", "Tom, Harry"
        const and = tokens[j + 1];
        if (and && (and.key === 'and') && /^[ \t\u00a0]*$/.test(sep(n, and)) && tokens[j + 2] && isName(tokens[j + 2] as Token)) {
          prev = and;
          j++;
        }
        continue;
      }
      break;
    }
  }
  return spans;
}
