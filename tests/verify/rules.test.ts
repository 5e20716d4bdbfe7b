import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { agrees, parseQuantities } from '../../src/verify/quantities.js';
import { direction, findConflict, isNegated, ranks, shares } from '../../src/verify/rules.js';

const values = (text: string) => parseQuantities(text).map((q) => [q.value, q.kind, q.currency ?? null, q.hedge]);

describe('reading quantities', () => {
  it('reads thousands separators, crore and lakh, and currency signs or words', () => {
    assert.deepEqual(values('₹1,500 crore'), [[1.5e10, 'money', 'INR', 'exact']]);
    assert.deepEqual(values('12,648 crore rupees'), [[1.2648e11, 'money', 'INR', 'exact']]);
    assert.deepEqual(values('3.3 lakh students'), [[330000, 'number', null, 'exact']]);
    assert.deepEqual(values('$45.7 billion'), [[4.57e10, 'money', 'USD', 'exact']]);
  });
  it('reads percentages, years and number words', () => {
    assert.deepEqual(values('rose 5.4% in 2024'), [[5.4, 'percent', null, 'exact'], [2024, 'year', null, 'exact']]);
    assert.deepEqual(values('twelve members'), [[12, 'number', null, 'exact']]);
    assert.deepEqual(values('twenty-five members'), [[25, 'number', null, 'exact']]);
  });
  it('reads hedges', () => {
    assert.deepEqual(values('nearly 70%'), [[70, 'percent', null, 'atMost']]);
    assert.deepEqual(values('more than 300 firms'), [[300, 'number', null, 'atLeast']]);
    assert.deepEqual(values('approximately ₹30,000 crore'), [[3e11, 'money', 'INR', 'about']]);
  });
  it('ignores numbers inside names and codes', () => {
    assert.deepEqual(values('F-35 jets, STA-1 status, Axiom-4, MQ-9B, G20 and 5G'), []);
    assert.deepEqual(values('one of the partners'), []);
  });
  it('compares figures with their hedges', () => {
    const q = (t: string) => parseQuantities(t)[0]!;
    assert.equal(agrees(q('12,648 crore rupees'), q('₹12,648 crore')), true);
    assert.equal(agrees(q('2015'), q('2022')), false);
    assert.equal(agrees(q('70%'), q('nearly 70%')), true);
    assert.equal(agrees(q('nearly 90%'), q('nearly 70%')), false);
    assert.equal(agrees(q('over 300'), q('350')), true);
    assert.equal(agrees(q('up to $500 million'), q('up to $825 million')), false);
  });
});

describe('ranks, shares, negation and direction', () => {
  it('reads superlative positions', () => {
    assert.deepEqual([...ranks("the world's second-largest maker")], [['largest', 2]]);
    assert.deepEqual([...ranks('the largest maker')], [['largest', 1]]);
    assert.deepEqual([...ranks('most of the trade')], []);
  });
  it('reads parts of a whole', () => {
    assert.deepEqual(shares('two of its three parts').map((s) => [s.part, s.whole]), [[2, 3]]);
    assert.deepEqual(shares('all three parts').map((s) => [s.part, s.whole]), [[3, 3]]);
  });
  it('tells negation from scope words', () => {
    assert.equal(isNegated('The initiative does not include Mars.'), true);
    assert.equal(isNegated("It isn't included."), true);
    assert.equal(isNegated('critical minerals (excluding lithium)'), false);
    assert.equal(isNegated('not only trade but also defence'), false);
  });
  it('reads the direction of a change', () => {
    assert.equal(direction('the deficit rose by 5.4%'), 'up');
    assert.equal(direction('the deficit fell by 5.4%'), 'down');
    assert.equal(direction('it rose and then fell'), undefined);
  });
});

describe('conflicts between a claim and a sentence', () => {
  const conflict = (claim: string, sentence: string, closely = true) => findConflict(claim, sentence, closely);
  it('finds a different year, count or amount', () => {
    assert.equal(conflict('iCET was launched in 2015.', 'They launched iCET in 2022.')?.rule, 'number');
    assert.deepEqual(conflict('The MSP has twelve members.', 'The MSP is a collaboration of 14 countries.'), { rule: 'number', claimed: 'twelve', stated: '14' });
  });
  it('finds a different rank', () => {
    assert.deepEqual(conflict('India is the largest API maker.', "India is the world's second-largest API manufacturer."), { rule: 'rank', claimed: 'largest', stated: 'second-largest' });
  });
  it('finds a different share of a whole', () => {
    assert.equal(conflict('The plan covers all three parts.', 'The plan covers two of its three parts.')?.rule, 'share');
  });
  it('finds negation and reversed direction only on closely aligned sentences', () => {
    assert.equal(conflict('TRUST includes space.', 'TRUST does not include space.')?.rule, 'negation');
    assert.equal(conflict('TRUST includes space.', 'TRUST does not include space.', false), undefined);
    assert.equal(conflict('The deficit fell by 5.4%.', 'The deficit rose by 5.4%.')?.rule, 'direction');
  });
  it('compares a figure with the figure of the same thing when a sentence has several', () => {
    const sentence = 'India approved a ₹16,300 crore mission in January 2025, allocating ₹7,000 crore for exploration and ₹1,500 crore for recycling incentives.';
    assert.deepEqual(conflict('The mission allocates ₹1,500 crore for exploration.', sentence), { rule: 'number', claimed: '₹1,500 crore', stated: '₹7,000 crore' });
    assert.equal(conflict('The mission allocates ₹1,500 crore for recycling incentives.', sentence), undefined);
    const years = 'It follows the induction into the Minerals Security Finance Network in 2024 and the MSP in 2023.';
    assert.equal(conflict('India joined the Minerals Security Finance Network in 2023.', years)?.stated, '2024');
    const acronyms = new Map([['msp', [['mineral', 'security', 'partnership']]]]);
    assert.equal(findConflict('India joined the Minerals Security Partnership in 2023.', years, true, acronyms), undefined);
  });

  it('finds nothing when the sentence agrees', () => {
    assert.equal(conflict('iCET was launched in 2022.', 'They launched iCET in 2022.'), undefined);
  });
});
