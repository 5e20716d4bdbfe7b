import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { candidatesFor, prepareQuery, STANCE_FEATURES, type StanceFeatures } from '../../src/evidence/features.js';
import { predict } from '../../src/evidence/logistic.js';
import { analyzeQuestion } from '../../src/language/analyze.js';
import { fixtureIndex } from '../helpers.js';
import { judgeFor } from '../../src/server/services.js';
import { passagesFor, SentenceBank } from '../../src/evidence/sentence-bank.js';
import { DEFAULT_TRAINING, trainModels } from '../../src/evidence/training.js';
import { trainingContext } from '../../src/store/build-index.js';

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
    assert.ok(training.sentences.compared >= training.sentences.embedded, 'the second part is fitted on at least the sentences that are embedded');
    assert.ok(training.examples.about.positive > training.examples.claimAbout.positive, 'more questions than claims are embedded');
  });

  it('judge whether a sentence about a claim supports it by its facts, not by how many of its words it shares', () => {
    const stance = { ...Object.fromEntries(STANCE_FEATURES.map((f) => [f, 0])), focus: 1 } as StanceFeatures;
    const close = predict(models.supports, { ...stance, coverage: 0.95, reverse: 0.9 });
    const reworded = predict(models.supports, { ...stance, coverage: 0.3, reverse: 0.25 });
    assert.equal(reworded, close, 'a paraphrase shares few words and still states the same facts');
    assert.ok(predict(models.supports, { ...stance, coverage: 0.3, reverse: 0.25, unmatched: 1 }) < reworded, 'a figure or date the sentence does not give lowers it');
    assert.ok(predict(models.supports, { ...stance, coverage: 0.3, reverse: 0.25, namesMissing: 1 }) < reworded, 'so does a name it does not mention');
  });

  it('keep the direction each feature may push', () => {
    const weight = (model: keyof typeof models, feature: string) => models[model].weights[models[model].features.indexOf(feature)]!;
    assert.ok(weight('answers', 'typeMissing') <= 0);
    assert.ok(weight('answers', 'typeFit') >= 0);
    assert.ok(weight('contradicts', 'conflict') >= 0);
    assert.ok(weight('about', 'unknownWords') <= 0, 'words the documents never use make no sentence more about a question');
    assert.ok(weight('about', 'typeFit') >= 0, 'holding the kind of answer asked for makes no sentence less about a question');
    assert.ok(weight('supports', 'conflict') <= 0);
    for (const model of ['claimAbout', 'citedAbout'] as const) {
      for (const f of ['conflict', 'oppose', 'alignedConflict', 'alignedOppose']) assert.ok(weight(model, f) >= 0, `${model}: a disagreeing ${f} never says a sentence is about something else`);
    }
  });

  it('learn from questions asked about another figure or year that a sentence giving the fact for its own does not answer them', () => {
    const weight = models.answers.weights[models.answers.features.indexOf('figuresMissing')]!;
    assert.ok(weight < 0, `figuresMissing weighs ${weight}`);
  });

  it('judge whether a sentence contradicts a claim by its facts, not by whether its words are in the sentence or only in its heading', () => {
    for (const model of ['supports', 'contradicts'] as const) {
      for (const f of ['coverage', 'reverse', 'contextOnly', 'focus']) assert.ok(!models[model].features.includes(f), `${model} has no ${f}`);
    }
  });

  it('are fitted again the same from the same seed, and differently from another', async () => {
    const refit = async (seed: string) => {
      const bank = new SentenceBank(open.index, open.index.evidence);
      return (await trainModels(trainingContext(bank, open.retriever, (texts) => open.embedder.embed(texts)), { ...DEFAULT_TRAINING, seed })).models;
    };
    const [once, again, other] = [await refit('7'), await refit('7'), await refit('8')];
    assert.deepEqual(again, once);
    assert.notDeepEqual(other.about.weights, once.about.weights, 'another seed draws other examples');
  });

  it('draw a collection smaller than the sample again, so that the answer and stance models see as many examples', async () => {
    const usable = training.sentences.compared;
    const fit = async (givenSentences: number) => {
      const bank = new SentenceBank(open.index, open.index.evidence);
      return (await trainModels(trainingContext(bank, open.retriever, (texts) => open.embedder.embed(texts)), { ...DEFAULT_TRAINING, givenSentences })).report.examples.answers;
    };
    const [once, thrice] = [await fit(usable), await fit(usable * 3)];
    assert.ok(thrice.positive + thrice.negative >= 2.5 * (once.positive + once.negative), `${JSON.stringify(once)} against ${JSON.stringify(thrice)}`);
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
