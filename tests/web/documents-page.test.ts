import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { FIXTURE_CORPORA, TEST_INDEX_DIR } from '../helpers.js';
import { launchBrowser, SCREENSHOT_DIR, startServer } from './browser.js';
import { body, makePdf } from '../ingest/pdf-fixtures.js';

const NEW_DOC = { name: 'greenhouse-rota.md', id: 'uploads--greenhouse-rota', text: '# Greenhouse rota\n\nThe greenhouse vents are opened every morning at 06:30 by the night porter.\n' };

/** The real server on a copy of the manual collection, which the test may change. */
async function startServerOn(corpusDir: string, indexDir: string): Promise<{ base: string; child: ChildProcess }> {
  return startServer({ CORPUS_DIR: corpusDir, INDEX_DIR: indexDir, WATCH_CORPUS: '0', ANSWER_WORKERS: '1' });
}

describe('adding and deleting documents on the chat page', { timeout: 120_000 }, () => {
  let browser: Browser;
  let server: { base: string; child: ChildProcess };
  const pageErrors: string[] = [];
  let corpus = '';
  let index = '';

  before(async () => {
    corpus = await mkdtemp(join(tmpdir(), 'trust-rag-page-corpus-'));
    index = await mkdtemp(join(tmpdir(), 'trust-rag-page-index-'));
    await cp(join(FIXTURE_CORPORA, 'manual'), corpus, { recursive: true });
    // The manual's embedding cache, when the other tests made it: only new text is embedded.
    const cache = join(`${TEST_INDEX_DIR}-manual`, 'cache');
    if (existsSync(cache)) await cp(cache, join(index, 'cache'), { recursive: true });
    server = await startServerOn(corpus, index);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    server?.child.kill('SIGTERM');
    await new Promise((r) => (server?.child.exitCode === null ? server.child.once('exit', r) : r(undefined)));
    await rm(corpus, { recursive: true, force: true });
    await rm(index, { recursive: true, force: true });
  });

  async function openPage(viewport = { width: 1280, height: 800 }): Promise<Page> {
    const page = await browser.newPage({ viewport });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(server.base);
    await page.waitForSelector('#doc-list li', { state: 'attached' });
    await page.waitForSelector('#doc-tools', { state: 'attached' });
    return page;
  }

  it('uploads a document and an empty file, shows each file’s state and the progress, and answers from the new document', async () => {
    const page = await openPage();
    const before = await page.locator('#doc-list li').count();
    await page.locator('#file-input').setInputFiles([
      { name: NEW_DOC.name, mimeType: 'text/markdown', buffer: Buffer.from(NEW_DOC.text) },
      { name: 'empty.txt', mimeType: 'text/plain', buffer: Buffer.alloc(0) },
    ]);
    const empty = page.locator('#upload-list li', { hasText: 'empty.txt' });
    await empty.and(page.locator('[data-state="rejected"]')).waitFor();
    assert.match((await empty.textContent()) ?? '', /Refused.*empty\.txt is empty/);
    const progress = page.locator('#index-progress');
    await progress.waitFor();
    assert.equal(await progress.getAttribute('role'), 'progressbar');
    assert.equal(await progress.getAttribute('aria-valuemax'), '100');
    assert.equal(await page.locator('#index-status').getAttribute('aria-live'), 'polite');
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'upload-indexing-1280x800.png') });

    const added = page.locator('#upload-list li', { hasText: NEW_DOC.name });
    await added.and(page.locator('[data-state="ready"]')).waitFor({ timeout: 60_000 });
    assert.equal(await added.locator('.upload-state').textContent(), 'Ready');
    await page.locator(`#doc-list button[data-doc="${NEW_DOC.id}"]`).waitFor();
    assert.equal(await page.locator('#doc-list li').count(), before + 1);
    await page.getByText('The documents are up to date.').waitFor();
    assert.equal(await progress.isHidden(), true);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'upload-done-1280x800.png') });

    await page.fill('#question', 'When are the greenhouse vents opened?');
    await page.press('#question', 'Enter');
    const bubble = page.locator('.message.assistant').first();
    await bubble.and(page.locator(':not([aria-busy])')).waitFor();
    assert.match(await bubble.locator('.answer').innerText(), /06:30/);
    assert.equal(await bubble.locator('.sources button').first().getAttribute('data-doc'), NEW_DOC.id);
    await page.close();
  });

  it('cites an uploaded PDF by page, and the source panel shows the page', async () => {
    const page = await openPage();
    const pdf = await makePdf([body('The allotment society meets in the village hall.'), body('Each allotment plot is rented for twelve pounds a year.')], { title: 'Allotment Society Rules' });
    await page.locator('#file-input').setInputFiles([{ name: 'allotments.pdf', mimeType: 'application/pdf', buffer: pdf }]);
    const added = page.locator('#upload-list li', { hasText: 'allotments.pdf' });
    await added.and(page.locator('[data-state="ready"]')).waitFor({ timeout: 60_000 });
    await page.fill('#question', 'How much is the rent for an allotment plot?');
    await page.press('#question', 'Enter');
    const bubble = page.locator('.message.assistant').first();
    await bubble.and(page.locator(':not([aria-busy])')).waitFor();
    assert.match(await bubble.locator('.answer').innerText(), /twelve pounds/);
    await bubble.locator('.answer button.marker[data-n="1"]').click();
    await page.locator('#source-title', { hasText: 'Allotment Society Rules' }).waitFor();
    assert.match((await page.locator('#source-meta').textContent()) ?? '', /page 2/);
    assert.equal(await page.locator('#source-text mark').textContent(), 'Each allotment plot is rented for twelve pounds a year.');
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'pdf-citation-1280x800.png') });
    await page.close();
  });

  it('takes files dropped on the page, showing the drop zone while dragging, and marks a file already added', async () => {
    const page = await openPage();
    await page.evaluate((text) => {
      const data = new DataTransfer();
      data.items.add(new File([text], 'greenhouse-copy.md', { type: 'text/markdown' }));
      document.getElementById('doc-list')!.dispatchEvent(new DragEvent('dragenter', { bubbles: true, cancelable: true, dataTransfer: data }));
      (window as any).__drop = data;
    }, NEW_DOC.text);
    assert.equal(await page.locator('#drop-zone').isVisible(), true);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'drop-zone-1280x800.png') });
    await page.evaluate(() => document.getElementById('doc-list')!.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: (window as any).__drop })));
    assert.equal(await page.locator('#drop-zone').isHidden(), true);
    const copy = page.locator('#upload-list li', { hasText: 'greenhouse-copy.md' });
    await copy.and(page.locator('[data-state="duplicate"]')).waitFor();
    assert.equal(await copy.locator('.upload-state').textContent(), 'Already added');
    await page.close();
  });

  it('deletes a document after a confirmation, shows it as removing, then drops it from the list', async () => {
    const page = await openPage();
    const row = page.locator('#doc-list li', { has: page.locator(`button[data-doc="${NEW_DOC.id}"]`) });
    const title = (await row.locator(`button[data-doc="${NEW_DOC.id}"]`).textContent())!;
    assert.equal(await page.getByRole('button', { name: `Delete ${title}` }).count(), 0, 'delete buttons wait for "Manage"');
    await page.click('#manage-documents');
    assert.equal(await page.locator('#manage-documents').getAttribute('aria-pressed'), 'true');
    const remove = page.getByRole('button', { name: `Delete ${title}` });

    await remove.click();
    const dialog = page.getByRole('dialog', { name: 'Delete this document?' });
    await dialog.waitFor();
    assert.match((await dialog.textContent()) ?? '', new RegExp(title));
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'delete-confirm-1280x800.png') });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    assert.equal(await dialog.isHidden(), true);
    assert.equal(await row.count(), 1, 'cancelling keeps the document');

    await remove.click();
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await row.and(page.locator('.removing')).waitFor();
    assert.match((await row.textContent()) ?? '', /Removing…/);
    await row.waitFor({ state: 'detached', timeout: 60_000 });
    const ids = (await (await fetch(`${server.base}/api/documents`)).json()).documents.map((d: any) => d.id);
    assert.ok(!ids.includes(NEW_DOC.id));
    await page.close();
  });

  it('shows a refused deletion plainly', async () => {
    const page = await openPage();
    await page.route('**/api/documents/*', (route) =>
      route.request().method() === 'DELETE'
        ? route.fulfill({ status: 403, contentType: 'application/json', body: JSON.stringify({ error: { code: 'FORBIDDEN', message: 'This needs an admin API key' } }) })
        : route.continue(),
    );
    await page.click('#manage-documents');
    await page.locator('#doc-list .doc-delete').first().click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await page.locator('#doc-error').waitFor();
    assert.match((await page.locator('#doc-error').textContent()) ?? '', /Could not delete .*: This needs an admin API key/);
    assert.equal(await page.locator('#doc-list li.removing').count(), 0);
    await page.close();
  });

  it('fits a phone screen', async () => {
    const page = await openPage({ width: 390, height: 844 });
    await page.click('#toggle-docs');
    await page.locator('#add-documents').waitFor();
    await page.click('#manage-documents');
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 390));
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'documents-390x844.png') });
    await page.close();
  });

  it('raised no script errors on any page', () => {
    assert.deepEqual(pageErrors, []);
  });
});
