import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { chunkDocument } from '../../src/ingest/chunk.js';
import { loadCorpus } from '../../src/ingest/load-corpus.js';
import { pageOf } from '../../src/ingest/page-of.js';
import { readDocumentBytes } from '../../src/ingest/read-document.js';
import { openIndex } from '../../src/open-index.js';
import { servicesFor } from '../../src/server/services.js';
import type { Citation, SourceDoc } from '../../src/types.js';
import { tempDir, testConfig, rejection } from '../helpers.js';
import { body, makeEncryptedPdf, makePdf, type PdfLine } from './pdf-fixtures.js';

const PARAGRAPH_GAP = 26;

/** A three-page ferry guide: each page has a heading in a larger font, paragraphs and (page 3) a list. */
const GUIDE: PdfLine[][] = [
  [
    { text: 'Harbour ferry guide', size: 20 },
    { text: 'The harbour ferry service began in 1952 with two wooden boats. Today the', gapAbove: 30 },
    ...body('fleet has six modern vessels that carry commuters across the bay.'),
    { text: 'The ferry company is owned by the city council.', gapAbove: PARAGRAPH_GAP },
  ],
  [
    { text: 'Tickets and fares', size: 16 },
    { text: 'A single ticket costs four euros for adults. Children under twelve travel', gapAbove: 28 },
    ...body('free of charge. Monthly passes cost sixty euros and are sold at the ticket ma-', 'chines on every pier.'),
  ],
  [
    { text: 'Winter timetable', size: 16 },
    { text: 'In winter the boats leave every hour from seven in the morning.', gapAbove: 28 },
    { text: '• The last boat leaves the south pier at nine in the evening.', gapAbove: PARAGRAPH_GAP },
    ...body('• On public holidays the boats run a Sunday service.'),
  ],
];

const PAGE_TEXTS = [
  'Harbour ferry guide\n\nThe harbour ferry service began in 1952 with two wooden boats. Today the fleet has six modern vessels that carry commuters across the bay.\n\nThe ferry company is owned by the city council.',
  'Tickets and fares\n\nA single ticket costs four euros for adults. Children under twelve travel free of charge. Monthly passes cost sixty euros and are sold at the ticket machines on every pier.',
  'Winter timetable\n\nIn winter the boats leave every hour from seven in the morning.\n\n- The last boat leaves the south pier at nine in the evening.\n- On public holidays the boats run a Sunday service.',
];

async function guideDoc(): Promise<SourceDoc> {
  const dir = await tempDir();
  await writeFile(join(dir, 'ferry-guide.pdf'), await makePdf(GUIDE, { title: 'Harbour Ferry Guide 2024', author: 'Port Authority', created: new Date('2024-05-01T12:00:00Z') }));
  const [doc] = await loadCorpus(dir);
  assert.ok(doc, 'the PDF is loaded');
  return doc;
}


describe('reading a PDF', async () => {
  const doc = await guideDoc();

  it('makes each page part of the canonical text, separated by blank lines', () => {
    assert.equal(doc.format, 'pdf');
    assert.equal(doc.text, PAGE_TEXTS.join('\n\n'));
  });

  it('records each page’s character range, which slices back to exactly that page’s text', () => {
    assert.deepEqual(doc.pages?.map((p) => p.page), [1, 2, 3]);
    doc.pages!.forEach((p, i) => assert.equal(doc.text.slice(p.start, p.end), PAGE_TEXTS[i]));
  });

  it('joins the lines of a paragraph and a word hyphenated at a line end', () => {
    assert.match(doc.text, /Today the fleet has/);
    assert.match(doc.text, /ticket machines on every pier/);
    assert.doesNotMatch(doc.text, /ma-\s*chines/);
  });

  it('takes headings from larger type and bullets from bullet characters', () => {
    const kinds = doc.blocks.map((b) => [b.kind, doc.text.slice(b.contentStart, b.end).slice(0, 20)]);
    assert.deepEqual(kinds, [
      ['heading', 'Harbour ferry guide'],
      ['paragraph', 'The harbour ferry se'],
      ['paragraph', 'The ferry company is'],
      ['heading', 'Tickets and fares'],
      ['paragraph', 'A single ticket cost'],
      ['heading', 'Winter timetable'],
      ['paragraph', 'In winter the boats '],
      ['bullet', 'The last boat leaves'],
      ['bullet', 'On public holidays t'],
    ]);
    const larger = doc.blocks.filter((b) => b.kind === 'heading').map((b) => b.level);
    assert.deepEqual(larger, [1, 2, 2], 'the largest type is the top level');
  });

  it('takes title, author and date from the document information', () => {
    assert.deepEqual(doc.meta, { title: 'Harbour Ferry Guide 2024', publisher: 'Port Authority', date: '2024-05-01' });
  });

  it('cuts chunks and sentences whose offsets slice back exactly, each on a known page', () => {
    const chunks = chunkDocument(doc, { targetChars: 150, maxChars: 250, minChars: 40, overlapChars: 80 });
    assert.ok(chunks.length >= 3);
    for (const chunk of chunks) {
      assert.equal(doc.text.slice(chunk.start, chunk.end), chunk.text);
      for (const s of chunk.sentences) {
        const sentence = doc.text.slice(s.start, s.end);
        const page = pageOf(doc, s.start);
        assert.ok(page !== undefined && PAGE_TEXTS[page - 1]!.includes(sentence), `"${sentence}" is on page ${page}`);
      }
    }
    const onPage2 = chunks.find((c) => c.text.includes('four euros'))!;
    assert.deepEqual(onPage2.headingPath, ['Harbour ferry guide', 'Tickets and fares']);
  });
});

describe('the page of an offset', () => {
  const doc = { pages: [{ page: 1, start: 0, end: 10 }, { page: 2, start: 10, end: 10 }, { page: 3, start: 12, end: 20 }] };

  it('is the page whose range holds it, skipping pages without text', () => {
    assert.equal(pageOf(doc, 0), 1);
    assert.equal(pageOf(doc, 9), 1);
    assert.equal(pageOf(doc, 12), 3);
    assert.equal(pageOf(doc, 19), 3);
  });

  it('counts the blank line between pages for the page before it', () => {
    assert.equal(pageOf(doc, 10), 1);
    assert.equal(pageOf(doc, 11), 1);
  });

  it('is undefined for a document without pages', () => {
    assert.equal(pageOf({}, 5), undefined);
    assert.equal(pageOf(undefined, 5), undefined);
  });
});

describe('PDFs that cannot be indexed', () => {
  it('refuses a scanned PDF (pages, no text layer) instead of indexing an empty document', async () => {
    const err = await rejection(readDocumentBytes('scan.pdf', await makePdf([[], []])));
    assert.equal(err.code, 'PDF_NO_TEXT');
    assert.match(err.message, /no text layer \(scanned\?\); OCR is not supported/);
  });

  it('refuses a password-protected PDF', async () => {
    const err = await rejection(readDocumentBytes('secret.pdf', makeEncryptedPdf()));
    assert.equal(err.code, 'PDF_ENCRYPTED');
    assert.match(err.message, /encrypted \(password-protected\)/);
  });

  it('refuses truncated and garbage bytes as corrupt', async () => {
    const whole = await makePdf([body('A page of text.')]);
    for (const bytes of [whole.subarray(0, Math.floor(whole.length / 3)), Buffer.from('%PDF-1.7\nthis is not a PDF at all'), Buffer.from('hello')]) {
      const err = await rejection(readDocumentBytes('broken.pdf', bytes));
      assert.equal(err.code, 'FILE_CORRUPT');
      assert.match(err.message, /not a readable PDF/);
    }
  });

  it('indexes the pages with text of a partly scanned PDF and warns about the others', async () => {
    const parsed = await readDocumentBytes('mixed.pdf', await makePdf([body('Page one has words.'), [], body('Page three has words.')]));
    assert.deepEqual(parsed.pages, [
      { page: 1, start: 0, end: 19 },
      { page: 2, start: 19, end: 19 },
      { page: 3, start: 21, end: 42 },
    ]);
    assert.deepEqual(parsed.warnings, ['page 2 has no text layer (scanned?) and is not indexed; OCR is not supported']);
    assert.equal(parsed.meta.title, 'mixed', 'without a metadata title or a heading, the file name is the title');
  });

  it('are skipped by the corpus loader with a warning naming each, while the rest is read', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'good.PDF'), await makePdf([body('Readable text.')]));
    await writeFile(join(dir, 'scan.pdf'), await makePdf([[]]));
    await writeFile(join(dir, 'secret.pdf'), makeEncryptedPdf());
    await writeFile(join(dir, 'broken.pdf'), Buffer.from('%PDF-1.4\n1 0 obj'));
    const warnings: string[] = [];
    const docs = await loadCorpus(dir, { info() {}, warn: (m) => warnings.push(m) });
    assert.deepEqual(docs.map((d) => d.id), ['good']);
    assert.deepEqual(warnings.sort(), [
      'skipping broken.pdf: it is not a readable PDF (Invalid PDF structure.); the file may be truncated or damaged',
      'skipping scan.pdf: it has one page but no text layer (scanned?); OCR is not supported',
      'skipping secret.pdf: it is encrypted (password-protected); save an unprotected copy to index it',
    ]);
  });

  it('changes a PDF document’s hash when the file changes', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'a.pdf'), await makePdf([body('First version.')]));
    const before = (await loadCorpus(dir))[0]!.hash;
    await writeFile(join(dir, 'a.pdf'), await makePdf([body('Second version.')]));
    assert.notEqual((await loadCorpus(dir))[0]!.hash, before);
  });
});

describe('citations into a PDF', async () => {
  const corpusDir = await tempDir('trust-rag-pdf-corpus-');
  await writeFile(join(corpusDir, 'ferry-guide.pdf'), await makePdf(GUIDE, { title: 'Harbour Ferry Guide 2024' }));
  await writeFile(join(corpusDir, 'museum.md'), '# Maritime museum\n\nThe maritime museum opens at ten and closes at five. Entry costs eight euros.\n');
  const open = await openIndex(testConfig({ corpusDir, indexDir: await tempDir('trust-rag-pdf-index-') }));
  const services = servicesFor(open);
  const pdf = open.index.docs.get('ferry-guide')!;

  function assertPaged(items: Citation[], docId: string): void {
    for (const c of items.filter((i) => i.docId === docId)) {
      assert.equal(pdf.text.slice(c.start, c.end), c.quote);
      assert.equal(c.page, pageOf(pdf, c.start));
      assert.ok(PAGE_TEXTS[c.page! - 1]!.includes(c.quote.split('\n')[0]!), `"${c.quote}" is on page ${c.page}`);
    }
  }

  it('keeps the page ranges in the stored index', () => {
    assert.deepEqual(pdf.pages?.map((p) => p.page), [1, 2, 3]);
  });

  it('names the page of a quote from page 2', async () => {
    const { answer } = await services.answerer.answer('How much does a single ferry ticket cost for adults?');
    const cited = [...answer.citations, ...answer.related].filter((c) => c.docId === 'ferry-guide');
    const fare = cited.find((c) => c.quote.includes('four euros'));
    assert.ok(fare, `the fare is quoted: ${JSON.stringify(answer)}`);
    assert.equal(fare.page, 2);
    assertPaged(cited as Citation[], 'ferry-guide');
    const museum = [...answer.citations, ...answer.related].filter((c) => c.docId === 'museum');
    for (const c of museum) assert.equal(c.page, undefined, 'a Markdown quote has no page');
  });

  it('names the page of evidence for a claim', async () => {
    const verdict = await services.verifier.verify('The last boat leaves the south pier at nine in the evening in winter.');
    const evidence = verdict.evidence.filter((e) => e.docId === 'ferry-guide');
    assert.ok(evidence.length > 0, JSON.stringify(verdict));
    assertPaged(evidence, 'ferry-guide');
    assert.ok(evidence.some((e) => e.page === 3));
  });
});
