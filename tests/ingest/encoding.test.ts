import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { isAppError } from '../../src/errors.js';
import { declaredCharset, decodeText } from '../../src/ingest/decode-text.js';
import { loadCorpus } from '../../src/ingest/load-corpus.js';
import type { Logger } from '../../src/log.js';
import type { SourceDoc } from '../../src/types.js';
import { tempDir } from '../helpers.js';

/** "日本語のテキスト" as Shift_JIS bytes (Node can decode Shift_JIS but not encode it). */
const SHIFT_JIS_JAPANESE = [0x93, 0xfa, 0x96, 0x7b, 0x8c, 0xea, 0x82, 0xcc, 0x83, 0x65, 0x83, 0x4c, 0x83, 0x58, 0x83, 0x67];
/** "Привет, мир" as windows-1251 bytes. */
const CP1251_RUSSIAN = [0xcf, 0xf0, 0xe8, 0xe2, 0xe5, 0xf2, 0x2c, 0x20, 0xec, 0xe8, 0xf0];

function capture(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  return { warnings, info() {}, warn: (m) => warnings.push(m) };
}

/** Loads a corpus of the given files and returns its documents and warnings. */
async function load(files: Record<string, Uint8Array | string>): Promise<{ docs: SourceDoc[]; warnings: string[] }> {
  const dir = await tempDir();
  for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content);
  const logger = capture();
  const docs = await loadCorpus(dir, logger);
  return { docs, warnings: logger.warnings };
}

function utf16(text: string, order: 'le' | 'be'): Buffer {
  const le = Buffer.from(`\uFEFF${text}`, 'utf16le');
  return order === 'le' ? le : le.swap16();
}

describe('detecting the encoding of a text file', () => {
  it('reads a Latin-1 file as windows-1252 and warns which encoding it assumed, instead of indexing mojibake', async () => {
    const { docs, warnings } = await load({ 'notes.txt': Buffer.from('Café au lait for the naïve señor. Résumé attached.', 'latin1') });
    assert.equal(docs[0]!.text, 'Café au lait for the naïve señor. Résumé attached.');
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /^notes\.txt: .*not valid UTF-8.*windows-1252/);
  });

  it('decodes the windows-1252 punctuation that Latin-1 lacks (curly quotes, dashes, the euro sign)', () => {
    const bytes = Buffer.concat([Buffer.from([0x93]), Buffer.from('Quoted'), Buffer.from([0x94, 0x20, 0x97, 0x20, 0x80]), Buffer.from('5')]);
    assert.equal(decodeText(bytes).text, '“Quoted” — €5');
  });

  it('reads metadata from the front matter of a Latin-1 Markdown file', async () => {
    const { docs } = await load({ 'a.md': Buffer.from('---\ntitle: Café menu\n---\n# Menu\n\nCrème brûlée.', 'latin1') });
    assert.equal(docs[0]!.meta.title, 'Café menu');
    assert.equal(docs[0]!.text, 'Menu\n\nCrème brûlée.');
  });

  it('reads UTF-8 with or without a byte-order mark alike, without a warning', async () => {
    const { docs, warnings } = await load({ 'a.md': '\uFEFFCafé déjà vu.', 'b.md': 'Café déjà vu.' });
    assert.deepEqual(docs.map((d) => d.text), ['Café déjà vu.', 'Café déjà vu.']);
    assert.deepEqual(warnings, []);
  });

  it('reads UTF-16 in either byte order when it starts with a byte-order mark', async () => {
    const text = '# Títle\n\nZürich — 日本.';
    const { docs, warnings } = await load({ 'le.md': utf16(text, 'le'), 'be.md': utf16(text, 'be') });
    assert.deepEqual(docs.map((d) => d.text), ['Títle\n\nZürich — 日本.', 'Títle\n\nZürich — 日本.']);
    assert.deepEqual(warnings, []);
  });

  it('uses the charset a page declares in <meta charset> when its bytes are not UTF-8', async () => {
    const page = Buffer.concat([Buffer.from('<html><head><meta charset="Shift_JIS"><title>JP</title></head><body><p>'), Buffer.from(SHIFT_JIS_JAPANESE), Buffer.from('</p></body></html>')]);
    const { docs, warnings } = await load({ 'jp.html': page });
    assert.equal(docs[0]!.text, '日本語のテキスト');
    assert.deepEqual(warnings, []);
  });

  it('uses the charset of a <meta http-equiv="Content-Type"> declaration', async () => {
    const page = Buffer.concat([
      Buffer.from('<head><META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=windows-1251"></head><p>'),
      Buffer.from(CP1251_RUSSIAN),
      Buffer.from('</p>'),
    ]);
    const { docs, warnings } = await load({ 'ru.html': page });
    assert.equal(docs[0]!.text, 'Привет, мир');
    assert.deepEqual(warnings, []);
  });

  it('trusts valid UTF-8 over a page that declares another charset', async () => {
    const { docs, warnings } = await load({ 'a.html': Buffer.from('<meta charset="iso-8859-1"><p>Café.</p>', 'utf8') });
    assert.equal(docs[0]!.text, 'Café.');
    assert.deepEqual(warnings, []);
  });

  it('warns when a page declares UTF-8 but is not, and reads it as windows-1252', async () => {
    const { docs, warnings } = await load({ 'a.html': Buffer.from('<meta charset="utf-8"><p>Café.</p>', 'latin1') });
    assert.equal(docs[0]!.text, 'Café.');
    assert.match(warnings[0] ?? '', /^a\.html: it declares charset "utf-8", which does not fit its bytes.*windows-1252/);
  });

  it('keeps a file with a byte-order mark and a few broken bytes, replacing them and saying so', () => {
    const decoded = decodeText(Buffer.concat([Buffer.from('\uFEFFCaf\u00e9 ', 'utf8'), Buffer.from([0xff]), Buffer.from(' ok.')]));
    assert.equal(decoded.text, 'Café \ufffd ok.');
    assert.match(decoded.warning ?? '', /utf-8 byte-order mark but has bytes that are not valid utf-8/);
  });

  it('finds a declared charset in an XML declaration too', () => {
    assert.equal(declaredCharset(Buffer.from('<?xml version="1.0" encoding="ISO-8859-15"?><html></html>')), 'ISO-8859-15');
    assert.equal(declaredCharset(Buffer.from('<html><p>No declaration</p></html>')), undefined);
  });
});

describe('skipping binary files', () => {
  it('skips a file with NUL bytes, naming it in the warning, rather than indexing garbage', async () => {
    const { docs, warnings } = await load({ 'good.txt': 'Good text.', 'image.txt': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x1a, 0x0a]) });
    assert.deepEqual(docs.map((d) => d.id), ['good']);
    assert.deepEqual(warnings, ['skipping image.txt: it looks like a binary file, not text (NUL bytes), so it is not indexed']);
  });

  it('skips a file that is mostly control characters even without NUL bytes', async () => {
    const bytes = Buffer.from(Array.from({ length: 400 }, (_, i) => (i % 3 === 0 ? 0x01 + (i % 7) : 0x41 + (i % 26))));
    const { docs, warnings } = await load({ 'good.md': 'Good.', 'blob.md': bytes });
    assert.deepEqual(docs.map((d) => d.id), ['good']);
    assert.match(warnings[0] ?? '', /^skipping blob\.md: .*binary.*control characters/);
  });

  it('takes UTF-16 without a byte-order mark for binary, since it cannot be told apart', () => {
    assert.throws(() => decodeText(Buffer.from('Plain words', 'utf16le')), (err) => isAppError(err, 'DOCUMENT_UNREADABLE'));
  });

  it('reads text with a few control characters, such as form feeds and an escape, as text', () => {
    const text = `Page one.\f\nPage two with a stray \u001b escape and a tab\there.`;
    assert.equal(decodeText(Buffer.from(text)).text, text);
  });
});
