/** Settings of the answer engine. Every field has a default in {@link defaultEngineOptions}. */
export interface EngineOptions {
  /** How many excerpts an answer has by default. Default: 3. */
  k: number;
  /** The most excerpts an answer may have. Default: 10. */
  maxK: number;
  /** Longer questions are refused with reason `too-long`. Default: 1,000 characters. */
  maxQuestionLength: number;
  /**
   * Share (0..1) of the question's informative content (terms weighted by how rare they are in the
   * collection; words the collection never uses weigh most) that the top passages together must
   * match for the question to count as covered. Below it, the engine abstains. Default: 0.55.
   */
  minCoverage: number;
  /**
   * Weight of a question word the collection never uses, as a share of the weight of the rarest
   * word it does use. Such words are usually what an off-topic question is about ("bins",
   * "election"), but also the asker's own details ("my 7 year old"). Default: 1.
   */
  unknownWeight: number;
  /** Least weight (share of an unknown word's) of an everyday English word the collection never uses. Default: 0.1. */
  generalWordWeight: number;
  /** Zipf frequency at or above which an unknown word counts as everyday English. Default: 6. */
  everydayZipf: number;
  /**
   * Share of its weight kept by a word everyday English never uses as a noun (WordNet knows it only
   * as a verb, adjective or adverb: "rushed", "roughly", "hiring"; `Collection.nonNouns`). A
   * question's topic is what it names; how it asks about it ("was it rushed", "roughly how many")
   * should not, on its own, make the collection look as if it lacked the topic. Off-topic questions
   * are about things the collection lacks ("pothole", "tribunal"), which stay at full weight.
   * Default: 0.3, as much as the asker's story (`asideWeight`): words that frame the question rather
   * than name its topic. On the development sets 0.5, 0.3 and 0.15 answered 5, 7 and 8 more
   * answerable questions, each for 1 more off-topic one; on the held-out sets 0.3 cost none.
   */
  nonNounWeight: number;
  /** Zipf frequency at or below which an unknown word counts as rare (full weight). Default: 3.5. */
  rareZipf: number;
  /**
   * Share of its weight that a word the collection uses loses when it is everyday English (by the
   * same scale as `generalWordWeight`): "year" or "seen" used once in the collection is not as
   * telling as "paediatrics" used once. Vocabulary concepts are not discounted. Default: 0.2.
   */
  everydayDiscount: number;
  /** Coverage the single best passage must reach as well. Default: 0.3. */
  minPassageCoverage: number;
  /**
   * How the engine decides that the collection does not cover a question: `'coverage'`, the fixed
   * shares `minCoverage` and `minPassageCoverage`; or `'model'`, the logistic model over the
   * ranking's evidence (`src/core/abstention.ts`), fitted on the development sets with
   * cross-validation by `eval/fit-abstention.ts`. Default: `'coverage'`: at the same share of
   * answerable questions declined, the model declined more out-of-scope questions than the rule in
   * cross-validation (development sets), but on the held-out sets it declined more answerable
   * questions (12 of 98 against 7), so it stays off until it holds there.
   */
  abstention: 'coverage' | 'model';
  /**
   * Weight (share of its own) of a term from the asker's story rather than their question: a
   * first-person clause beside the question, hearsay, an apology, a number about their own case
   * (see `QueryTerm.aside`). In coverage and ranking alike. Default: 0.3.
   */
  asideWeight: number;
  /** Boost of the asker's own word beside the vocabulary concept that stands for it. Default: 0.3. */
  secondaryBoost: number;
  /** Ranking multiplies the BM25 score by coverage raised to this power (0 = BM25 alone). Default: 1. */
  coverageExponent: number;
  /** Score factor of a passage that says when (a month, a year, "within 18 months"), for a question that asks when. Default: 1.5. */
  whenBoost: number;
  /** Score factor of a passage that gives a number (not a year), for a question that asks how many or how much. Default: 1.5. */
  quantityBoost: number;
  /**
   * Further factor, for a question that asks when, of a passage that names the date of an event its
   * source reports on (the source's `events`: "in April" for an inspection in 2024-04). Default: 2.
   */
  eventBoost: number;
  /**
   * For a question about change over time, a passage's score is multiplied by 1 + this / (1 +
   * its position in the source): the opening of a report or article states its overall verdict
   * ("sufficient progress has been made"), later passages its details. Default: 0.5.
   */
  changeLeadBoost: number;
  /**
   * Field boosts for ranking. Default: text 1, speaker 1, section 1.5, listContext 0.3 (what a list
   * item's list is about: the sentence before the list and its lead-in; below the item's own
   * words), source (title and publisher) 0.5. The speaker is carried over every passage of a
   * continued quote, so it weighs no more than
   * a word of the passage itself (a question naming a body is not answered by every part of a
   * statement that body co-signed).
   */
  boost: { text: number; speaker: number; section: number; listContext: number; source: number };
  /**
   * Share of its weight in coverage that a question's word earns when a passage has it only in its
   * list context (a question about what a list enumerates is answered by its items, but less surely
   * than by a passage saying it in its own words). Default: 0.5.
   */
  listContextCredit: number;
  /** How many ranked candidates are re-scored by coverage. Default: 40. */
  candidates: number;
  /**
   * Candidates are searched with the question's rarest terms whose passages add up to at most this
   * many (at least one term is always searched); the commoner terms then only re-score those
   * candidates. Bounds query time on large collections; a small one searches every term.
   * Default: 3,000.
   */
  postingsBudget: number;
  /** On a large collection, how many best passages per term are kept for scoring common terms. Default: 100. */
  impactListSize: number;
  /**
   * Several sources are shown side by side, newest first, when each one's best passage answers
   * about as well as the best passage: coverage at least this share of the best's, and score at
   * least this share of the best's. Default: coverage 1, score 0.8 (chosen on the development sets;
   * see the eval figures in the commit). Questions about change over time instead show an earlier
   * and the newest source on the topic (least coverage `changeMinCoverage`).
   */
  perspective: { coverage: number; score: number };
  /** Least coverage for a source's passage to be shown in a change-over-time answer. Default: 0.25. */
  changeMinCoverage: number;
  /**
   * ... and at least this share of the best passage's coverage, so that over a large collection a
   * newer source that barely touches the topic is not shown as the newest side (unless no earlier
   * source would then be left to show beside it). Default: 0.5.
   */
  changeRelativeCoverage: number;
  /**
   * Once a question is judged answerable, a passage that has every word of a vocabulary phrase of
   * the question but not the phrase itself ("special needs school" for "special school") is shown
   * as if it matched this share of the phrase's weight. Default: 0.75.
   */
  apartCredit: number;
  /**
   * What the asker's story weighs when ranking the passages to show; `asideWeight` still decides
   * whether the question is answered. An article that uses the asker's own words ("20 weeks") may
   * be the passage to show. Default: 1 (the story counts in full).
   */
  shownAsideWeight: number;
  /** Passages after the first are shown only when they score at least this share of the best. Default: 0.2. */
  minRelativeScore: number;
  /** ... and cover at least this share of what the best passage covers. Default: 0.4. */
  minRelativeCoverage: number;
  /**
   * Credit of a related word that stands in for a question's word the collection lacks, as a share
   * of that word's weight (also its search boost; 0 turns it off; see `src/core/related-words.ts`):
   * WordNet synonyms ("kid" → "child") and derivationally related forms of the word's two most
   * frequent senses, their direct hypernyms, British/American spellings ("behavior"), and clipped
   * words that begin one or two of the collection's words ("paed"); variants also hold a word's
   * irregular forms ("taught" ↔ "teach"). Default: synonym 0.3, derived 0.5 ("therapists" for
   * "therapy"), hypernym 0 (off: it moved no set); variant 0.9 (the same word), short form 0.5.
   * Synonyms and derivations were off until the expected-answer-type check (`./procedure.ts`)
   * took away the off-topic questions they let through; with it they answer one to two more
   * answerable questions of the grown development sets and no more off-topic ones.
   */
  relatedCredit: { synonym: number; derived: number; hypernym: number; variant: number; shortForm: number };
}

export const defaultEngineOptions = Object.freeze({
  k: 3,
  maxK: 10,
  maxQuestionLength: 1000,
  minCoverage: 0.55,
  minPassageCoverage: 0.3,
  abstention: 'coverage',
  unknownWeight: 1,
  generalWordWeight: 0.1,
  everydayZipf: 6,
  nonNounWeight: 0.3,
  rareZipf: 3.5,
  everydayDiscount: 0.2,
  asideWeight: 0.3,
  secondaryBoost: 0.3,
  coverageExponent: 1,
  whenBoost: 1.5,
  quantityBoost: 1.5,
  eventBoost: 2,
  changeLeadBoost: 0.5,
  boost: Object.freeze({ text: 1, speaker: 1, section: 1.5, listContext: 0.3, source: 0.5 }),
  listContextCredit: 0.5,
  candidates: 40,
  postingsBudget: 1000,
  impactListSize: 100,
  perspective: Object.freeze({ coverage: 1, score: 0.8 }),
  changeMinCoverage: 0.25,
  changeRelativeCoverage: 0.5,
  apartCredit: 0.75,
  shownAsideWeight: 1,
  minRelativeScore: 0.2,
  minRelativeCoverage: 0.4,
  relatedCredit: Object.freeze({ synonym: 0.3, derived: 0.5, hypernym: 0, variant: 0.9, shortForm: 0.5 }),
}) satisfies Readonly<EngineOptions>;

/** Recursively partial options, so callers can override one boost without restating the others. */
export type EngineSettings = { [K in keyof EngineOptions]?: EngineOptions[K] extends object ? Partial<EngineOptions[K]> : EngineOptions[K] };

/** Resolves settings against the defaults. */
export function resolveOptions(settings: EngineSettings = {}): EngineOptions {
  const d = defaultEngineOptions;
  return {
    ...d,
    ...settings,
    boost: { ...d.boost, ...settings.boost },
    perspective: { ...d.perspective, ...settings.perspective },
    relatedCredit: { ...d.relatedCredit, ...settings.relatedCredit },
  } as EngineOptions;
}
