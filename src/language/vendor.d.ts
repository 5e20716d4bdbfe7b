// Type declarations for language libraries that ship none.
declare module 'wink-porter2-stemmer' {
  /** Porter2 (English) stem of a lower-case word. */
  export default function stem(word: string): string;
}


declare module 'damerau-levenshtein' {
  /** Edit distance counting a swap of neighbouring letters as one step. */
  export default function distance(a: string, b: string, limit?: number): { steps: number; relative: number; similarity: number };
}
