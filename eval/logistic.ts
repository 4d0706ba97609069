/**
 * L2-regularised logistic regression with class-balanced weights, fitted by Newton's method
 * (a handful of features, a few hundred questions: exact and deterministic), and the
 * cross-validation helpers the abstention fit uses.
 */
export interface Fitted {
  mean: number[];
  scale: number[];
  weights: number[];
  bias: number;
}

/** Mean and standard deviation of each column. */
function standardiser(xs: readonly number[][]): { mean: number[]; scale: number[] } {
  const d = xs[0]?.length ?? 0;
  const mean = Array.from({ length: d }, (_, j) => xs.reduce((s, x) => s + (x[j] ?? 0), 0) / xs.length);
  const scale = Array.from({ length: d }, (_, j) => Math.sqrt(xs.reduce((s, x) => s + ((x[j] ?? 0) - (mean[j] ?? 0)) ** 2, 0) / xs.length) || 1);
  return { mean, scale };
}

/** Solves `a · x = b` by Gauss-Jordan elimination with partial pivoting (a is small and positive definite). */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i] ?? 0]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]?.[c] ?? 0) > Math.abs(m[p]?.[c] ?? 0)) p = r;
    [m[c], m[p]] = [m[p] as number[], m[c] as number[]];
    const pivot = m[c]?.[c] || 1e-12;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = (m[r]?.[c] ?? 0) / pivot;
      for (let k = c; k <= n; k++) (m[r] as number[])[k] = (m[r]?.[k] ?? 0) - f * (m[c]?.[k] ?? 0);
    }
  }
  return m.map((row, i) => (row[n] ?? 0) / (row[i] || 1e-12));
}

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/**
 * Fits P(y = 1 | x) with penalty `lambda` × |w|² (not on the bias). Each class weighs half in
 * total, so the rarer out-of-scope questions count as much as the answerable ones.
 */
export function fitLogistic(xs: readonly number[][], ys: readonly number[], lambda: number): Fitted {
  const { mean, scale } = standardiser(xs);
  const z = xs.map((x) => [1, ...x.map((v, j) => (v - (mean[j] ?? 0)) / (scale[j] ?? 1))]);
  const positives = ys.filter((y) => y === 1).length;
  const w = ys.map((y) => (y === 1 ? 0.5 / positives : 0.5 / (ys.length - positives)));
  const d = (z[0]?.length ?? 1);
  let beta: number[] = new Array<number>(d).fill(0);
  for (let iter = 0; iter < 50; iter++) {
    const grad: number[] = beta.map((b, j) => (j === 0 ? 0 : 2 * lambda * b));
    const hess: number[][] = Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === j && i > 0 ? 2 * lambda : 0)));
    z.forEach((row, n) => {
      const p = sigmoid(row.reduce((s, v, j) => s + v * (beta[j] ?? 0), 0));
      const wn = w[n] ?? 0;
      for (let i = 0; i < d; i++) {
        (grad[i] as number) += wn * (p - (ys[n] ?? 0)) * (row[i] ?? 0);
        for (let j = 0; j < d; j++) (hess[i] as number[])[j] = (hess[i]?.[j] ?? 0) + wn * p * (1 - p) * (row[i] ?? 0) * (row[j] ?? 0);
      }
    });
    const step = solve(hess, grad);
    beta = beta.map((b, j) => b - (step[j] ?? 0));
    if (Math.max(...step.map(Math.abs)) < 1e-9) break;
  }
  return { mean, scale, bias: beta[0] ?? 0, weights: beta.slice(1) };
}

export function predict(model: Fitted, x: readonly number[]): number {
  return sigmoid(model.bias + model.weights.reduce((s, w, j) => s + w * (((x[j] ?? 0) - (model.mean[j] ?? 0)) / (model.scale[j] || 1)), 0));
}

/** Deterministic fold of each group (mulberry32 shuffle of the distinct groups, dealt round-robin). */
export function foldsByGroup(groups: readonly string[], k: number, seed: number): number[] {
  let a = seed >>> 0;
  const random = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const distinct = [...new Set(groups)];
  for (let i = distinct.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [distinct[i], distinct[j]] = [distinct[j] as string, distinct[i] as string];
  }
  const fold = new Map(distinct.map((g, i) => [g, i % k]));
  return groups.map((g) => fold.get(g) ?? 0);
}

export function logLoss(ps: readonly number[], ys: readonly number[]): number {
  const pos = ys.filter((y) => y === 1).length;
  const neg = ys.length - pos;
  // Class-balanced, like the fit.
  return -ps.reduce((s, p, i) => s + (ys[i] === 1 ? Math.log(Math.max(p, 1e-12)) / pos : Math.log(Math.max(1 - p, 1e-12)) / neg), 0) / 2;
}

/**
 * The highest threshold at which at most `maxDeclined` of the answerable questions (y = 1) fall
 * below it: as many out-of-scope questions declined as that allows.
 */
export function thresholdForDeclined(ps: readonly number[], ys: readonly number[], maxDeclined: number): number {
  const positives = ps.filter((_, i) => ys[i] === 1).sort((a, b) => a - b);
  const allowed = Math.floor(maxDeclined * positives.length);
  const at = positives[allowed] ?? 0.5;
  const below = positives[allowed - 1];
  // Midway between the last declined and the first kept answerable question.
  return below === undefined ? at / 2 : (at + below) / 2;
}
