/**
 * Fits the abstention model (src/core/abstention.ts) on the development sets and prints its
 * cross-validated figures beside the fixed coverage rule's.
 *   node eval/fit-abstention.ts            print the figures only
 *   node eval/fit-abstention.ts --write    also write src/core/abstention-model.ts
 *   --features a,b,c   fit on some features only (ablation); --curve   model and rule at equal
 *   numbers of answerable questions declined; --show SET   one set's out-of-fold probabilities
 *
 * Training questions: development sets 1 and 2 over the starting knowledge base and over the grown
 * one, and the grown development set over the grown one (answerable = 1, out of scope = 0). The
 * held-out sets are never read here. A question asked over both knowledge bases is one group, so
 * it never sits on both sides of a fold.
 *
 * Choices, all by cross-validation over question groups (5 folds):
 *   - the penalty, by the least out-of-fold log loss;
 *   - the threshold, the highest at which at most 5% of the answerable questions are declined
 *     out of fold (the target), so as many out-of-scope questions as that allows are declined.
 * The figures printed are nested: each outer fold's penalty and threshold are chosen on the other
 * four folds only, so they estimate how the whole procedure does on questions it never saw.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { SCOPE_FEATURES, scopeFeatures, type ScopeEvidence } from '../src/core/abstention.ts';
import { buildGrownKnowledge, START_KNOWLEDGE } from './grown/build.ts';
import { openKnowledge, type Engine } from './grown/kb.ts';
import { fitLogistic, foldsByGroup, logLoss, predict, thresholdForDeclined } from './logistic.ts';
import { loadQuestionSet } from './metrics.ts';

const featuresOf = (e: ScopeEvidence | undefined): number[] | undefined => e && scopeFeatures(e);

interface Row {
  set: string;
  q: string;
  y: number;
  /** Undefined when nothing in the collection matches: the engine abstains whatever the model says. */
  x: number[] | undefined;
  /** Answered by the fixed coverage rule. */
  rule: boolean;
}

const LAMBDAS = [0.0001, 0.001, 0.01, 0.03, 0.1, 0.3, 1];
const K = 5;
const REPEATS = 5;
/** The target: at most this share of answerable questions declined. */
const MAX_DECLINED = 0.05;

const evalFile = (name: string): string => fileURLToPath(new URL(`./${name}`, import.meta.url));

function rowsOf(engine: Engine, setName: string, file: string): Row[] {
  const set = loadQuestionSet(evalFile(file));
  const row = (q: string, y: number): Row => ({ set: setName, q, y, x: featuresOf(engine.scopeEvidence(q)), rule: engine.ask(q).answered });
  return [...set.inScope.map((i) => row(i.q, 1)), ...set.outOfScope.map((i) => row(i.q, 0))];
}

/** Out-of-fold probabilities of `rows` (all with features) for penalty `lambda`. */
function outOfFold(rows: readonly Row[], lambda: number, seed: number): number[] {
  const folds = foldsByGroup(rows.map((r) => r.q), K, seed);
  const ps = new Array<number>(rows.length).fill(0);
  for (let f = 0; f < K; f++) {
    const train = rows.filter((_, i) => folds[i] !== f);
    const model = fitLogistic(train.map((r) => r.x ?? []), train.map((r) => r.y), lambda);
    rows.forEach((r, i) => {
      if (folds[i] === f) ps[i] = predict(model, r.x ?? []);
    });
  }
  return ps;
}

/** Penalty and threshold chosen by cross-validation on `rows`. */
function choose(rows: readonly Row[], seed: number): { lambda: number; threshold: number; loss: number } {
  let best = { lambda: LAMBDAS[0] ?? 0.01, threshold: 0.5, loss: Infinity };
  for (const lambda of LAMBDAS) {
    const ps = outOfFold(rows, lambda, seed);
    const ys = rows.map((r) => r.y);
    const loss = logLoss(ps, ys);
    if (loss < best.loss) best = { lambda, threshold: thresholdForDeclined(ps, ys, MAX_DECLINED), loss };
  }
  return best;
}

const { values } = parseArgs({
  options: {
    write: { type: 'boolean', default: false },
    /** Fit on these features only (comma-separated names), to measure what each adds; never with --write. */
    features: { type: 'string' },
    /** Also print out-of-fold out-of-scope declines at equal numbers of answerable questions declined, model beside rule. */
    curve: { type: 'boolean', default: false },
    /** Print the out-of-fold probability of this set's out-of-scope questions and declined answerable ones. */
    show: { type: 'string' },
  },
});
if (values.write && values.features) throw new Error('--write fits every feature: leave out --features');
const start = (await openKnowledge(START_KNOWLEDGE, { abstention: 'coverage' })).engine;
const grown = await buildGrownKnowledge();
let rows: Row[];
try {
  const grownEngine = (await openKnowledge(grown.dir, { abstention: 'coverage' })).engine;
  rows = [
    ...rowsOf(start, 'development set 1', 'questions.json'),
    ...rowsOf(start, 'development set 2', 'questions-holdout.json'),
    ...rowsOf(grownEngine, 'development set 1 (grown KB)', 'questions.json'),
    ...rowsOf(grownEngine, 'development set 2 (grown KB)', 'questions-holdout.json'),
    ...rowsOf(grownEngine, 'grown development set', 'questions-grown.json'),
  ];
} finally {
  await grown.dispose();
}
const keep = values.features?.split(',');
if (keep) for (const r of rows) r.x = r.x && SCOPE_FEATURES.flatMap((f, j) => (keep.includes(f) ? [r.x?.[j] ?? 0] : []));
const usable = rows.filter((r) => r.x);
console.log(`${rows.length} questions (${rows.filter((r) => r.y === 1).length} answerable, ${rows.filter((r) => r.y === 0).length} out of scope); ${rows.length - usable.length} match nothing and are always declined.\n`);

// Nested cross-validation: how the procedure does on questions it was not fitted or tuned on.
const answeredBy = new Map<Row, number>();
for (let rep = 0; rep < REPEATS; rep++) {
  const folds = foldsByGroup(usable.map((r) => r.q), K, 1000 + rep);
  for (let f = 0; f < K; f++) {
    const train = usable.filter((_, i) => folds[i] !== f);
    const { lambda, threshold } = choose(train, 2000 + rep * K + f);
    const model = fitLogistic(train.map((r) => r.x ?? []), train.map((r) => r.y), lambda);
    usable.forEach((r, i) => {
      if (folds[i] === f && predict(model, r.x ?? []) >= threshold) answeredBy.set(r, (answeredBy.get(r) ?? 0) + 1);
    });
  }
}
const line = (name: string, subset: readonly Row[]): string => {
  const pos = subset.filter((r) => r.y === 1);
  const neg = subset.filter((r) => r.y === 0);
  const declined = (rs: readonly Row[], answered: (r: Row) => number): number => rs.reduce((s, r) => s + 1 - answered(r), 0);
  const model = (r: Row): number => (answeredBy.get(r) ?? 0) / REPEATS;
  const rule = (r: Row): number => (r.rule ? 1 : 0);
  const f = (x: number): string => x.toFixed(3);
  return `| ${name} | ${f(declined(neg, rule) / Math.max(1, neg.length))} | ${f(declined(neg, model) / Math.max(1, neg.length))} | ${declined(pos, rule)}/${pos.length} | ${declined(pos, model).toFixed(1)}/${pos.length} |`;
};
console.log(`Nested ${K}-fold cross-validation (${REPEATS} shuffles), abstention only:\n`);
console.log('| set | out-of-scope declined: coverage rule | model (CV) | answerable declined: coverage rule | model (CV) |\n|---|---|---|---|---|');
for (const name of [...new Set(rows.map((r) => r.set))]) console.log(line(name, rows.filter((r) => r.set === name)));
console.log(line('all', rows));

// The model to ship: penalty and threshold by cross-validation on every development question, then fitted on all of them.
const chosen = choose(usable, 7);
const final = fitLogistic(usable.map((r) => r.x ?? []), usable.map((r) => r.y), chosen.lambda);
console.log(`\nChosen by ${K}-fold cross-validation on all development questions: penalty ${chosen.lambda}, threshold ${chosen.threshold.toFixed(3)} (out-of-fold log loss ${chosen.loss.toFixed(3)})`);
console.log('| feature | weight (standardised) |\n|---|---|');
SCOPE_FEATURES.forEach((name, j) => console.log(`| ${name} | ${(final.weights[j] ?? 0).toFixed(3)} |`));

if (values.write) {
  const round = (xs: readonly number[]): number[] => xs.map((x) => Math.round(x * 1e6) / 1e6);
  const model = { features: [...SCOPE_FEATURES], mean: round(final.mean), scale: round(final.scale), weights: round(final.weights), bias: round([final.bias])[0], threshold: round([chosen.threshold])[0] };
  const file = fileURLToPath(new URL('../src/core/abstention-model.ts', import.meta.url));
  writeFileSync(
    file,
    `import type { ScopeModel } from './abstention.ts';\n\n/**\n * The abstention model, written by \`node eval/fit-abstention.ts --write\` (do not edit by hand):\n * fitted on the development sets (${usable.length} questions), penalty ${chosen.lambda} and threshold chosen by\n * ${K}-fold cross-validation.\n */\nexport const SCOPE_MODEL: ScopeModel = ${JSON.stringify(model, null, 2)};\n`,
  );
  console.log(`\nWrote ${file}`);
}
if (values.show) {
  const ps = outOfFold(usable, chosen.lambda, 7);
  usable.forEach((r, i) => {
    if (r.set !== values.show) return;
    const p = ps[i] ?? 0;
    if ((r.y === 1 && p < chosen.threshold) || r.y === 0) console.log(`${r.y} p=${p.toFixed(2)} rule=${r.rule} ${r.x?.map((v) => v.toFixed(2)).join(' ')} ${r.q}`);
  });
}
if (values.curve) {
  // Out-of-fold probabilities against the coverage rule's own score, at equal numbers of answerable questions declined.
  const ps = outOfFold(usable, chosen.lambda, 7);
  const ruleScore = (r: Row): number => Math.min((r.x?.[0] ?? 0) / 0.55, (r.x?.[1] ?? 0) / 0.3);
  const curve = (score: (i: number) => number): string[] => {
    const pos = usable.map((r, i) => [r, score(i)] as const).filter(([r]) => r.y === 1).map(([, s]) => s).sort((a, b) => a - b);
    const neg = usable.map((r, i) => [r, score(i)] as const).filter(([r]) => r.y === 0).map(([, s]) => s);
    return [5, 10, 15, 20, 25, 30, 40].map((n) => {
      const t = ((pos[n - 1] ?? 0) + (pos[n] ?? 0)) / 2;
      return `${n}:${neg.filter((s) => s < t).length}`;
    });
  };
  console.log(`OOS declined (of ${usable.filter((r) => r.y === 0).length} with features) at N answerable declined — model: ${curve((i) => ps[i] ?? 0).join(' ')}`);
  console.log(`                                                                  rule:  ${curve((i) => ruleScore(usable[i] as Row)).join(' ')}`);
}
