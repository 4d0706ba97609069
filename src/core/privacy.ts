/**
 * Personal details in a parent's question: children's and other private people's names, school
 * names, e-mail addresses, phone numbers and Discord mentions. The bot answers such a question
 * privately, asks the engine without them, and keeps only the redacted text in the review queue.
 *
 * Names are found with the `compromise` library (its lexicon of given names and its tagger), then
 * checked against what this collection calls ordinary: a "name" that is a word of the knowledge
 * base, of its vocabulary or glossary, or a person the knowledge base itself names (a public
 * figure such as the cabinet member it quotes), is not a personal detail. Schools, e-mail
 * addresses, phone numbers and mentions are found by general rules.
 *
 * What is caught:
 * - names written with a capital ("Jayden", "Mrs Patel", "Amelia-Rose Smith-Jones"), except as the
 *   first word of a sentence, where only a word the lexicon knows just as a given name counts;
 * - names written in lower case when the lexicon knows the word only as a given name ("my son
 *   jayden"), not words that are also ordinary words ("grace", "mark", "foster");
 * - any capitalised word straight after "my son", "our daughter", "my 6yo lad" and the like, and
 *   after "called" or "named" ("my daughter May");
 * - school names: capitalised words followed by School, Primary, Academy, College, High, Nursery,
 *   Infants, Juniors, Grammar, First School, Middle School, C of E, CE, RC, ...; and "St Mary's ..."
 *   (also written "st marys"). School names written wholly in lower case ("bishop perowne school")
 *   are not caught: in lower case they cannot be told from a misspelt ordinary word.
 *
 * Pure: no I/O. This module loads `compromise` (tens of megabytes), so only the bot imports it;
 * the engine and the command-line `ask` do not.
 */
import nlp from 'compromise';
import type { Engine } from './engine.ts';
import { words } from './text.ts';

export type PersonalDetailKind = 'name' | 'school' | 'email' | 'phone' | 'mention';

export interface PersonalDetails {
  /** Distinct kinds found (in the order name, school, email, phone, mention); empty when none. */
  readonly kinds: readonly PersonalDetailKind[];
  /** The text with each detail replaced by "[name]", "[school]", "[email]", "[phone]" or "[mention]". */
  readonly redacted: string;
  /** The text with each detail removed and the spaces closed up: what the engine is asked. */
  readonly without: string;
}

const KINDS: readonly PersonalDetailKind[] = ['name', 'school', 'email', 'phone', 'mention'];

/** When two details overlap, the one kept names the larger span; on a tie, the earlier kind here. */
const PRIORITY: Readonly<Record<PersonalDetailKind, number>> = { email: 0, mention: 1, phone: 2, school: 3, name: 4 };

interface Span {
  start: number;
  end: number;
  kind: PersonalDetailKind;
}

// ---------------------------------------------------------------------------------------------
// The compromise lexicon: which words it knows as given names, and which of those are also
// ordinary words ("grace", "mark", "foster"). Read defensively: the model's shape is not part of
// compromise's typed API, and a change there must only make the rules more cautious.

interface CompromiseModel {
  one?: { lexicon?: Record<string, unknown> };
  two?: { switches?: Record<string, unknown> };
}

const model: CompromiseModel = (() => {
  try {
    return nlp.model() as CompromiseModel;
  } catch {
    return {};
  }
})();

function lexiconTags(word: string): string[] {
  const entry = model.one?.lexicon?.[word];
  if (typeof entry === 'string') return [entry];
  return Array.isArray(entry) ? entry.filter((t): t is string => typeof t === 'string') : [];
}

const GIVEN_NAME_TAGS = new Set(['FirstName', 'MaleName', 'FemaleName']);

/** The lexicon knows the word as a given name. */
function isGivenName(word: string): boolean {
  return lexiconTags(word).some((t) => GIVEN_NAME_TAGS.has(t));
}

/** The lexicon knows the word as a given name and as nothing else ("jayden", "louise"; not "grace"). */
function isOnlyGivenName(word: string): boolean {
  return isGivenName(word) && model.two?.switches?.[word] === undefined;
}

/** The lexicon knows the word as some person's name (given name, surname, or just "Person"). */
function isPersonWord(word: string): boolean {
  return lexiconTags(word).some((t) => GIVEN_NAME_TAGS.has(t) || t === 'LastName' || t === 'Person');
}

/** Lexicon tags of the words that can start a person or a place in compromise's tagger. */
const NAMING_TAGS = new Set([
  'FirstName', 'MaleName', 'FemaleName', 'LastName', 'Person', 'ProperNoun', 'Honorific',
  'Place', 'City', 'Country', 'Region', 'Organization', 'Demonym', 'SportsTeam',
]);

/**
 * Whether compromise could find a person or a place in the text: it has a capital letter, or a word
 * the lexicon knows as (part of) a name or place. Without either, its tagger finds none, so the
 * tagging (about a millisecond a question) is skipped; the other rules run all the same.
 */
function mayName(text: string, tokens: readonly Token[]): boolean {
  if (/\p{Lu}/u.test(text)) return true;
  // compromise reads "amelia-rose" as two words: each part counts.
  return tokens.some((t) => t.key.split(/[\s\u2010\u2011-]+/).some((part) => HONORIFICS.has(part) || lexiconTags(part).some((tag) => NAMING_TAGS.has(tag))));
}

/** Titles before a name: kept with the name they precede, never a name on their own. */
const HONORIFICS = new Set([
  'mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof', 'professor', 'cllr', 'councillor', 'sir', 'dame', 'lord', 'lady',
  'rev', 'revd', 'reverend', 'fr', 'sr', 'nurse',
]);

// ---------------------------------------------------------------------------------------------
// Public names: what the knowledge base itself names.

const publicCache = new WeakMap<Engine, ReadonlySet<string>>();

/**
 * Names of people and organisations that the knowledge base itself names (public figures), lower-
 * cased, so they are not redacted: the speakers of passages ("cllr marcus hart", "marcus hart",
 * "cllr hart"), capitalised name sequences in the sources ("care quality commission",
 * "dr louise bramble"), and the publishers. The set also holds the collection's ordinary words (the
 * words of the knowledge base, its vocabulary, glossary and stop words), since a "name" that is one
 * of those ("Ofsted", "SENCo", "Worcestershire") is not a private person's name. The words of the
 * people it names ("marcus", "bramble") are not ordinary words: "my son Marcus" is still a name.
 *
 * Memoised per engine: built once (a few milliseconds per hundred passages), on first use.
 */
export function publicNames(engine: Engine): ReadonlySet<string> {
  let names = publicCache.get(engine);
  if (!names) {
    names = buildPublicNames(engine);
    publicCache.set(engine, names);
  }
  return names;
}

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
      texts.push(p.text, p.section ?? '');
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
function safePeople(text: string): string[] {
  try {
    return (nlp(text).people().out('array') as unknown[]).filter((p): p is string => typeof p === 'string');
  } catch {
    return [];
  }
}

function dropHonorifics(ws: readonly string[]): string[] {
  let i = 0;
  while (i < ws.length && HONORIFICS.has(ws[i] ?? '')) i++;
  return ws.slice(i);
}

// ---------------------------------------------------------------------------------------------
// Tokens: words with their positions, for the school, family and public-name rules.

interface Token {
  /** As written, without a trailing full stop. */
  readonly text: string;
  readonly start: number;
  readonly end: number;
  /** Lower-cased, accents and apostrophes as in `words` ("Mary's" → "mary"). */
  readonly key: string;
  /** Starts with a capital letter. */
  readonly cap: boolean;
  /** Followed by a full stop (an abbreviation like "St." or the end of a sentence). */
  readonly dot: boolean;
  /** The first word of the text or of a sentence. */
  readonly initial: boolean;
}

const TOKEN = /[\p{L}\p{N}](?:[\p{L}\p{M}\p{N}'’-]*[\p{L}\p{M}\p{N}])?(\.)?/gu;

function tokenise(text: string): Token[] {
  const tokens: Token[] = [];
  let previousEnd = 0;
  for (const m of text.matchAll(TOKEN)) {
    const dot = m[1] !== undefined;
    const written = dot ? m[0].slice(0, -1) : m[0];
    const start = m.index;
    const gap = text.slice(previousEnd, start);
    const prev = tokens[tokens.length - 1];
    const initial = !prev || /[!?\n]/.test(gap) || (prev.dot && !isAbbreviation(prev));
    tokens.push({ text: written, start, end: start + written.length, key: words(written).join(' '), cap: /^\p{Lu}/u.test(written), dot, initial });
    previousEnd = start + m[0].length;
  }
  return tokens;
}

/** "St.", "Dr.", "C." in "C.E.": a full stop that does not end the sentence. */
function isAbbreviation(token: Token): boolean {
  return token.dot && (token.text.length === 1 || HONORIFICS.has(token.key) || token.key === 'st');
}

/** Two tokens are next to each other: only spaces (or nothing, after an abbreviation) between them. */
function adjacent(text: string, a: Token, b: Token): boolean {
  if (a.dot && !isAbbreviation(a)) return false;
  return /^[ \t\u00a0]*$/.test(text.slice(a.dot ? a.end + 1 : a.end, b.start)) || /^[ \t\u00a0]*&[ \t\u00a0]*$/.test(text.slice(a.end, b.start));
}

const CONNECTORS = new Set(['of', 'and', 'the', 'for', 'in', 'on', 'upon', 'de', 'la', 'le', 'du', 'van', 'von', 'der']);

/** Runs of capitalised tokens, joined by spaces and small connectors ("Families in Partnership"). */
function capitalisedRuns(text: string, tokens: readonly Token[]): Token[][] {
  const runs: Token[][] = [];
  let run: Token[] = [];
  const flush = (): void => {
    while (run.length > 0 && !run[run.length - 1]?.cap) run.pop();
    if (run.length > 0) runs.push(run);
    run = [];
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    const prev = run[run.length - 1];
    const joins = prev !== undefined && adjacent(text, prev, t);
    if (t.cap) {
      if (!joins) flush();
      run.push(t);
    } else if (joins && CONNECTORS.has(t.key) && tokens[i + 1]?.cap) run.push(t);
    else flush();
  }
  flush();
  return runs;
}

// ---------------------------------------------------------------------------------------------
// Ordinary words: the checks against the public-names set.

/** The word (or each part of a hyphenated word) is one the collection uses, or a stop word. */
function ordinary(key: string, known: ReadonlySet<string>): boolean {
  const parts = key.split(' ').filter(Boolean);
  if (parts.length === 0) return true;
  return parts.every((w) => known.has(w) || known.has(w.endsWith('s') ? w.slice(0, -1) : `${w}s`) || /^\p{N}+$/u.test(w));
}

// ---------------------------------------------------------------------------------------------
// E-mail addresses, phone numbers, mentions.

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;

const MENTION = /<@[!&]?\d{1,25}>|<#\d{1,25}>|(?<![\p{L}\p{N}_.@])@[\p{L}\p{N}_](?:[\p{L}\p{N}_.]{0,30}[\p{L}\p{N}_])?/gu;

/**
 * A run of digit groups joined by single spaces, hyphens, dots or brackets, starting with "+" or
 * "0" / "(0". Bounded, so that a long run of digits costs little.
 */
const PHONE = /(?<![\p{L}\p{N}+])(?:\+[ ]?\d|\(0\d|0\d)(?:[ \-.]?\(?\d\)?){1,24}(?![\p{N}])/gu;

function phoneSpans(text: string): Span[] {
  const spans: Span[] = [];
  const pattern = new RegExp(PHONE.source, PHONE.flags);
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    // The run may go on into a following number ("07700 900123 2024"): keep the longest prefix,
    // cut between digit groups, that has the digits of a phone number.
    const candidate = m[0];
    let best: number | undefined;
    for (const c of candidate.matchAll(/\d(?=[ \-.(]|$)|\)(?= |$)/g)) {
      const cut = c.index + 1;
      if (isPhoneNumber(candidate.slice(0, cut))) best = cut;
    }
    if (best !== undefined) {
      spans.push({ start: m.index, end: m.index + best, kind: 'phone' });
      pattern.lastIndex = m.index + best;
    } else pattern.lastIndex = m.index + 1;
  }
  return spans;
}

function isPhoneNumber(piece: string): boolean {
  if ((piece.match(/\(/g) ?? []).length !== (piece.match(/\)/g) ?? []).length) return false;
  const digits = piece.replace(/\D/g, '');
  if (piece.startsWith('+')) {
    // "+44 (0)7700 900123": the (0) is not dialled.
    const dialled = piece.replace(/\(0\)/, '').replace(/\D/g, '');
    return dialled.length >= 8 && dialled.length <= 15 && (!dialled.startsWith('44') || dialled.length === 12 || dialled.length === 11);
  }
  // UK numbers: 0 and 9 or 10 more digits (01905 765765, 0800 123 4567, 0800 123 456).
  return digits.startsWith('0') && !digits.startsWith('00') && (digits.length === 10 || digits.length === 11);
}

function regexSpans(text: string, pattern: RegExp, kind: PersonalDetailKind): Span[] {
  return [...text.matchAll(pattern)].map((m) => ({ start: m.index, end: m.index + m[0].length, kind }));
}

// ---------------------------------------------------------------------------------------------
// Schools.

/** The most words a school's name is looked for in, either side of its school word (bounds the work on long texts). */
const MAX_SCHOOL_WORDS = 10;

/** Words that make a school's name (or say its kind): "Perdiswell Primary", "Tudor Grange Academy". */
const SCHOOL_WORDS = new Set(['school', 'academy', 'college', 'primary', 'nursery', 'grammar', 'infants', 'juniors', 'preschool', 'pre-school', 'kindergarten', 'montessori']);
/** Words of a school's kind that make a school only before a school word ("First School", "Sixth Form College"). */
const SCHOOL_QUALIFIERS = new Set([
  'first', 'middle', 'high', 'secondary', 'junior', 'infant', 'sixth', 'form', 'free', 'studio', 'special', 'community',
  'language', 'technology', 'upper', 'lower', 'church', 'england', 'catholic', 'methodist', 'voluntary', 'aided',
  'controlled', 'foundation', 'ce', 'rc', 'cofe',
]);

/** The number of tokens from `i` that spell a church-school mark ("CE", "RC", "C of E", "C.E."), or 0. */
function markLength(tokens: readonly Token[], i: number): number {
  const a = tokens[i];
  if (!a?.cap) return 0;
  if (a.key === 'ce' || a.key === 'rc' || a.key === 'cofe') return 1;
  const b = tokens[i + 1];
  const c = tokens[i + 2];
  if (a.key === 'c' && b?.key === 'of' && c?.key === 'e') return 3;
  if ((a.key === 'c' && b?.key === 'e') || (a.key === 'r' && b?.key === 'c')) return 2;
  return 0;
}

/** A common English word the lexicon knows, other than as a name or place ("Best", "Local"). */
function isCommonWord(key: string): boolean {
  const tags = lexiconTags(key);
  return tags.length > 0 && !tags.some((t) => GIVEN_NAME_TAGS.has(t) || t === 'LastName' || t === 'Person' || t === 'Place' || t === 'City' || t === 'Country' || t === 'Region');
}

/**
 * School names: capitalised words ending in a school word or church mark ("Christopher Whitehead
 * Language College", "Bredon Hill CE", "Waseley Hills High"), and "St Mary's ..." in any case.
 * The name must have a word of its own: "Special School" and "Mainstream Primary" are kinds of
 * school, not schools.
 */
function schoolSpans(text: string, tokens: readonly Token[], known: ReadonlySet<string>, places: ReadonlySet<number>): Span[] {
  const spans: Span[] = [];
  const next = (i: number): Token | undefined => {
    const a = tokens[i];
    const b = tokens[i + 1];
    return a && b && adjacent(text, a, b) ? b : undefined;
  };
  const distinctive = (t: Token): boolean =>
    t.cap && !SCHOOL_WORDS.has(t.key) && !SCHOOL_QUALIFIERS.has(t.key) && !CONNECTORS.has(t.key) && !ordinary(t.key, known) && !(t.initial && isCommonWord(t.key));
  /** Qualifiers from token i on lead to a school word ("sixth form college"). */
  const leadsToSchoolWord = (i: number): boolean => {
    for (let j = i, t = tokens[j]; t && j < i + MAX_SCHOOL_WORDS; t = next(j), j++) {
      if (SCHOOL_WORDS.has(t.key)) return true;
      if (!SCHOOL_QUALIFIERS.has(t.key)) return false;
    }
    return false;
  };
  /** The last token of a school's name that reaches token i: further school words, qualifiers and marks. */
  const extend = (i: number): number => {
    let j = i;
    for (let b = next(j); b && j < i + MAX_SCHOOL_WORDS; b = next(j)) {
      const mark = markLength(tokens, j + 1);
      if (mark > 0) j += mark;
      else if (SCHOOL_WORDS.has(b.key) || (SCHOOL_QUALIFIERS.has(b.key) && leadsToSchoolWord(j + 1))) j++;
      else break;
    }
    return j;
  };

  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    const mark = markLength(tokens, i);
    // "Waseley Hills High", but not "High Needs".
    const high = t.key === 'high' && t.cap && !next(i)?.cap;
    // "Redditch schools" are the town's schools, not one school.
    const plural = !t.cap && t.key.endsWith('s') && t.key !== 'infants' && t.key !== 'juniors';
    if (!((SCHOOL_WORDS.has(t.key) && !plural) || mark > 0 || high)) continue;
    // Walk back over the name: capitalised words, connectors between capitals, and qualifiers.
    let first = i;
    for (let j = i - 1; j >= Math.max(0, i - MAX_SCHOOL_WORDS); j--) {
      const b = tokens[j] as Token;
      if (!adjacent(text, b, tokens[j + 1] as Token)) break;
      if (b.cap || SCHOOL_QUALIFIERS.has(b.key) || (CONNECTORS.has(b.key) && tokens[j - 1]?.cap)) first = j;
      else break;
    }
    while (first < i && !tokens[first]?.cap) first++;
    const name = tokens.slice(first, i).filter(distinctive);
    if (name.length === 0) continue;
    // A lower-case school word after a place ("Worcester school holidays") or a person's possessive
    // ("Jayden's school") is not a school's name.
    if (!t.cap && (name.every((n) => places.has(n.start)) || /['’]s$/i.test(tokens[i - 1]?.text ?? ''))) continue;
    const last = extend(i + Math.max(mark, 1) - 1);
    spans.push({ start: (tokens[first] as Token).start, end: (tokens[last] as Token).end, kind: 'school' });
    i = last;
  }

  // "St Mary's", "St. John's CE Primary", "st marys": a saint's name is a school's (or church's).
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (t.key !== 'st' && t.key !== 'saint') continue;
    const b = next(i);
    if (!b) continue;
    // "Foregate St" is a street.
    const before = tokens[i - 1];
    if (t.key === 'st' && before?.cap && adjacent(text, before, t)) continue;
    const saint = b.key.replace(/s$/, '');
    if (!((b.cap && !CONNECTORS.has(b.key)) || isGivenName(b.key) || isGivenName(saint))) continue;
    let last = i + 1;
    for (let k = next(last); k?.cap && !ordinaryAfterSaint(k, known) && last < i + MAX_SCHOOL_WORDS; k = next(last)) last++;
    last = extend(last);
    spans.push({ start: t.start, end: (tokens[last] as Token).end, kind: 'school' });
    i = last;
  }
  return spans;
}

/** After "St Mary's", a capitalised ordinary word starts the rest of the sentence, not the name. */
function ordinaryAfterSaint(t: Token, known: ReadonlySet<string>): boolean {
  return !SCHOOL_WORDS.has(t.key) && !SCHOOL_QUALIFIERS.has(t.key) && ordinary(t.key, known);
}

// ---------------------------------------------------------------------------------------------
// Names.

interface Term {
  text: string;
  start: number;
  end: number;
  tags: ReadonlySet<string>;
}

interface Analysis {
  people: Term[][];
  places: Set<number>;
}

/**
 * The longest piece of text compromise reads at once. Its tagger slows down more than linearly on
 * long sentences (3,000 "St " take minutes in one piece), so a long text is read in pieces cut at
 * sentence ends, else at commas, else between words: linear in the length of the text.
 */
const CHUNK = 400;

/** Pieces of at most CHUNK characters, cut where a name is least likely to be split. */
function chunks(text: string): { start: number; end: number }[] {
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
function lastMatch(text: string, pattern: RegExp): number | undefined {
  let end: number | undefined;
  for (const m of text.matchAll(pattern)) end = m.index + m[0].length;
  return end;
}

/** People and places as compromise tags them (offsets into the text). Nothing for a piece it fails on. */
function analyse(text: string): Analysis {
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
      // Names in this piece are then found by the family rule alone; the other rules do not need compromise.
    }
  }
  return out;
}

type Verdict = 'name' | 'title' | 'no';

/** Whether a term compromise tagged as part of a person is a private name. */
function verdict(term: Term, initial: boolean, afterName: boolean, known: ReadonlySet<string>): Verdict {
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

function initialAt(tokens: readonly Token[], byStart: ReadonlyMap<number, number>, start: number): boolean {
  const i = byStart.get(start);
  return i === undefined ? false : (tokens[i]?.initial ?? false);
}

/** Name spans from compromise's people, each cut to its private-name words (with a title in front). */
function compromiseNames(text: string, analysis: Analysis, tokens: readonly Token[], byStart: ReadonlyMap<number, number>, known: ReadonlySet<string>): Span[] {
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

const FAMILY = new Set([
  'son', 'sons', 'daughter', 'daughters', 'boy', 'boys', 'girl', 'girls', 'lad', 'lads', 'child', 'children', 'kid', 'kids',
  'kiddo', 'grandson', 'granddaughter', 'grandchild', 'nephew', 'niece', 'brother', 'sister', 'stepson', 'stepdaughter',
  'twin', 'twins', 'baby', 'toddler', 'teen', 'teenager', 'ds', 'dd', 'dc', 'step-son', 'step-daughter', 'foster',
]);
const POSSESSIVES = new Set(['my', 'our', 'his', 'her', 'their']);
const NAMING = new Set(['called', 'named']);

/**
 * Names right after a family word ("my son Jayden", "our 6yo daughter May", "my twins Tom and
 * Harry") or after "called"/"named": any capitalised word there that is not an ordinary word, and
 * any word known only as a given name.
 */
function familyNames(text: string, tokens: readonly Token[], known: ReadonlySet<string>): Span[] {
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

// ---------------------------------------------------------------------------------------------
// Public names in the question, allowing a small misspelling ("louise brambel").

const multiWordCache = new WeakMap<ReadonlySet<string>, string[][]>();

function multiWordNames(known: ReadonlySet<string>): string[][] {
  let names = multiWordCache.get(known);
  if (!names) {
    names = [];
    for (const entry of known) if (entry.includes(' ')) names.push(entry.split(' '));
    multiWordCache.set(known, names);
  }
  return names;
}

/** Optimal string alignment distance (edits, with a swap of neighbouring letters as one), capped. */
function distance(a: string, b: string, cap: number): number {
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

function sameWord(typed: string, name: string): boolean {
  if (typed === name) return true;
  if (name.length < 4) return false;
  const cap = name.length >= 8 ? 2 : 1;
  return distance(typed, name, cap) <= cap;
}

/** The name span is (part of) a name the knowledge base uses, as typed or nearly. */
function isPublic(text: string, span: Span, tokens: readonly Token[], known: ReadonlySet<string>): boolean {
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

// ---------------------------------------------------------------------------------------------
// Putting it together.

/**
 * The text as the rules read it: control and format characters, and Markdown marks, become spaces
 * (so `**Jayden**` and `_Sarah Smith_` are seen as words), keeping every offset.
 */
function readable(text: string): string {
  return text.replace(/[\p{Cc}\p{Cf}*_~`|>#\\]/gu, (c) => (c === '\n' ? '\n' : ' '));
}

/**
 * Finds the personal details in a question: private people's names (not the public figures the
 * knowledge base names, see {@link publicNames}), school names, e-mail addresses, phone numbers and
 * Discord mentions. Never throws; any length of text (a 10,000-character message takes tens of
 * milliseconds), Markdown, emoji and control characters are fine.
 *
 * `alwaysTag` runs compromise's tagger even on a text with no capital letter and no word its lexicon
 * knows as a name or place (where it finds nothing): for the test that checks exactly that.
 */
export function findPersonalDetails(text: string, publicNames: ReadonlySet<string>, options: { alwaysTag?: boolean } = {}): PersonalDetails {
  const input = typeof text === 'string' ? text : '';
  const spans: Span[] = [];
  const guarded = (rule: () => Span[]): void => {
    try {
      spans.push(...rule());
    } catch {
      // One rule failing must not stop the others.
    }
  };
  guarded(() => regexSpans(input, EMAIL, 'email'));
  guarded(() => regexSpans(input, MENTION, 'mention').map((s) => trimMention(input, s)));
  guarded(() => phoneSpans(input));

  const plain = readable(input);
  let tokens: Token[] = [];
  guarded(() => {
    tokens = tokenise(plain);
    return [];
  });
  const byStart = new Map(tokens.map((t, i) => [t.start, i]));
  const analysis = options.alwaysTag === true || mayName(plain, tokens) ? analyse(plain) : { people: [], places: new Set<number>() };
  guarded(() => schoolSpans(plain, tokens, publicNames, analysis.places));
  guarded(() => {
    const names = [...compromiseNames(plain, analysis, tokens, byStart, publicNames), ...familyNames(plain, tokens, publicNames)];
    return names.filter((s) => !isPublic(plain, s, tokens, publicNames));
  });
  return render(input, merge(spans));
}

/** "@sarah." is the handle "@sarah" and a full stop. */
function trimMention(text: string, span: Span): Span {
  let end = span.end;
  while (end > span.start + 1 && text[end - 1] === '.') end--;
  return { ...span, end };
}

/** Overlapping spans become one, of the kind of the largest (or, on a tie, the highest priority). */
function merge(spans: readonly Span[]): Span[] {
  const sorted = spans.filter((s) => s.end > s.start).sort((a, b) => a.start - b.start || b.end - a.end);
  const out: (Span & { size: number })[] = [];
  for (const s of sorted) {
    const prev = out[out.length - 1];
    if (prev && s.start < prev.end) {
      const size = s.end - s.start;
      if (size > prev.size || (size === prev.size && PRIORITY[s.kind] < PRIORITY[prev.kind])) {
        prev.kind = s.kind;
        prev.size = size;
      }
      prev.end = Math.max(prev.end, s.end);
    } else out.push({ ...s, size: s.end - s.start });
  }
  return out.map(({ start, end, kind }) => ({ start, end, kind }));
}

function render(text: string, spans: readonly Span[]): PersonalDetails {
  let redacted = '';
  let without = '';
  let at = 0;
  const found = new Set<PersonalDetailKind>();
  for (const s of spans) {
    found.add(s.kind);
    redacted += `${text.slice(at, s.start)}[${s.kind}]`;
    without += text.slice(at, s.start);
    at = s.end;
    // The name's possessive goes with it in `without` ("[name]'s school" / "school").
    if (s.kind === 'name' || s.kind === 'school') {
      const possessive = /^['’]s\b/i.exec(text.slice(at));
      if (possessive) {
        redacted += text.slice(at, at + possessive[0].length);
        at += possessive[0].length;
      }
    }
  }
  redacted += text.slice(at);
  without += text.slice(at);
  return {
    kinds: KINDS.filter((k) => found.has(k)),
    redacted,
    without: spans.length === 0 ? text : closeUp(without),
  };
}

/**
 * Tidies what removing details left behind: runs of spaces, spaces before punctuation, doubled
 * commas, empty brackets and empty Markdown emphasis ("****", "__").
 */
function closeUp(text: string): string {
  return text
    .split('\n')
    .map((line) =>
      line
        .replace(/(\*{1,3}|_{1,3}|~~|`+)[ \t\u00a0]*\1/g, '')
        .replace(/\([ \t\u00a0]*\)|<[ \t\u00a0]*>/g, '')
        .replace(/[ \t\u00a0]{2,}/g, ' ')
        .replace(/[ \t\u00a0]+([,.;:!?)])/g, '$1')
        .replace(/,(?:[ \t\u00a0]*,)+/g, ',')
        .replace(/^[ \t\u00a0]*[,;:][ \t\u00a0]*/, '')
        .trim(),
    )
    .join('\n')
    .trim();
}
