import assert from 'node:assert/strict';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openIndex } from '../../src/open-index.js';
import { LiveIndex } from '../../src/server/live-index.js';
import { testConfig } from '../helpers.js';
import { makeDocx } from '../ingest/docx-fixtures.js';
import { ADMIN, READ, startLiveServer, type LiveServer } from './live-server.js';
import { body, makeEncryptedPdf, makePdf } from '../ingest/pdf-fixtures.js';


interface Upload {
  name: string;
  bytes: Buffer;
}

function form(files: Upload[]): FormData {
  const data = new FormData();
  for (const f of files) data.append('files', new Blob([new Uint8Array(f.bytes)]), f.name);
  return data;
}

describe('uploading and deleting documents while the server answers', { timeout: 300_000 }, () => {
  let server: LiveServer;
  let base = '';
  let corpus = '';
  let indexDir = '';
  let live: LiveIndex;
  const auth = { authorization: `Bearer ${ADMIN.key}` };

  before(async () => {
    server = await startLiveServer('manual', { maxFileBytes: 200_000, maxFiles: 10, maxCorpusBytes: 50_000_000 });
    ({ base, corpus, indexDir, live } = server);
  });
  after(() => server.close());

  const ask = async (question: string) => {
    const res = await fetch(`${base}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body: JSON.stringify({ question }) });
    return { status: res.status, body: await res.json() };
  };

  it('lets only admin keys upload', async () => {
    const res = await fetch(`${base}/api/documents`, { method: 'POST', headers: { authorization: `Bearer ${READ.key}` }, body: form([{ name: 'a.md', bytes: Buffer.from('# A\n\nSome text here.') }]) });
    assert.equal(res.status, 403);
  });

  it('indexes good files of an upload in the background, refusing each bad one with its own error, and answers throughout', async () => {
    const pdf = await makePdf([body('The ferry to Skerry Island leaves at 07:15.'), body('The lighthouse on Skerry Island was built in 1862 by the harbour board.')], { title: 'Skerry Island Guide' });
    const docx = await makeDocx([{ style: 'Heading1', text: 'Beekeeping rules' }, 'Each hive must be inspected every nine days between May and August.']);
    const files: Upload[] = [
      { name: 'skerry-guide.pdf', bytes: pdf },
      { name: 'beekeeping.docx', bytes: docx },
      { name: 'orchard.md', bytes: Buffer.from('# Orchard\n\nThe quince trees in the orchard are pruned every February.\n') },
      { name: 'empty.txt', bytes: Buffer.alloc(0) },
      { name: 'huge.txt', bytes: Buffer.alloc(300_000, 0x61) },
      { name: 'tool.exe', bytes: Buffer.from('MZ') },
      { name: '../../outside.md', bytes: Buffer.from('# Escape\n\nThis must not be written outside.\n') },
      { name: 'latin.txt', bytes: Buffer.from('Caf\u00e9 cr\u00e8me br\u00fbl\u00e9e recipe', 'latin1') },
      { name: 'locked.pdf', bytes: makeEncryptedPdf() },
      { name: 'broken.pdf', bytes: pdf.subarray(0, 200) },
    ];
    // Questions keep being asked while the upload is indexed: none may fail during the switch.
    let asking = true;
    const statuses: number[] = [];
    const asker = (async () => {
      while (asking) statuses.push((await ask('How long is the KX-200 warranty?')).status);
    })();

    const res = await fetch(`${base}/api/documents`, { method: 'POST', headers: auth, body: form(files) });
    assert.equal(res.status, 202);
    const { files: results } = await res.json();
    const byName = Object.fromEntries(results.map((r: any) => [r.name, r]));
    for (const good of ['skerry-guide.pdf', 'beekeeping.docx', 'orchard.md']) assert.equal(byName[good].status, 'queued', good);
    const refused = (name: string) => results.find((r: any) => r.name.includes(name))?.error?.code;
    assert.equal(refused('empty.txt'), 'EMPTY_FILE');
    assert.equal(refused('huge.txt'), 'FILE_TOO_LARGE');
    assert.equal(refused('tool.exe'), 'UNSUPPORTED_FILE_TYPE');
    assert.equal(refused('outside.md'), 'INVALID_FILE_NAME');
    assert.equal(refused('latin.txt'), 'UNSUPPORTED_ENCODING');
    assert.equal(refused('locked.pdf'), 'PDF_ENCRYPTED');
    assert.equal(refused('broken.pdf'), 'FILE_CORRUPT');

    await live.whenIdle();
    asking = false;
    await asker;
    assert.ok(statuses.length > 0);
    assert.deepEqual([...new Set(statuses)], [200], 'every question asked during the re-index was answered');

    const status = await (await fetch(`${base}/api/index/status`, { headers: auth })).json();
    assert.equal(status.state, 'idle');
    assert.equal(status.lastError, null);
    for (const id of ['uploads--skerry-guide', 'uploads--beekeeping', 'uploads--orchard']) assert.equal(status.documents.find((d: any) => d.id === id)?.state, 'ready', id);
    assert.ok(status.lastBuild.reused > status.lastBuild.embedded, 'only the new documents were embedded');

    const lighthouse = await ask('When was the lighthouse on Skerry Island built?');
    assert.match(lighthouse.body.answer, /1862/);
    assert.equal(lighthouse.body.citations[0].page, 2);
    assert.match((await ask('How often must each hive be inspected?')).body.answer, /nine days/);
    // Nothing was written outside the uploads folder.
    assert.deepEqual((await readdir(join(corpus, '..'))).filter((f) => f === 'outside.md'), []);
  });

  it('recognises the same file uploaded twice', async () => {
    const res = await fetch(`${base}/api/documents`, { method: 'POST', headers: auth, body: form([{ name: 'orchard-copy.md', bytes: Buffer.from('# Orchard\n\nThe quince trees in the orchard are pruned every February.\n') }]) });
    assert.equal(res.status, 200);
    const [result] = (await res.json()).files;
    assert.equal(result.status, 'duplicate');
    assert.equal(result.id, 'uploads--orchard');
  });

  it('answers an upload whose files are all refused with their error status', async () => {
    const res = await fetch(`${base}/api/documents`, { method: 'POST', headers: auth, body: form([{ name: 'huge.md', bytes: Buffer.alloc(300_000, 0x61) }]) });
    assert.equal(res.status, 413);
    const json = await res.json();
    assert.equal(json.error.code, 'FILE_TOO_LARGE');
    assert.equal(json.files.length, 1);
  });

  it('indexes a file copied into the corpus folder, and removes a deleted document', async () => {
    await writeFile(join(corpus, 'pond.md'), '# Pond\n\nThe pond is drained for cleaning every October.\n');
    await live.watch();
    await writeFile(join(corpus, 'pond.md'), '# Pond\n\nThe pond is drained for cleaning every October and refilled in November.\n');
    // Generous on a busy machine: the watcher notices the file, then the build runs on a worker.
    for (let i = 0; i < 300 && !(await ask('When is the pond drained?')).body.answer.includes('October'); i++) await new Promise((r) => setTimeout(r, 200));
    assert.match((await ask('When is the pond drained?')).body.answer, /October/);

    const del = await fetch(`${base}/api/documents/uploads--orchard`, { method: 'DELETE', headers: auth });
    assert.equal(del.status, 202);
    await live.whenIdle();
    const docs = (await (await fetch(`${base}/api/documents`, { headers: auth })).json()).documents.map((d: any) => d.id);
    assert.ok(!docs.includes('uploads--orchard'));
    assert.ok(docs.includes('uploads--skerry-guide'));
    assert.equal((await fetch(`${base}/api/documents/nope`, { method: 'DELETE', headers: auth })).status, 404);
  });

  it('says what a build is doing: embedding, then fitting the judgment models, which no count measures', async () => {
    await writeFile(join(corpus, 'kiln.md'), '# Kiln\n\nThe pottery kiln is fired every second Thursday.\n');
    await live.watch();
    const stages = new Set<string>();
    for (let i = 0; i < 600; i++) {
      const status = await (await fetch(`${base}/api/index/status`, { headers: auth })).json();
      if (status.stage) stages.add(status.stage);
      if (status.state === 'idle' && stages.size > 0) {
        assert.equal(status.stage, null, 'no stage once idle');
        break;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.ok(stages.has('fitting'), `stages seen: ${[...stages].join(', ')}`);
  });

  it('keeps uploaded documents across a restart', async () => {
    const reopened = await openIndex(testConfig({ corpusDir: corpus, indexDir }));
    assert.ok(reopened.index.docs.has('uploads--skerry-guide'));
    assert.ok(reopened.index.docs.has('uploads--beekeeping'));
    assert.ok(!reopened.index.docs.has('uploads--orchard'));
    assert.equal(reopened.report, undefined, 'the index on disk was already current');
  });
});

describe('shutting the live index down', { timeout: 300_000 }, () => {
  it('stops a build that is running, keeps serving the generation it had, and watches once however often asked', async () => {
    const server = await startLiveServer('manual', { maxFileBytes: 200_000, maxFiles: 10, maxCorpusBytes: 50_000_000 });
    try {
      await server.live.watch();
      await server.live.watch();
      const served = server.state.peek()!.index.dir;
      await writeFile(join(server.corpus, 'kiln.md'), '# Kiln\n\nThe pottery kiln is fired every second Thursday.\n');
      server.live.request(['kiln.md']);
      for (let i = 0; i < 400 && server.live.status().state !== 'indexing'; i++) await new Promise((r) => setTimeout(r, 25));
      assert.equal(server.live.status().state, 'indexing');
      await server.live.close();
      // Without the stop, the build would finish now and switch the server to a new generation.
      await server.live.whenIdle();
      assert.equal(server.state.peek()!.index.dir, served);
      assert.equal(server.live.status().state, 'idle');
    } finally {
      await server.close();
    }
  });
});
