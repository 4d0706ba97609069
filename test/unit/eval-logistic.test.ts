import { describe, expect, it } from 'vitest';
import { fitLogistic, foldsByGroup, logLoss, predict, thresholdForDeclined } from '../../eval/logistic.ts';

describe('fitLogistic', () => {
  // y = 1 when x0 > x1, with noise-free points on both sides.
  const xs = [[2, 0], [3, 1], [4, 0], [1, 0.5], [0, 2], [1, 3], [0, 4], [0.5, 1]];
  const ys = [1, 1, 1, 1, 0, 0, 0, 0];

  it('separates separable classes and weighs the features by their effect', () => {
    const m = fitLogistic(xs, ys, 0.01);
    xs.forEach((x, i) => expect(predict(m, x) >= 0.5 ? 1 : 0).toBe(ys[i]));
    expect(m.weights[0]).toBeGreaterThan(0);
    expect(m.weights[1]).toBeLessThan(0);
  });

  it('shrinks the weights as the penalty grows', () => {
    const norm = (l: number): number => Math.hypot(...fitLogistic(xs, ys, l).weights);
    expect(norm(1)).toBeLessThan(norm(0.01));
  });

  it('log loss is lower for better probabilities', () => {
    expect(logLoss([0.9, 0.1], [1, 0])).toBeLessThan(logLoss([0.6, 0.4], [1, 0]));
  });
});

describe('foldsByGroup', () => {
  it('keeps each group in one fold, uses every fold, and is the same for the same seed', () => {
    const groups = Array.from({ length: 40 }, (_, i) => `q${i % 20}`);
    const folds = foldsByGroup(groups, 5, 1);
    groups.forEach((g, i) => expect(folds[groups.indexOf(g)]).toBe(folds[i]));
    expect(new Set(folds).size).toBe(5);
    expect(foldsByGroup(groups, 5, 1)).toEqual(folds);
  });
});

describe('thresholdForDeclined', () => {
  it('declines at most the allowed share of positives, and as many negatives as that allows', () => {
    const ps = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.05, 0.15, 0.35];
    const ys = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0];
    const t = thresholdForDeclined(ps, ys, 0.2);
    const declinedPositives = ps.filter((p, i) => ys[i] === 1 && p < t).length;
    expect(declinedPositives).toBe(2);
    expect(ps.filter((p, i) => ys[i] === 0 && p < t)).toEqual([0.05, 0.15]);
  });
});
