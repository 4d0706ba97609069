/**
 * `node eval/grown/sweep.ts '<settings JSON>' ... [--held-out]`: the engine's figures under
 * candidate settings, one line per set: the development sets over both knowledge bases (and, with
 * --held-out, the held-out sets, read once per candidate). Abstention columns must not move.
 */
import { buildEngine } from '../../src/knowledge/open.ts';
import type { EngineSettings } from '../../src/core/options.ts';
import { engineRetriever } from '../engine-retriever.ts';
import { evaluate, type QuestionSet } from '../metrics.ts';
import { buildGrownKnowledge, START_KNOWLEDGE } from './build.ts';
import { openKnowledge } from './kb.ts';
import { grownFurniture, questionSets } from './report.ts';

const heldOut = process.argv.includes('--held-out');
const candidates = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const sets = questionSets();
const furniture = grownFurniture();
const start = await openKnowledge(START_KNOWLEDGE);
const grown = await buildGrownKnowledge();
try {
  const runs: [string, typeof start.snapshot, [string, QuestionSet][]][] = [
    ['grown', grown.snapshot, heldOut ? sets.grown : sets.grown.filter(([name]) => !name.includes('held-out'))],
    ['grown', grown.snapshot, heldOut ? sets.start : sets.start.slice(0, 2)],
    ['start', start.snapshot, heldOut ? sets.start : sets.start.slice(0, 2)],
  ];
  for (const json of ['{}', ...candidates]) {
    const settings = JSON.parse(json) as EngineSettings;
    console.log(`\n${json}`);
    for (const [kb, snapshot, named] of runs) {
      const engine = buildEngine(snapshot, settings);
      for (const [name, set] of named) {
        const r = evaluate(set, engineRetriever(engine), furniture);
        console.log(`  ${`${name} (${kb})`.padEnd(52)} r@1 ${r.recallAt1.toFixed(3)} r@3 ${r.recallAt3.toFixed(3)} mrr ${r.mrrAt10.toFixed(3)} oos ${r.abstentionRate.toFixed(3)} in ${r.falseAbstentions}/${r.questions} both ${r.bothSides.toFixed(3)}`);
      }
    }
  }
} finally {
  await grown.dispose();
}
