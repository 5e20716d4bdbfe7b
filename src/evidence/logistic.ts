/**
 * Binary logistic regression: a small, inspectable model whose output is a probability.
 * Features are standardised; weights are fitted by full-batch gradient descent (Adam)
 * with an L2 penalty; the two classes weigh the same in total, whatever their counts.
 *
 * A feature may carry a sign: the direction in which it can move the probability
 * ("more of the question's words in the sentence never makes it less likely to answer").
 * Fitting keeps such weights on their side of zero. With the few hundred examples a
 * small collection yields, this keeps the model from learning accidents of the sample.
 * Deterministic: the same data gives the same model.
 */
export interface LogisticModel {
  features: string[];
  mean: number[];
  scale: number[];
  weights: number[];
  bias: number;
}

/** +1: may only raise the probability; -1: may only lower it; 0: either. */
export type Signs = Record<string, 1 | -1 | 0>;

export interface FitOptions {
  /** L2 penalty on the weights. @default 0.02 */
  l2?: number;
  /** @default 400 */
  iterations?: number;
  /** @default 0.05 */
  learningRate?: number;
  signs?: Signs;
}

export function fitLogistic(rows: number[][], labels: boolean[], features: string[], options: FitOptions = {}): LogisticModel {
  const { l2 = 0.02, iterations = 400, learningRate = 0.05, signs = {} } = options;
  const n = rows.length;
  const f = features.length;
  const mean = new Array<number>(f).fill(0);
  const scale = new Array<number>(f).fill(0);
  for (const r of rows) r.forEach((v, j) => (mean[j]! += v / n));
  for (const r of rows) r.forEach((v, j) => (scale[j]! += (v - mean[j]!) ** 2 / n));
  for (let j = 0; j < f; j++) scale[j] = Math.sqrt(scale[j]!) || 1;
  const x = rows.map((r) => Float64Array.from(r, (v, j) => (v - mean[j]!) / scale[j]!));
  const sign = features.map((name) => signs[name] ?? 0);

  const positives = labels.filter(Boolean).length;
  const weightOf = (y: boolean) => (n === 0 ? 0 : y ? 0.5 / Math.max(1, positives) : 0.5 / Math.max(1, n - positives));

  const w = new Float64Array(f);
  let b = 0;
  const mw = new Float64Array(f);
  const vw = new Float64Array(f);
  let mb = 0;
  let vb = 0;
  const g = new Float64Array(f);
  const [beta1, beta2, eps] = [0.9, 0.999, 1e-8];
  for (let it = 1; it <= iterations; it++) {
    g.fill(0);
    let gb = 0;
    for (let i = 0; i < n; i++) {
      const xi = x[i]!;
      let z = b;
      for (let j = 0; j < f; j++) z += w[j]! * xi[j]!;
      const p = 1 / (1 + Math.exp(-z));
      const d = (p - (labels[i] ? 1 : 0)) * weightOf(labels[i]!);
      gb += d;
      for (let j = 0; j < f; j++) g[j]! += d * xi[j]!;
    }
    const c1 = 1 - beta1 ** it;
    const c2 = 1 - beta2 ** it;
    for (let j = 0; j < f; j++) {
      const gj = g[j]! + l2 * w[j]!;
      mw[j] = beta1 * mw[j]! + (1 - beta1) * gj;
      vw[j] = beta2 * vw[j]! + (1 - beta2) * gj * gj;
      w[j]! -= (learningRate * (mw[j]! / c1)) / (Math.sqrt(vw[j]! / c2) + eps);
      // Keep a signed feature's weight on its side of zero.
      if (sign[j]! > 0 && w[j]! < 0) w[j] = 0;
      if (sign[j]! < 0 && w[j]! > 0) w[j] = 0;
    }
    mb = beta1 * mb + (1 - beta1) * gb;
    vb = beta2 * vb + (1 - beta2) * gb * gb;
    b -= (learningRate * (mb / c1)) / (Math.sqrt(vb / c2) + eps);
  }
  return { features, mean, scale, weights: Array.from(w), bias: b };
}

/** The probability of the positive class for one row of features. */
export function predict(model: LogisticModel, features: Record<string, number>): number {
  let z = model.bias;
  model.features.forEach((name, j) => (z += (model.weights[j]! * ((features[name] ?? 0) - model.mean[j]!)) / model.scale[j]!));
  return 1 / (1 + Math.exp(-z));
}

/** A features record as a row in the given feature order. */
export function rowOf(features: readonly string[], values: Record<string, number>): number[] {
  return features.map((f) => values[f] ?? 0);
}
