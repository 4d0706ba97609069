/**
 * One speed measurement in a fresh process, so heap figures are not polluted by another size:
 *   node --expose-gc --import tsx bench/worker.ts --size real|10000|100000 --retriever engine|minisearch|lunr [--budget SECONDS]
 * Builds the index over the real or a generated corpus, then times every question of the
 * development set (in-scope and out-of-scope), warmed up, repeated until the time budget is spent.
 * Prints one JSON object (a {@link WorkerResult}) on stdout.
 */
import { parseArgs } from 'node:util';
import { Engine } from '../src/core/engine.ts';
import { defaultKnowledgeDir } from '../src/cli/paths.ts';
import { loadKnowledge } from '../src/knowledge/load.ts';
import { collectionOf } from '../src/knowledge/open.ts';
import { loadQuestionSet } from '../eval/metrics.ts';
import { ANCHORS, buildAnchor, type AnchorName } from './anchors.ts';
import { corpusOf } from './corpus.ts';
import { mean, median, percentile } from './stats.ts';

export type RetrieverName = 'engine' | AnchorName;

export interface WorkerResult {
  retriever: RetrieverName;
  size: number | 'real';
  passages: number;
  sources: number;
  buildMs: number;
  /** Heap used after the build, after a full GC: the corpus, the index and the code. */
  heapAfterBuild: number;
  /** Heap used by the index alone: after the build minus before it (both after a full GC). */
  indexHeap: number;
  rssAfterBuild: number;
  /** Peak resident set of the whole process (corpus generation, build and queries). */
  peakRss: number;
  gc: boolean;
  questions: number;
  reps: number;
  samples: number;
  p50: number;
  p99: number;
  mean: number;
  max: number;
  /** The question with the highest median time over the repetitions. */
  slowest: { q: string; ms: number };
  /** Questions answered (engine) or with at least one hit (anchors), on the last repetition. */
  answered: number;
  /** Engine only: mean time of `engine.analyse` (spelling, vocabulary) per question. */
  analyseMean?: number;
  /**
   * Engine only: mean postings a question touches (sum over its query terms of the number of passages
   * that contain the term, from the engine's own document frequencies).
   */
  meanPostings?: number;
  /** Anchors only: mean number of hits per question (how much of the index a question touches). */
  meanHits?: number;
}

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: 'real' },
    retriever: { type: 'string', default: 'engine' },
    budget: { type: 'string', default: '3' },
    /** Passes over the questions before timing; a fraction warms up on the first share of them. */
    warmup: { type: 'string', default: '2' },
    'min-reps': { type: 'string', default: '2' },
  },
});
const size = values.size === 'real' ? 'real' : Number(values.size);
if (size !== 'real' && !(Number.isInteger(size) && size > 0)) throw new Error(`bad --size ${values.size}`);
const retriever = values.retriever as RetrieverName;
if (retriever !== 'engine' && !(ANCHORS as readonly string[]).includes(retriever)) throw new Error(`bad --retriever ${values.retriever}`);
const budgetMs = Number(values.budget) * 1000;
const warmup = Number(values.warmup);
const minReps = Math.max(1, Number(values['min-reps']));

const gc = (globalThis as { gc?: () => void }).gc;
const collect = (): void => {
  if (gc) for (let i = 0; i < 3; i++) gc();
};

const snapshot = await loadKnowledge(defaultKnowledgeDir());
const corpus = corpusOf(snapshot.sources, size);
const passages = corpus.flatMap((s) => s.passages);
const set = loadQuestionSet();
const questions = [...set.inScope.map((i) => i.q), ...set.outOfScope.map((i) => i.q)];

collect();
const heapBefore = process.memoryUsage().heapUsed;
const t0 = performance.now();
let run: (q: string) => number;
let engine: Engine | undefined;
if (retriever === 'engine') {
  // The bot's collection (glossary, everyday word frequencies), over the real or generated sources.
  const e = Engine.build({ ...collectionOf(snapshot), sources: corpus });
  engine = e;
  run = (q) => (e.ask(q).answered ? 1 : 0);
} else {
  const search = buildAnchor(retriever, passages);
  run = (q) => search(q).length;
}
const buildMs = performance.now() - t0;
collect();
const mem = process.memoryUsage();

for (let i = 0; i < Math.round(warmup * questions.length); i++) run(questions[i % questions.length] ?? '');

const samples: number[] = [];
const perQuestion = new Map<string, number[]>(questions.map((q) => [q, []]));
let reps = 0;
let answered = 0;
let hits = 0;
const started = performance.now();
while (reps < minReps || (performance.now() - started < budgetMs && reps < 200)) {
  answered = 0;
  hits = 0;
  for (const q of questions) {
    const s = performance.now();
    const n = run(q);
    const t = performance.now() - s;
    samples.push(t);
    perQuestion.get(q)?.push(t);
    hits += n;
    if (n > 0) answered++;
  }
  reps++;
}

let slowest = { q: '', ms: -1 };
for (const [q, times] of perQuestion) if (median(times) > slowest.ms) slowest = { q, ms: median(times) };

let analyseMean: number | undefined;
let meanPostings: number | undefined;
if (engine) {
  const n = engine.passageCount;
  let postings = 0;
  for (const q of questions) {
    for (const t of engine.analyse(q).terms) {
      // weight = log(1 + n / df) (an unknown term weighs as df = 1: off by one posting at most).
      postings += Math.round(n / Math.expm1(engine.weight(t.term)));
    }
  }
  meanPostings = postings / questions.length;
  const times: number[] = [];
  for (let r = 0; r < Math.max(1, Math.min(reps, 20)); r++) {
    for (const q of questions) {
      const s = performance.now();
      engine.analyse(q);
      times.push(performance.now() - s);
    }
  }
  analyseMean = mean(times);
}

const result: WorkerResult = {
  retriever,
  size,
  passages: passages.length,
  sources: corpus.length,
  buildMs,
  heapAfterBuild: mem.heapUsed,
  indexHeap: mem.heapUsed - heapBefore,
  rssAfterBuild: mem.rss,
  peakRss: process.resourceUsage().maxRSS * 1024,
  gc: gc !== undefined,
  questions: questions.length,
  reps,
  samples: samples.length,
  p50: percentile(samples, 50),
  p99: percentile(samples, 99),
  mean: mean(samples),
  max: Math.max(...samples),
  slowest,
  answered,
  ...(analyseMean !== undefined && { analyseMean }),
  ...(meanPostings !== undefined && { meanPostings }),
  ...(retriever !== 'engine' && { meanHits: hits / questions.length }),
};
process.stdout.write(`${JSON.stringify(result)}\n`);
