import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { prepareQuery, stanceFeatures } from '../../src/evidence/features.js';
import { analyzeText } from '../../src/language/analyze.js';
import { judgeFor } from '../../src/server/services.js';
import { fixtureIndex } from '../helpers.js';

describe('aligning a claim with a sentence worded differently', async () => {
  const open = await fixtureIndex('manual');
  const { bank } = judgeFor(open);
  const claim = (text: string) => prepareQuery(bank, text, analyzeText(text, { properWords: bank.properWords }), []);
  const sentence = (part: string) => [...bank.all()].find((r) => r.text.includes(part))!;

  it('leads an irregular form back to its lemma, so that "grew" is a known word where the documents say "grow"', () => {
    assert.deepEqual(analyzeText('Sales grew while the children slept.').irregular, { grew: 'grow', children: 'child', slept: 'sleep' });
    assert.equal(analyzeText('Sales grow every year.').irregular, undefined);
  });

  it('counts a figure\'s unit written out ("5 percent", "$3 million") as part of the figure, not as a word the sentence must share', () => {
    const terms = claim('The battery keeps 5 percent of its charge, worth $3 million.').terms.map((t) => t.term);
    assert.ok(terms.includes('batteri') && terms.includes('charg'), terms.join(' '));
    assert.ok(!terms.includes('percent') && !terms.includes('million'), terms.join(' '));
  });

  it('finds a name of several words in a sentence that writes only its initials ("Universal Serial Bus" in "USB-C")', () => {
    const q = claim('The battery pack is charged from a Universal Serial Bus adapter.');
    assert.deepEqual(q.names.map((n) => n.text), ['Universal Serial Bus']);
    const { features, conflict } = stanceFeatures(bank, q, { record: sentence('Plug the battery pack (BP-2600)'), rank: 0, similarity: 0.8 }, 0.8);
    assert.equal(features.namesMissing, 0);
    assert.notEqual(conflict?.rule, 'name');
    const elsewhere = stanceFeatures(bank, q, { record: sentence('The hopper holds'), rank: 0, similarity: 0.8 }, 0.8);
    assert.equal(elsewhere.features.namesMissing, 1, 'initials that are only part of a word do not count');
  });
});
