import assert from 'node:assert/strict';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createHostedTransformersEmbedder } from '../../src/embed/transformers-embedder.js';
import { DEFAULT_CHUNKER } from '../../src/ingest/chunk.js';
import { loadCorpus } from '../../src/ingest/load-corpus.js';
import { WARNINGS_SEEN_FILE } from '../../src/ingest/warnings-once.js';
import type { Logger } from '../../src/log.js';
import { ensureIndex } from '../../src/store/build-index.js';
import { writeTinyModel } from '../fixtures/tiny-model.js';
import { tempDir } from '../helpers.js';

const BINARY = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]);

function capture(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  return { warnings, info() {}, warn: (m) => warnings.push(m) };
}

/** A corpus with two good documents and one binary file, and an index folder not made yet. */
async function setup(): Promise<{ corpusDir: string; indexDir: string }> {
  const corpusDir = await tempDir('trust-rag-corpus-');
  await writeFile(join(corpusDir, 'good.md'), '# Good\n\nThe ferry leaves at noon.');
  await writeFile(join(corpusDir, 'other.md'), '# Other\n\nThe bus leaves at one.');
  await writeFile(join(corpusDir, 'photo.txt'), BINARY);
  return { corpusDir, indexDir: join(await tempDir('trust-rag-index-'), 'index') };
}

/** The warnings one command would print. */
async function warningsOf(corpusDir: string, indexDir?: string): Promise<string[]> {
  const logger = capture();
  await loadCorpus(corpusDir, logger, indexDir === undefined ? {} : { rememberWarningsIn: indexDir });
  return logger.warnings;
}

describe('warnings about corpus files', () => {
  it('are printed on the first command only, not on every command', async () => {
    const { corpusDir, indexDir } = await setup();
    const first = await warningsOf(corpusDir, indexDir);
    assert.equal(first.length, 1);
    assert.match(first[0]!, /^skipping photo\.txt: .*binary/);
    assert.deepEqual(await warningsOf(corpusDir, indexDir), []);
    assert.deepEqual(await warningsOf(corpusDir, indexDir), []);
    const seen = JSON.parse(await readFile(join(indexDir, WARNINGS_SEEN_FILE), 'utf8'));
    assert.equal(seen.warnings[0].path, 'photo.txt');
  });

  it('are printed again when the file changes', async () => {
    const { corpusDir, indexDir } = await setup();
    await warningsOf(corpusDir, indexDir);
    await writeFile(join(corpusDir, 'photo.txt'), Buffer.concat([BINARY, BINARY]));
    assert.equal((await warningsOf(corpusDir, indexDir)).length, 1);
    assert.deepEqual(await warningsOf(corpusDir, indexDir), []);
  });

  it('are printed again when the warning changes, such as when a sidecar breaks', async () => {
    const { corpusDir, indexDir } = await setup();
    await warningsOf(corpusDir, indexDir);
    await writeFile(join(corpusDir, 'good.meta.json'), '[not json');
    const warnings = await warningsOf(corpusDir, indexDir);
    assert.deepEqual(warnings.map((w) => w.split(':')[0]), ['skipping good.md'], 'only the new warning is printed');
  });

  it('are printed again when a problem that went away comes back', async () => {
    const { corpusDir, indexDir } = await setup();
    await warningsOf(corpusDir, indexDir);
    await rm(join(corpusDir, 'photo.txt'));
    assert.deepEqual(await warningsOf(corpusDir, indexDir), []);
    await writeFile(join(corpusDir, 'photo.txt'), BINARY);
    assert.equal((await warningsOf(corpusDir, indexDir)).length, 1);
  });

  it('include an assumed encoding once, for a file that is still indexed', async () => {
    const { corpusDir, indexDir } = await setup();
    await writeFile(join(corpusDir, 'latin.txt'), Buffer.from('Crème brûlée.', 'latin1'));
    const first = await warningsOf(corpusDir, indexDir);
    assert.ok(first.some((w) => w.startsWith('latin.txt: ') && w.includes('windows-1252')));
    assert.deepEqual(await warningsOf(corpusDir, indexDir), []);
  });

  it('are not marked as printed by a caller that silences them', async () => {
    const { corpusDir, indexDir } = await setup();
    await loadCorpus(corpusDir, undefined, { rememberWarningsIn: indexDir });
    assert.equal((await warningsOf(corpusDir, indexDir)).length, 1);
  });

  it('are printed every time when there is no index folder to remember them in', async () => {
    const { corpusDir } = await setup();
    assert.equal((await warningsOf(corpusDir)).length, 1);
    assert.equal((await warningsOf(corpusDir)).length, 1);
  });

  it('are printed every time, without failing, when the index folder cannot be written', async () => {
    const { corpusDir } = await setup();
    // A folder below a regular file can never be created, whoever runs the test.
    const blocker = join(await tempDir(), 'a-file');
    await writeFile(blocker, 'not a folder');
    const indexDir = join(blocker, 'index');
    assert.equal((await warningsOf(corpusDir, indexDir)).length, 1);
    assert.equal((await warningsOf(corpusDir, indexDir)).length, 1);
  });

  it('are printed again, and remembered afresh, when the remembered list is damaged', async () => {
    const { corpusDir, indexDir } = await setup();
    await warningsOf(corpusDir, indexDir);
    await writeFile(join(indexDir, WARNINGS_SEEN_FILE), '{"warnings": [nul');
    assert.equal((await warningsOf(corpusDir, indexDir)).length, 1);
    assert.deepEqual(await warningsOf(corpusDir, indexDir), []);
  });

  it('are always printed when no document could be read, since they are the only explanation', async () => {
    const corpusDir = await tempDir('trust-rag-corpus-');
    await writeFile(join(corpusDir, 'photo.txt'), BINARY);
    const indexDir = await tempDir('trust-rag-index-');
    assert.equal((await warningsOf(corpusDir, indexDir)).length, 1);
    assert.equal((await warningsOf(corpusDir, indexDir)).length, 1);
  });

  it('are printed once by the commands that open the index, across a build and a load', async () => {
    const { corpusDir } = await setup();
    const indexDir = await tempDir('trust-rag-index-');
    const modelsDir = await tempDir('trust-rag-models-');
    const embedder = await createHostedTransformersEmbedder({ model: await writeTinyModel(modelsDir, 'tiny-w', 8), modelsDir });
    const build = capture();
    const built = await ensureIndex({ corpusDir, indexDir, embedder, chunker: DEFAULT_CHUNKER, logger: build });
    assert.ok(built.report, 'the first command builds the index');
    assert.equal(build.warnings.filter((w) => w.includes('photo.txt')).length, 1);
    const load = capture();
    const loaded = await ensureIndex({ corpusDir, indexDir, embedder, chunker: DEFAULT_CHUNKER, logger: load });
    assert.equal(loaded.report, undefined, 'the second command loads it');
    assert.deepEqual(load.warnings, []);
  });
});
