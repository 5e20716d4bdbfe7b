import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { estimateTokens, readConversation, searchResultsOf, sourceUrlOf, withSources } from '../../src/server/openai-format.js';
import { ParamError } from '../../src/server/openai-shapes.js';
import type { Citation, SourceDoc } from '../../src/types.js';

const doc = (id: string, meta: SourceDoc['meta']): SourceDoc => ({ id, path: `${id}.pdf`, format: 'pdf', meta, text: 'Page one.\n\nPage two says so.', blocks: [], hash: 'h' });

describe('OpenAI messages and replies', () => {
  it('take the last user message as the question and the earlier user messages as the history', () => {
    const read = readConversation([
      { role: 'system', content: 'Answer briefly.' },
      { role: 'user', content: 'What is the TRUST initiative?' },
      { role: 'assistant', content: null },
      { role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:,' } }, { type: 'text', text: 'Who leads it?' }, { type: 'text', text: 'And since when?' }] },
      { role: 'tool', content: 'ignored' },
    ]);
    assert.deepEqual(read, { question: 'Who leads it?\nAnd since when?', earlier: ['What is the TRUST initiative?'] });
  });

  it('refuse a last user message with only an image, naming that message', () => {
    assert.throws(
      () => readConversation([{ role: 'user', content: 'Hello' }, { role: 'user', content: [{ type: 'image_url' }] }]),
      (err: unknown) => err instanceof ParamError && err.param === 'messages[1].content' && err.status === 400,
    );
  });

  it('name a source by its URL, or by doc://<docId> when it has none, and list a PDF citation with its page', () => {
    const docs = new Map([
      ['report', doc('report', { title: 'Annual report', sourceUrl: 'https://example.org/report.pdf', date: '2024-05-01' })],
      ['memo', doc('memo', { title: 'Memo' })],
    ]);
    assert.equal(sourceUrlOf('memo', docs.get('memo')), 'doc://memo');
    const cited: Citation[] = [
      { n: 2, docId: 'memo', title: 'Memo', chunkId: 'c2', quote: 'Page one.', start: 0, end: 9 },
      { n: 1, docId: 'report', title: 'Annual report', chunkId: 'c1', quote: 'Page two says so.', start: 11, end: 28, page: 2 },
    ];
    const results = searchResultsOf(cited, docs);
    assert.deepEqual(results.map((r) => [r.docId, r.url, r.date, r.page]), [
      ['report', 'https://example.org/report.pdf', '2024-05-01', 2],
      ['memo', 'doc://memo', undefined, undefined],
    ]);
    assert.equal(withSources('It says so [1] [2].', results), 'It says so [1] [2].\n\nSources:\n[1] Annual report, page 2 — https://example.org/report.pdf\n[2] Memo — memo');
    assert.equal(withSources('The documents do not answer this question.', []), 'The documents do not answer this question.');
  });

  it('estimate tokens at four characters each', () => {
    assert.deepEqual([estimateTokens(''), estimateTokens('abcd'), estimateTokens('abcde')], [0, 1, 2]);
  });
});
