/**
 * `npm run eval`, growth part: what changes in the engine's decision to answer when the knowledge
 * base grows. For the development sets only (the held-out sets are never looked at question by
 * question), it lists the out-of-scope questions that the grown knowledge base answers and the
 * starting one declines, and explains each decision from the engine's own evidence: the coverage of
 * the top passages together and of the best one, each term's share of the question's weight, and
 * which of the top passages match it.
 */
import type { QuestionSet } from '../metrics.ts';
import type { Engine } from './kb.ts';

const fixed = (x: number): string => x.toFixed(2);

/**
 * Why the engine answers or declines a question, in two or three lines: the coverage, the top
 * passages (position, source, own coverage), then each term of what the question is about with its
 * share of the weight and the positions of the top passages that match it ("–": none; "*": the
 * asker's story; "?": a word the collection never uses), and the spelling corrections made.
 */
export function explainScope(engine: Engine, question: string): string[] {
  const e = engine.scopeEvidence(question);
  if (!e) return ['nothing in the collection matches it'];
  const total = e.terms.reduce((s, t) => s + t.weight, 0) || 1;
  const corrections = engine.analyse(question).corrections.map((c) => `${c.word} → ${c.to}`);
  const terms = e.terms.map((t) => `${t.words.join(' ')}${t.aside ? '*' : ''}${t.indexed ? '' : '?'} ${fixed(t.weight / total)} ← ${t.matchedBy.length ? t.matchedBy.join(',') : '–'}`);
  return [
    `coverage ${fixed(e.coverage)} together, ${fixed(e.bestCoverage)} the best passage; top: ${e.top.map((p, i) => `${i} ${p.sourceId} (${fixed(p.coverage)})`).join(', ')}`,
    `terms: ${terms.join(' · ')}`,
    ...(corrections.length ? [`spelling: ${corrections.join(', ')}`] : []),
  ];
}

/** An out-of-scope question that a knowledge base answers and a smaller one declines. */
export interface GrowthRegression {
  set: string;
  q: string;
}

/**
 * The out-of-scope questions of `sets` that `grown` answers and `start` declines: what growing the
 * knowledge base cost its abstention.
 */
export function growthRegressions(start: Engine, grown: Engine, sets: readonly [string, QuestionSet][]): GrowthRegression[] {
  return sets.flatMap(([set, s]) => s.outOfScope.filter((o) => grown.ask(o.q).answered && !start.ask(o.q).answered).map((o) => ({ set, q: o.q })));
}

/** The growth report's lines: each regression, explained over the grown knowledge base. */
export function describeRegressions(grown: Engine, regressions: readonly GrowthRegression[]): string[] {
  return regressions.flatMap((r) => [`- ${r.q} (${r.set})`, ...explainScope(grown, r.q).map((l) => `    ${l}`)]);
}
