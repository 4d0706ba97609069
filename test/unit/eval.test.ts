/**
 * Ranking floors: the engine over the real knowledge base, on the development question set, must not
 * fall below today's figures (less a small margin). Raise a floor when the engine gets better; never
 * lower one to make a change pass without saying why in the commit.
 *
 * Also checks that the question sets stay valid as the knowledge base changes: every expected
 * excerpt must still be found in exactly one passage.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineRetriever } from '../../eval/engine-retriever.ts';
import { buildGrownKnowledge, type GrownKnowledge } from '../../eval/grown/build.ts';
import { evaluate, isExpected, loadFurniture, loadQuestionSet, type QuestionSet, type Report } from '../../eval/metrics.ts';
import type { Engine } from '../../src/core/engine.ts';
import { openKnowledge } from '../../src/knowledge/open.ts';

const KNOWLEDGE = fileURLToPath(new URL('../../knowledge/', import.meta.url));
const HOLDOUT = fileURLToPath(new URL('../../eval/questions-holdout.json', import.meta.url));
const HOLDOUT_2 = fileURLToPath(new URL('../../eval/questions-holdout-2.json', import.meta.url));

/**
 * Today's figures (npm run eval, development set, 125 in-scope and 34 out-of-scope questions):
 * recall@1 0.784, recall@3 0.936, MRR@10 0.860, out-of-scope abstained 0.941, both sides 0.867.
 * (Issue 12: recall@1 and MRR raised from 0.744 / 0.828 by showing the best passage first; out-of-scope
 * lowered from 0.971 as "when is the next council election" is now covered by two passages together
 * once MiniSearch's matched-terms multiplier is gone; both sides lowered from 0.933 as "has the
 * council kept its promises", no change question, no longer shows a much weaker second source
 * beside the first: sources are side by side only when each answers about as well.)
 */
const FLOORS = {
  recallAt1: 0.76,
  recallAt3: 0.92,
  mrrAt10: 0.84,
  abstentionRate: 0.93,
  bothSides: 0.85,
} as const satisfies Partial<Record<keyof Report, number>>;

/**
 * Floors on the other development sets (issue 12): the second development set over the starting
 * knowledge base, and the grown development sets and the first and second development sets over the
 * grown one (eval/grown/: the starting articles and eleven growth pages). Today's figures, in the
 * order of the keys: second 0.733 / 0.867 / 0.794 / 0.900; grown 0.630 / 0.849 / 0.707 / 0.810, both
 * sides 0.833; grown 2 (55 + 20, written before any run) 0.418 / 0.636 / 0.533 / 0.750; first over
 * the grown knowledge base 0.560 / 0.840 / 0.688 / 0.912; second over the grown one 0.511 / 0.778 /
 * 0.636 / 0.800. The held-out sets have none: they are never tuned on.
 */
const MORE_FLOORS: Record<string, Partial<Record<keyof Report, number>>> = {
  'eval/questions-holdout.json': { recallAt1: 0.7, recallAt3: 0.84, mrrAt10: 0.77, abstentionRate: 0.88 },
  'eval/questions-grown.json (grown KB)': { recallAt1: 0.6, recallAt3: 0.82, mrrAt10: 0.68, abstentionRate: 0.78, bothSides: 0.8 },
  'eval/questions-grown-dev-2.json (grown KB)': { recallAt1: 0.39, recallAt3: 0.6, mrrAt10: 0.5, abstentionRate: 0.72 },
  'eval/questions.json (grown KB)': { recallAt1: 0.53, recallAt3: 0.82, mrrAt10: 0.66, abstentionRate: 0.88 },
  'eval/questions-holdout.json (grown KB)': { recallAt1: 0.48, recallAt3: 0.75, mrrAt10: 0.6, abstentionRate: 0.75 },
};

let engine: Engine;
let dev: QuestionSet;
let holdout: QuestionSet;
let holdout2: QuestionSet;
let report: Report;

beforeAll(async () => {
  const kb = await openKnowledge(KNOWLEDGE);
  expect(kb.snapshot.issues).toEqual([]);
  engine = kb.engine;
  dev = loadQuestionSet();
  holdout = loadQuestionSet(HOLDOUT);
  holdout2 = loadQuestionSet(HOLDOUT_2);
  report = evaluate(dev, engineRetriever(engine), loadFurniture());
});

describe('evaluate on the development set', () => {
  it('runs over the whole set', () => {
    expect(report.questions).toBe(dev.inScope.length);
    expect(report.outOfScope).toBe(dev.outOfScope.length);
    expect(report.questions).toBeGreaterThan(100);
  });

  it.each(Object.entries(FLOORS))('%s stays at or above its floor of %s', (metric, floor) => {
    const value = report[metric as keyof typeof FLOORS];
    const detail = metric === 'abstentionRate' ? report.answeredOutOfScope : report.misses.map((m) => m.q);
    expect(value, `${metric} = ${value.toFixed(3)}; ${JSON.stringify(detail)}`).toBeGreaterThanOrEqual(floor);
  });

  it('cites no page furniture', () => {
    expect(report.furnitureCited).toEqual([]);
  });
});

describe('floors on the other development sets', () => {
  let grown: GrownKnowledge;
  const reports = new Map<string, Report>();
  beforeAll(async () => {
    grown = await buildGrownKnowledge();
    const grownDev = loadQuestionSet(fileURLToPath(new URL('../../eval/questions-grown.json', import.meta.url)));
    reports.set('eval/questions-holdout.json', evaluate(holdout, engineRetriever(engine), loadFurniture()));
    reports.set('eval/questions-grown.json (grown KB)', evaluate(grownDev, engineRetriever(grown.engine)));
    const grownDev2 = loadQuestionSet(fileURLToPath(new URL('../../eval/questions-grown-dev-2.json', import.meta.url)));
    reports.set('eval/questions-grown-dev-2.json (grown KB)', evaluate(grownDev2, engineRetriever(grown.engine)));
    reports.set('eval/questions.json (grown KB)', evaluate(dev, engineRetriever(grown.engine)));
    reports.set('eval/questions-holdout.json (grown KB)', evaluate(holdout, engineRetriever(grown.engine)));
  }, 120_000);
  afterAll(async () => {
    await grown.dispose();
  });

  it.each(Object.entries(MORE_FLOORS).flatMap(([set, floors]) => Object.entries(floors).map(([metric, floor]) => [set, metric, floor] as const)))(
    '%s: %s stays at or above its floor of %s',
    (set, metric, floor) => {
      const r = reports.get(set);
      if (!r) throw new Error(`no report for ${set}`);
      const value = r[metric as keyof typeof FLOORS];
      const detail = metric === 'abstentionRate' ? r.answeredOutOfScope : r.misses.map((m) => m.q);
      expect(value, `${metric} = ${value.toFixed(3)}; ${JSON.stringify(detail)}`).toBeGreaterThanOrEqual(floor);
    },
  );
});

describe('relevance order (what newest-first costs)', () => {
  it('re-sorts the same answers: recall@3 and abstention unchanged, the best-scored passage first', () => {
    const relevance = evaluate(dev, engineRetriever(engine, { order: 'relevance' }), loadFurniture());
    expect(relevance.recallAt3).toBe(report.recallAt3);
    expect(relevance.abstentionRate).toBe(report.abstentionRate);
    expect(relevance.falseAbstentions).toBe(report.falseAbstentions);
    const both = dev.inScope.map((x) => x.q).find((q) => engine.ask(q, { k: 3 }).perspectives) ?? '';
    const top = engineRetriever(engine, { order: 'relevance' })(both).top;
    const best = engine.ask(both, { k: 3 }).results.reduce((a, b) => (b.score > a.score ? b : a));
    expect(top[0]?.text).toBe(best.passage.text);
  });
});

describe('the question sets', () => {
  const sets = (): [string, QuestionSet][] => [
    ['eval/questions.json', dev],
    ['eval/questions-holdout.json', holdout],
    ['eval/questions-holdout-2.json', holdout2],
  ];

  it('have every expected excerpt in exactly one passage of the knowledge base', () => {
    const passages = engine.passages();
    const wrong: string[] = [];
    for (const [name, set] of sets()) {
      for (const item of set.inScope) {
        expect(item.expect.length, `${name}: "${item.q}" expects nothing`).toBeGreaterThan(0);
        for (const e of item.expect) {
          const n = passages.filter((p) => isExpected(p.text, [e])).length;
          if (n !== 1) wrong.push(`${name}: "${item.q}" expects "${e}", found in ${n} passages`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  // In-scope only: "who won the villa game last night" is in the out-of-scope part of both sets today.
  it('do not share in-scope questions between the development and the held-out set', () => {
    const all = (s: QuestionSet): string[] => s.inScope.map((i) => i.q.trim().toLowerCase());
    const devQs = new Set(all(dev));
    expect(all(holdout).filter((q) => devQs.has(q))).toEqual([]);
    expect(all(holdout2).filter((q) => devQs.has(q) || all(holdout).includes(q))).toEqual([]);
  });
});
