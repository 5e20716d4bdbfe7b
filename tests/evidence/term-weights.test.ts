import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TermWeights } from '../../src/evidence/term-weights.js';
import { everydayRate } from '../../src/language/word-frequency.js';
import { stem } from '../../src/language/terms.js';

// A small collection about a choir: every word below occurs in exactly one of its sentences.
const sentences = [
  'The choir rehearses on Tuesday evenings in the church hall.',
  'People who miss three rehearsals in a row lose their place in the concert.',
  'Subscriptions are due by the end of September.',
  'The descant part is sung by the sopranos.',
  'Our accompanist retires after the spring concert.',
].map((s) => new Set(s.toLowerCase().match(/[a-z]+/g)!.map(stem)));

describe('how much a word says about which sentence is meant', () => {
  it('knows that some words are everyday English and others are not', () => {
    assert.ok(everydayRate(stem('people')) > 0.01, 'people is in one everyday sentence in a hundred or more');
    assert.ok(everydayRate(stem('descant')) < 0.0001);
    assert.equal(everydayRate('xqzvw'), 0);
  });
  it('weighs a word the collection uses once less when it is everyday English', () => {
    const weights = new TermWeights(sentences, everydayRate);
    assert.ok(weights.idf(stem('people')) < weights.idf(stem('descant')), 'people says less than descant');
    assert.ok(Math.abs(weights.idf(stem('accompanist')) - weights.idf(stem('descant'))) < 0.05, 'two rare words weigh alike');
  });
  it('counts by the collection alone without everyday English', () => {
    const weights = new TermWeights(sentences);
    assert.equal(weights.idf(stem('people')), weights.idf(stem('descant')));
  });
});
