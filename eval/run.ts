/**
 * `npm run eval`: quality of the answer engine on our question set (eval/questions.json) over the
 * real knowledge base. Prints a Markdown table for the README, then every miss.
 *   npm run eval -- [--knowledge DIR] [--verbose]
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { defaultKnowledgeDir } from '../src/cli/paths.ts';
import { openKnowledge } from '../src/knowledge/open.ts';
import { engineRetriever } from './engine-retriever.ts';
import { grownReport } from './grown/report.ts';
import { evaluate, loadFurniture, loadQuestionSet, reportTable } from './metrics.ts';

const { values } = parseArgs({ options: { knowledge: { type: 'string' }, verbose: { type: 'boolean', default: false } } });
const { engine } = await openKnowledge(values.knowledge ?? defaultKnowledgeDir());
const set = loadQuestionSet();
const second = loadQuestionSet(fileURLToPath(new URL('./questions-holdout.json', import.meta.url)));
const holdout = loadQuestionSet(fileURLToPath(new URL('./questions-holdout-2.json', import.meta.url)));
const report = evaluate(set, engineRetriever(engine), loadFurniture());
const dev2 = evaluate(second, engineRetriever(engine), loadFurniture());
const held = evaluate(holdout, engineRetriever(engine), loadFurniture());
console.log(`Development sets: ${report.questions} + ${dev2.questions} in-scope and ${report.outOfScope} + ${dev2.outOfScope} out-of-scope questions; held-out set: ${held.questions} and ${held.outOfScope}; ${engine.passageCount} passages\n`);
console.log(reportTable([['development set 1', report], ['development set 2', dev2], ['held-out set (never tuned on)', held]]));
// What the newest-first order of several sources costs: the same results, by score.
const relevance = engineRetriever(engine, { order: 'relevance' });
console.log('\nThe same answers in relevance order (for comparison only: the engine shows several sources newest first):\n');
console.log(reportTable([
  ['development set 1, relevance order', evaluate(set, relevance, loadFurniture())],
  ['development set 2, relevance order', evaluate(second, relevance, loadFurniture())],
  ['held-out set, relevance order', evaluate(holdout, relevance, loadFurniture())],
]));
if (report.misses.length) {
  console.log(`\nNot in the top 3 (${report.misses.length}):`);
  for (const m of report.misses) console.log(`- ${m.q}\n${m.got.map((g) => `    · ${g}`).join('\n') || '    (abstained)'}`);
}
if (report.answeredOutOfScope.length) {
  console.log(`\nOut-of-scope questions answered (${report.answeredOutOfScope.length}):`);
  for (const q of report.answeredOutOfScope) {
    const a = engine.ask(q);
    console.log(`- ${q}  → coverage ${a.results[0]?.coverage}  ${a.results[0]?.passage.text.slice(0, 70)}`);
  }
}
if (values.verbose) {
  for (const item of set.inScope) {
    const a = engine.ask(item.q);
    console.log(`\n${item.q}  [${engine.analyse(item.q).terms.map((t) => t.term).join(' ')}] answered=${a.answered} ${a.results.map((r) => r.coverage).join(',')}`);
  }
}
// The engine beside plain BM25 anchors, on the starting and the grown knowledge base (eval/grown/).
await grownReport(engine);
