import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { isAppError } from '../../src/errors.js';
import type { Ready } from '../../src/server/service-state.js';
import { servicesFor } from '../../src/server/services.js';
import { AnswerWorkers } from '../../src/workers/answer-jobs.js';
import { FIXTURE_CORPORA, TEST_INDEX_DIR, fixtureServices } from '../helpers.js';

describe('answer workers', () => {
  let here: Ready;
  let workers: AnswerWorkers;
  let there: Ready;
  before(async () => {
    here = await fixtureServices('manual');
    workers = await AnswerWorkers.start({ embedder: { spec: 'use', modelsDir: join(FIXTURE_CORPORA, '..', 'models'), allowRemoteModels: false }, indexDir: `${TEST_INDEX_DIR}-manual`, generationDir: here.index.dir }, 2);
    there = servicesFor(here, 'model', workers);
  });
  after(() => workers.close());

  it('answer, verify and search exactly as the server thread does', async () => {
    for (const question of ['How long is the KX-200 warranty?', 'What does error E07 mean?', 'Who designed the camera body?']) {
      const local = await here.answerer.answer(question);
      const remote = await there.assistant.ask(question);
      assert.equal(remote.answer, local.answer.answer);
      assert.deepEqual(remote.citations, local.answer.citations);
      assert.equal(remote.status, local.answer.status);
    }
    const claim = 'The KX-200 warranty lasts five years.';
    const [v1, v2] = [await here.verifier.verify(claim), await there.verifier.verify(claim)];
    assert.equal(v2.verdict, v1.verdict);
    assert.deepEqual(v2.evidence, v1.evidence);
    const [s1, s2] = [await here.search('battery charging', { k: 3 }), await there.search('battery charging', { k: 3 })];
    assert.deepEqual(s2.hits.map((h) => h.chunkId), s1.hits.map((h) => h.chunkId));
    assert.deepEqual(await there.examples(), await here.examples());
  });

  it('answer several questions at once, spread over the workers', async () => {
    const questions = ['How long is the KX-200 warranty?', 'How do I charge the battery?', 'What does a red light mean?', 'Which Wi-Fi networks does it support?', 'How big a memory card can it take?'];
    const answers = await Promise.all(questions.map((q) => there.assistant.ask(q)));
    assert.equal(answers.length, questions.length);
    for (const a of answers) assert.ok(a.answer.length > 0);
  });

  it("pass a worker's coded error on as the same error", async () => {
    await assert.rejects(there.search('   '), (err) => isAppError(err, 'INVALID_INPUT'));
  });

  it('refuse to start on another generation than the one served', async () => {
    await assert.rejects(AnswerWorkers.start({ embedder: { spec: 'use', modelsDir: 'models', allowRemoteModels: false }, indexDir: `${TEST_INDEX_DIR}-manual`, generationDir: '/elsewhere/gen-x' }, 1), /the index changed/);
  });
});
