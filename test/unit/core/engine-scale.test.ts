import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../../src/knowledge/load.ts';
import { engineRetriever } from '../../../eval/engine-retriever.ts';
import { evaluate, loadQuestionSet } from '../../../eval/metrics.ts';
import { defaultKnowledgeDir } from '../../../src/cli/paths.ts';
import { engineOver } from './helpers.ts';

// Large collections take other paths through the engine (a postings budget, then impact-ordered
// short lists). Forcing them on the real knowledge base checks they still answer and abstain well.
describe('Engine on the large-collection paths', async () => {
  const snap = await loadKnowledge(defaultKnowledgeDir());
  const set = loadQuestionSet();

  it('searching only the rarest terms keeps answering and abstaining', () => {
    const r = evaluate(set, engineRetriever(engineOver(snap.sources, snap.vocabulary, { postingsBudget: 3 })), []);
    expect(r.recallAt3).toBeGreaterThanOrEqual(0.7);
    expect(r.abstentionRate).toBeGreaterThanOrEqual(0.85);
  });

  it('impact lists keep answering and abstaining', () => {
    const r = evaluate(set, engineRetriever(engineOver(snap.sources, snap.vocabulary, { postingsBudget: 1, impactListSize: 40 })), []);
    expect(r.recallAt3).toBeGreaterThanOrEqual(0.7);
    expect(r.abstentionRate).toBeGreaterThanOrEqual(0.85);
  });

  it('impact lists keep only the best passages of a term', () => {
    const tiny = engineOver(snap.sources, snap.vocabulary, { postingsBudget: 1, impactListSize: 1 });
    const a = tiny.ask('occupational therapy waiting times', { k: 10 });
    // With one passage per term, the candidates are at most one per question term.
    expect(a.results.length).toBeLessThanOrEqual(tiny.analyse('occupational therapy waiting times').terms.length);
  });
});
