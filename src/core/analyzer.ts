import PorterStemmer from 'natural/lib/natural/stemmers/porter_stemmer.js';
import { words as naturalStopwords } from 'natural/lib/natural/util/stopwords.js';
import type { Correction, Lexicon } from './spelling.ts';
import { words } from './text.ts';
import type { Vocabulary } from './vocabulary.ts';

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
}

export interface QueryAnalysis {
  readonly terms: readonly QueryTerm[];
  /** The question asks about change over time or a comparison. */
  readonly change: boolean;
  readonly corrections: readonly Correction[];
}

interface Phrase {
  readonly stems: readonly string[];
  readonly concept: string;
}

/**
 * Text analysis shared by indexing and querying: words → stop words removed → Porter stems, plus
 * one concept term for each vocabulary phrase found ("EHC plan", "education, health and care plan"
 * and "EHCP" all add `~ehcp`). Queries are spell-corrected against the collection's lexicon first.
 */
export class Analyzer {
  readonly stopwords: ReadonlySet<string>;
  readonly #phrases = new Map<string, Phrase[]>();
  readonly #change: readonly (readonly string[])[];
  readonly #vocabularyWords = new Set<string>();

  constructor(vocabulary: Vocabulary) {
    this.stopwords = new Set([...naturalStopwords, ...vocabulary.stopwords.flatMap((w) => words(w))]);
    const usedConcepts = new Set<string>();
    for (const group of vocabulary.synonyms) {
      const head = words(group[0] ?? '').join('-') || 'group';
      let concept = CONCEPT_PREFIX + head;
      for (let n = 2; usedConcepts.has(concept); n++) concept = `${CONCEPT_PREFIX}${head}-${n}`;
      usedConcepts.add(concept);
      for (const phrase of group) {
        for (const w of words(phrase)) this.#vocabularyWords.add(w);
        const stems = this.contentStems(phrase);
        if (stems.length === 0) continue;
        const list = this.#phrases.get(stems[0] ?? '') ?? [];
        list.push({ stems, concept });
        list.sort((a, b) => b.stems.length - a.stems.length);
        this.#phrases.set(stems[0] ?? '', list);
      }
    }
    this.#change = vocabulary.change.map((c) => words(c).map(stem)).filter((s) => s.length > 0);
  }

  /** Words the vocabulary knows (so the spell-checker can correct towards them). */
  get vocabularyWords(): ReadonlySet<string> {
    return this.#vocabularyWords;
  }

  /** Stems of the words of `text` that are not stop words. */
  contentStems(text: string): string[] {
    return words(text).filter((w) => !this.stopwords.has(w)).map(stem);
  }

  /** Index terms of a field's text: content stems, plus concept terms for vocabulary phrases. */
  indexTerms(text: string): string[] {
    const stems = this.contentStems(text);
    return [...stems, ...this.#concepts(stems).map((m) => m.concept)];
  }

  /** Analyses a question: corrects spelling, finds vocabulary phrases and change cues. */
  analyse(question: string, lexicon: Lexicon): QueryAnalysis {
    const raw = words(question);
    const corrections: Correction[] = [];
    const tokens: { word: string; stem: string; confidence: number }[] = [];
    const allStems: string[] = [];
    for (const w of raw) {
      allStems.push(stem(w));
      if (this.stopwords.has(w)) continue;
      let word = w;
      let confidence = 1;
      if (!lexicon.has(w) && !this.#vocabularyWords.has(w)) {
        const c = lexicon.correct(w);
        if (c) {
          corrections.push(c);
          if (this.stopwords.has(c.to)) continue;
          word = c.to;
          confidence = c.confidence;
        }
      }
      tokens.push({ word, stem: stem(word), confidence });
    }

    const stems = tokens.map((t) => t.stem);
    const covered = new Set<number>();
    const terms = new Map<string, QueryTerm>();
    const add = (term: string, ws: string[], confidence: number): void => {
      const prev = terms.get(term);
      if (!prev || prev.confidence < confidence) terms.set(term, { term, words: ws, confidence });
    };
    for (const m of this.#concepts(stems)) {
      const span = tokens.slice(m.start, m.end);
      span.forEach((_, i) => covered.add(m.start + i));
      add(m.concept, span.map((t) => t.word), Math.min(...span.map((t) => t.confidence)));
    }
    tokens.forEach((t, i) => {
      if (!covered.has(i)) add(t.stem, [t.word], t.confidence);
    });

    const change = this.#change.some((cue) => containsSequence(allStems, cue) || containsSequence(stems, cue));
    return { terms: [...terms.values()], change, corrections };
  }

  #concepts(stems: readonly string[]): { concept: string; start: number; end: number }[] {
    const out: { concept: string; start: number; end: number }[] = [];
    for (let i = 0; i < stems.length; i++) {
      const candidates = this.#phrases.get(stems[i] ?? '');
      if (!candidates) continue;
      for (const p of candidates) {
        if (p.stems.every((s, j) => stems[i + j] === s)) {
          out.push({ concept: p.concept, start: i, end: i + p.stems.length });
          // Matches do not overlap: "education, health and care plan" is an EHC plan, not also "health".
          i += p.stems.length - 1;
          break;
        }
      }
    }
    return out;
  }
}

/** Porter stem of one lower-case word. */
export function stem(word: string): string {
  return /^\d+$/.test(word) ? word : PorterStemmer.stem(word);
}

function containsSequence(haystack: readonly string[], needle: readonly string[]): boolean {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}
