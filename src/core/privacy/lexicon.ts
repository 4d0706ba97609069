/**
 * The compromise lexicon: which words it knows as given names, and which of those are also
 * ordinary words ("grace", "mark", "foster"). Read defensively: the model's shape is not part of
 * compromise's typed API, and a change there must only make the rules more cautious.
 */
import nlp from './nlp.ts';
import type { Token } from './types.ts';

export interface CompromiseModel {
  one?: { lexicon?: Record<string, unknown> };
  two?: { switches?: Record<string, unknown> };
}

export const model: CompromiseModel = (() => {
  try {
    return nlp.model() as CompromiseModel;
  } catch {
    return {};
  }
})();

export function lexiconTags(word: string): string[] {
  const entry = model.one?.lexicon?.[word];
  if (typeof entry === 'string') return [entry];
  return Array.isArray(entry) ? entry.filter((t): t is string => typeof t === 'string') : [];
}

export const GIVEN_NAME_TAGS = new Set(['FirstName', 'MaleName', 'FemaleName']);

/** The lexicon knows the word as a given name. */
export function isGivenName(word: string): boolean {
  return lexiconTags(word).some((t) => GIVEN_NAME_TAGS.has(t));
}

/** The lexicon knows the word as a given name and as nothing else ("jayden", "louise"; not "grace"). */
export function isOnlyGivenName(word: string): boolean {
  return isGivenName(word) && model.two?.switches?.[word] === undefined;
}

/** The lexicon knows the word as some person's name (given name, surname, or just "Person"). */
export function isPersonWord(word: string): boolean {
  return lexiconTags(word).some((t) => GIVEN_NAME_TAGS.has(t) || t === 'LastName' || t === 'Person');
}

/** Lexicon tags of the words that can start a person or a place in compromise's tagger. */
export const NAMING_TAGS = new Set([
  'FirstName', 'MaleName', 'FemaleName', 'LastName', 'Person', 'ProperNoun', 'Honorific',
  'Place', 'City', 'Country', 'Region', 'Organization', 'Demonym', 'SportsTeam',
]);

/**
 * Whether compromise could find a person or a place in the text: it has a capital letter, or a word
 * the lexicon knows as (part of) a name or place. Without either, its tagger finds none, so the
 * tagging (about a millisecond a question) is skipped; the other rules run all the same.
 */
export function mayName(text: string, tokens: readonly Token[]): boolean {
  if (/\p{Lu}/u.test(text)) return true;
  // compromise reads "amelia-rose" as two words: each part counts.
  return tokens.some((t) => t.key.split(/[\s\u2010\u2011-]+/).some((part) => HONORIFICS.has(part) || lexiconTags(part).some((tag) => NAMING_TAGS.has(tag))));
}

/** Titles before a name: kept with the name they precede, never a name on their own. */
export const HONORIFICS = new Set([
  'mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof', 'professor', 'cllr', 'councillor', 'sir', 'dame', 'lord', 'lady',
  'rev', 'revd', 'reverend', 'fr', 'sr', 'nurse',
]);
