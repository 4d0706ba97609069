/**
 * How long the privacy check (`findPersonalDetails`) takes per question, over the bot's real public
 * names: every question of the evaluation sets (development, second development and held-out, in
 * scope and out of scope), warmed up, then timed over several passes; and one text that slows a
 * tagger down (thousands of abbreviations in one sentence), timed once. Machine-dependent, so it is
 * measured here rather than asserted in a unit test.
 */
import { fileURLToPath } from 'node:url';
import { preparePublicNames, publicNames, findPersonalDetails } from '../src/core/privacy/index.ts';
import { defaultKnowledgeDir } from '../src/cli/paths.ts';
import { openKnowledge } from '../src/knowledge/open.ts';
import { loadQuestionSet, type QuestionSet } from '../eval/metrics.ts';
import { mean, percentile } from './stats.ts';

export interface PrivacyTiming {
  questions: number;
  passes: number;
  /** Building the public names for the real engine (once per engine, before it serves). */
  prepareMs: number;
  mean: number;
  p50: number;
  p99: number;
  max: number;
  /** 'St ' × 3,333 (10,000 characters): the former unit test's worst case. */
  slowTextMs: number;
}

const SET_FILES = ['questions.json', 'questions-holdout.json', 'questions-holdout-2.json'];

/** The question texts of every evaluation set. */
function evalQuestions(): string[] {
  return SET_FILES.flatMap((name) => {
    const set: QuestionSet = loadQuestionSet(fileURLToPath(new URL(`../eval/${name}`, import.meta.url)));
    return [...set.inScope.map((i) => i.q), ...set.outOfScope.map((i) => i.q)];
  });
}

export async function measurePrivacy(passes = 5): Promise<PrivacyTiming> {
  const { engine } = await openKnowledge(defaultKnowledgeDir());
  const t0 = performance.now();
  preparePublicNames(engine);
  const prepareMs = performance.now() - t0;
  const names = publicNames(engine);
  const questions = evalQuestions();
  for (const q of questions) findPersonalDetails(q, names);
  const samples: number[] = [];
  for (let pass = 0; pass < passes; pass++) {
    for (const q of questions) {
      const s = performance.now();
      findPersonalDetails(q, names);
      samples.push(performance.now() - s);
    }
  }
  const s = performance.now();
  findPersonalDetails('St '.repeat(3_333), names);
  const slowTextMs = performance.now() - s;
  return { questions: questions.length, passes, prepareMs, mean: mean(samples), p50: percentile(samples, 50), p99: percentile(samples, 99), max: Math.max(...samples), slowTextMs };
}
