import type { Embedder } from '../../src/embed/embedder.js';

/** Wraps a real embedder and counts the texts that reach it, to prove what was (not) embedded. */
export function counting(inner: Embedder): Embedder & { calls: number } {
  const wrapper = {
    id: inner.id,
    dimension: inner.dimension,
    calls: 0,
    async embed(texts: string[]) {
      wrapper.calls += texts.length;
      return inner.embed(texts);
    },
  };
  return wrapper;
}
