import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expandAcronyms, findAcronyms } from '../../src/answer/acronyms.js';
import { asAnswerSentence } from '../../src/answer/compose.js';
import { figuresDiffer, figuresIn } from '../../src/answer/facts.js';
import { definesTerm, definitionTarget, expectedAnswer, hasQuantity, hasTimeExpression, initialismsOf, unknownNames } from '../../src/answer/grounding.js';
import { keyTerms, termMatches } from '../../src/answer/key-terms.js';

describe('what a question expects', () => {
  it('reads time and quantity questions from their form', () => {
    assert.equal(expectedAnswer('When was iCET launched?'), 'time');
    assert.equal(expectedAnswer('And when will it be ready?'), 'time');
    assert.equal(expectedAnswer('In which year did it start?'), 'time');
    assert.equal(expectedAnswer('How many disputes were resolved?'), 'quantity');
    assert.equal(expectedAnswer('What is the price of an F-35?'), 'quantity');
    assert.equal(expectedAnswer('Which sectors does TRUST cover?'), undefined);
    assert.equal(expectedAnswer('What does TRUST stand for?'), 'definition');
  });
  it('finds the acronym a definition question asks about, and sentences that spell it out', () => {
    assert.equal(definitionTarget('What does TRUST stand for?'), 'TRUST');
    assert.equal(definitionTarget('What is the full form of iCET?'), 'iCET');
    assert.equal(definitionTarget('What is TPF short for?'), 'TPF');
    assert.equal(definesTerm('the U.S.-India TRUST (Transforming the Relationship Utilizing Strategic Technology) initiative', 'TRUST'), true);
    assert.equal(definesTerm('The India-U.S. Trade Policy Forum (TPF), established in 2005', 'TPF'), true);
    assert.equal(definesTerm('The TRUST initiative aims to catalyse collaboration', 'TRUST'), false);
  });
  it('finds dates and quantities, but not years or names as quantities', () => {
    assert.equal(hasTimeExpression('launch this spring'), true);
    assert.equal(hasTimeExpression('in November 2023'), true);
    assert.equal(hasTimeExpression('a jointly developed satellite'), false);
    assert.equal(hasQuantity('resolved all seven disputes'), true);
    assert.equal(hasQuantity('₹1,500 crore for recycling'), true);
    assert.equal(hasQuantity('20% of imports'), true);
    assert.equal(hasQuantity('access to F-35 fighter jets and STA-1 status in 2018'), false);
  });
  it('reads initials of names, with and without minor words', () => {
    const initials = initialismsOf('talks between GE Aerospace and Hindustan Aeronautics Limited on a Memorandum of Understanding');
    assert.ok(initials.has('hal'));
    assert.ok(initials.has('mou'));
    assert.ok(initials.has('mu'));
    assert.ok(initials.has('ga'));
    assert.ok(!initials.has('tb'), 'lower-case words are not part of names');
  });
  it('does not count an abbreviation of a name the documents spell out as unknown', () => {
    const vocabulary = new Set(['engine', 'hindustan', 'aeronautic', 'limited']);
    assert.deepEqual(unknownNames('Which engines will HAL build?', vocabulary, new Set(['hal'])), []);
    assert.deepEqual(unknownNames('Which engines will HAL build?', vocabulary), ['HAL']);
  });
  it('names the capitalised words the documents never mention', () => {
    const vocabulary = new Set(['trust', 'initiative', 'india', 'gaganyaan', 'american']);
    assert.deepEqual(unknownNames('What did the TRUST initiative allocate in Kenya?', vocabulary), ['Kenya']);
    assert.deepEqual(unknownNames("Who leads Gaganyaan's crew in India?", vocabulary), []);
    assert.deepEqual(unknownNames('What do Americans think?', vocabulary), []);
  });
});

describe('key terms', () => {
  it('drop question words', () => {
    assert.deepEqual(keyTerms('What does the document say about semiconductor plants?'), ['semiconductor', 'plant']);
  });
  it('match word forms that share a long stem', () => {
    assert.equal(termMatches('acquire', 'acquisition'), true);
    assert.equal(termMatches('india', 'indian'), true);
    assert.equal(termMatches('trade', 'trust'), false);
    assert.equal(termMatches('art', 'artemis'), false);
  });
});

describe('acronyms', () => {
  it('are found where the text defines them, including lower-case long forms', () => {
    const found = findAcronyms('the Trade Policy Forum (TPF) met; active pharmaceutical ingredients (API) matter; see the U.S. (US) note');
    assert.deepEqual(found.get('tpf'), [['trade', 'policy', 'forum']]);
    assert.deepEqual(found.get('api'), [['active', 'pharmaceutical', 'ingredient']]);
  });
  it('let a passage that uses one match its long form, and the other way round', () => {
    const acronyms = new Map([['api', [['active', 'pharmaceutical', 'ingredient']]]]);
    assert.ok(expandAcronyms(new Set(['api', 'manufacturer']), acronyms).has('pharmaceutical'));
    assert.ok(expandAcronyms(new Set(['active', 'pharmaceutical', 'ingredient']), acronyms).has('api'));
  });
});

describe('answer text', () => {
  it('ends list items with a full stop and runs list items together', () => {
    assert.equal(asAnswerSentence('Advancing a partnership;'), 'Advancing a partnership.');
    assert.equal(asAnswerSentence('These include:\n- AI\n- Space'), 'These include: AI; Space.');
    assert.equal(asAnswerSentence('It is done.'), 'It is done.');
  });
  it('notices when two sentences give different figures', () => {
    assert.equal(figuresDiffer(figuresIn('launched in 2022'), figuresIn('launched in 2015')), true);
    assert.equal(figuresDiffer(figuresIn('₹1,500 crore'), figuresIn('1500 crore in all')), false);
    assert.equal(figuresDiffer(figuresIn('in 2024'), figuresIn('no figures here')), false);
  });
});
