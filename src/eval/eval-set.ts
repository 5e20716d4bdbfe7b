import { readFile } from 'node:fs/promises';
import { AppError } from '../errors.js';

/** A question with answer keys: each inner list is one fact, satisfied by any of its spellings. */
export interface EvalQuestion {
  id: string;
  question: string;
  answer_keys?: string[][];
  gold_docs?: string[];
}

/** Reads a JSON Lines file of objects, naming the line of any malformed record. */
export async function readJsonl<T>(path: string): Promise<T[]> {
  const raw = await readFile(path, 'utf8').catch(() => {
    throw new AppError('INVALID_INPUT', `Cannot read ${path}`);
  });
  return raw
    .split('\n')
    .map((line, i) => ({ line: line.trim(), n: i + 1 }))
    .filter(({ line }) => line !== '')
    .map(({ line, n }) => {
      try {
        return JSON.parse(line) as T;
      } catch {
        throw new AppError('INVALID_INPUT', `${path}:${n} is not valid JSON`);
      }
    });
}

/** Which answer-key groups appear in a text (case-insensitive, white space folded). */
export function keysFound(text: string, keys: string[][]): boolean[] {
  const haystack = text.toLowerCase().replace(/\s+/g, ' ');
  return keys.map((group) => group.some((k) => haystack.includes(k.toLowerCase())));
}
