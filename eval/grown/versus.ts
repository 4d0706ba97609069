/**
 * `node eval/grown/versus.ts`: development sets only, over the grown knowledge base. For each
 * answered in-scope question where lunr's top 3 holds an expected passage and the engine's does
 * not, prints where the expected passage sits in the engine's ranking (k = 10) and what was shown,
 * so the reason (the choice of passages shown, their order, folding, ranking) can be read.
 */
import { anchorRetriever, buildAnchor } from '../../bench/anchors.ts';
import { engineRetriever } from '../engine-retriever.ts';
import { isExpected } from '../metrics.ts';
import { buildGrownKnowledge } from './build.ts';
import { questionSets } from './report.ts';

const sets = questionSets();
const grown = await buildGrownKnowledge();
try {
  const passages = grown.snapshot.sources.flatMap((s) => s.passages);
  const lunr = anchorRetriever(buildAnchor('lunr', passages), passages);
  const engine = engineRetriever(grown.engine);
  const dev = [...sets.grown.filter(([n]) => !n.includes('held-out')), ...sets.start.slice(0, 2)];
  for (const [name, set] of dev) {
    console.log(`\n## ${name} (grown KB)`);
    for (const item of set.inScope) {
      const e = engine(item.q);
      if (!e.answered || e.top.some((p) => isExpected(p.text, item.expect))) continue;
      const l = lunr(item.q);
      if (!l.top.slice(0, 3).some((p) => isExpected(p.text, item.expect))) continue;
      const rank = e.ranked.findIndex((p) => isExpected(p.text, item.expect));
      const a = grown.engine.ask(item.q, { k: 10 });
      console.log(`- ${item.q}\n    expected at engine rank ${rank < 0 ? '>10' : rank + 1}; shown ${e.top.length}; perspectives ${grown.engine.ask(item.q, { k: 3 }).perspectives}`);
      const three = grown.engine.ask(item.q, { k: 3 });
      console.log(`    change ${grown.engine.analyse(item.q).change}; shown: ${three.results.map((r) => `${r.score.toFixed(2)}/${r.source.published ?? ''}${isExpected(r.passage.text, item.expect) ? '*' : ''}`).join(', ')}`);
      for (const r of a.results.slice().sort((x, y) => y.score - x.score)) console.log(`    ${isExpected(r.passage.text, item.expect) ? '*' : ' '} ${r.score.toFixed(3)} c${r.coverage.toFixed(2)} ${r.source.published ?? ''} ${r.passage.text.slice(0, 70)}`);
    }
  }
} finally {
  await grown.dispose();
}
