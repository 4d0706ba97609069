/** School names ("Perdiswell Primary", "St Mary's C of E"). */
import { editDistance } from '../spelling.ts';
import { GIVEN_NAME_TAGS, isGivenName, lexiconTags } from './lexicon.ts';
import { adjacent, CONNECTORS, ordinary, type Token } from './tokens.ts';
import type { Span } from './types.ts';

/** The most words a school's name is looked for in, either side of its school word (bounds the work on long texts). */
export const MAX_SCHOOL_WORDS = 10;

/** Words that make a school's name (or say its kind): "Perdiswell Primary", "Tudor Grange Academy". */
export const SCHOOL_WORDS = new Set(['school', 'academy', 'college', 'primary', 'nursery', 'grammar', 'infants', 'juniors', 'preschool', 'pre-school', 'kindergarten', 'montessori']);
/** Words of a school's kind that make a school only before a school word ("First School", "Sixth Form College"). */
export const SCHOOL_QUALIFIERS = new Set([
  'first', 'middle', 'high', 'secondary', 'junior', 'infant', 'sixth', 'form', 'free', 'studio', 'special', 'community',
  'language', 'technology', 'upper', 'lower', 'church', 'england', 'catholic', 'methodist', 'voluntary', 'aided',
  'controlled', 'foundation', 'ce', 'rc', 'cofe',
]);

/** The number of tokens from `i` that spell a church-school mark ("CE", "RC", "C of E", "C.E."), or 0. */
export function markLength(tokens: readonly Token[], i: number): number {
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
export function isCommonWord(key: string): boolean {
  const tags = lexiconTags(key);
  return tags.length > 0 && !tags.some((t) => GIVEN_NAME_TAGS.has(t) || t === 'LastName' || t === 'Person' || t === 'Place' || t === 'City' || t === 'Country' || t === 'Region');
}

/**
 * School names: capitalised words ending in a school word or church mark ("Christopher Whitehead
 * Language College", "Bredon Hill CE", "Waseley Hills High"), and "St Mary's ..." in any case.
 * The name must have a word of its own: "Special School" and "Mainstream Primary" are kinds of
 * school, not schools.
 */
export function schoolSpans(text: string, tokens: readonly Token[], known: ReadonlySet<string>, places: ReadonlySet<number>): Span[] {
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
  spans.push(...lowerCaseSchoolSpans(text, tokens, known));
  return spans;
}

/**
 * Words that say what kind a school is rather than which school it is ("mainstream school",
 * "independent school"): with the qualifiers, a word one slip away from these is a misspelling
 * ("specail school", "mainstrem school"), not a school's own name.
 */
export const KIND_OF_SCHOOL = new Set([
  'mainstream', 'independent', 'private', 'specialist', 'special', 'secondary', 'primary', 'local', 'state', 'boarding',
  'faith', 'village', 'residential', 'alternative', 'hospital', 'comprehensive', 'preparatory', 'autism', 'autistic',
  'nearest', 'current', 'previous', 'different', 'catchment',
]);

/** The lower-case word names a school rather than saying what kind it is, or being a word of the collection or of English. */
function distinctiveLowerCase(t: Token, known: ReadonlySet<string>): boolean {
  const key = t.key;
  if (t.cap || key.length < 3 || /\p{N}/u.test(key) || SCHOOL_WORDS.has(key) || SCHOOL_QUALIFIERS.has(key) || CONNECTORS.has(key)) return false;
  if (ordinary(key, known) || isCommonWord(key) || lexiconTags(key).some((tag) => PLACE_TAGS.has(tag))) return false;
  const slip = (w: string): boolean => editDistance(key, w, 1) <= 1;
  for (const w of KIND_OF_SCHOOL) if (slip(w)) return false;
  for (const w of SCHOOL_QUALIFIERS) if (w.length >= 4 && slip(w)) return false;
  // A misspelt word of the collection ("specail", "inclusve") is not a name either.
  if (key.length >= 4) for (const w of known) if (slip(w)) return false;
  return true;
}

const PLACE_TAGS = new Set(['Place', 'City', 'Country', 'Region']);

/**
 * School names written wholly in lower case: "regency high school", "bishop perowne school",
 * "perdiswell first school", "blackminster academy". The name must have a word that is neither a
 * word of the collection, nor a common English word, nor a place, nor one slip from either (see
 * {@link distinctiveLowerCase}): "special schools", "a good school", "secondary school applications",
 * "the worcester schools" and "specail school" are kinds of school, not schools. A school's name made
 * of ordinary words only ("nunnery wood high") cannot be told from a description and is not caught.
 */
export function lowerCaseSchoolSpans(text: string, tokens: readonly Token[], known: ReadonlySet<string>): Span[] {
  const spans: Span[] = [];
  for (let i = 1; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (t.cap || !SCHOOL_WORDS.has(t.key)) continue;
    // Walk back over the name: its own words, qualifiers ("high", "first") and other words not of the collection ("bishop").
    let first = i;
    let own = false;
    for (let j = i - 1; j >= Math.max(0, i - MAX_SCHOOL_WORDS); j--) {
      const b = tokens[j] as Token;
      if (b.cap || !adjacent(text, b, tokens[j + 1] as Token)) break;
      if (distinctiveLowerCase(b, known)) {
        own = true;
        first = j;
      } else if (SCHOOL_QUALIFIERS.has(b.key) || SCHOOL_WORDS.has(b.key) || (own && !ordinary(b.key, known))) {
        if (own) first = j;
      } else break;
    }
    if (!own) continue;
    let last = i;
    for (let b = tokens[last + 1]; b && !b.cap && SCHOOL_WORDS.has(b.key) && adjacent(text, tokens[last] as Token, b); b = tokens[last + 1]) last++;
    spans.push({ start: (tokens[first] as Token).start, end: (tokens[last] as Token).end, kind: 'school' });
    i = last;
  }
  return spans;
}

/** After "St Mary's", a capitalised ordinary word starts the rest of the sentence, not the name. */
export function ordinaryAfterSaint(t: Token, known: ReadonlySet<string>): boolean {
  return !SCHOOL_WORDS.has(t.key) && !SCHOOL_QUALIFIERS.has(t.key) && ordinary(t.key, known);
}
