import { endsWithAbbreviation } from '../ingest/sentences.js';

/**
 * A language model's answer, cut into sentences while it streams, each with the passage
 * numbers its `[n]` markers give. A sentence is complete once the next one has begun (or
 * the reply has ended), so that a marker written after the full stop ("… in 2005. [2]")
 * still belongs to it.
 */

/** One sentence the model wrote. */
export interface GeneratedSentence {
  /** The sentence without markers, list bullets or emphasis, as it is checked and shown. */
  text: string;
  /** The passage numbers its markers give, in order of first appearance. */
  cited: number[];
}

/** `[2]`, `[1, 3]`, `[1][2]`, `[Passage 2]`, `[1-2]`. */
const MARKER = /\[\s*(?:passages?\s*)?(\d+(?:\s*(?:,|;|and|-|–)\s*\d+)*)\s*\]/gi;

// End punctuation and closing quotes, then any markers, then white space before what
// opens the next sentence (not "[", which may be a marker still arriving).
const BOUNDARY = /([.!?…])["'”’)]*((?:\s*\[[^\]\n]*\])*)(\s+)(?=[^\s[])/gu;

/** Where each complete sentence ends in `text` (the offset where the next begins). */
function sentenceEnds(text: string): number[] {
  const ends: number[] = [];
  // A line break ends a sentence (a list item, a new paragraph) once the next line has begun.
  for (const m of text.matchAll(/\n\s*(?=\S)/g)) ends.push(m.index + m[0].length);
  BOUNDARY.lastIndex = 0;
  for (const m of text.matchAll(BOUNDARY)) {
    if (m[1] === '.' && endsWithAbbreviation(text, m.index)) continue;
    // "1. First item" is a list number, not a sentence.
    if (m[1] === '.' && /(?:^|\n)\s*\d{1,2}$/.test(text.slice(0, m.index))) continue;
    ends.push(m.index + m[0].length);
  }
  return [...new Set(ends)].sort((a, b) => a - b);
}

/** Reads one raw sentence: its markers, and its text without them. */
export function readSentence(raw: string): GeneratedSentence {
  const cited: number[] = [];
  for (const m of raw.matchAll(MARKER)) {
    const numbers = m[1]!.split(/[^\d]+/).filter(Boolean).map(Number);
    const dash = /[-–]/.test(m[1]!) && numbers.length === 2 && numbers[1]! > numbers[0]! && numbers[1]! - numbers[0]! < 10;
    const all = dash ? Array.from({ length: numbers[1]! - numbers[0]! + 1 }, (_, i) => numbers[0]! + i) : numbers;
    for (const n of all) if (!cited.includes(n)) cited.push(n);
  }
  const text = raw
    .replace(MARKER, ' ')
    .replace(/^\s*(?:[-*•]|\d{1,2}[.)])\s+/, '')
    .replace(/\*\*|__/g, '')
    .replace(/\s+/g, ' ')
    .replace(/\s+([.,;:!?…])/g, '$1')
    .trim();
  return { text, cited };
}

/** Cuts streamed text into sentences: `push` each piece as it arrives, then `end`. */
export class SentenceStream {
  private buffer = '';

  /** The sentences the new piece completes. */
  push(piece: string): GeneratedSentence[] {
    this.buffer += piece;
    return this.take(sentenceEnds(this.buffer));
  }

  /** The sentences still held, once the reply is complete. */
  end(): GeneratedSentence[] {
    return this.take([...sentenceEnds(this.buffer), this.buffer.length]);
  }

  private take(ends: number[]): GeneratedSentence[] {
    const out: GeneratedSentence[] = [];
    let start = 0;
    for (const end of ends) {
      const raw = this.buffer.slice(start, end);
      start = end;
      if (raw.trim() !== '') out.push(readSentence(raw));
    }
    this.buffer = this.buffer.slice(start);
    return out;
  }
}

/**
 * Removes a reasoning model's thinking (`<think>…</think>`, as deepseek-r1 and qwen3
 * write it through Ollama) from streamed text, so that it is neither checked nor shown.
 * A tag split across pieces is held back until it is complete.
 */
export class ThinkingFilter {
  private held = '';
  private thinking = false;

  push(piece: string): string {
    let text = this.held + piece;
    this.held = '';
    let out = '';
    for (;;) {
      const tag = this.thinking ? '</think>' : '<think>';
      const at = text.indexOf(tag);
      if (at >= 0) {
        if (!this.thinking) out += text.slice(0, at);
        text = text.slice(at + tag.length);
        this.thinking = !this.thinking;
        continue;
      }
      // Keep back an ending that may be the start of the tag.
      let keep = 0;
      for (let n = Math.min(tag.length - 1, text.length); n > 0; n--) {
        if (tag.startsWith(text.slice(-n))) {
          keep = n;
          break;
        }
      }
      this.held = text.slice(text.length - keep);
      if (!this.thinking) out += text.slice(0, text.length - keep);
      return out;
    }
  }

  /** What is still held back once the reply is complete. */
  end(): string {
    const rest = this.thinking ? '' : this.held;
    this.held = '';
    return rest;
  }
}

/** Every sentence of a complete reply. */
export function splitGenerated(text: string): GeneratedSentence[] {
  const stream = new SentenceStream();
  return [...stream.push(text), ...stream.end()];
}
