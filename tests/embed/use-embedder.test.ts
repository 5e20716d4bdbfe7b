import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dot } from '../../src/embed/embedder.js';
import { createUseEmbedder } from '../../src/embed/use-embedder.js';

describe('the bundled Universal Sentence Encoder', async () => {
  const embedder = await createUseEmbedder();

  it('returns one 512-dimension unit vector per text', async () => {
    const vectors = await embedder.embed(['iCET was launched in 2022.', 'Bananas are yellow.', '']);
    assert.equal(embedder.dimension, 512);
    assert.equal(vectors.length, 3);
    for (const v of vectors) {
      assert.equal(v.length, 512);
      assert.ok(Math.abs(Math.hypot(...v) - 1) < 1e-4);
    }
  });

  it('places sentences with the same meaning closer than unrelated ones', async () => {
    const [q, near, far] = await embedder.embed([
      'When did the technology initiative start?',
      'The initiative on critical and emerging technology was launched in 2022.',
      'Mangoes and pomegranates are fruits.',
    ]);
    assert.ok(dot(q!, near!) > dot(q!, far!) + 0.1);
  });

  it('on TF.js, spreads large jobs over worker threads and returns the same vectors in the same order', async () => {
    const texts = Array.from({ length: 70 }, (_, i) => `Sentence ${i} about ${i % 2 ? 'semiconductor supply chains' : 'space exploration'}.`);
    const parallel = await createUseEmbedder({ threads: 2, runtime: 'tfjs' });
    try {
      const many = await parallel.embed(texts);
      const single = await embedder.embed([texts[0]!, texts[41]!, texts[69]!]);
      assert.equal(many.length, 70);
      assert.ok(dot(many[0]!, single[0]!) > 0.9999);
      assert.ok(dot(many[41]!, single[1]!) > 0.9999);
      assert.ok(dot(many[69]!, single[2]!) > 0.9999);
    } finally {
      await parallel.dispose?.();
    }
  });

  it('gives the same vector for a text alone or in a batch', async () => {
    const [alone] = await embedder.embed(['The NISAR satellite will map the Earth.']);
    const batch = await embedder.embed(['A much longer sentence that pads the batch with many more words than the other one.', 'The NISAR satellite will map the Earth.']);
    assert.ok(dot(alone!, batch[1]!) > 0.999);
  });
});
