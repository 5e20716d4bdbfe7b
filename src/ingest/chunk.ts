import { shortHash } from '../hash.js';
import type { Chunk, ChunkerSettings, SourceDoc, Span } from '../types.js';
import { splitSentences } from './sentences.js';

/** Bump when the chunking rules change, so that old indexes are rebuilt. */
export const CHUNKER_VERSION = 2;

export const DEFAULT_CHUNKER: ChunkerSettings = { targetChars: 700, maxChars: 1100, minChars: 200, overlapChars: 300 };

/** A heading or a sentence: the pieces chunks are assembled from. */
interface Unit {
  kind: 'heading' | 'sentence';
  /** Where the unit starts inside a chunk: a block's first sentence also takes its list marker. */
  start: number;
  end: number;
  sentence: Span;
  firstInBlock: boolean;
  level: number;
}

function unitsOf(doc: SourceDoc): Unit[] {
  const units: Unit[] = [];
  for (const block of doc.blocks) {
    if (block.kind === 'heading') {
      const span = { start: block.start, end: block.end };
      units.push({ kind: 'heading', start: block.start, end: block.end, sentence: span, firstInBlock: true, level: block.level });
      continue;
    }
    splitSentences(doc.text, block.contentStart, block.end).forEach((sentence, i) => {
      units.push({
        kind: 'sentence',
        start: i === 0 ? block.start : sentence.start,
        end: sentence.end,
        sentence,
        firstInBlock: i === 0,
        level: block.level,
      });
    });
  }
  return units;
}

/**
 * Cuts a document into chunks that follow its structure.
 *
 * Chunks grow sentence by sentence up to `targetChars`, preferring to close at a block
 * boundary; a new heading closes the chunk unless it is still smaller than `minChars`.
 * A paragraph too long for one chunk is split between sentences, and the next piece
 * repeats the last sentence so that a fact spanning the cut is still found whole.
 * Every character of the text, apart from white space between blocks, is in a chunk.
 */
export function chunkDocument(doc: SourceDoc, settings: ChunkerSettings = DEFAULT_CHUNKER): Chunk[] {
  const units = unitsOf(doc);
  const chunks: Chunk[] = [];
  const headings: Array<{ level: number; text: string }> = [];
  let current: Unit[] = [];
  let path: string[] | undefined;

  const close = () => {
    if (current.length === 0) return;
    const start = current[0]!.start;
    const end = current[current.length - 1]!.end;
    const text = doc.text.slice(start, end);
    chunks.push({
      id: shortHash([doc.id, CHUNKER_VERSION, start, end, text]),
      docId: doc.id,
      start,
      end,
      text,
      headingPath: path ?? headings.map((h) => h.text),
      sentences: current.filter((u) => u.kind === 'sentence').map((u) => u.sentence),
    });
    current = [];
    path = undefined;
  };

  for (const unit of units) {
    const hasContent = current.some((u) => u.kind === 'sentence');
    const size = current.length > 0 ? unit.end - current[0]!.start : 0;
    if (unit.kind === 'heading') {
      if (hasContent && size - (unit.end - unit.start) >= settings.minChars) close();
      while (headings.length > 0 && headings[headings.length - 1]!.level >= unit.level) headings.pop();
      headings.push({ level: unit.level, text: doc.text.slice(unit.start, unit.end) });
      current.push(unit);
      continue;
    }
    if (hasContent && unit.firstInBlock && size > settings.targetChars) {
      close();
    } else if (hasContent && !unit.firstInBlock && size > settings.maxChars) {
      const last = current[current.length - 1]!;
      // Repeating a chunk's only sentence would duplicate the chunk, so overlap needs two;
      // and overlap is context, so it may take at most a third of a chunk.
      const overlapLimit = Math.min(settings.overlapChars, settings.maxChars / 3);
      const overlap = current.length > 1 && last.kind === 'sentence' && !last.firstInBlock && last.end - last.sentence.start <= overlapLimit;
      close();
      // The overlap sentence starts at its own text, not at the list marker of its block.
      if (overlap) current.push({ ...last, start: last.sentence.start });
    }
    if (!current.some((u) => u.kind === 'sentence')) path = headings.map((h) => h.text);
    current.push(unit);
  }
  close();
  return chunks;
}
