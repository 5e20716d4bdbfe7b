import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createEmbedder } from '../../src/embed/create-embedder.js';
import { dot } from '../../src/embed/embedder.js';
import { createTransformersEmbedder } from '../../src/embed/transformers-embedder.js';
import { isAppError } from '../../src/errors.js';
import { writeTinyModel } from '../fixtures/tiny-model.js';
import { tempDir } from '../helpers.js';

describe('the transformers.js embedder', async () => {
  const modelsDir = await tempDir('trust-rag-models-');
  const model = await writeTinyModel(modelsDir, 'tiny-bow', 16);
  const embedder = await createTransformersEmbedder({ model, modelsDir });

  it('loads a local ONNX model and reports its dimension and id', () => {
    assert.equal(embedder.dimension, 16);
    assert.equal(embedder.id, 'transformers:tiny-bow:fp32');
  });

  it('mean-pools and normalises to unit vectors', async () => {
    for (const v of await embedder.embed(['india space mission', 'trade tariffs'])) {
      assert.ok(Math.abs(Math.hypot(...v) - 1) < 1e-5);
    }
  });

  it('ignores padding: a text embeds the same alone or beside a longer one', async () => {
    const [alone] = await embedder.embed(['satellite radar']);
    const [padded] = await embedder.embed(['satellite radar', 'the united states and india trust initiative in space']);
    assert.ok(dot(alone!, padded!) > 0.99999);
  });

  it('places texts that share words closer than texts that share none', async () => {
    const [a, b, c] = await embedder.embed(['india space mission satellite', 'the satellite radar mission in space', 'bananas yellow fruit weather']);
    assert.ok(dot(a!, b!) > dot(a!, c!));
  });

  it('is chosen by configuration', async () => {
    const chosen = await createEmbedder({ spec: `transformers:${model}`, modelsDir, allowRemoteModels: false });
    assert.equal(chosen.id, embedder.id);
  });

  it('fails with a clear error, not a download, when the model is not local', async () => {
    await assert.rejects(
      createTransformersEmbedder({ model: 'no-such/model', modelsDir }),
      (err) => isAppError(err, 'EMBEDDER_LOAD_FAILED') && /remote models are disabled/.test(err.message),
    );
  });

  it('rejects unknown embedder names', async () => {
    await assert.rejects(createEmbedder({ spec: 'word2vec', modelsDir, allowRemoteModels: false }), (err) => isAppError(err, 'EMBEDDER_UNKNOWN'));
    await assert.rejects(createEmbedder({ spec: 'transformers:', modelsDir, allowRemoteModels: false }), (err) => isAppError(err, 'EMBEDDER_UNKNOWN'));
  });
});
