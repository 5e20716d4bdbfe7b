import type { LoadedIndex } from '../store/index-files.js';
import type { Citation, Hit, RelatedPassage } from '../types.js';

/** A sentence chosen for an answer: which passage, which sentence, and where it is. */
export interface Selected {
  hit: Hit;
  /** Index of the sentence in `hit.sentences`. */
  sentence: number;
  /** Index of the last sentence covered, when the selection spans a list after it. */
  lastSentence?: number;
  start: number;
  end: number;
}

function sourceOf(index: LoadedIndex, docId: string): string | undefined {
  const meta = index.docs.get(docId)?.meta;
  return meta?.sourceUrl ?? meta?.publisher;
}

/**
 * A quote as it reads in an answer: list items after a colon are run together with
 * semicolons, and a trailing ";" or "," becomes a full stop.
 */
export function asAnswerSentence(quote: string): string {
  const trimmed = quote
    .replace(/\s*\n\s*-\s+/g, '; ')
    .replace(/:;\s/g, ': ')
    .replace(/[\s;,:–—-]+$/, '');
  return /[.!?…"”)]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/**
 * Writes the answer: sentences grouped by document (the document of the best sentence
 * first) and in source order within a document, so that neighbouring sentences read as
 * they were written. Consecutive sentences of one passage share a citation whose quote
 * spans both. Markers are numbered in order of appearance and every citation is used.
 */
export function composeAnswer(index: LoadedIndex, selection: { chosen: Selected[]; sourcesDiffer: boolean }): { answer: string; citations: Citation[]; sourcesDiffer: boolean } {
  const docOrder = [...new Set(selection.chosen.map((s) => s.hit.docId))];
  const ordered = [...selection.chosen].sort((a, b) => docOrder.indexOf(a.hit.docId) - docOrder.indexOf(b.hit.docId) || a.start - b.start);

  // Merge runs of consecutive sentences from the same passage into one quoted span.
  const groups: Selected[][] = [];
  for (const s of ordered) {
    const last = groups.at(-1)?.at(-1);
    if (last && last.hit.chunkId === s.hit.chunkId && s.sentence === (last.lastSentence ?? last.sentence) + 1) groups.at(-1)!.push(s);
    else groups.push([s]);
  }

  const citations: Citation[] = [];
  const parts: string[] = [];
  for (const group of groups) {
    const first = group[0]!;
    const last = group.at(-1)!;
    const text = index.docs.get(first.hit.docId)!.text;
    const citation: Citation = {
      n: citations.length + 1,
      docId: first.hit.docId,
      title: first.hit.title,
      chunkId: first.hit.chunkId,
      quote: text.slice(first.start, last.end),
      start: first.start,
      end: last.end,
    };
    const source = sourceOf(index, first.hit.docId);
    if (source) citation.source = source;
    citations.push(citation);
    const sentences = group.map((s) => asAnswerSentence(text.slice(s.start, s.end)));
    parts.push(`${sentences.join(' ')} [${citation.n}]`);
  }
  const lead = selection.sourcesDiffer ? 'The sources differ on this. ' : '';
  return { answer: lead + parts.join(' '), citations, sourcesDiffer: selection.sourcesDiffer };
}

/** Nearest passages, each quoted by its best sentence, for an answer the documents do not give. */
export function relatedPassages(index: LoadedIndex, hits: Hit[], bestOf: (hit: Hit) => Selected | undefined): RelatedPassage[] {
  return hits.map((hit) => {
    const best = bestOf(hit);
    const start = best?.start ?? hit.start;
    const end = best?.end ?? hit.end;
    const passage: RelatedPassage = {
      docId: hit.docId,
      title: hit.title,
      chunkId: hit.chunkId,
      quote: index.docs.get(hit.docId)!.text.slice(start, end),
      start,
      end,
    };
    const source = sourceOf(index, hit.docId);
    if (source) passage.source = source;
    return passage;
  });
}
