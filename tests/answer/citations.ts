import assert from 'node:assert/strict';
import type { LoadedIndex } from '../../src/store/index-files.js';
import type { Answer } from '../../src/types.js';

/**
 * Every marker points at a citation, every citation is used, numbers run 1..n, and every
 * quote is exactly the slice of its document's canonical text.
 */
export function assertCitationsExact(answer: Pick<Answer, 'answer' | 'citations' | 'related'>, docText: (docId: string) => string | undefined): void {
  const markers = [...answer.answer.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));
  const numbers = answer.citations.map((c) => c.n);
  assert.deepEqual(numbers, numbers.map((_, i) => i + 1), 'citations are numbered 1..n');
  for (const m of markers) assert.ok(numbers.includes(m), `marker [${m}] has a citation`);
  for (const n of numbers) assert.ok(markers.includes(n), `citation ${n} is used in the answer`);
  for (const c of [...answer.citations, ...answer.related]) {
    const text = docText(c.docId);
    assert.ok(text !== undefined, `document ${c.docId} exists`);
    assert.equal(text.slice(c.start, c.end), c.quote, `quote of ${c.docId} ${c.start}-${c.end} is exact`);
    assert.ok(c.quote.length > 0);
  }
}

export const textFrom = (index: LoadedIndex) => (docId: string) => index.docs.get(docId)?.text;
