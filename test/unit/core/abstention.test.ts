import { describe, expect, it } from 'vitest';
import { matchedBy, SCOPE_FEATURES, scopeFeatures, scopeProbability, type ScopeEvidence, type ScopeModel, type ScopeTerm } from '../../../src/core/abstention.ts';
import { SCOPE_MODEL } from '../../../src/core/abstention-model.ts';
import { engineOver, makeSource } from './helpers.ts';

const term = (weight: number, more: Partial<ScopeTerm> = {}): ScopeTerm => ({ term: 'word', words: ['word'], weight, matched: true, matchedBy: more.matched === false ? [] : [0], indexed: true, concept: false, aside: false, rarity: 0.5, ...more });
const evidence = (terms: ScopeTerm[], more: Partial<ScopeEvidence> = {}): ScopeEvidence => ({ terms, top: [], coverage: 0.5, bestCoverage: 0.4, best: 2, second: 1, pairs: 1, ...more });
const feature = (e: ScopeEvidence, name: (typeof SCOPE_FEATURES)[number]): number => scopeFeatures(e)[SCOPE_FEATURES.indexOf(name)] ?? NaN;

describe('matchedBy', () => {
  it('gives the positions of the top passages that match a term, itself or by a word standing in for it', () => {
    const top = [['autism', 'wait'], ['child'], ['wait']];
    expect(matchedBy('wait', top, new Map())).toEqual([0, 2]);
    expect(matchedBy('kid', top, new Map([['child', 'kid']]))).toEqual([1]);
    expect(matchedBy('tribunal', top, new Map())).toEqual([]);
  });
});

describe('scopeFeatures', () => {
  it('gives one value per feature, in order', () => {
    expect(scopeFeatures(evidence([term(1)]))).toHaveLength(SCOPE_FEATURES.length);
    expect(feature(evidence([term(1)], { coverage: 0.7, bestCoverage: 0.6 }), 'coverage')).toBe(0.7);
    expect(feature(evidence([term(1)], { coverage: 0.7, bestCoverage: 0.6 }), 'bestCoverage')).toBe(0.6);
  });

  it('measures the unmatched part of the question as shares of its weight', () => {
    // weights 1 (matched concept), 2 (unmatched, unknown to the collection, rare), 1 (unmatched everyday word, from the story)
    const e = evidence([term(1, { concept: true }), term(2, { matched: false, indexed: false, rarity: 1 }), term(1, { matched: false, rarity: 0.1, aside: true })]);
    expect(feature(e, 'unknownShare')).toBeCloseTo(0.5);
    expect(feature(e, 'largestMissing')).toBeCloseTo(0.5);
    expect(feature(e, 'rareMissing')).toBeCloseTo((2 * 1 + 1 * 0.1) / 4);
    expect(feature(e, 'conceptShare')).toBeCloseTo(0.25);
    expect(feature(e, 'asideShare')).toBeCloseTo(0.25);
    expect(feature(e, 'headMatched')).toBe(0);
    expect(feature(evidence([term(3), term(1, { matched: false })]), 'headMatched')).toBe(1);
  });

  it('says how clearly the best passage stands out, bounded', () => {
    expect(feature(evidence([term(1)], { best: 4, second: 1 }), 'margin')).toBeCloseTo(Math.log(4));
    expect(feature(evidence([term(1)], { best: 4, second: 0 }), 'margin')).toBe(5);
    expect(feature(evidence([term(1)], { best: 0, second: 0 }), 'margin')).toBe(0);
  });
});

describe('scopeProbability', () => {
  const model: ScopeModel = { features: ['a', 'b'], mean: [1, 0], scale: [2, 1], weights: [1, -1], bias: 0, threshold: 0.5 };
  it('standardises, weighs and squashes', () => {
    expect(scopeProbability(model, [1, 0])).toBeCloseTo(0.5);
    expect(scopeProbability(model, [3, 0])).toBeCloseTo(1 / (1 + Math.exp(-1)));
    expect(scopeProbability(model, [1, 2])).toBeCloseTo(1 / (1 + Math.exp(2)));
  });

  it('the shipped model reads the features the engine computes, with a threshold between 0 and 1', () => {
    expect(SCOPE_MODEL.features).toEqual([...SCOPE_FEATURES]);
    for (const list of [SCOPE_MODEL.mean, SCOPE_MODEL.scale, SCOPE_MODEL.weights]) expect(list).toHaveLength(SCOPE_FEATURES.length);
    expect(SCOPE_MODEL.threshold).toBeGreaterThan(0);
    expect(SCOPE_MODEL.threshold).toBeLessThan(1);
  });
});

describe('the engine with the abstention model', () => {
  const source = makeSource(
    'council',
    [
      'Families wait too long for an autism diagnosis, and waiting times for speech and language therapy are long.',
      '',
      'Too few EHC plans were issued within twenty weeks, and their quality was poor.',
      '',
      'Inspectors found that parents were not listened to by the council.',
    ].join('\n'),
  );
  const model = engineOver([source], undefined, { abstention: 'model' });
  const rule = engineOver([source], undefined, { abstention: 'coverage' });

  it('exposes the features of a question it can match, and none for one it cannot', () => {
    const evidence = model.scopeEvidence('how long is the wait for an autism diagnosis');
    expect(evidence && scopeFeatures(evidence)).toHaveLength(SCOPE_FEATURES.length);
    expect(model.scopeEvidence('recipe for flapjack')).toBeUndefined();
    expect(model.scopeEvidence('')).toBeUndefined();
  });

  it('answers a covered question and declines an off-topic one', () => {
    expect(model.ask('how long is the wait for an autism diagnosis').answered).toBe(true);
    expect(model.ask('recipe for flapjack').answered).toBe(false);
    expect(model.ask('when are the bins collected by the council').answered).toBe(false);
  });

  it('decides by the model, not by the coverage rule, when asked to', () => {
    // Same ranking either way: only the decision differs.
    const q = 'autism diagnosis waiting times';
    const a = model.ask(q);
    const b = rule.ask(q);
    if (a.answered && b.answered) expect(a.results.map((r) => r.passage.id)).toEqual(b.results.map((r) => r.passage.id));
    const evidence = model.scopeEvidence(q);
    const features = evidence ? scopeFeatures(evidence) : [];
    const p = scopeProbability(SCOPE_MODEL, features);
    expect(a.answered).toBe(p >= SCOPE_MODEL.threshold);
  });
});
