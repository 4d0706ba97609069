/**
 * Where a cold `ask --json` spends its time, measured inside one fresh process:
 *   node --import tsx bench/cold.ts "question"
 * Does what `src/cli/ask.ts --json` does, step by step: Node and tsx start-up (until this module
 * runs), importing the CLI's module graph, reading and parsing the knowledge folder, building the
 * engine, answering, and writing the JSON. Prints one JSON object of {@link ColdBreakdown}.
 * Only dynamic imports here, so that the first figure is start-up alone.
 */
export interface ColdBreakdown {
  /** From process start until this module's body runs: Node bootstrap, tsx's loader, compiling this file. */
  startup: number;
  /** Node's own bootstrap (performance.nodeTiming.bootstrapComplete). */
  nodeBootstrap: number;
  /** Importing src/cli/ask.ts and everything it imports (tsx compiles each file on first use). */
  imports: number;
  /** Of which: the `natural` modules (Porter stemmer, stop words), imported first on their own. */
  importNatural: number;
  /** Of which: minisearch. */
  importMiniSearch: number;
  loadKnowledge: number;
  buildEngine: number;
  ask: number;
  json: number;
  /** From process start to the end of the answer (exit follows). */
  total: number;
  heapUsed: number;
  maxRss: number;
}

const startup = performance.now();
const question = process.argv.slice(2).join(' ') || 'how long is the wait for an autism assessment';
const lap = (() => {
  let t = performance.now();
  return (): number => {
    const now = performance.now();
    const d = now - t;
    t = now;
    return d;
  };
})();

const importNatural = await (async () => {
  lap();
  await import('natural/lib/natural/stemmers/porter_stemmer.js');
  await import('natural/lib/natural/util/stopwords.js');
  return lap();
})();
await import('minisearch');
const importMiniSearch = lap();
await import('../src/cli/ask.ts');
const { answerToJson } = await import('../src/core/json.ts');
const { buildEngine: build } = await import('../src/knowledge/open.ts');
const { abstainMessage } = await import('../src/replies/abstain.ts');
const { loadKnowledge } = await import('../src/knowledge/load.ts');
const { defaultKnowledgeDir } = await import('../src/cli/paths.ts');
const imports = importNatural + importMiniSearch + lap();
const snapshot = await loadKnowledge(defaultKnowledgeDir());
const loadTime = lap();
// The bot's engine: with the glossary and the everyday word frequencies (see collectionOf).
const engine = build(snapshot);
const buildEngine = lap();
const answer = engine.ask(question);
const ask = lap();
const text = `${JSON.stringify(answerToJson(answer, answer.answered ? undefined : abstainMessage(answer.reason, engine.sources.length)), null, 2)}\n`;
const json = lap();
if (text.length === 0) throw new Error('empty answer');

const result: ColdBreakdown = {
  startup,
  nodeBootstrap: performance.nodeTiming.bootstrapComplete,
  imports,
  importNatural,
  importMiniSearch,
  loadKnowledge: loadTime,
  buildEngine,
  ask,
  json,
  total: performance.now(),
  heapUsed: process.memoryUsage().heapUsed,
  maxRss: process.resourceUsage().maxRSS * 1024,
};
process.stdout.write(`${JSON.stringify(result)}\n`);
