import type { Engine } from '../src/core/engine.ts';
import type { Retrieved } from './metrics.ts';

/**
 * Our engine as the evaluation sees it: the 3 excerpts a user is shown, and a ranked list of 10.
 *
 * `order: 'relevance'` re-sorts the same results by score. The engine shows the passages of
 * several sources newest first, as the product asks, so a weaker newer passage can come first;
 * this order shows what that costs recall@1 and MRR. The figures that count are the shown order's.
 */
export function engineRetriever(engine: Engine, options: { order?: 'shown' | 'relevance' } = {}): (q: string) => Retrieved {
  const byScore = options.order === 'relevance';
  return (q) => {
    const shown = engine.ask(q, { k: 3 });
    const ranked = engine.ask(q, { k: 10 });
    const pick = (a: typeof shown) => (byScore ? a.results.slice().sort((x, y) => y.score - x.score) : a.results).map((r) => ({ text: r.passage.text, sourceId: r.source.id }));
    return { answered: shown.answered, top: pick(shown), ranked: pick(ranked) };
  };
}
