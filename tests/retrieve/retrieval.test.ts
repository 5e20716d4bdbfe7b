import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { isAppError } from '../../src/errors.js';
import { keysFound, readJsonl, type EvalQuestion } from '../../src/eval/eval-set.js';
import { realIndex, SHARED_EVAL_DIR } from '../helpers.js';

describe('hybrid retrieval on the bundled corpus', async () => {
  const { retriever, index } = await realIndex();
  const docId = (prefix: string) => [...index.docs.keys()].find((id) => id.startsWith(prefix))!;

  it('returns k hits with offsets that slice back to their text', async () => {
    const { hits } = await retriever.search('What is the TRUST initiative?', { k: 7 });
    assert.equal(hits.length, 7);
    for (const hit of hits) {
      assert.equal(index.docs.get(hit.docId)!.text.slice(hit.start, hit.end), hit.text);
      assert.ok(hit.title.length > 0);
      assert.ok(hit.score > 0);
    }
    for (let i = 1; i < hits.length; i++) assert.ok(hits[i - 1]!.score >= hits[i]!.score, 'best first');
  });

  for (const [term, prefix] of [
    ['MQ-9B', '001'],
    ['12,648', '003'],
    ['F414-INS6', '001'],
    ['INDUS-X', undefined],
    ['CLNDA', '002'],
    ['TPF', '000'],
  ] as const) {
    it(`finds the exact term ${term} in the top 3`, async () => {
      const { hits } = await retriever.search(`Tell me about ${term}`, { k: 3 });
      const found = hits.find((h) => h.text.includes(term));
      assert.ok(found, `no top-3 passage contains ${term}`);
      if (prefix) assert.ok(found.docId.startsWith(prefix));
    });
  }

  it('finds passages by meaning when the words differ', async () => {
    const { hits } = await retriever.search('Which jointly built radar satellite will observe the whole planet?', { k: 3 });
    assert.ok(hits.some((h) => /Synthetic Aperture Radar|NISAR/.test(h.text)));
  });

  it('limits results to the chosen documents', async () => {
    const only = [docId('003'), docId('004')];
    const { hits } = await retriever.search('NISAR satellite', { k: 10, docIds: only });
    assert.ok(hits.length > 0);
    assert.ok(hits.every((h) => only.includes(h.docId)));
  });

  it('rejects unknown documents, an empty query and k out of range', async () => {
    await assert.rejects(retriever.search('x', { docIds: ['nope'] }), (err) => isAppError(err, 'DOCUMENT_NOT_FOUND'));
    await assert.rejects(retriever.search('   '), (err) => isAppError(err, 'INVALID_INPUT'));
    await assert.rejects(retriever.search('x', { k: 0 }), (err) => isAppError(err, 'INVALID_INPUT'));
    await assert.rejects(retriever.search('x', { k: 51 }), (err) => isAppError(err, 'INVALID_INPUT'));
    await assert.rejects(retriever.search('x', { k: 2.5 }), (err) => isAppError(err, 'INVALID_INPUT'));
  });

  it('reports the time of each stage', async () => {
    const { timings } = await retriever.search('semiconductor fabrication plant');
    for (const ms of Object.values(timings)) assert.ok(ms >= 0);
  });

  const questionsFile = join(SHARED_EVAL_DIR, 'questions.jsonl');
  it('puts the answer keys of at least 95% of the development questions in the top 5', { skip: !existsSync(questionsFile) && 'no shared eval set' }, async () => {
    const questions = (await readJsonl<EvalQuestion>(questionsFile)).filter((q) => q.answer_keys?.length);
    let answered = 0;
    for (const q of questions) {
      const { hits } = await retriever.search(q.question, { k: 5 });
      if (keysFound(hits.map((h) => h.text).join('\n'), q.answer_keys!).every(Boolean)) answered++;
    }
    assert.ok(answered / questions.length >= 0.95, `${answered}/${questions.length}`);
  });
});
