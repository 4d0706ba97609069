import type { Engine } from '../src/core/engine.ts';
import type { Retrieved } from './metrics.ts';

/** Our engine as the evaluation sees it: the 3 excerpts a user is shown, and a ranked list of 10. */
export function engineRetriever(engine: Engine): (q: string) => Retrieved {
  return (q) => {
    const shown = engine.ask(q, { k: 3 });
    const ranked = engine.ask(q, { k: 10 });
    const pick = (a: typeof shown) => a.results.map((r) => ({ text: r.passage.text, sourceId: r.source.id }));
    return { answered: shown.answered, top: pick(shown), ranked: pick(ranked) };
  };
}
