import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { chunkDocument } from '../../src/ingest/chunk.js';
import { loadCorpus } from '../../src/ingest/load-corpus.js';
import { readDocumentBytes } from '../../src/ingest/read-document.js';
import { tempDir, rejection } from '../helpers.js';
import { makeDocx } from './docx-fixtures.js';

const HANDBOOK = [
  { style: 'Heading1', text: 'Leave' },
  'Staff get 25 days of paid leave a year, plus public holidays.',
  { style: 'Heading2', text: 'Sabbatical' },
  'After five years of service, staff may take a sabbatical of three months.',
  { style: 'Heading1', text: 'Expenses' },
  'Receipts must be submitted within 30 days & approved by a manager.',
];


describe('reading a Word .docx file', () => {
  it('turns Heading 1 and Heading 2 paragraphs into heading blocks and the rest into paragraphs', async () => {
    const parsed = await readDocumentBytes('handbook.docx', await makeDocx(HANDBOOK));
    assert.equal(parsed.format, 'docx');
    assert.equal(
      parsed.text,
      'Leave\n\nStaff get 25 days of paid leave a year, plus public holidays.\n\nSabbatical\n\nAfter five years of service, staff may take a sabbatical of three months.\n\nExpenses\n\nReceipts must be submitted within 30 days & approved by a manager.',
    );
    assert.deepEqual(
      parsed.blocks.map((b) => [b.kind, b.level, parsed.text.slice(b.start, b.end).slice(0, 12)]),
      [
        ['heading', 1, 'Leave'],
        ['paragraph', 0, 'Staff get 25'],
        ['heading', 2, 'Sabbatical'],
        ['paragraph', 0, 'After five y'],
        ['heading', 1, 'Expenses'],
        ['paragraph', 0, 'Receipts mus'],
      ],
    );
  });

  it('gives chunks the heading path they sit under, with offsets that slice back exactly', async () => {
    const parsed = await readDocumentBytes('handbook.docx', await makeDocx(HANDBOOK));
    const doc = { id: 'handbook', path: 'handbook.docx', format: parsed.format, meta: parsed.meta, text: parsed.text, blocks: parsed.blocks, hash: '' };
    const chunks = chunkDocument(doc, { targetChars: 60, maxChars: 200, minChars: 10, overlapChars: 0 });
    for (const c of chunks) {
      assert.equal(doc.text.slice(c.start, c.end), c.text);
      for (const s of c.sentences) assert.ok(c.text.includes(doc.text.slice(s.start, s.end)));
    }
    const sabbatical = chunks.find((c) => c.text.includes('three months'))!;
    assert.deepEqual(sabbatical.headingPath, ['Leave', 'Sabbatical']);
  });

  it('takes the title from the Title paragraph or the first heading, else the file name', async () => {
    const titled = await readDocumentBytes('x.docx', await makeDocx([{ style: 'Title', text: 'Staff handbook' }, ...HANDBOOK]));
    assert.equal(titled.meta.title, 'Staff handbook');
    assert.equal((await readDocumentBytes('x.docx', await makeDocx(HANDBOOK))).meta.title, 'Leave');
    assert.equal((await readDocumentBytes('notes.docx', await makeDocx(['Just a paragraph.']))).meta.title, 'notes');
  });

  it('refuses a file that is not a zip archive, or has no word/document.xml, as corrupt', async () => {
    const whole = await makeDocx(HANDBOOK);
    for (const bytes of [Buffer.from('plain text, not a zip'), whole.subarray(0, Math.floor(whole.length / 2))]) {
      const err = await rejection(readDocumentBytes('broken.docx', bytes));
      assert.equal(err.code, 'FILE_CORRUPT');
      assert.match(err.message, /not a readable \.docx file \(it is not a zip archive, or a truncated one\)/);
    }
    const err = await rejection(readDocumentBytes('empty.docx', await makeDocx([], { withoutDocument: true })));
    assert.equal(err.code, 'FILE_CORRUPT');
    assert.match(err.message, /no word\/document\.xml/);
  });

  it('refuses a legacy .doc, and any other type, as unsupported with a message saying what to do', async () => {
    const doc = await rejection(readDocumentBytes('old.DOC', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])));
    assert.equal(doc.code, 'UNSUPPORTED_FILE_TYPE');
    assert.match(doc.message, /legacy Word \.doc files are not supported; save it as \.docx/);
    const other = await rejection(readDocumentBytes('sheet.xlsx', Buffer.from('x')));
    assert.equal(other.code, 'UNSUPPORTED_FILE_TYPE');
    assert.match(other.message, /"\.xlsx" files are not read; the supported types are \.md, \.markdown, \.txt, \.html, \.htm, \.pdf, \.docx/);
  });

  it('says a Word file in the old container (legacy or password-protected) is not a .docx', async () => {
    const err = await rejection(readDocumentBytes('locked.docx', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0])));
    assert.equal(err.code, 'FILE_CORRUPT');
    assert.match(err.message, /password-protected/);
  });

  it('is read by the corpus loader, whatever the case of its extension, with a changing hash; a .doc is skipped with a warning', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'handbook.DOCX'), await makeDocx(HANDBOOK));
    await writeFile(join(dir, 'old.doc'), Buffer.from([0xd0, 0xcf, 0x11, 0xe0]));
    await writeFile(join(dir, 'broken.docx'), Buffer.from('not a zip'));
    const warnings: string[] = [];
    const docs = await loadCorpus(dir, { info() {}, warn: (m) => warnings.push(m) });
    assert.deepEqual(docs.map((d) => [d.id, d.format, d.meta.title]), [['handbook', 'docx', 'Leave']]);
    assert.deepEqual(warnings.sort(), [
      'skipping broken.docx: it is not a readable .docx file (it is not a zip archive, or a truncated one)',
      'skipping old.doc: legacy Word .doc files are not supported; save it as .docx (Word: File › Save As › Word Document)',
    ]);
    const before = docs[0]!.hash;
    await writeFile(join(dir, 'handbook.DOCX'), await makeDocx([...HANDBOOK, 'A new paragraph.']));
    assert.notEqual((await loadCorpus(dir))[0]!.hash, before);
  });
});
