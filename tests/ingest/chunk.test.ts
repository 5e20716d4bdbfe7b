import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { chunkDocument, DEFAULT_CHUNKER } from '../../src/ingest/chunk.js';
import { layoutBlocks } from '../../src/ingest/layout.js';
import { loadCorpus } from '../../src/ingest/load-corpus.js';
import { parseMarkdownBlocks } from '../../src/ingest/parse-markdown.js';
import type { ChunkerSettings, SourceDoc } from '../../src/types.js';
import { CORPUS_DIR } from '../helpers.js';

function docFromMarkdown(markdown: string, id = 'doc'): SourceDoc {
  const { text, blocks } = layoutBlocks(parseMarkdownBlocks(markdown, 'markdown'));
  return { id, path: `${id}.md`, format: 'markdown', meta: { title: id }, text, blocks, hash: 'h' };
}

/** Every non-white-space character of the text lies inside at least one chunk. */
function assertCovers(doc: SourceDoc, chunks: ReturnType<typeof chunkDocument>): void {
  const covered = new Uint8Array(doc.text.length);
  for (const c of chunks) covered.fill(1, c.start, c.end);
  for (let i = 0; i < doc.text.length; i++) {
    if (!covered[i] && !/\s/.test(doc.text[i]!)) assert.fail(`character ${i} (${JSON.stringify(doc.text[i])}) of ${doc.id} is in no chunk`);
  }
}

function assertWellFormed(doc: SourceDoc, chunks: ReturnType<typeof chunkDocument>): void {
  for (const c of chunks) {
    assert.equal(c.text, doc.text.slice(c.start, c.end), 'chunk text slices back from its offsets');
    assert.equal(c.docId, doc.id);
    assert.equal(c.text.trim(), c.text, 'chunks do not start or end with white space');
    for (const s of c.sentences) assert.ok(c.start <= s.start && s.end <= c.end && s.start < s.end, 'sentences lie inside their chunk');
  }
  for (let i = 1; i < chunks.length; i++) assert.ok(chunks[i]!.start > chunks[i - 1]!.start, 'chunks are in document order');
  assert.equal(new Set(chunks.map((c) => c.id)).size, chunks.length, 'chunk ids are unique');
}

const word = fc.stringMatching(/^[A-Za-z]{1,10}$/);
const sentence = fc.array(word, { minLength: 1, maxLength: 25 }).map((ws) => `${ws.join(' ').replace(/^./, (c) => c.toUpperCase())}.`);
const paragraph = fc.array(sentence, { minLength: 1, maxLength: 12 }).map((ss) => ss.join(' '));
const block = fc.oneof(
  paragraph,
  fc.tuple(fc.integer({ min: 1, max: 3 }), fc.array(word, { minLength: 1, maxLength: 6 })).map(([level, ws]) => `${'#'.repeat(level)} ${ws.join(' ')}`),
  fc.array(paragraph, { minLength: 1, maxLength: 5 }).map((items) => items.map((p) => `- ${p}`).join('\n')),
);
const markdownDoc = fc.array(block, { minLength: 1, maxLength: 20 }).map((bs) => bs.join('\n\n'));
const settings: fc.Arbitrary<ChunkerSettings> = fc
  .record({ targetChars: fc.integer({ min: 100, max: 1500 }), extra: fc.integer({ min: 0, max: 800 }), minChars: fc.integer({ min: 0, max: 300 }), overlapChars: fc.integer({ min: 0, max: 400 }) })
  .map(({ targetChars, extra, minChars, overlapChars }) => ({ targetChars, maxChars: targetChars + extra, minChars, overlapChars }));

describe('chunking', () => {
  it('covers the document, slices back exactly and keeps ids unique, for any document and settings', () => {
    fc.assert(
      fc.property(markdownDoc, settings, (markdown, chunker) => {
        const doc = docFromMarkdown(markdown);
        const chunks = chunkDocument(doc, chunker);
        assertCovers(doc, chunks);
        assertWellFormed(doc, chunks);
      }),
      { numRuns: 200 },
    );
  });

  it('gives the same ids for the same input, and different ids when the text changes', () => {
    fc.assert(
      fc.property(markdownDoc, (markdown) => {
        const a = chunkDocument(docFromMarkdown(markdown));
        const b = chunkDocument(docFromMarkdown(markdown));
        assert.deepEqual(a, b);
        const changed = chunkDocument(docFromMarkdown(`${markdown}\n\nAn added closing sentence.`));
        assert.notEqual(changed.at(-1)!.id, a.at(-1)!.id);
      }),
      { numRuns: 50 },
    );
  });

  it('keeps chunks within the maximum size unless one sentence is longer', () => {
    fc.assert(
      fc.property(markdownDoc, settings, (markdown, chunker) => {
        const doc = docFromMarkdown(markdown);
        for (const c of chunkDocument(doc, chunker)) {
          const longestSentence = Math.max(0, ...c.sentences.map((s) => s.end - s.start));
          // A chunk may exceed the maximum by the sentence that crossed it, plus the headings before it.
          const headingChars = c.text.length - c.sentences.reduce((n, s) => n + s.end - s.start, 0);
          assert.ok(c.text.length <= chunker.maxChars + longestSentence + headingChars + 8, `chunk of ${c.text.length} chars`);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('repeats the last sentence when a long paragraph is split', () => {
    const sentences = Array.from({ length: 30 }, (_, i) => `Sentence number ${i} says something of moderate length here.`);
    const doc = docFromMarkdown(sentences.join(' '));
    const chunks = chunkDocument(doc, { ...DEFAULT_CHUNKER, targetChars: 300, maxChars: 400 });
    assert.ok(chunks.length > 3);
    for (let i = 1; i < chunks.length; i++) assert.ok(chunks[i]!.start < chunks[i - 1]!.end, 'consecutive pieces overlap');
  });

  it('keeps overlap to a third of a chunk, so a long overlap sentence cannot push a chunk past its bound (found by the property test)', () => {
    const long = 'Word '.repeat(21).trim() + '.';
    const doc = docFromMarkdown(`- Aa. Bb. ${long} ${long} ${long}`);
    const settings = { targetChars: 100, maxChars: 100, minChars: 0, overlapChars: 109 };
    for (const c of chunkDocument(doc, settings)) {
      const longest = Math.max(...c.sentences.map((x) => x.end - x.start));
      assert.ok(c.text.length <= settings.maxChars + longest + 8, `chunk of ${c.text.length} chars`);
    }
  });

  it('starts a new chunk at a heading and records the heading path', () => {
    const doc = docFromMarkdown(`# Top\n\n## Part A\n\n${'Alpha words here. '.repeat(20)}\n\n## Part B\n\n${'Beta words here. '.repeat(20)}`);
    const chunks = chunkDocument(doc);
    const b = chunks.find((c) => c.text.includes('Beta'))!;
    assert.ok(b.text.startsWith('Part B'));
    assert.deepEqual(b.headingPath, ['Top', 'Part B']);
    assert.ok(!b.text.includes('Alpha'));
  });

  it('handles the bundled corpus', async () => {
    for (const doc of await loadCorpus(CORPUS_DIR)) {
      const chunks = chunkDocument(doc);
      assertCovers(doc, chunks);
      assertWellFormed(doc, chunks);
      assert.ok(chunks.every((c) => c.sentences.length > 0));
    }
  });
});
