import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { candidatesFor, prepareQuery } from '../../src/evidence/features.js';
import { analyzeQuestion } from '../../src/language/analyze.js';
import { fixtureIndex } from '../helpers.js';
import { judgeFor } from '../../src/server/services.js';
import { passagesFor } from '../../src/evidence/sentence-bank.js';

describe('judgment models fitted on questions and claims generated from the collection', async () => {
  const open = await fixtureIndex('manual');
  const { training, models } = open.index.evidence;

  it('are fitted when the index is built, on examples of every kind', () => {
    for (const name of ['about', 'answers', 'claimAbout', 'citedAbout', 'supports', 'contradicts'] as const) {
      assert.ok(training.examples[name].positive > 20, `${name}: ${training.examples[name].positive} positive examples`);
      assert.ok(training.examples[name].negative > 20, `${name}: ${training.examples[name].negative} negative examples`);
      assert.equal(models[name].weights.length, models[name].features.length);
    }
    assert.ok(!models.citedAbout.features.includes('similarity'), 'sentences checked against the passages they cite need no embedding');
    assert.ok(training.sentences.compared > training.sentences.embedded, 'the second part is fitted on more sentences than are embedded');
  });

  it('keep the direction each feature may push', () => {
    const weight = (model: keyof typeof models, feature: string) => models[model].weights[models[model].features.indexOf(feature)]!;
    assert.ok(weight('answers', 'typeMissing') <= 0);
    assert.ok(weight('answers', 'typeFit') >= 0);
    assert.ok(weight('contradicts', 'conflict') >= 0);
    assert.ok(weight('supports', 'conflict') <= 0);
  });

  it('rank the sentence that answers a question above the others', async () => {
    const judge = judgeFor(open);
    const question = 'How long does a full charge take?';
    const { hits, queryVector } = await open.retriever.search(question, { k: 6 });
    const q = prepareQuery(judge.bank, question, analyzeQuestion(question), queryVector);
    const [best] = judge.judgeAnswers(q, candidatesFor(judge.bank, q, judge.bank.sentencesOf(passagesFor(hits, false, hits.length))));
    assert.match(best!.record.text, /six hours/);
    assert.ok(best!.p.answers > 0.5 && best!.p.answers <= 1);
  });
});
