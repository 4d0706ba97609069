/**
 * Whether the collection covers a question: a small logistic model over evidence from the engine's
 * own ranking (how much of the question's weight the best passages match, what the unmatched part
 * is, how clearly the best passage stands out). Its coefficients are fitted on the development
 * sets with cross-validation by `eval/fit-abstention.ts`, which writes `./abstention-model.ts`.
 * Pure: plain numbers in, a probability out.
 */
import { adjacentPairs } from './analyzer.ts';

/** One term of what the question is about, as coverage weighs it. */
export interface ScopeTerm {
  /** The index term (a stem, or a vocabulary concept such as `~ehcp`). */
  readonly term: string;
  /** The question's words it stands for, after spelling. */
  readonly words: readonly string[];
  /** Its weight in coverage (already discounted for the asker's story, spelling and everyday words). */
  readonly weight: number;
  /** The top passages together match it. */
  readonly matched: boolean;
  /** Positions (0 = the best) among `ScopeEvidence.top` of the passages that match it. */
  readonly matchedBy: readonly number[];
  /** The collection uses it somewhere. */
  readonly indexed: boolean;
  /** A vocabulary concept (the collection's own topics: "EHC plan", "waiting"). */
  readonly concept: boolean;
  /** From the asker's story rather than the question (see `QueryTerm.aside`). */
  readonly aside: boolean;
  /**
   * How rare its words are in everyday English: 1 for a rare word or no English word at all
   * ("tribunal", "dla"), down to near 0 for everyday words ("late", "normal").
   */
  readonly rarity: number;
}

/** What the ranking says about a question, for {@link scopeFeatures}. */
export interface ScopeEvidence {
  readonly terms: readonly ScopeTerm[];
  /** The top passages (best first) whose coverage is counted together, each with its own coverage. */
  readonly top: readonly { readonly passageId: string; readonly sourceId: string; readonly coverage: number }[];
  /** Share of the question's weight the top passages match together. */
  readonly coverage: number;
  /** ... and the best passage alone. */
  readonly bestCoverage: number;
  /** Ranking scores of the best and the second passage (0 when there is none). */
  readonly best: number;
  readonly second: number;
  /** Share of the question's neighbouring content words that a top passage has side by side too. */
  readonly pairs: number;
}

/** The features, in the model's order. Each is scale-free, so a model fitted on one collection applies to another. */
export const SCOPE_FEATURES = [
  'coverage',
  'bestCoverage',
  'unknownShare',
  'largestMissing',
  'conceptShare',
  'asideShare',
  'rareMissing',
  'headMatched',
  'logTerms',
  'margin',
  'pairs',
] as const;
export type ScopeFeature = (typeof SCOPE_FEATURES)[number];

/** The feature vector of a question's evidence (see {@link SCOPE_FEATURES}). */
export function scopeFeatures(e: ScopeEvidence): number[] {
  const total = e.terms.reduce((s, t) => s + t.weight, 0) || 1;
  const share = (keep: (t: ScopeTerm) => boolean): number => e.terms.reduce((s, t) => s + (keep(t) ? t.weight : 0), 0) / total;
  const missing = e.terms.filter((t) => !t.matched).map((t) => t.weight / total);
  const values: Record<ScopeFeature, number> = {
    coverage: e.coverage,
    bestCoverage: e.bestCoverage,
    // What the collection never speaks of is what an off-topic question is usually about ("pothole").
    unknownShare: share((t) => !t.indexed),
    // One big unmatched word ("tribunal", "herefordshire") says more than several small ones.
    largestMissing: missing.length ? Math.max(...missing) : 0,
    // Matching the collection's own topics (vocabulary concepts) is stronger evidence than matching everyday words.
    conceptShare: share((t) => t.matched && t.concept),
    asideShare: share((t) => t.aside),
    // An unmatched rare word ("tribunal", "childcare") is what a near miss is about; an unmatched everyday one ("late") is not.
    rareMissing: e.terms.reduce((s, t) => s + (t.matched ? 0 : t.weight * t.rarity), 0) / total,
    // Whether the question's heaviest term is matched.
    headMatched: e.terms.reduce<ScopeTerm | undefined>((h, t) => (!h || t.weight > h.weight ? t : h), undefined)?.matched ? 1 : 0,
    logTerms: Math.log(1 + e.terms.length),
    // How clearly the best passage stands out from the next one.
    margin: Math.min(5, Math.log((e.best + 1e-6) / (e.second + 1e-6))),
    // A compound the collection never has ("personal budget", "half term") is a near miss's topic.
    pairs: e.pairs,
  };
  return SCOPE_FEATURES.map((f) => values[f]);
}

/**
 * Share of the question's pairs of neighbouring content words ("personal budget", "half term")
 * that one of the top passages (their content stems, in order) also has side by side; 1 for a
 * question with no such pair.
 */
export function pairsFound(pairs: readonly string[], passages: readonly (readonly string[])[]): number {
  if (pairs.length === 0) return 1;
  const own = new Set(passages.flatMap(adjacentPairs));
  return pairs.filter((p) => own.has(p)).length / pairs.length;
}

/**
 * Positions among the top passages (each one's matched terms, best first) of those that match
 * `term`, itself or by a related word standing in for it (`standFor`: related term → its term).
 */
export function matchedBy(term: string, top: readonly (readonly string[])[], standFor: ReadonlyMap<string, string>): number[] {
  return top.flatMap((terms, i) => (terms.some((m) => m === term || standFor.get(m) === term) ? [i] : []));
}

/** A fitted logistic model: features standardised by `mean` and `scale`, then weighted. */
export interface ScopeModel {
  readonly features: readonly string[];
  readonly mean: readonly number[];
  readonly scale: readonly number[];
  readonly weights: readonly number[];
  readonly bias: number;
  /** Answer when the probability of being in scope is at least this. */
  readonly threshold: number;
}

/** The model's probability that a question with features `x` is one the collection covers. */
export function scopeProbability(model: ScopeModel, x: readonly number[]): number {
  let z = model.bias;
  for (let i = 0; i < model.weights.length; i++) z += (model.weights[i] ?? 0) * (((x[i] ?? 0) - (model.mean[i] ?? 0)) / (model.scale[i] || 1));
  return 1 / (1 + Math.exp(-z));
}
