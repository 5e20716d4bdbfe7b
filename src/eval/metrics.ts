/**
 * Figures for judging the judgments: how well a score separates two groups (ROC AUC),
 * and whether a probability means what it says (calibration by bins).
 */

/** ROC AUC: the chance that a random positive scores above a random negative (ties count half). */
export function rocAuc(positives: number[], negatives: number[]): number {
  if (positives.length === 0 || negatives.length === 0) return NaN;
  let wins = 0;
  for (const p of positives) for (const n of negatives) wins += p > n ? 1 : p === n ? 0.5 : 0;
  return wins / (positives.length * negatives.length);
}

export interface CalibrationBin {
  from: number;
  to: number;
  count: number;
  /** Mean predicted probability in the bin. */
  predicted: number;
  /** Share of the bin that was right. */
  observed: number;
}

/** Groups (probability, was it right) pairs into equal-width bins. */
export function calibration(items: Array<{ p: number; right: boolean }>, bins = 5): CalibrationBin[] {
  const out: CalibrationBin[] = [];
  for (let b = 0; b < bins; b++) {
    const from = b / bins;
    const to = (b + 1) / bins;
    const inBin = items.filter((x) => x.p >= from && (x.p < to || (b === bins - 1 && x.p <= to)));
    if (inBin.length === 0) continue;
    out.push({ from, to, count: inBin.length, predicted: inBin.reduce((s, x) => s + x.p, 0) / inBin.length, observed: inBin.filter((x) => x.right).length / inBin.length });
  }
  return out;
}

/** Expected calibration error: the bins' gaps between predicted and observed, weighted by size. */
export function calibrationError(bins: CalibrationBin[]): number {
  const n = bins.reduce((s, b) => s + b.count, 0);
  return n === 0 ? NaN : bins.reduce((s, b) => s + (b.count / n) * Math.abs(b.predicted - b.observed), 0);
}

export function formatCalibration(bins: CalibrationBin[]): string {
  return bins.map((b) => `  ${b.from.toFixed(1)}–${b.to.toFixed(1)}: n=${String(b.count).padStart(3)}  predicted ${b.predicted.toFixed(2)}  observed ${b.observed.toFixed(2)}`).join('\n');
}
