import assert from 'node:assert/strict';
import { mkdir, readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Embedder } from '../../src/embed/embedder.js';
import { createHostedTransformersEmbedder } from '../../src/embed/transformers-embedder.js';
import { isAppError } from '../../src/errors.js';
import { DEFAULT_CHUNKER } from '../../src/ingest/chunk.js';
import type { Logger } from '../../src/log.js';
import { HybridRetriever } from '../../src/retrieve/retriever.js';
import { writeFileAtomic } from '../../src/store/atomic-write.js';
import { ensureIndex, type IndexOptions } from '../../src/store/build-index.js';
import { CURRENT_FILE } from '../../src/store/index-files.js';
import { writeTinyModel } from '../fixtures/tiny-model.js';
import { tempDir } from '../helpers.js';

const DOCS: Record<string, string> = {
  'space.md': '# Space\n\nThe satellite radar mission maps the earth.\n\nAn astronaut mission goes to space.',
  'trade.md': '# Trade\n\nIndia and the united states cut tariffs on trade.',
  'minerals.txt': 'Critical minerals such as lithium matter for semiconductors.',
};

async function corpus(): Promise<string> {
  const dir = await tempDir('trust-rag-corpus-');
  for (const [name, text] of Object.entries(DOCS)) await writeFile(join(dir, name), text);
  return dir;
}

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (m) => lines.push(m), warn: (m) => lines.push(`warning: ${m}`) };
}

describe('the index on disk', async () => {
  const modelsDir = await tempDir('trust-rag-models-');
  const embedder: Embedder = await createHostedTransformersEmbedder({ model: await writeTinyModel(modelsDir, 'tiny-a', 16), modelsDir });
  const otherEmbedder: Embedder = await createHostedTransformersEmbedder({ model: await writeTinyModel(modelsDir, 'tiny-b', 8), modelsDir });

  async function setup(): Promise<IndexOptions> {
    return { corpusDir: await corpus(), indexDir: await tempDir('trust-rag-index-'), embedder, chunker: DEFAULT_CHUNKER };
  }

  it('is built when missing and loaded, not rebuilt, when fresh', async () => {
    const options = await setup();
    const first = await ensureIndex(options);
    assert.equal(first.report?.reason, 'no index yet');
    assert.equal(first.report?.documents, 3);
    assert.equal(first.report?.embedded, first.report?.vectors);
    const second = await ensureIndex(options);
    assert.equal(second.report, undefined);
    assert.equal(second.index.manifest.chunkCount, first.index.manifest.chunkCount);
    const { hits } = await new HybridRetriever(second.index, embedder).search('satellite radar', { k: 1 });
    assert.equal(hits[0]!.docId, 'space');
  });

  it('re-embeds only the sentences of a changed document', async () => {
    const options = await setup();
    const built = (await ensureIndex(options)).report!;
    await writeFile(join(options.corpusDir, 'trade.md'), '# Trade\n\nIndia and the united states cut tariffs on trade.\n\nA new sentence about fruit.');
    const { report } = await ensureIndex(options);
    assert.deepEqual(report?.changed, ['trade']);
    assert.equal(report?.embedded, 1, 'only the new sentence goes through the model');
    assert.equal(report!.vectors, built.vectors + 1);
  });

  it('drops a removed document from the results', async () => {
    const options = await setup();
    await ensureIndex(options);
    await rm(join(options.corpusDir, 'space.md'));
    const { index, report } = await ensureIndex(options);
    assert.deepEqual(report?.removed, ['space']);
    assert.equal(report?.embedded, 0);
    const { hits } = await new HybridRetriever(index, embedder).search('satellite radar mission', { k: 10 });
    assert.ok(hits.length > 0);
    assert.ok(hits.every((h) => h.docId !== 'space'));
  });

  it('never mixes embedders: another embedder rebuilds the index, and switching back reuses its cache', async () => {
    const options = await setup();
    await ensureIndex(options);
    const other = await ensureIndex({ ...options, embedder: otherEmbedder });
    assert.match(other.report!.reason, /embedder/);
    assert.equal(other.index.manifest.embedder.id, otherEmbedder.id);
    assert.equal(other.index.manifest.embedder.dimension, 8);
    assert.equal(other.report!.embedded, other.report!.vectors);
    const back = await ensureIndex(options);
    assert.equal(back.index.manifest.embedder.id, embedder.id);
    assert.equal(back.report!.embedded, 0);
  });

  it('rebuilds, with a warning, when a file of the index is truncated', async () => {
    const options = await setup();
    const { index } = await ensureIndex(options);
    await truncate(join(index.dir, 'vectors.hnsw'), 100);
    const logger = recordingLogger();
    const rebuilt = await ensureIndex({ ...options, logger });
    assert.match(rebuilt.report!.reason, /vectors\.hnsw does not match its checksum/);
    assert.ok(logger.lines.some((l) => l.startsWith('warning:')));
    assert.equal(rebuilt.report!.embedded, 0, 'vectors come back from the cache');
    assert.equal((await ensureIndex(options)).report, undefined, 'and the new index is good');
  });

  it('rebuilds when the manifest or CURRENT is garbage', async () => {
    const options = await setup();
    const { index } = await ensureIndex(options);
    await writeFile(join(index.dir, 'manifest.json'), '{"trunc');
    assert.match((await ensureIndex(options)).report!.reason, /manifest\.json cannot be read/);
    await writeFile(join(options.indexDir, CURRENT_FILE), '../../etc');
    assert.match((await ensureIndex(options)).report!.reason, /CURRENT names/);
  });

  it('keeps the previous index when a build fails half way', async () => {
    const options = await setup();
    const { index } = await ensureIndex(options);
    const current = await readFile(join(options.indexDir, CURRENT_FILE), 'utf8');
    const failing: Embedder = { id: embedder.id, dimension: embedder.dimension, embed: () => Promise.reject(new Error('model crashed')) };
    await writeFile(join(options.corpusDir, 'new.md'), 'A brand new document about weather.');
    await assert.rejects(ensureIndex({ ...options, embedder: failing }), /model crashed/);
    assert.equal(await readFile(join(options.indexDir, CURRENT_FILE), 'utf8'), current);
    await rm(join(options.corpusDir, 'new.md'));
    const reopened = await ensureIndex(options);
    assert.equal(reopened.report, undefined);
    assert.equal(reopened.index.dir, index.dir);
  });

  it('ignores a half-written generation left by a crash', async () => {
    const options = await setup();
    const { index } = await ensureIndex(options);
    const leftover = join(options.indexDir, '.tmp-gen-crashed-000000');
    await mkdir(leftover, { recursive: true });
    await writeFile(join(leftover, 'docs.json'), '[{"partial');
    const reopened = await ensureIndex(options);
    assert.equal(reopened.report, undefined);
    assert.equal(reopened.index.dir, index.dir);
  });

  it('keeps only the current generation after a rebuild', async () => {
    const options = await setup();
    await ensureIndex(options);
    await ensureIndex({ ...options, force: true });
    const gens = (await readdir(options.indexDir)).filter((n) => n.startsWith('gen-'));
    assert.equal(gens.length, 1);
    assert.equal((await readFile(join(options.indexDir, CURRENT_FILE), 'utf8')).trim(), gens[0]);
  });

  it('fails clearly when the corpus folder holds no documents', async () => {
    const options = await setup();
    const empty = await tempDir();
    await assert.rejects(ensureIndex({ ...options, corpusDir: empty }), (err) => isAppError(err, 'CORPUS_EMPTY'));
  });
});

describe('atomic writes', () => {
  it('replace the file and leave no temporary files behind', async () => {
    const dir = await tempDir();
    const path = join(dir, 'file.json');
    await writeFileAtomic(path, 'old');
    await writeFileAtomic(path, 'new');
    assert.equal(await readFile(path, 'utf8'), 'new');
    assert.deepEqual(await readdir(dir), ['file.json']);
  });

  it('fail without touching anything when the folder is missing', async () => {
    const dir = await tempDir();
    await assert.rejects(writeFileAtomic(join(dir, 'missing', 'file.json'), 'x'));
    assert.deepEqual(await readdir(dir), []);
  });
});
