import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);
let source: Promise<string> | undefined;

/**
 * Runs axe-core on a page and returns its violations above "minor" (serious and critical
 * ones, and moderate ones such as heading order), one line each.
 * The page's Content-Security-Policy refuses inline scripts (so `addScriptTag` would be
 * blocked); evaluating the source through the DevTools protocol is not page script and
 * is allowed, so the audit sees the page exactly as served.
 * Two rules that axe leaves off by default are switched on: label-content-name-mismatch
 * (experimental; a spoken name that differs from the visible text defeats voice control)
 * and target-size (WCAG 2.2; the page promises 24 px targets).
 */
export async function axeViolations(page: Page): Promise<string[]> {
  source ??= readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(await source);
  const results = await page.evaluate(() =>
    (window as any).axe.run(document, { rules: { 'label-content-name-mismatch': { enabled: true }, 'target-size': { enabled: true } }, resultTypes: ['violations'] }),
  );
  return (results.violations as Array<{ id: string; impact: string; help: string; nodes: Array<{ target: string[]; failureSummary: string }> }>)
    .filter((v) => v.impact !== 'minor')
    .flatMap((v) => v.nodes.map((n) => `${v.impact} ${v.id} (${v.help}) at ${n.target.join(' ')}: ${n.failureSummary.replace(/\s+/g, ' ')}`));
}
