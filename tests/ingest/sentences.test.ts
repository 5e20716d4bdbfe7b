import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { splitSentences } from '../../src/ingest/sentences.js';

const split = (text: string) => splitSentences(text).map((s) => text.slice(s.start, s.end));

describe('sentence splitting', () => {
  it('splits at full stops followed by a capital', () => {
    assert.deepEqual(split('One fact. Another fact! A question? Yes.'), ['One fact.', 'Another fact!', 'A question?', 'Yes.']);
  });
  it('does not split after abbreviations and initials', () => {
    assert.deepEqual(split('The U.S. National Security Advisor met Dr. Rao and S. Jaishankar in New Delhi.'), [
      'The U.S. National Security Advisor met Dr. Rao and S. Jaishankar in New Delhi.',
    ]);
    assert.deepEqual(split('Minerals (e.g. Lithium) matter. Next.'), ['Minerals (e.g. Lithium) matter.', 'Next.']);
  });
  it('does not split inside numbers or before lower case', () => {
    assert.deepEqual(split('It grew 5.4% to $45.7 billion. then more'), ['It grew 5.4% to $45.7 billion. then more']);
  });
  it('keeps closing quotes with their sentence', () => {
    assert.deepEqual(split('They set "Mission 500." The goal is trade.'), ['They set "Mission 500."', 'The goal is trade.']);
  });
  it('returns offsets into the original text when given a range', () => {
    const text = 'Head\n\nFirst one. Second one.';
    const spans = splitSentences(text, 6, text.length);
    assert.deepEqual(spans.map((s) => text.slice(s.start, s.end)), ['First one.', 'Second one.']);
  });
});
