/**
 * The growth part of `npm run eval` (eval/grown/growth.ts): which out-of-scope questions a grown
 * knowledge base answers that the smaller one declined, and the explanation of each decision.
 */
import { describe, expect, it } from 'vitest';
import { describeRegressions, explainScope, growthRegressions } from '../../eval/grown/growth.ts';
import { engineOver, makeSource } from './core/helpers.ts';

const report = makeSource(
  'report',
  [
    'Families wait too long for an autism diagnosis, and waiting times for speech and language therapy are long.',
    '',
    'Too few EHC plans were issued within twenty weeks, and their quality was poor.',
  ].join('\n'),
);
const budget = makeSource('budget', 'The council will set its budget for bus transport to schools in March.');
const start = engineOver([report]);
const grown = engineOver([report, budget]);
const set = {
  inScope: [],
  outOfScope: [
    { q: 'what is the budget for bus transport', tags: [] },
    { q: 'recipe for flapjack', tags: [] },
  ],
};

describe('growth regressions', () => {
  it('lists the out-of-scope questions only the grown knowledge base answers', () => {
    expect(start.ask('what is the budget for bus transport').answered).toBe(false);
    expect(grown.ask('what is the budget for bus transport').answered).toBe(true);
    expect(growthRegressions(start, grown, [['set', set]])).toEqual([{ set: 'set', q: 'what is the budget for bus transport' }]);
    expect(growthRegressions(start, start, [['set', set]])).toEqual([]);
  });

  it('explains a decision: coverage, the top passages, and which of them match each term', () => {
    const [coverage, terms] = explainScope(grown, 'what is the budget for bus transport');
    expect(coverage).toMatch(/^coverage 1\.00 together, 1\.00 the best passage; top: 0 budget \(1\.00\)/);
    expect(terms).toMatch(/budget 0\.\d\d ← 0/);
    expect(terms).toMatch(/transport 0\.\d\d ← 0/);
    const [, unmatched] = explainScope(start, 'how long is the wait for a bus');
    expect(unmatched).toMatch(/bus\? 0\.\d\d ← –/);
    expect(explainScope(grown, 'recipe for flapjack')).toEqual(['nothing in the collection matches it']);
  });

  it('names each regression with its set, then its explanation', () => {
    const lines = describeRegressions(grown, [{ set: 'set', q: 'what is the budget for bus transport' }]);
    expect(lines[0]).toBe('- what is the budget for bus transport (set)');
    expect(lines.slice(1).every((l) => l.startsWith('    '))).toBe(true);
  });
});
