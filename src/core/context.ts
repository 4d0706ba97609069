/**
 * Follow-up questions understood in the light of the question before them ("and for OT?" after a
 * question about waiting times asks about waiting times for occupational therapy), by general means:
 * the earlier question's topic terms are carried into the follow-up's query at a lower weight, capped
 * so that they never outweigh the follow-up's own topic, and only when the follow-up leans on what
 * came before. The engine ranks with carried terms but answers only when the follow-up's own terms are
 * covered (`AskOptions.context`), so a follow-up the reports do not cover still gets no answer.
 *
 * A topic is index terms (stems and vocabulary concepts) with their share of weight: never the
 * question's text, never who asked. Pure: no I/O.
 */
import type { QueryAnalysis } from './analyzer.ts';
import type { Engine } from './engine.ts';
import { words } from './text.ts';
import type { WeightedTerm } from './types.ts';

/** What a conversation is about: the index terms of its questions, each with its share (0..1) of weight. */
export type Topic = readonly WeightedTerm[];

/** A carried term's share of the weight it had in the earlier question. */
export const CARRY_SHARE = 0.5;
/** Carried terms together weigh at most this share of the follow-up's own topic. */
export const CARRY_CAP = 0.8;
/** A follow-up of at most this many words naming at most one thing ("OT?", "speech therapy?") is a fragment. */
const FRAGMENT_WORDS = 3;
/** Most terms a topic keeps. */
export const TOPIC_MAX_TERMS = 12;

/**
 * Words that open a follow-up leaning on the question before ("and for OT?", "what about
 * paediatrics?", "also for EHCPs?"), and pronouns that point back to it ("how long do they take?").
 * General English discourse markers, not words of any topic.
 */
const OPENERS: readonly (readonly string[])[] = [['and'], ['but'], ['or'], ['also'], ['so'], ['plus'], ['then'], ['same'], ['what', 'about'], ['how', 'about'], ['what', 'of']];
const POINTERS: ReadonlySet<string> = new Set(['it', 'its', 'they', 'them', 'their', 'this', 'that', 'these', 'those', 'same']);

/**
 * What a question is about, as a topic: its own content terms (not the cues that say how to answer,
 * not the asker's story, not the stems beside a concept, not stand-in related words) at full weight.
 */
export function topicOf(analysis: QueryAnalysis): WeightedTerm[] {
  const content = analysis.terms.filter((t) => !t.cue && !t.recency && !t.secondary && !t.aside && !t.related && t.carried !== true);
  return content.slice(0, TOPIC_MAX_TERMS).map((t) => ({ term: t.term, weight: 1 }));
}

/**
 * Whether a follow-up leans on the question before it: it opens with a discourse marker ("and",
 * "what about"), points back with a pronoun ("they", "that"), or is a fragment naming at most one
 * thing ("OT?", "speech therapy?"). Otherwise it is self-contained and is answered as if asked alone.
 */
export function leansOnEarlier(followUp: string, analysis: QueryAnalysis): boolean {
  const ws = words(followUp);
  if (OPENERS.some((opener) => opener.every((w, i) => ws[i] === w))) return true;
  if (ws.some((w) => POINTERS.has(w))) return true;
  return ws.length <= FRAGMENT_WORDS && topicOf(analysis).length <= 1;
}

/**
 * The earlier topic's terms to carry into a follow-up (see {@link leansOnEarlier}; none when it is
 * self-contained): those the follow-up lacks, each at {@link CARRY_SHARE} of its share, scaled down
 * together so that they weigh at most {@link CARRY_CAP} × the follow-up's own topic.
 */
export function carriedContext(engine: Engine, earlier: Topic, followUp: string, analysis: QueryAnalysis): WeightedTerm[] {
  if (!leansOnEarlier(followUp, analysis)) return [];
  const own = new Set(analysis.terms.map((t) => t.term));
  const carried = earlier.filter((t) => !own.has(t.term) && t.weight > 0).map((t) => ({ term: t.term, weight: t.weight * CARRY_SHARE }));
  const { total } = engine.topicWeights(analysis);
  const weighs = carried.reduce((sum, t) => sum + engine.weight(t.term) * t.weight, 0);
  if (weighs === 0 || total === 0) return [];
  const scale = Math.min(1, (CARRY_CAP * total) / weighs);
  return carried.map((t) => ({ term: t.term, weight: t.weight * scale }));
}

/**
 * The topic after a follow-up, for the next one: the follow-up's own terms at full weight, then the
 * carried terms at the share they were carried with (so an old topic fades with each step).
 */
export function followUpTopic(analysis: QueryAnalysis, carried: readonly WeightedTerm[]): WeightedTerm[] {
  const own = topicOf(analysis);
  const seen = new Set(own.map((t) => t.term));
  return [...own, ...carried.filter((t) => !seen.has(t.term))].slice(0, TOPIC_MAX_TERMS);
}
