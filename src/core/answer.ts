/**
 * The one answering pipeline, used by `/ask` on Discord and by the local console alike. Pure: no
 * discord.js, no env, no fs; it returns data, and each face (src/replies, then src/bot or src/cli)
 * says it.
 *
 * Two stages, so that Discord can be acknowledged between them (privately when the question seems
 * to hold personal details) before the slow part:
 * 1. {@link screenQuestion}: the privacy check (fails closed, see core/privacy);
 * 2. {@link answerScreened}: the engine asked without the personal details, then what a later
 *    report also covers and the glossary's terms in the excerpts, all from that one answer.
 */
import { carriedContext, followUpTopic, topicOf, type Topic } from './context.ts';
import type { Engine } from './engine.ts';
import { termsIn, type GlossaryEntry } from './glossary.ts';
import { findPersonalDetails, isSensitive, publicNames, type PersonalDetails } from './privacy/index.ts';
import { laterCoverage, type LaterCoverage } from './topics/index.ts';
import type { Answer, WeightedTerm } from './types.ts';

/** A question after the privacy check. */
export interface ScreenedQuestion {
  /** The question as asked (mentions already taken out by the caller). */
  readonly question: string;
  /** What the privacy check found. */
  readonly details: PersonalDetails;
  /**
   * True when the question seems to hold personal details, or could not be fully checked (a rule
   * failed: privacy fails closed): answer privately, keep only `details.redacted`, and keep nothing
   * at all when `details.checked` is false.
   */
  readonly sensitive: boolean;
}

/** A question answered: everything a reply needs, with no further retrieval. */
export interface AnsweredQuestion extends ScreenedQuestion {
  /** The engine's answer to the question without its personal details. */
  readonly answer: Answer;
  /** For each result, a later report that also covers the question, if any ({@link laterCoverage}). */
  readonly later: readonly (LaterCoverage | undefined)[];
  /** The glossary's terms that the excerpts use, in order of first use. */
  readonly terms: readonly GlossaryEntry[];
  /** How many sources the engine answered from (named in an abstention's scope sentence). */
  readonly sourceCount: number;
  /** What the question was about, for its follow-ups (index terms, never its words: core/context.ts). */
  readonly topic: Topic;
}

/** Stage 1: the privacy check of a question. */
export function screenQuestion(engine: Engine, question: string): ScreenedQuestion {
  const details = findPersonalDetails(question, publicNames(engine));
  return { question, details, sensitive: isSensitive(details) };
}

/** What the engine is asked: the question without its personal details when it seems to hold any. */
function asked(screened: ScreenedQuestion): string {
  return screened.sensitive ? screened.details.without : screened.question;
}

/** Stage 2: asks the engine (without the personal details) and gathers what the reply shows. */
export function answerScreened(engine: Engine, screened: ScreenedQuestion, options: { readonly k: number; readonly context?: readonly WeightedTerm[] }): AnsweredQuestion {
  const { answer, analysis } = engine.askAnalysed(asked(screened), { k: options.k, ...(options.context !== undefined && { context: options.context }) });
  return {
    ...screened,
    answer,
    later: answer.answered ? laterCoverage(engine, answer) : [],
    terms: answer.answered ? termsIn(engine.glossary, answer.results.map((r) => r.passage.text)) : [],
    sourceCount: engine.sources.length,
    topic: analysis === undefined ? [] : topicOf(analysis),
  };
}

/**
 * Stage 2 for a follow-up: asked in the light of the earlier topic (see core/context.ts: its terms
 * carried at a lower weight when the follow-up leans on it), through the same privacy check and
 * gathering as any question. Its `topic` is the conversation's after it, for the next follow-up.
 */
export function answerFollowUp(engine: Engine, screened: ScreenedQuestion, earlier: Topic, options: { readonly k: number }): AnsweredQuestion {
  const analysis = engine.analyse(asked(screened));
  const context = carriedContext(engine, earlier, asked(screened), analysis);
  return { ...answerScreened(engine, screened, { k: options.k, context }), topic: followUpTopic(analysis, context) };
}
