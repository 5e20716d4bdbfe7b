import type { SourceDoc } from '../types.js';

/**
 * The page on which `offset` of a paged document's text falls, or undefined for a
 * document without pages (Markdown, text, HTML, Word) or an offset outside every page.
 *
 * An offset in the blank line between two pages counts for the page before it, so that a
 * range starting there is never left without a page.
 *
 * @example pageOf(pdfDoc, citation.start) // 2
 */
export function pageOf(doc: Pick<SourceDoc, 'pages'> | undefined, offset: number): number | undefined {
  const pages = doc?.pages;
  if (!pages || pages.length === 0) return undefined;
  // Pages are in text order, so the last non-empty page starting at or before the offset holds it.
  let lo = 0;
  let hi = pages.length - 1;
  let found: number | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (pages[mid]!.start <= offset) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  // Empty pages share their start with the page after the previous text: step back past them.
  while (found !== undefined && found >= 0 && pages[found]!.start === pages[found]!.end) found = found > 0 ? found - 1 : undefined;
  if (found === undefined) return undefined;
  const page = pages[found]!;
  const next = pages.slice(found + 1).find((p) => p.end > p.start);
  return offset < (next?.start ?? page.end + 1) ? page.page : undefined;
}
