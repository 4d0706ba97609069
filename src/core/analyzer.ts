import PorterStemmer from 'natural/lib/natural/stemmers/porter_stemmer.js';
import { words as naturalStopwords } from 'natural/lib/natural/util/stopwords.js';
import { asksFuture } from './dates.ts';
import { asksProcedure } from './procedure.ts';
import type { RelatedTerm } from './related-words.ts';
import type { Correction, Lexicon } from './spelling.ts';
import { normalise, words } from './text.ts';
import type { Vocabulary } from './vocabulary.ts';

/**
 * A word at least this common in everyday English (Zipf scale: "spend" 4.7, "band" 4.5) is taken as
 * the word the asker meant, not as a misspelling of a word of the collection.
 */
export const KEEP_ZIPF = 4;

/**
 * English contractions as parents type them, without the apostrophe ("didnt", "theyve", "whats"):
 * function words, stopped like the words they contract. Those that are also words ("ill", "well",
 * "wed", "shed", "hell", "shell", "lets") are left out.
 */
const CONTRACTIONS = (
  'dont doesnt didnt isnt arent wasnt werent hasnt havent hadnt couldnt wouldnt shouldnt mustnt neednt mightnt cant wont shant aint ' +
  'wouldve couldve shouldve mightve mustve im ive id youve youll youre youd weve theyve theyll theyre theyd hes hed shes its itll itd ' +
  'thats thatll thatd theres therell thered whos wholl whod whats whatll whatd wheres hows heres'
).split(' ');

/** An additive phrase of this many content words or more is a name: its words stand for it alone. */
const NAME_WORDS = 3;

/** Prefix of concept terms: one term per synonym group, indexed beside the words' stems. */
export const CONCEPT_PREFIX = '~';

/** A term of an analysed question. */
export interface QueryTerm {
  /** The index term: a stem, or a concept (`~ehcp`) for a phrase of the vocabulary. */
  readonly term: string;
  /** The question's own words this term stands for. */
  readonly words: readonly string[];
  /** 1 for words as typed; the correction's confidence for corrected ones. */
  readonly confidence: number;
  /** The term comes from a cue ("better", "since", "latest"): it says how to answer, not what about. */
  readonly cue: boolean;
  /**
   * The term is only a cue for the newest information ("latest", "last"): the engine prefers newer
   * sources for it, rather than passages that happen to use the word ("last July").
   */
  readonly recency: boolean;
  /**
   * The word's own stem where a vocabulary concept stands for it: it ranks passages that use the
   * asker's own word a little higher ("progress" over "improvements"), but coverage ignores it.
   */
  readonly secondary: boolean;
  /**
   * Every word of the term is the asker's own story rather than the question: a first-person
   * clause beside the question ("my lad has waited 2 years"), hearsay ("someone told me"), an
   * apology, or a number about their own case ("my 9yo", "18 months"). It weighs less in coverage
   * and ranking (`EngineOptions.asideWeight`): the story neither makes an answerable question
   * unanswerable nor an off-topic one answerable.
   */
  readonly aside: boolean;
  /**
   * Set on a related word that stands in for a term of the question the collection lacks ("child"
   * for "kid"; see `src/core/related-words.ts`): coverage credits it with `credit` × that term's
   * weight, and `confidence` already carries the credit for the search boost.
   */
  readonly related?: { readonly for: string; readonly credit: number };
  /**
   * The term is not the question's own but an earlier question's, carried into a follow-up
   * (`AskOptions.context`) with its share of weight as `confidence`: it ranks, but coverage for
   * answering at all counts the question's own terms only.
   */
  readonly carried?: boolean;
}

export interface QueryAnalysis {
  readonly terms: readonly QueryTerm[];
  /** The question asks about change over time or a comparison. */
  readonly change: boolean;
  /** The question asks for the newest information ("latest", "most recent"). */
  readonly recent: boolean;
  /** The question asks when something happened or will happen ("when was ...", "what year ..."). */
  readonly when: boolean;
  /** ... and about the future ("when is the next inspection", "when will…"; `./dates.ts` `asksFuture`). */
  readonly future: boolean;
  /** The question asks how many or how much ("how many children have an EHC plan"). */
  readonly quantity: boolean;
  /** The question asks how to do something or whom to contact ("how do I apply…", "phone number for…"; `./procedure.ts`). */
  readonly procedure: boolean;
  readonly corrections: readonly Correction[];
  /** Neighbouring content words of the question, as stems ("personal budget" → `person budget`), after spelling. */
  readonly pairs: readonly string[];
}

interface Phrase {
  readonly stems: readonly string[];
  readonly concept: string;
  /** Adds its concept beside those of the words inside it, instead of standing for them (see `Vocabulary.additive`). */
  readonly additive: boolean;
}

interface ConceptMatch {
  readonly concept: string;
  readonly start: number;
  readonly end: number;
  readonly additive: boolean;
}

/**
 * Text analysis shared by indexing and querying: words → stop words removed → Porter stems, plus
 * one concept term for each vocabulary phrase found ("EHC plan", "education, health and care plan"
 * and "EHCP" all add `~ehcp`). Queries are spell-corrected against the collection's lexicon first.
 */
export class Analyzer {
  readonly stopwords: ReadonlySet<string>;
  /** Stems of the stop words, so "having" is as empty as "have". */
  readonly #stopStems: ReadonlySet<string>;
  readonly #phrases = new Map<string, Phrase[]>();
  readonly #change: readonly (readonly string[])[];
  readonly #recent: readonly (readonly string[])[];
  readonly #vocabularyWords = new Set<string>();
  /**
   * The words as written of cues with a stop word whose stem is shared by other words ("getting"
   * and "get"): there the word itself must match, as "do I need an EHCP to get ..." is no question
   * about change.
   */
  readonly #cueForms = new Map<string, (string | undefined)[]>();
  /** Concepts one of whose phrases is itself a cue ("better" in the group of "improve"). */
  readonly #cueConcepts = new Set<string>();

  constructor(vocabulary: Vocabulary) {
    this.stopwords = new Set([...naturalStopwords, ...CONTRACTIONS, ...vocabulary.stopwords.flatMap((w) => words(w))]);
    // Only English function words are stopped by their stem ("having" as "have"): a chat word
    // stops as typed, since its stem is often a real word's ("thanks" and "thank", "find" and
    // "findings", "need" and "needs").
    this.#stopStems = new Set(naturalStopwords.filter((w) => w.length > 2).map(stem));
    const usedConcepts = new Set<string>();
    const additive = new Set((vocabulary.additive ?? []).map((p) => words(p).map(stem).join(' ')));
    for (const group of vocabulary.synonyms) {
      const head = words(group[0] ?? '').join('-') || 'group';
      let concept = CONCEPT_PREFIX + head;
      for (let n = 2; usedConcepts.has(concept); n++) concept = `${CONCEPT_PREFIX}${head}-${n}`;
      usedConcepts.add(concept);
      for (const phrase of group) {
        const ws = words(phrase);
        for (const w of ws) this.#vocabularyWords.add(w);
        // Phrases match on every word, stop words included ("carry on" must not match "carried out"),
        // but a phrase of stop words alone would match everywhere.
        if (ws.length === 0 || ws.every((w) => this.stopwords.has(w))) continue;
        const stems = ws.map(stem);
        const list = this.#phrases.get(stems[0] ?? '') ?? [];
        list.push({ stems, concept, additive: additive.has(stems.join(' ')) });
        list.sort((a, b) => b.stems.length - a.stems.length);
        this.#phrases.set(stems[0] ?? '', list);
      }
    }
    const cues = (list: readonly string[]): string[][] => list.map((c) => words(c).map(stem)).filter((s) => s.length > 0);
    this.#change = cues(vocabulary.change);
    this.#recent = cues(vocabulary.recent);
    for (const c of [...vocabulary.change, ...vocabulary.recent]) {
      const ws = words(c);
      const key = ws.map(stem).join(' ');
      if (ws.some((w) => this.stopwords.has(w) && stem(w) !== w)) this.#cueForms.set(key, ws.map((w) => (this.stopwords.has(w) ? w : undefined)));
    }
    const cueKeys = new Set([...this.#change, ...this.#recent].map((c) => c.join(' ')));
    for (const list of this.#phrases.values()) for (const p of list) if (cueKeys.has(p.stems.join(' '))) this.#cueConcepts.add(p.concept);
  }

  /** Words the vocabulary knows (so the spell-checker can correct towards them). */
  get vocabularyWords(): ReadonlySet<string> {
    return this.#vocabularyWords;
  }

  /** A stop word, as typed or by its stem. */
  isStop(word: string): boolean {
    return this.stopwords.has(word) || this.#stopStems.has(stem(word));
  }

  /** Stems of the words of `text` that are not stop words. */
  contentStems(text: string): string[] {
    return words(text).filter((w) => !this.isStop(w)).map(stem);
  }

  /** Index terms of a field's text: content stems, plus concept terms for vocabulary phrases. */
  indexTerms(text: string): string[] {
    const ws = words(text);
    const stems = ws.map(stem);
    const out = ws.flatMap((w, i) => (this.isStop(w) ? [] : [stems[i] ?? '']));
    for (const m of this.#concepts(stems)) out.push(m.concept);
    return out;
  }

  /**
   * Analyses a question: corrects spelling, finds vocabulary phrases and change cues.
   * @param english how common a word is in everyday English (Zipf scale), or undefined when it is
   *   no English word. With it, a three-letter word that is no English word ("gud", "bak") is
   *   corrected to a sound-alike, and a common English word ("spend", "band": Zipf
   *   {@link KEEP_ZIPF} or more) is taken as meant, not corrected into the collection's words.
   *   Without it, short words are never corrected and longer ones always may be.
   * @param related the collection's terms that stand in for a term it lacks (its word as typed
   *   given too, for short forms); each is added as a term of its own (see `QueryTerm.related`).
   */
  analyse(
    question: string,
    lexicon: Lexicon,
    isIndexed: (term: string) => boolean = () => false,
    english?: (word: string) => number | undefined,
    related?: (term: string, typed: string) => readonly RelatedTerm[],
  ): QueryAnalysis {
    const corrections: Correction[] = [];
    const tokens: { word: string; stem: string; confidence: number; stop: boolean }[] = [];
    const asides = asideWords(question);
    const ws = words(question);
    const whenWords = whenWordPositions(ws);
    for (const w of ws) {
      let word = w;
      let confidence = 1;
      const zipf = english?.(w);
      // Only words the collection does not know, in any form, are corrected ("problem" is known from "problems").
      if (!this.isStop(w) && !lexicon.has(w) && !this.#vocabularyWords.has(w) && !isIndexed(stem(w)) && !(zipf !== undefined && zipf >= KEEP_ZIPF)) {
        const c = lexicon.correct(w, { short: english !== undefined && zipf === undefined });
        if (c) {
          corrections.push(c);
          word = c.to;
          confidence = c.confidence;
        }
      }
      tokens.push({ word, stem: stem(word), confidence, stop: this.isStop(word) });
    }
    joinCompounds(tokens, lexicon);
    const stems = tokens.map((t) => t.stem);
    const matches = this.#concepts(stems);
    // A cue word inside a longer phrase of another meaning is no cue: "last" in "going to last"
    // (will it be sustained) does not ask for the latest, as "last" alone does.
    const inOtherPhrase = (at: number, length: number): boolean =>
      matches.some((m) => !m.additive && !this.#cueConcepts.has(m.concept) && m.start <= at && at + length <= m.end && m.end - m.start > length);
    const found = (cue: readonly string[]): number[] => {
      const forms = this.#cueForms.get(cue.join(' '));
      return findSequence(stems, cue).filter((at) => !inOtherPhrase(at, cue.length) && (!forms || forms.every((f, j) => f === undefined || tokens[at + j]?.word === f)));
    };
    const changeAt = new Set<number>();
    const recentAt = new Set<number>();
    for (const cue of this.#change) for (const at of found(cue)) cue.forEach((_, j) => changeAt.add(at + j));
    for (const cue of this.#recent) for (const at of found(cue)) cue.forEach((_, j) => recentAt.add(at + j));

    const covered = new Set<number>();
    const terms = new Map<string, QueryTerm>();
    const add = (term: string, start: number, end: number, secondary = false): void => {
      const span = tokens.slice(start, end);
      const content = span.filter((t) => !t.stop);
      const confidence = Math.min(...(content.length ? content : span).map((t) => t.confidence));
      let cue = true;
      let recency = true;
      let aside = true;
      for (let i = start; i < end; i++) {
        if (tokens[i]?.stop) continue;
        // "what dates ...", "which year ...": the word says the question asks when, not what about.
        if (!changeAt.has(i) && !recentAt.has(i) && !whenWords.has(i)) cue = false;
        if (!recentAt.has(i) || changeAt.has(i)) recency = false;
        if (!asides[i]) aside = false;
      }
      const prev = terms.get(term);
      if (prev && !prev.secondary && secondary) return;
      if (!prev || prev.confidence < confidence || (prev.secondary && !secondary)) {
        terms.set(term, {
          term,
          words: span.map((t) => t.word),
          confidence,
          cue: cue && (prev?.cue ?? true),
          recency: cue && recency && (prev?.recency ?? true),
          secondary,
          // A word asked about anywhere in the question is part of the question.
          aside: aside && (prev?.aside ?? true),
        });
      } else if (prev.aside && !aside) {
        terms.set(term, { ...prev, aside: false });
      }
    };
    // A long name ("Office for Standards in Education, Children's Services and Skills") is about
    // what it names: its words ("office", "skills") only rank, as the asker's own words do.
    const names = matches.filter((m) => m.additive && isIndexed(m.concept) && tokens.slice(m.start, m.end).filter((t) => !t.stop).length >= NAME_WORDS);
    /** Inside a name, and not the name itself. */
    const inName = (start: number, end: number): boolean => names.some((n) => n.start <= start && end <= n.end && end - start < n.end - n.start);
    for (const m of matches) {
      if (m.additive) {
        // Its words keep their own terms: the phrase's concept is one more term, not a replacement,
        // and only when some passage uses the phrase (its words already say what it is about).
        if (isIndexed(m.concept)) add(m.concept, m.start, m.end, inName(m.start, m.end));
        continue;
      }
      for (let i = m.start; i < m.end; i++) covered.add(i);
      add(m.concept, m.start, m.end, inName(m.start, m.end));
      for (let i = m.start; i < m.end; i++) if (!tokens[i]?.stop) add(tokens[i]?.stem ?? '', i, i + 1, true);
    }
    tokens.forEach((t, i) => {
      if (!covered.has(i) && !t.stop) add(t.stem, i, i + 1, inName(i, i + 1));
    });

    const change = this.#change.some((cue) => found(cue).length > 0);
    const recent = this.#recent.some((cue) => found(cue).length > 0);
    if (related) addRelated(terms, related, isIndexed);
    const pairs = adjacentPairs(tokens.filter((t) => !t.stop).map((t) => t.stem));
    return { terms: [...terms.values()], change, recent, when: asksWhen(ws), future: asksFuture(ws), quantity: asksQuantity(ws), procedure: asksProcedure(ws), corrections, pairs };
  }

  #concepts(stems: readonly string[]): ConceptMatch[] {
    const out: ConceptMatch[] = [];
    /** How far the additive matches of each concept reach, so a phrase inside one does not count its concept twice. */
    const reach = new Map<string, number>();
    for (let i = 0; i < stems.length; i++) {
      const candidates = this.#phrases.get(stems[i] ?? '');
      if (!candidates) continue;
      for (const p of candidates) {
        if (!p.stems.every((s, j) => stems[i + j] === s)) continue;
        const end = i + p.stems.length;
        if ((reach.get(p.concept) ?? -1) < end) out.push({ concept: p.concept, start: i, end, additive: p.additive });
        if (p.additive) {
          // "requires improvement" is also "improvement": keep looking here, and inside it.
          reach.set(p.concept, Math.max(reach.get(p.concept) ?? -1, end));
          continue;
        }
        // Matches do not overlap: "education, health and care plan" is an EHC plan, not also "health".
        i = end - 1;
        break;
      }
    }
    return out;
  }
}

/**
 * Two neighbouring words that the collection writes as one ("head teacher" → "headteacher", "work
 * load" → "workload") become that word; the second is left empty in place, so positions still
 * match the question's words.
 */
function joinCompounds(tokens: { word: string; stem: string; confidence: number; stop: boolean }[], lexicon: Lexicon): void {
  for (let i = 0; i + 1 < tokens.length; i++) {
    const a = tokens[i];
    const b = tokens[i + 1];
    if (!a || !b || a.stop || b.stop || /\d/.test(a.word + b.word)) continue;
    const joined = a.word + b.word;
    if (lexicon.count(joined) === 0) continue;
    tokens[i] = { word: joined, stem: stem(joined), confidence: Math.min(a.confidence, b.confidence), stop: false };
    tokens[i + 1] = { word: '', stem: '', confidence: b.confidence, stop: true };
    i++;
  }
}

/**
 * Adds the related words of each single-word term of what the question is about that the collection
 * lacks, unless the question has that term already.
 */
function addRelated(terms: Map<string, QueryTerm>, related: (term: string, typed: string) => readonly RelatedTerm[], isIndexed: (term: string) => boolean): void {
  for (const t of [...terms.values()]) {
    if (t.secondary || t.cue || t.related || t.words.length !== 1 || t.term.startsWith(CONCEPT_PREFIX) || isIndexed(t.term)) continue;
    for (const r of related(t.term, t.words[0] ?? '')) {
      if (terms.has(r.term)) continue;
      terms.set(r.term, { term: r.term, words: t.words, confidence: t.confidence * r.credit, cue: false, recency: false, secondary: false, aside: t.aside, related: { for: t.term, credit: r.credit } });
    }
  }
}

/** Each pair of neighbouring stems, as one string ("person budget"). */
export function adjacentPairs(stems: readonly string[]): string[] {
  return stems.slice(1).map((s, i) => `${stems[i] ?? ''} ${s}`);
}

/**
 * An analysis with an earlier question's terms carried in (see `QueryTerm.carried`), except those the
 * question has itself.
 */
export function withContext(analysis: QueryAnalysis, context: readonly { readonly term: string; readonly weight: number }[] = []): QueryAnalysis {
  const own = new Set(analysis.terms.map((t) => t.term));
  const carried = context
    .filter((c) => c.weight > 0 && !own.has(c.term))
    .map((c): QueryTerm => ({ term: c.term, words: [], confidence: Math.min(1, c.weight), cue: false, recency: false, secondary: false, aside: false, carried: true }));
  return carried.length === 0 ? analysis : { ...analysis, terms: [...analysis.terms, ...carried] };
}

const stemCache = new Map<string, string>();

/** Porter stem of one lower-case word (memoised: the stemmer dominated query time). */
export function stem(word: string): string {
  let s = stemCache.get(word);
  if (s === undefined) {
    s = /^\d+$/.test(word) ? word : PorterStemmer.stem(word);
    // Bounded, so a stream of unique junk words cannot grow it without limit.
    if (stemCache.size > 200_000) stemCache.clear();
    stemCache.set(word, s);
  }
  return s;
}

const WHEN_AFTER = new Set(['is', 'was', 'will', 'would', 'did', 'does', 'do', 'are', 'were', 'has', 'have', 'can', 'should', 'r', 'wil', 'wud', 'dd']);

/**
 * "When" as a question ("when was the last inspection", "so when is ofsted coming back"), not as
 * a conjunction ("what happens when ..."); or "what year", "which month", "what date", "how soon".
 */
export function asksWhen(ws: readonly string[]): boolean {
  return ws.some((w, i) => {
    const next = ws[i + 1] ?? '';
    if (w === 'when' || w === 'wen') return WHEN_AFTER.has(next) || i === ws.length - 1;
    if (w === 'what' || w === 'which') return /^(?:year|month|date|day)s?$/.test(next);
    return w === 'how' && next === 'soon';
  });
}

/** "How many", "how much", "what percentage", "what proportion": a question answered by a number. */
export function asksQuantity(ws: readonly string[]): boolean {
  return ws.some((w, i) => {
    const next = ws[i + 1] ?? '';
    return (w === 'how' && (next === 'many' || next === 'much')) || ((w === 'what' || w === 'which') && /^(?:percentage|proportion|share)$/.test(next));
  });
}

/** Words that open a question clause: question words and auxiliaries ("is it", "did they", "wat"). */
const QUESTION_START = new Set([
  'what', 'when', 'where', 'who', 'whom', 'whose', 'which', 'why', 'how', 'wat', 'wot', 'wen', 'wer', 'hw', 'y',
  'is', 'are', 'was', 'were', 'do', 'does', 'did', 'can', 'could', 'will', 'would', 'should', 'shall', 'may', 'might', 'has', 'have', 'had',
  'r', 'wil', 'wud', 'cud', 'shud', 'dd', 'any', 'anyone', 'anybody', 'isnt', 'arent', 'dont', 'doesnt', 'didnt', 'cant', 'wont', 'hasnt', 'havent',
]);
/** The asker speaking of themselves. */
const FIRST_PERSON = new Set(['i', 'im', 'ive', 'id', 'me', 'my', 'mine', 'myself', 'we', 'weve', 'our', 'ours', 'us', 'ourselves']);
const POSSESSIVE = new Set(['my', 'our']);
/** Second-hand report: what the asker heard, not what they ask. */
const HEARSAY = new Set(['told', 'heard', 'apparently', 'rumour', 'rumours', 'rumor', 'rumors', 'reckon', 'reckons']);
/** A clause opened by one of these is an apology or a thank-you, not the question. */
const COURTESY = new Set(['sorry', 'apologies', 'apols', 'soz', 'thanks', 'thank', 'thx', 'ty', 'cheers']);
/** Words that split a clause in two ("…, but did they …", "… cos my son …"). */
const CLAUSE_BREAK = new Set(['but', 'because', 'cos', 'coz', 'cuz', 'although', 'though']);
/** Words that point back at what was just said. */
const POINTING = new Set(['that', 'this', 'it', 'thats']);
/** Most words of a question clause that can point back at the story ("is that even legal"). */
const SHORT_QUESTION = 5;
/** Units of the asker's own durations and ages ("2 years", "18 months", "9 yo"). */
const CASE_UNIT = /^(?:yo|y|yrs?|years?|mths?|months?|wks?|weeks?|days?|hrs?|hours?|mins?|minutes?|old)$/;

/**
 * For each word of `question` (as {@link words} splits it), whether it belongs to the asker's own
 * story rather than to what they ask: a clause that speaks of the asker (first person), reports
 * hearsay or apologises, when another clause of the question asks something; and, anywhere, a
 * number about the asker's case with its unit ("my 9yo", "waited 18 months"; a year such as 2022
 * names a report and stays). A question that is all story keeps every word.
 */
export function asideWords(question: string): boolean[] {
  const clauses: string[][] = [];
  const asking: boolean[] = [];
  for (const part of normalise(question).split(/(?<=[.,;:!?()\n])|(?<=\s-\s)/)) {
    let clause: string[] = [];
    const flush = (endsWithQuestionMark: boolean): void => {
      if (clause.length) {
        clauses.push(clause);
        asking.push(endsWithQuestionMark || QUESTION_START.has(clause[0] ?? ''));
      }
      clause = [];
    };
    for (const w of words(part)) {
      if (CLAUSE_BREAK.has(w) && clause.length) flush(false);
      clause.push(w);
    }
    flush(/\?\s*$/.test(part));
  }
  const story = clauses.map((c, i) => !asking[i] && (c.some((w) => FIRST_PERSON.has(w) || HEARSAY.has(w)) || COURTESY.has(c[0] ?? '')));
  // A short question that points back at the story ("…, is that even legal?", "is this normal")
  // asks about the story itself: then the story is the topic.
  const refersBack = clauses.some((c, i) => asking[i] && c.length <= SHORT_QUESTION && c.some((w) => POINTING.has(w)));
  const anyQuestion = !refersBack && story.some((s) => !s);
  const out: boolean[] = [];
  clauses.forEach((c, i) => {
    c.forEach((w, j) => {
      const next = c[j + 1] ?? '';
      const caseNumber = /^\d/.test(w) && !/^(?:19|20)\d\d$/.test(w) && (/^\d+[a-z]+$/.test(w) || CASE_UNIT.test(next));
      const unit = CASE_UNIT.test(w) && /^\d+$/.test(c[j - 1] ?? '');
      // The word after "my" or "our" is the asker's own ("my autistic son", "our daughter's ehcp").
      // One word only: without a part-of-speech tagger "my son wait" cannot be told from "my autistic son".
      const owned = POSSESSIVE.has(c[j - 1] ?? '');
      out.push((anyQuestion && (story[i] ?? false)) || caseNumber || unit || owned || FIRST_PERSON.has(w));
    });
  });
  return out;
}

/** Positions of the word that makes a question ask when ("what year", "which dates"): a cue, not a topic. */
function whenWordPositions(ws: readonly string[]): Set<number> {
  const at = new Set<number>();
  ws.forEach((w, i) => {
    if ((w === 'what' || w === 'which') && /^(?:year|month|date|day)s?$/.test(ws[i + 1] ?? '')) at.add(i + 1);
  });
  return at;
}

/** Start positions of `needle` in `haystack`. */
function findSequence(haystack: readonly string[], needle: readonly string[]): number[] {
  const at: number[] = [];
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    at.push(i);
  }
  return at;
}
