import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { docIdFromPath, loadCorpus } from '../../src/ingest/load-corpus.js';
import { isAppError } from '../../src/errors.js';
import { CORPUS_DIR, tempDir } from '../helpers.js';

describe('the bundled corpus', async () => {
  const docs = await loadCorpus(CORPUS_DIR);
  const byPrefix = (p: string) => docs.find((d) => d.id.startsWith(p))!;

  it('has the five documents with their metadata', () => {
    assert.equal(docs.length, 5);
    for (const doc of docs) {
      assert.ok(doc.meta.title.length > 5, `${doc.id} has a title`);
      assert.ok(doc.meta.publisher, `${doc.id} has a publisher`);
      assert.ok(doc.meta.date, `${doc.id} has a date`);
    }
    assert.equal(byPrefix('000').meta.date, '2025-03-13');
    assert.match(byPrefix('001').meta.sourceUrl ?? '', /^https:\/\/www\.whitehouse\.gov\//);
    assert.equal(byPrefix('001').meta.title, 'FACT SHEET: The United States and India Committed to Strengthening Strategic Technology Partnership');
  });

  it('keeps no Markdown syntax in the canonical text', () => {
    for (const doc of docs) {
      assert.doesNotMatch(doc.text, /\*\*|\\\$|\\#|<\/?u>|<\/?sup>|\]\(#\)|^---$/m, doc.id);
    }
  });

  it('keeps the words of the source as they are', () => {
    assert.match(byPrefix('000').text, /more than double total bilateral trade to \$500 billion by 2030\./);
    assert.match(byPrefix('001').text, /Building a Clean Energy and a Critical Minerals Partnership for the 21st Century/);
    assert.match(byPrefix('001').text, /Today, U\.S\. National Security Advisor \(APNSA\) Jake Sullivan met with Indian National Security Advisor \(NSA\) Ajit Doval,/);
    assert.match(byPrefix('003').text, /₹12,648 crore/);
    assert.match(byPrefix('002').text, /India's designation as a Major Defense Partner \(MDP\)/);
  });

  it('gives every block offsets inside the text', () => {
    for (const doc of docs) {
      for (const b of doc.blocks) {
        assert.ok(0 <= b.start && b.start <= b.contentStart && b.contentStart < b.end && b.end <= doc.text.length);
        assert.equal(doc.text.slice(b.contentStart, b.end).trim(), doc.text.slice(b.contentStart, b.end));
      }
    }
  });

  it('derives ids from file names', () => {
    assert.deepEqual(docs.map((d) => d.id.slice(0, 3)), ['000', '001', '002', '003', '004']);
    assert.equal(docIdFromPath('reports/2024 Q1.md'), 'reports--2024_Q1');
  });
});

describe('loading a user folder', () => {
  it('reads .md, .txt and .html from nested folders and ignores other files', async () => {
    const dir = await tempDir();
    await mkdir(join(dir, 'sub'));
    await writeFile(join(dir, 'a.md'), '# Alpha\n\nAlpha text.');
    await writeFile(join(dir, 'sub', 'b.html'), '<title>Beta</title><p>Beta text.</p>');
    await writeFile(join(dir, 'c.txt'), 'Gamma text.');
    await writeFile(join(dir, 'd.odt'), 'not read');
    await writeFile(join(dir, 'notes.json'), '{}');
    const docs = await loadCorpus(dir);
    assert.deepEqual(docs.map((d) => [d.id, d.meta.title, d.format]), [
      ['a', 'Alpha', 'markdown'],
      ['c', 'c', 'text'],
      ['sub--b', 'Beta', 'html'],
    ]);
  });

  it('lets a sidecar .meta.json override front matter', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'a.md'), '---\ntitle: From front matter\nsource_url: https://example.org/a\n---\nText.');
    await writeFile(join(dir, 'a.meta.json'), JSON.stringify({ title: 'From sidecar', publisher: 'Example Press' }));
    const [doc] = await loadCorpus(dir);
    assert.deepEqual(doc!.meta, { title: 'From sidecar', publisher: 'Example Press', sourceUrl: 'https://example.org/a' });
  });

  it('changes a document hash when its sidecar changes', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'a.md'), 'Text.');
    const before = (await loadCorpus(dir))[0]!.hash;
    await writeFile(join(dir, 'a.meta.json'), '{"title":"New"}');
    assert.notEqual((await loadCorpus(dir))[0]!.hash, before);
  });

  it('skips empty, binary or badly described files with a warning instead of failing', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'good.md'), 'Good text.');
    await writeFile(join(dir, 'empty.md'), '   \n');
    await writeFile(join(dir, 'binary.txt'), Buffer.from([0x50, 0x00, 0x01]));
    await writeFile(join(dir, 'bad.md'), 'Text.');
    await writeFile(join(dir, 'bad.meta.json'), '[not json');
    const warnings: string[] = [];
    const docs = await loadCorpus(dir, { info() {}, warn: (m) => warnings.push(m) });
    assert.deepEqual(docs.map((d) => d.id), ['good']);
    assert.equal(warnings.length, 3);
    assert.ok(warnings.some((w) => w.includes('bad.md') && w.includes('not a JSON object')));
  });

  it('fails clearly when the folder does not exist', async () => {
    await assert.rejects(loadCorpus('/no/such/folder'), (err) => isAppError(err, 'CORPUS_NOT_FOUND'));
  });

  it('reads files with Windows line endings and a byte-order mark like any other', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'a.md'), '\uFEFF# Title\r\n\r\nLine one.\r\n');
    const [doc] = await loadCorpus(dir);
    assert.equal(doc!.text, 'Title\n\nLine one.');
    assert.equal(await readFile(join(dir, 'a.md'), 'utf8').then((s) => s.includes('\r')), true);
  });
});
