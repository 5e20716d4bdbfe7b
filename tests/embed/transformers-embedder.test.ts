import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createEmbedder } from '../../src/embed/create-embedder.js';
import { dot } from '../../src/embed/embedder.js';
import { createHostedTransformersEmbedder } from '../../src/embed/transformers-embedder.js';
import { isAppError } from '../../src/errors.js';
import { writeTinyModel } from '../fixtures/tiny-model.js';
import { inWorkerThread, tempDir } from '../helpers.js';

describe('the transformers.js embedder', async () => {
  const modelsDir = await tempDir('trust-rag-models-');
  const model = await writeTinyModel(modelsDir, 'tiny-bow', 16);
  const embedder = await createHostedTransformersEmbedder({ model, modelsDir });

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
      createHostedTransformersEmbedder({ model: 'no-such/model', modelsDir }),
      (err) => isAppError(err, 'EMBEDDER_LOAD_FAILED') && /remote models are disabled/.test(err.message),
    );
  });

  it('runs on one thread for the whole process, so that worker threads embed with it and the process survives', async () => {
    // onnxruntime-node aborts the process when a second thread runs a model: a worker
    // started after the host embeds through it, and this thread can still embed afterwards.
    const reply = await inWorkerThread<{ vectors: number[][] }>(
      `const { createEmbedder } = await src('embed/create-embedder.ts');
      const embedder = await createEmbedder({ spec: 'transformers:' + workerData.model, modelsDir: workerData.modelsDir, allowRemoteModels: false });
      return { vectors: await embedder.embed(['satellite radar mission']) };`,
      { model, modelsDir },
    );
    assert.equal(reply.error, undefined);
    const [here] = await embedder.embed(['satellite radar mission']);
    assert.ok(dot(reply.vectors![0]!, here!) > 0.99999);
    assert.equal((await embedder.embed(['still here']))[0]!.length, 16);
  });

  it('rejects unknown embedder names', async () => {
    await assert.rejects(createEmbedder({ spec: 'word2vec', modelsDir, allowRemoteModels: false }), (err) => isAppError(err, 'EMBEDDER_UNKNOWN'));
    await assert.rejects(createEmbedder({ spec: 'transformers:', modelsDir, allowRemoteModels: false }), (err) => isAppError(err, 'EMBEDDER_UNKNOWN'));
  });
});
