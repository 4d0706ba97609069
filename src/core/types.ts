import type { AsPlainObject } from 'minisearch';
import type { Glossary } from './glossary.ts';
import type { RelatedWords } from './related-words.ts';
import type { Vocabulary } from './vocabulary.ts';

/** Metadata of one source (article, report, press release), from a knowledge file's front matter. */
export interface SourceMeta {
  /** Stable identifier, lowercase letters, digits and dashes. */
  readonly id: string;
  readonly title: string;
  readonly publisher: string;
  /** ISO date `YYYY-MM-DD`, or `YYYY-MM` when only the month is known. */
  readonly published: string;
  readonly url: string;
  /** news, press-release, inspection-report, ... */
  readonly kind: string;
  /** Dated events the source reports on (inspections, visits, what is due next). */
  readonly events: readonly SourceEvent[];
}

/** Something that happened (or is due) that a source reports on. */
export interface SourceEvent {
  /** `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; for a range, the start. */
  readonly date: string;
  /** End of a range, same formats. */
  readonly end?: string;
  /** Short label, e.g. "Initial SEND inspection by Ofsted and CQC". */
  readonly label: string;
  /** `done` (default) or `due` for something announced but not yet happened. */
  readonly status: 'done' | 'due';
}

/** A paragraph-sized, verbatim piece of a source: the unit that is indexed and cited. */
export interface Passage {
  /** Stable across reloads: derived from the source id and the passage's own text. */
  readonly id: string;
  readonly sourceId: string;
  /** Position within the source, from 0. */
  readonly position: number;
  /** The source's own words. */
  readonly text: string;
  readonly kind: 'paragraph' | 'bullet';
  /** The nearest heading above the passage, if any. */
  readonly section?: string;
  /**
   * For a list item, what the list is a list of: the sentence before the list and its lead-in
   * ("Key changes include"). Searched at a lower weight than the passage's own words; never quoted.
   */
  readonly listContext?: string;
  /** Who is speaking, for quoted statements (carried over continued quotes). */
  readonly speaker?: Speaker;
}

export interface Speaker {
  /** As attributed in the text: "Cllr Marcus Hart", "The partnership", "Inspectors". */
  readonly name: string;
  /** Role or organisation given alongside the name, if any. */
  readonly role?: string;
}

/** A parsed, cleaned source ready for indexing. */
export interface Source {
  readonly meta: SourceMeta;
  /** The cleaned body (Markdown-lite: paragraphs, `- ` bullets, `#` headings). */
  readonly body: string;
  readonly passages: readonly Passage[];
}

/** Why a question was not answered. */
export type AbstainReason = 'empty' | 'too-long' | 'no-words' | 'out-of-scope';

/** One cited excerpt in an answer. */
export interface AnswerResult {
  readonly passage: Passage;
  readonly source: SourceMeta;
  /** Relevance score (BM25 with boosts); higher is better. Comparable within one answer only. */
  readonly score: number;
  /** Share (0..1) of the question's informative content this passage matches. */
  readonly coverage: number;
  /** The sentence of the passage that best matches the question (a substring of `passage.text`). */
  readonly highlight: string;
  /**
   * Other sources that report the same statement (near-duplicate text: one quotes or retells the
   * other), shown as one excerpt "also reported by …"; empty when none.
   */
  readonly alsoReportedBy: readonly SourceMeta[];
}

/** What every answer says: the question as asked. */
interface AnswerBase {
  readonly question: string;
}

/** A question answered with at least one cited excerpt. */
export interface Answered extends AnswerBase {
  readonly answered: true;
  /** True when the results show more than one source side by side, ordered by date (newest first). */
  readonly perspectives: boolean;
  /** Best first, or by date (newest first) when `perspectives`; never empty. */
  readonly results: readonly [AnswerResult, ...AnswerResult[]];
}

/**
 * A question the engine did not answer, and why. The words said to the asker are not the core's:
 * each face words the reason (`src/replies/abstain.ts`).
 */
export interface Abstained extends AnswerBase {
  readonly answered: false;
  readonly reason: AbstainReason;
  readonly perspectives: false;
  readonly results: readonly [];
}

/** What the engine says to a question: excerpts, or a reason for saying nothing. */
export type Answer = Answered | Abstained;

/**
 * How common a word is in everyday English, on the Zipf scale (log10 of occurrences per billion
 * words; "the" ≈ 7.5, "pothole" ≈ 2.7), or undefined when unknown.
 */
export type WordFrequency = (word: string) => number | undefined;

/**
 * Everything an engine is built over: the one shape the bot, the command line, the evaluation and
 * the benchmarks all build from (`collectionOf` in `src/knowledge/open.ts` makes the bot's).
 */
export interface Collection {
  readonly sources: readonly Source[];
  /** Synonyms and multi-word concepts; the glossary's names join it (see `mergeGlossary`). */
  readonly vocabulary: Vocabulary;
  /** The jargon explained to parents: `/glossary` and the "Terms in this answer" line read it. */
  readonly glossary: Glossary;
  /**
   * Everyday English word frequencies. Optional only for small test collections: without it every
   * word the collection never uses weighs the same, and spelling is corrected more eagerly.
   */
  readonly wordFrequency?: WordFrequency;
  /**
   * Related words of everyday English (WordNet, spelling variants), for a question's word the
   * collection lacks (see `src/core/related-words.ts`). Optional: without it, only short forms are
   * related.
   */
  readonly relatedWords?: RelatedWords;
  /**
   * Everyday English words never used as nouns (WordNet knows them only as verbs, adjectives or
   * adverbs: "rushed", "roughly"; src/knowledge/non-nouns.txt). Optional: without it, every word
   * counts as a possible topic.
   */
  readonly nonNouns?: ReadonlySet<string>;
}

/** A built index as plain data (see `Engine.state`). */
export interface EngineState {
  version: number;
  /** The MiniSearch index, or a function that loads it later (the engine answers meanwhile). */
  index: AsPlainObject | (() => Promise<AsPlainObject>);
  impact: { size: number; terms: [string, number[], number[]][] };
  df: [string, number][];
  sourceTerms: [string, string[]][];
  lexicon: [string, number][];
}

/** Options of one question. */
export interface AskOptions {
  /** How many excerpts (1..maxK). Default: the engine's `k`. */
  k?: number;
  /** Answer only from these sources. Default: all. */
  sourceIds?: readonly string[];
  /**
   * Terms of an earlier question carried into this one (a follow-up: `src/core/context.ts`), each at
   * a share of its usual weight. They rank passages, but only the question's own terms decide whether
   * it is answered: carried terms alone never make a question answerable.
   */
  context?: readonly WeightedTerm[];
}

/** An index term (a stem, or a concept such as `~ehcp`) and the share (0..1) of its usual weight it counts for. */
export interface WeightedTerm {
  readonly term: string;
  readonly weight: number;
}
