/** Public names: what the knowledge base itself names, and whether a name in a question is one of them. */
import nlp from './nlp.ts';
import { derived, type Engine } from '../engine.ts';
import { editDistance } from '../spelling.ts';
import { words } from '../text.ts';
import { HONORIFICS, isOnlyGivenName } from './lexicon.ts';
import { adjacent, capitalisedRuns, type Token, tokenise } from './tokens.ts';
import type { Span } from './types.ts';

/**
 * Names of people and organisations that the knowledge base itself names (public figures), lower-
 * cased, so they are not redacted: the speakers of passages ("cllr marcus hart", "marcus hart",
 * "cllr hart"), capitalised name sequences in the sources ("care quality commission",
 * "dr louise bramble"), and the publishers. The set also holds the collection's ordinary words (the
 * words of the knowledge base, its vocabulary, glossary and stop words), since a "name" that is one
 * of those ("Ofsted", "SENCo", "Worcestershire") is not a private person's name. The words of the
 * people it names ("marcus", "bramble") are not ordinary words: "my son Marcus" is still a name.
 *
 * Memoised per engine (`engine.derived`): built once (a few milliseconds per hundred passages), on
 * first use, or ahead of it by {@link preparePublicNames}.
 */
export function publicNames(engine: Engine): ReadonlySet<string> {
  return engine.derived(PUBLIC_NAMES);
}

/**
 * Builds an engine's public names now, so the first question after a start or a refresh does not
 * pay for it (call it where a new engine is made ready, before it answers).
 */
export function preparePublicNames(engine: Engine): void {
  engine.derived(PUBLIC_NAMES);
}

/**
 * Gives an engine public names computed before (kept in the index cache, or by the build worker), so
 * they are not computed again: building them runs compromise over the whole collection (about 12 s
 * at 100k passages). Pass only names computed for the same knowledge and engine version. Does
 * nothing if the engine already has its public names.
 */
export function adoptPublicNames(engine: Engine, names: Iterable<string>): void {
  adopted.set(engine, new Set(names));
  try {
    engine.derived(PUBLIC_NAMES);
  } finally {
    adopted.delete(engine);
  }
}

/** Names handed over by {@link adoptPublicNames}, only while it stores them in the engine's memo. */
const adopted = new WeakMap<Engine, ReadonlySet<string>>();

const PUBLIC_NAMES = derived('public names', (engine) => adopted.get(engine) ?? buildPublicNames(engine));

function buildPublicNames(engine: Engine): ReadonlySet<string> {
  const phrases = new Set<string>();
  const nameWords = new Set<string>();
  const everyWord = new Set<string>();
  const texts: string[] = [];
  const people: string[] = [];

  const addPhrase = (phrase: string): void => {
    const ws = words(phrase);
    if (ws.length === 0) return;
    phrases.add(ws.join(' '));
    const bare = dropHonorifics(ws);
    if (bare.length > 0 && bare.length < ws.length) {
      phrases.add(bare.join(' '));
      // "Cllr Marcus Hart" is also "Cllr Hart".
      const last = bare[bare.length - 1];
      if (last !== undefined && bare.length > 1) phrases.add(`${ws.slice(0, ws.length - bare.length).join(' ')} ${last}`);
    }
  };

  for (const source of engine.sources) {
    texts.push(source.meta.title, source.meta.publisher, ...source.meta.events.map((e) => e.label));
    addPhrase(source.meta.publisher);
    for (const p of source.passages) {
      texts.push(p.text, p.section ?? '', p.listContext ?? '');
      if (p.speaker) {
        texts.push(p.speaker.name, p.speaker.role ?? '');
        addPhrase(p.speaker.name);
        people.push(p.speaker.name);
      }
    }
  }
  for (const entry of engine.glossary.entries) texts.push(entry.term, entry.meaning, ...entry.aliases);

  const runs = new Set<string>();
  for (const text of texts) {
    for (const w of words(text)) everyWord.add(w);
    for (const run of capitalisedRuns(text, tokenise(text))) if (run.length >= 2) runs.add(text.slice(run[0]?.start ?? 0, run[run.length - 1]?.end ?? 0));
  }
  for (const run of runs) addPhrase(run);

  // The people among the speakers and the capitalised sequences: their words are names, not
  // ordinary words, and each person is a public name in full and with the title dropped.
  for (const text of new Set([...people, ...runs])) {
    for (const person of safePeople(text)) {
      addPhrase(person);
      for (const w of words(person)) if (!HONORIFICS.has(w)) nameWords.add(w);
    }
  }

  const out = new Set<string>(phrases);
  for (const w of everyWord) if (!nameWords.has(w) && !isOnlyGivenName(w)) out.add(w);
  // The vocabulary and stop words are ordinary whatever the lexicon says ("home ed" is not Ed).
  for (const w of engine.analyzer.vocabularyWords) out.add(w);
  for (const w of engine.analyzer.stopwords) out.add(w);
  return out;
}

/** The people compromise finds in a short text, as written (empty if it fails). */
export function safePeople(text: string): string[] {
  try {
    return (nlp(text).people().out('array') as unknown[]).filter((p): p is string => typeof p === 'string');
  } catch {
    return [];
  }
}

export function dropHonorifics(ws: readonly string[]): string[] {
  let i = 0;
  while (i < ws.length && HONORIFICS.has(ws[i] ?? '')) i++;
  return ws.slice(i);
}


const multiWordCache = new WeakMap<ReadonlySet<string>, string[][]>();

export function multiWordNames(known: ReadonlySet<string>): string[][] {
  let names = multiWordCache.get(known);
  if (!names) {
    names = [];
    for (const entry of known) if (entry.includes(' ')) names.push(entry.split(' '));
    multiWordCache.set(known, names);
  }
  return names;
}

export function sameWord(typed: string, name: string): boolean {
  if (typed === name) return true;
  if (name.length < 4) return false;
  const cap = name.length >= 8 ? 2 : 1;
  return editDistance(typed, name, cap) <= cap;
}

/** The name span is (part of) a name the knowledge base uses, as typed or nearly. */
export function isPublic(text: string, span: Span, tokens: readonly Token[], known: ReadonlySet<string>): boolean {
  const all = words(text.slice(span.start, span.end));
  const own = dropHonorifics(all);
  if (own.length === 0) return true;
  if (known.has(own.join(' ')) || known.has(all.join(' '))) return true;
  // "Mr Hart" for the knowledge base's "Cllr Hart".
  if (own.length === 1 && own.length < all.length && [...HONORIFICS].some((h) => known.has(`${h} ${own[0] ?? ''}`))) return true;
  // The tokens the span covers (binary search: tokens are in order).
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((tokens[mid] as Token).end <= span.start) lo = mid + 1;
    else hi = mid;
  }
  const first = lo;
  let last = first;
  while (last + 1 < tokens.length && (tokens[last + 1] as Token).start < span.end) last++;
  if (first >= tokens.length) return false;
  for (const name of multiWordNames(known)) {
    const n = name.length;
    // Every window of n neighbouring tokens that covers the span.
    for (let s = Math.max(0, last - n + 1); s <= first && s + n <= tokens.length; s++) {
      let ok = true;
      for (let k = 0; k < n && ok; k++) {
        const a = tokens[s + k] as Token;
        if (k > 0 && !adjacent(text, tokens[s + k - 1] as Token, a)) ok = false;
        else ok = sameWord(a.key, name[k] ?? '');
      }
      if (ok) return true;
    }
  }
  return false;
}
