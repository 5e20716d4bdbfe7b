import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { dot } from '../../src/embed/embedder.js';
import { connectOnnxHost } from '../../src/embed/onnx-host.js';
import { createUseEmbedder } from '../../src/embed/use-embedder.js';
import { splitSentences } from '../../src/ingest/sentences.js';
import { FIXTURE_CORPORA, inWorkerThread } from '../helpers.js';

/**
 * The sentence encoder rebuilt as an ONNX model must compute what the TF.js graph computes:
 * an index built on one runtime is searched with queries embedded on the other, and the
 * embedding cache keeps vectors across them under the same embedder id.
 */

const LONG_PARAGRAPH =
  'Technology has emerged as a significant pillar of bilateral cooperation. During the visit to Washington DC on 13 February 2025, ' +
  'the two sides launched the TRUST (Transforming the Relationship Utilizing Strategic Technology) initiative, which will catalyze ' +
  'government-to-government, academia and private sector collaboration to promote application of critical and emerging technologies ' +
  'in areas like defense, artificial intelligence, semiconductors, quantum, biotechnology, energy and space, while encouraging the use ' +
  'of verified technology vendors and ensuring that sensitive technologies are protected. Both sides also agreed to work towards a ' +
  'multi-sector bilateral trade agreement, with a first tranche to be negotiated by the fall of 2025.';

const HANDWRITTEN = [
  // blank and nearly blank
  '', ' ', '   \n\t ', '.', '?', '-', '…', 'a', 'I', 'OK', '\u00a0', '\u200b',
  // short questions and statements
  'When did the technology initiative start?',
  'Who signed the agreement?',
  'What is the mileage rate for a personal car?',
  'Bananas are yellow.',
  'The NISAR satellite will map the Earth.',
  'iCET was launched in 2022.',
  'How do I reset the KX-200 to factory settings?',
  'Is parking free for visitors?',
  'the the the the the',
  'ALL CAPITALS SHOUTING ABOUT DEFENCE PROCUREMENT',
  'lowercase without any punctuation at all just words',
  // numbers, dates, codes
  '42',
  '3.14159265358979',
  '1,234,567.89 USD',
  'ANSWERED ON- 13/03/2025',
  'UNSTARRED QUESTION NO-1679',
  'Call +91 11 2301 2345 or ext. 4471 before 09:30.',
  'Model KX-200-B/EU, firmware v2.3.11-rc4',
  '2025-02-13T10:00:00Z',
  '100% of 0 is 0; 1/3 ≈ 0.333',
  // punctuation and markup
  '**US-INDIA PARTNERSHIP IN TECHNOLOGY AND DEFENCE**',
  '(a) & (b) Technology has emerged as a significant pillar.',
  '"Quoted," she said — \'and nested\' (with brackets) [and more]!',
  '# Heading\n\n- item one\n- item two',
  'https://example.org/path?query=1&other=two#fragment',
  'user.name+tag@example.com',
  '<p>Some <b>HTML</b> markup</p>',
  '{"json": [1, 2, 3], "ok": true}',
  'tab\tseparated\tvalues',
  'line one\nline two\r\nline three',
  '    leading and trailing spaces    ',
  'double  spaces   between    words',
  // unicode
  'Café, naïve, façade, coöperate, résumé',
  'Straße und Größe',
  'Ünïcödé ẗëxẗ wïẗḧ dïäcrïẗïcs',
  '日本語のテキスト',
  '中文句子测试',
  'Русский текст о технологиях',
  'Ελληνικά γράμματα',
  'हिंदी में एक वाक्य',
  'عربي نص قصير',
  'emoji 🚀🛰️ in a sentence 👍',
  '🚀',
  'ﬁ ligature and ＦＵＬＬＷＩＤＴＨ letters',
  'Rua da Alegria, São Paulo',
  'Tobias Lindqvist\u2019s desk phone extension',
  'mixed 日本 and English and émojis 🎉 together 123',
  // long and clipped
  LONG_PARAGRAPH,
  `${LONG_PARAGRAPH} ${LONG_PARAGRAPH}`,
  'word '.repeat(200),
  'semiconductor '.repeat(150),
  Array.from({ length: 300 }, (_, i) => `w${i}`).join(' '),
  'x'.repeat(1000),
  '日本'.repeat(200),
  '🚀 '.repeat(140),
];

/** Sentences of the handbook and manual test collections: real prose, headings and list items. */
async function fixtureSentences(): Promise<string[]> {
  const files = [
    'handbook/employee-handbook.md',
    'handbook/facilities-and-it-guide.md',
    'handbook/finance-policy-note-14.md',
    'manual/kx-200-user-manual.md',
    'manual/kx-200-troubleshooting.md',
  ];
  const out: string[] = [];
  for (const file of files) {
    const text = await readFile(join(FIXTURE_CORPORA, file), 'utf8');
    const sentences = text.split(/\n\s*\n/).flatMap((p) => splitSentences(p).map((s) => p.slice(s.start, s.end)));
    // Every fourth sentence keeps the test quick while spanning each document.
    out.push(...sentences.filter((_, i) => i % 4 === 0).slice(0, 15));
  }
  return out;
}

const warnings: string[] = [];
const onnx = await createUseEmbedder({ runtime: 'onnx', logger: { info() {}, warn: (m) => warnings.push(m) } });
const tfjs = await createUseEmbedder({ runtime: 'tfjs', threads: 1 });
after(async () => {
  await onnx.dispose?.();
  await tfjs.dispose?.();
});

describe('the sentence encoder on onnxruntime', async () => {
  const texts = [...HANDWRITTEN, ...(await fixtureSentences())];
  // TF.js one text at a time is the reference: what the index held before this runtime.
  const reference: number[][] = [];
  for (const t of texts) reference.push((await tfjs.embed([t]))[0]!);

  it('loads onnxruntime rather than falling back to TF.js, which would compare TF.js with itself', () => {
    assert.deepEqual(warnings, []);
  });

  it('is tested on at least 100 varied texts', () => {
    assert.ok(texts.length >= 100, `only ${texts.length} texts`);
    assert.ok(texts.some((t) => t.split(/\s+/).length > 150), 'no text longer than the 128 tokens the model reads');
  });

  it('gives every text the vector TF.js gives it, one text at a time', async () => {
    const worst: string[] = [];
    for (let i = 0; i < texts.length; i++) {
      const text = texts[i]!;
      const [vector] = await onnx.embed([text]);
      const cosine = dot(vector!, reference[i]!);
      if (!(cosine >= 0.9999)) worst.push(`${cosine.toFixed(6)} ${JSON.stringify(text.slice(0, 60))}`);
    }
    assert.deepEqual(worst, []);
  });

  it('gives the same vectors to all texts at once, batched by length with padding', async () => {
    const vectors = await onnx.embed(texts);
    assert.equal(vectors.length, texts.length);
    const worst = texts.flatMap((t, i) => {
      assert.equal(vectors[i]!.length, 512);
      assert.ok(Math.abs(Math.hypot(...vectors[i]!) - 1) < 1e-4);
      const cosine = dot(vectors[i]!, reference[i]!);
      return cosine >= 0.9999 ? [] : [`${cosine.toFixed(6)} ${JSON.stringify(t.slice(0, 60))}`];
    });
    assert.deepEqual(worst, []);
  });

  it('tells texts apart at that threshold, so that the comparison means something', () => {
    // Neighbouring texts differ in meaning; were the vectors constant or garbled, they would
    // either all match or all fail above.
    let distinct = 0;
    for (let i = 1; i < texts.length; i++) if (dot(reference[i]!, reference[i - 1]!) < 0.9999) distinct++;
    assert.ok(distinct > texts.length * 0.9, `${distinct} of ${texts.length} neighbours differ`);
  });
});

describe('the onnxruntime host thread', () => {
  it('gives each of several embedders in one thread its own vectors when they ask at once', async () => {
    // Two indexes built at once in one process each have an embedder on the same host.
    const [first, second] = [await createUseEmbedder({ runtime: 'onnx' }), await createUseEmbedder({ runtime: 'onnx' })];
    const a = Array.from({ length: 40 }, (_, i) => `The ferry leaves the harbour at ${i} o'clock.`);
    const b = Array.from({ length: 40 }, (_, i) => `Bananas ripen in ${i} days on the counter.`);
    const [fromA, fromB] = await Promise.all([first.embed(a), second.embed(b)]);
    const [aloneA, aloneB] = [await onnx.embed(a), await onnx.embed(b)];
    a.forEach((_, i) => assert.ok(dot(fromA[i]!, aloneA[i]!) > 0.99999, `text ${i} of the first embedder`));
    b.forEach((_, i) => assert.ok(dot(fromB[i]!, aloneB[i]!) > 0.99999, `text ${i} of the second embedder`));
    await Promise.all([first.dispose?.(), second.dispose?.()]);
  });

  it('lets the texts in hand finish when an embedder is closed, and refuses new ones', async () => {
    // A server stopped mid-build exits once its embedder is closed; exiting while the host
    // is inside a run aborts the process in onnxruntime's native code.
    const client = await connectOnnxHost();
    const inHand = client.embed(Array.from({ length: 40 }, (_, i) => `Lockers by the pool take ${i} pence coins.`));
    await client.close();
    assert.equal((await inHand).length, 40);
    await assert.rejects(client.embed(['one more']), /disposed/);
  });

  it('serves worker threads started after it, so that answer workers embed on onnxruntime too', async () => {
    // onnxruntime-node 1.21 aborts the process when a second thread runs a model: the
    // worker must go through the host, and the process must survive to compare.
    const reply = await inWorkerThread<{ vectors: number[][]; warnings: string[] }>(
      `const { createUseEmbedder } = await src('embed/use-embedder.ts');
      const warnings = [];
      const embedder = await createUseEmbedder({ logger: { info() {}, warn: (m) => warnings.push(m) } });
      const vectors = await embedder.embed(['The NISAR satellite will map the Earth.', 'Bananas are yellow.']);
      await embedder.dispose();
      return { vectors, warnings };`,
    );
    assert.equal(reply.error, undefined);
    assert.deepEqual(reply.warnings, []);
    const here = await onnx.embed(['The NISAR satellite will map the Earth.', 'Bananas are yellow.']);
    assert.ok(dot(reply.vectors![0]!, here[0]!) > 0.99999);
    assert.ok(dot(reply.vectors![1]!, here[1]!) > 0.99999);
    // And the host still answers this thread after the worker has gone.
    assert.equal((await onnx.embed(['still here']))[0]!.length, 512);
  });
});
