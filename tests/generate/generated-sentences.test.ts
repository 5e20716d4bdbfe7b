import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readSentence, splitGenerated, SentenceStream, ThinkingFilter } from '../../src/generate/generated-sentences.js';

describe('a generated answer cut into sentences', () => {
  const text = 'The forum was set up in 2005 [1]. It meets every year. [2][3] The U.S. and India agreed, e.g. on trade [4, 5].\n- First item [1]\n- Second item [9]\nNo markers here';

  it('gives each sentence its markers, wherever they stand', () => {
    assert.deepEqual(splitGenerated(text), [
      { text: 'The forum was set up in 2005.', cited: [1] },
      { text: 'It meets every year.', cited: [2, 3] },
      { text: 'The U.S. and India agreed, e.g. on trade.', cited: [4, 5] },
      { text: 'First item', cited: [1] },
      { text: 'Second item', cited: [9] },
      { text: 'No markers here', cited: [] },
    ]);
    assert.deepEqual(readSentence('**Both** apply [Passage 2] [1-3].'), { text: 'Both apply.', cited: [2, 1, 3] });
  });

  it('cuts the same sentences however the text arrives', () => {
    for (const size of [1, 2, 5, 13]) {
      const stream = new SentenceStream();
      const out = [];
      for (let i = 0; i < text.length; i += size) out.push(...stream.push(text.slice(i, i + size)));
      out.push(...stream.end());
      assert.deepEqual(out, splitGenerated(text), `pieces of ${size}`);
    }
  });

  it('holds a sentence back until its marker after the full stop has arrived', () => {
    const stream = new SentenceStream();
    assert.deepEqual(stream.push('It was set up in 2005. '), []);
    assert.deepEqual(stream.push('[1'), []);
    assert.deepEqual(stream.push('] It'), [{ text: 'It was set up in 2005.', cited: [1] }]);
  });

  it("leaves out a reasoning model's thinking, however its tags are split", () => {
    const text = '<think>The user asks about charging. Passage 2 says six hours.</think>\n\nA full charge takes six hours [2].';
    for (const size of [1, 3, 7, 100]) {
      const filter = new ThinkingFilter();
      let out = '';
      for (let i = 0; i < text.length; i += size) out += filter.push(text.slice(i, i + size));
      out += filter.end();
      assert.equal(out, '\n\nA full charge takes six hours [2].', `pieces of ${size}`);
    }
    const plain = new ThinkingFilter();
    assert.equal(plain.push('Costs < 5 euros <th') + plain.end(), 'Costs < 5 euros <th');
  });
});
