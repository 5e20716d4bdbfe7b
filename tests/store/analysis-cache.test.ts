import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { analyzeText, type TextAnalysis } from '../../src/language/analyze.js';
import { AnalysisCache } from '../../src/store/analysis-cache.js';
import { tempDir } from '../helpers.js';

const VERSION = 1;
const analyse = (text: string) => analyzeText(text);
/** An analyser that must not be called: the analysis has to come from the file. */
const never = (text: string): TextAnalysis => assert.fail(`"${text}" was analysed again`);

describe('the analysis cache', () => {
  it('checkpoints new analyses during a build, keeping those of sentences not reached yet', async () => {
    const dir = await tempDir();
    const first = await AnalysisCache.load(dir, VERSION);
    first.get('The ferry leaves at noon.', '', analyse);
    await first.save([['The ferry leaves at noon.', '']]);

    // A second build analyses a new sentence, checkpoints, and is killed before its final save.
    const killed = await AnalysisCache.load(dir, VERSION, undefined, 0);
    killed.get('Tickets cost 12 euros.', '', analyse);
    await killed.checkpoint();

    const next = await AnalysisCache.load(dir, VERSION);
    next.get('The ferry leaves at noon.', '', never);
    next.get('Tickets cost 12 euros.', '', never);
  });

  it('removes the files of older versions, and keeps those of newer ones', async () => {
    const dir = await tempDir();
    const written = async (version: number) => {
      const cache = await AnalysisCache.load(dir, version);
      cache.get('The ferry leaves at noon.', '', analyse);
      await cache.save([['The ferry leaves at noon.', '']]);
    };
    await written(VERSION + 2);
    await written(VERSION);
    await written(VERSION + 1);
    assert.deepEqual((await readdir(dir)).sort(), [`analysis-v${VERSION + 1}.json`, `analysis-v${VERSION + 2}.json`]);
  });

  it('writes nothing at a checkpoint when nothing new was analysed', async () => {
    const dir = await tempDir();
    const cache = await AnalysisCache.load(dir, VERSION, undefined, 0);
    await cache.checkpoint();
    assert.deepEqual(await readdir(dir), []);
  });

  it('waits the checkpoint interval between writes', async () => {
    const dir = await tempDir();
    const cache = await AnalysisCache.load(dir, VERSION, undefined, 60_000);
    cache.get('The ferry leaves at noon.', '', analyse);
    await cache.checkpoint();
    assert.deepEqual(await readdir(dir), [], 'a build shorter than the interval writes only at its end');
  });

  it('drops, at the end of a build, the analyses of sentences no longer indexed', async () => {
    const dir = await tempDir();
    const cache = await AnalysisCache.load(dir, VERSION);
    cache.get('The ferry leaves at noon.', '', analyse);
    cache.get('Tickets cost 12 euros.', '', analyse);
    await cache.save([['Tickets cost 12 euros.', '']]);
    const next = await AnalysisCache.load(dir, VERSION);
    let analysed = 0;
    next.get('The ferry leaves at noon.', '', (t) => (analysed++, analyse(t)));
    next.get('Tickets cost 12 euros.', '', never);
    assert.equal(analysed, 1);
  });
});
