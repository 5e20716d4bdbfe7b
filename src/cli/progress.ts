import type { ProgressFn } from '../embed/embedding-cache.js';

/**
 * A progress bar on stderr for long embedding work. On a terminal it redraws in place;
 * in logs (CI, pipes) it prints a line at each quarter so the output stays readable.
 */
export function progressBar(label: string, stream: NodeJS.WriteStream = process.stderr): ProgressFn {
  const started = performance.now();
  let lastQuarter = -1;
  return (done, total) => {
    if (total === 0) return;
    const fraction = done / total;
    const elapsed = (performance.now() - started) / 1000;
    const rate = done > 0 ? done / elapsed : 0;
    const eta = rate > 0 ? (total - done) / rate : 0;
    const text = `${label} ${done}/${total} (${Math.round(fraction * 100)}%) ${elapsed.toFixed(1)}s${done < total && rate > 0 ? `, ~${eta.toFixed(0)}s left` : ''}`;
    if (stream.isTTY) {
      const width = 24;
      const filled = Math.round(fraction * width);
      stream.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${text}\x1b[K${done === total ? '\n' : ''}`);
    } else {
      const quarter = Math.floor(fraction * 4);
      if (quarter !== lastQuarter) {
        lastQuarter = quarter;
        stream.write(`${text}\n`);
      }
    }
  };
}
