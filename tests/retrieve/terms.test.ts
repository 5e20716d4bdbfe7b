import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { reciprocalRankFusion, relativeScoreWeights } from '../../src/retrieve/fuse.js';
import { queryTerms, stem, tokenize } from '../../src/language/terms.js';

describe('search terms', () => {
  it('keep hyphenated identifiers whole and also split them', () => {
    assert.deepEqual(tokenize('MQ-9B and INDUS-X'), ['mq-9b', 'mq', '9b', 'and', 'indus-x', 'indus', 'x']);
  });
  it('drop thousands separators so numbers match however they are written', () => {
    assert.deepEqual(tokenize('₹12,648 crore'), ['12648', 'crore']);
    assert.deepEqual(tokenize('5.4% of $45.7 billion'), ['5.4', 'of', '45.7', 'billion']);
  });
  it('read dotted acronyms as one word', () => {
    assert.deepEqual(tokenize('the U.S. and e.g.'), ['the', 'us', 'and', 'eg']);
  });
  it("take an acronym's plural ending off, which the stemmer cannot see once it is lower-cased", () => {
    assert.deepEqual(tokenize('DVDs, NGOs and PDFs'), ['dvd', 'ngo', 'and', 'pdf']);
    assert.deepEqual(queryTerms('how long can I keep a dvd'), queryTerms('how long can I keep DVDs'));
    // Not a word that is all capitals, nor a title of one capital.
    assert.deepEqual(tokenize('GPS, BUS and Ms Khan'), ['gps', 'bus', 'and', 'ms', 'khan']);
  });
  it('read a word with a clitic as its host, and "n\'t" as "not"', () => {
    assert.deepEqual(tokenize("I'm sure they can't, won't or couldn't"), ['i', 'sure', 'they', 'can', 'not', 'will', 'not', 'or', 'could', 'not']);
    assert.deepEqual(queryTerms("why can't I see the doctor, we've asked"), queryTerms('why I see the doctor, we asked'));
    // A name written with an apostrophe is still a compound and its parts.
    assert.deepEqual(tokenize("O'Neill"), ['o-neill', 'o', 'neill']);
  });
  it('drop possessives, stop words and plural endings', () => {
    assert.deepEqual(queryTerms("What are India's manufacturers of batteries?"), ['india', 'manufactur', 'batteri']);
  });
  it('stem conservatively', () => {
    assert.equal(stem('launched'), 'launch');
    assert.equal(stem('focus'), 'focus');
    assert.equal(stem('class'), 'class');
    assert.equal(stem('2024s'), '2024s');
  });
});

describe('reciprocal rank fusion', () => {
  it('rewards items ranked high by either list, most of all by both', () => {
    const scores = reciprocalRankFusion([{ ids: ['a', 'b', 'c'] }, { ids: ['c', 'd'] }], 60);
    const order = [...scores.entries()].sort((x, y) => y[1] - x[1]).map(([id]) => id);
    assert.equal(order[0], 'c');
    assert.ok(scores.get('a')! > scores.get('d')!);
    assert.equal(scores.get('d'), 1 / 62);
  });
  it('lets a decisive score count for more than its rank alone', () => {
    assert.deepEqual(relativeScoreWeights([40, 4, 2]), [1.5, 0.6, 0.55]);
    const plain = reciprocalRankFusion([{ ids: ['x', 'y'] }, { ids: ['y', 'x'] }], 30);
    assert.equal(plain.get('x'), plain.get('y'));
    const weighted = reciprocalRankFusion([{ ids: ['x', 'y'] }, { ids: ['y', 'x'], itemWeights: relativeScoreWeights([40, 4]) }], 30);
    assert.ok(weighted.get('y')! > weighted.get('x')!);
  });
});
