import { pageOf } from '../ingest/page-of.js';
import type { LoadedIndex } from '../store/index-files.js';
import type { Answer, AnswerStatus, Citation, Hit, RelatedPassage } from '../types.js';

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

/** One question's (or one part's) outcome, before it is written out. */
export interface Piece {
  question: string;
  /** The part in the asker's own words, without the story before it or words borrowed from another part: what the answer calls it. */
  asked?: string;
  status: AnswerStatus;
  confidence: number;
  /** Words before the cited sentences: "Yes.", "The sources differ on this." */
  lead?: string;
  chosen: Selected[];
  sourcesDiffer: boolean;
  /** Nearest passages, for a part the documents do not answer. */
  related?: RelatedPassage[];
  /** Name each sentence's source before it ("do the sources agree" answers). */
  bySource?: boolean;
}

/**
 * Writes cited sentences: grouped by document (the document of the best sentence first)
 * and in source order within a document, so that neighbouring sentences read as they
 * were written. Consecutive sentences of one passage share a citation whose quote spans
 * both. Markers are numbered from `firstN` in order of appearance.
 */
function cite(index: LoadedIndex, chosen: Selected[], firstN: number, bySource: boolean): { text: string; citations: Citation[] } {
  const docOrder = [...new Set(chosen.map((s) => s.hit.docId))];
  const ordered = bySource ? chosen : [...chosen].sort((a, b) => docOrder.indexOf(a.hit.docId) - docOrder.indexOf(b.hit.docId) || a.start - b.start);
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
      n: firstN + citations.length,
      docId: first.hit.docId,
      title: first.hit.title,
      chunkId: first.hit.chunkId,
      quote: text.slice(first.start, last.end),
      start: first.start,
      end: last.end,
    };
    const source = sourceOf(index, first.hit.docId);
    if (source) citation.source = source;
    const page = pageOf(index.docs.get(first.hit.docId), first.start);
    if (page !== undefined) citation.page = page;
    citations.push(citation);
    const sentences = group.map((s) => asAnswerSentence(text.slice(s.start, s.end)));
    parts.push(`${bySource ? `${first.hit.title}: ` : ''}${sentences.join(' ')} [${citation.n}]`);
  }
  return { text: parts.join(' '), citations };
}

export const NOT_FOUND = 'The documents do not answer this question.';
export const PARTIAL_LEAD = "The documents don't state this directly; the closest they come is:";

/** Writes one or several answered parts as one answer, numbering citations across them. */
export function composePieces(index: LoadedIndex, pieces: Piece[]): Answer {
  const citations: Citation[] = [];
  const texts: string[] = [];
  const related: RelatedPassage[] = [];
  const several = pieces.length > 1;
  for (const piece of pieces) {
    const { text, citations: cited } = cite(index, piece.chosen, citations.length + 1, piece.bySource ?? false);
    citations.push(...cited);
    const lead = piece.lead ?? (piece.sourcesDiffer ? 'The sources differ on this.' : undefined);
    const named = (piece.asked ?? piece.question).replace(/[?.]+$/, '');
    if (piece.status === 'answered') texts.push([lead, text].filter(Boolean).join(' '));
    else if (piece.status === 'partial') texts.push(several ? `On “${named}”, the documents don't state it directly; the closest they come is: ${text}` : `${PARTIAL_LEAD} ${text}`);
    else texts.push(several ? `The documents do not answer “${named}”.` : NOT_FOUND);
    for (const r of piece.related ?? []) if (!related.some((x) => x.chunkId === r.chunkId && x.start === r.start)) related.push(r);
  }
  const status: AnswerStatus = pieces.every((p) => p.status === 'answered') ? 'answered' : pieces.some((p) => p.status !== 'not_found') ? 'partial' : 'not_found';
  const answer: Answer = {
    answer: texts.join(' '),
    status,
    grounded: status === 'answered',
    confidence: Math.round(Math.min(...pieces.map((p) => p.confidence)) * 1000) / 1000,
    citations,
    related: status === 'not_found' || several ? related : [],
    sourcesDiffer: pieces.some((p) => p.sourcesDiffer),
  };
  if (several) answer.parts = pieces.map((p) => ({ question: p.question, status: p.status }));
  return answer;
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
    const page = pageOf(index.docs.get(hit.docId), start);
    if (page !== undefined) passage.page = page;
    return passage;
  });
}
