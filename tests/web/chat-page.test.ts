import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { SCREENSHOT_DIR } from './browser.js';
import { browserSession } from './page-helpers.js';

describe('the chat page in a real browser', () => {
  const session = browserSession();

  async function openPage(viewport = { width: 1280, height: 800 }): Promise<Page> {
    const page = await session.browser.newPage({ viewport });
    page.on('pageerror', (e) => session.errors.push(e.message));
    await page.goto(session.base);
    // Attached, not visible: on a phone the list sits in a collapsed menu.
    await page.waitForSelector('#doc-list li', { state: 'attached' });
    return page;
  }

  async function askAndWait(page: Page, question: string): Promise<ReturnType<Page['locator']>> {
    const before = await page.locator('.message.assistant').count();
    await page.fill('#question', question);
    await page.press('#question', 'Enter');
    const bubble = page.locator('.message.assistant').nth(before);
    await bubble.and(page.locator(':not([aria-busy])')).waitFor();
    return bubble;
  }

  /** The same question through the API, for the exact citations to compare with. */
  async function apiAnswer(question: string): Promise<any> {
    const res = await fetch(`${session.base}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question }) });
    return res.json();
  }

  it('shows example questions and the documents on an empty conversation', async () => {
    const page = await openPage();
    assert.equal(await page.locator('#doc-list li').count(), 5);
    await page.waitForSelector('#example-list button', { timeout: 30_000 });
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'empty-1280x800.png') });
    await page.close();
  });

  it('streams an answer with inline citation links, shows searching first, and lists its sources', async () => {
    const page = await openPage();
    await page.route('**/api/chat', async (route) => {
      await new Promise((r) => setTimeout(r, 400));
      await route.continue();
    });
    await page.fill('#question', 'Which drone platform did India acquire according to the White House fact sheet?');
    await page.press('#question', 'Enter');
    await page.locator('.searching').waitFor();
    assert.equal(await page.locator('#question').isEditable(), true, 'the composer stays usable while answering');
    assert.equal(await page.locator('#stop').isVisible(), true);
    const bubble = page.locator('.message.assistant').first();
    await bubble.and(page.locator(':not([aria-busy])')).waitFor();
    assert.match(await bubble.locator('.answer').innerText(), /MQ-9B/);
    assert.ok((await bubble.locator('.answer button.marker').count()) >= 1);
    assert.ok((await bubble.locator('.sources button').count()) >= 1);
    assert.equal(await page.locator('#stop').isHidden(), true);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'answer-1280x800.png') });
    await page.close();
  });

  it('opens the cited passage, highlighting exactly the quoted range', async () => {
    const page = await openPage();
    const question = 'When will the NISAR satellite launch?';
    const bubble = await askAndWait(page, question);
    const expected = await apiAnswer(question);
    for (const citation of expected.citations) {
      await bubble.locator(`.answer button.marker[data-n="${citation.n}"]`).click();
      await page.locator('#source-title', { hasText: citation.title }).waitFor();
      const mark = page.locator('#source-text mark');
      await mark.waitFor();
      assert.equal(await mark.textContent(), citation.quote);
      const offset = await page.evaluate(() => {
        // All the text before the mark, wherever it sits (a list item holds it in a block of its own).
        const before = document.createRange();
        before.setStart(document.getElementById('source-text')!, 0);
        before.setEndBefore(document.querySelector('#source-text mark')!);
        return before.toString().length;
      });
      assert.equal(offset, citation.start, 'the highlight starts at the citation offset');
      assert.equal(await page.locator('#source-title').textContent(), citation.title);
      assert.equal(await page.locator('#source-text mark').count(), 1);
    }
    const link = page.locator('#source-meta a');
    if ((await link.count()) > 0) assert.match((await link.getAttribute('href')) ?? '', /^https?:\/\//);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'source-panel-1280x800.png') });
    await page.keyboard.press('Escape');
    assert.equal(await page.locator('#source-panel').isHidden(), true);
    await page.close();
  });

  it('answers a follow-up in the context of the conversation', async () => {
    const page = await openPage();
    await askAndWait(page, 'What is INDUS Innovation modeled on?');
    const follow = await askAndWait(page, 'What does it promote?');
    assert.equal(await follow.locator('.rewritten').textContent(), 'Searched for: What does INDUS Innovation promote?');
    assert.match(await follow.locator('.answer').innerText(), /INDUS Innovation/);
    await page.click('#new-conversation');
    assert.equal(await page.locator('.message').count(), 0);
    await page.close();
  });

  it('marks a question the documents do not answer, showing related passages as such', async () => {
    const page = await openPage();
    const bubble = await askAndWait(page, 'What is the tallest mountain in Africa?');
    assert.equal(await bubble.locator('.badge.not-found').textContent(), 'Not found in the documents');
    assert.match(await bubble.locator('.sources h3').textContent() ?? '', /Related passages \(they do not answer the question\)/);
    assert.equal(await bubble.locator('.answer button.marker').count(), 0);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'not-found-1280x800.png') });
    await page.close();
  });

  it('marks a question the documents only come near, citing the closest passages as such', async () => {
    const page = await openPage();
    const bubble = await askAndWait(page, 'Who will lead the INDUS Innovation bridge?');
    assert.equal(await bubble.locator('.badge.partial').textContent(), 'Partly answered');
    assert.match(await bubble.locator('.answer').innerText(), /^The documents don't state this directly; the closest they come is:/);
    assert.match(await bubble.locator('.sources h3').textContent() ?? '', /Closest passages \(they do not settle the question\)/);
    assert.ok((await bubble.locator('.answer button.marker').count()) >= 1, 'the closest passages are cited');
    assert.equal(await bubble.getAttribute('data-status'), 'partial');
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'partial-1280x800.png') });
    await page.close();
  });

  it('shows markup in a question as text and runs none of it', async () => {
    const page = await openPage();
    const attack = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script> What is iCET?';
    const bubble = await askAndWait(page, attack);
    assert.equal(await page.evaluate(() => (window as any).__pwned), undefined);
    assert.equal(await page.locator('.message.user').first().textContent(), attack);
    assert.equal(await page.locator('#messages img, #messages script').count(), 0);
    assert.ok(await bubble.isVisible());
    const csp = (await fetch(session.base)).headers.get('content-security-policy') ?? '';
    assert.match(csp, /script-src 'self'/);
    assert.doesNotMatch(csp, /unsafe-inline/);
    await page.close();
  });

  it('stops an answer on Escape', async () => {
    const page = await openPage();
    await page.route('**/api/chat', async (route) => {
      await new Promise((r) => setTimeout(r, 3000));
      await route.continue().catch(() => {});
    });
    await page.fill('#question', 'What is the TRUST initiative?');
    await page.press('#question', 'Enter');
    await page.locator('.searching').waitFor();
    await page.keyboard.press('Escape');
    await page.locator('.message.assistant.stopped .stopped-note').waitFor();
    assert.equal(await page.locator('#stop').isHidden(), true);
    await page.close();
  });

  it('shows API errors and lost connections as messages', async () => {
    const page = await openPage();
    await page.route('**/api/chat', (route) =>
      route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ error: { code: 'INDEX_LOADING', message: 'The index is still loading.' } }) }),
    );
    let bubble = await askAndWait(page, 'Anything?');
    assert.match((await bubble.locator('[role="alert"]').textContent()) ?? '', /being indexed/);
    await page.unroute('**/api/chat');
    await page.route('**/api/chat', (route) => route.abort('internetdisconnected'));
    bubble = await askAndWait(page, 'Anything at all?');
    assert.match((await bubble.locator('[role="alert"]').textContent()) ?? '', /Could not reach the server/);
    await page.close();
  });

  it('opens a document from the list and limits answers to ticked documents', async () => {
    const page = await openPage();
    const first = page.locator('#doc-list li').nth(3);
    const docId = await first.locator('button').getAttribute('data-doc');
    const title = (await first.locator('button').textContent())!;
    await first.locator('button').click();
    await page.locator('#source-title', { hasText: title }).waitFor();
    assert.ok(((await page.locator('#source-text').textContent()) ?? '').length > 1000);
    await first.locator('input[type="checkbox"]').check();
    assert.match((await page.locator('#filter-summary').textContent()) ?? '', /1 of 5/);
    const bubble = await askAndWait(page, 'What are lithium, cobalt and nickel used for?');
    const docs = await bubble.locator('.sources button').evaluateAll((buttons) => buttons.map((b) => b.getAttribute('data-doc')));
    assert.ok(docs.length > 0 && docs.every((d) => d === docId));
    await page.close();
  });

  it('checks a claim: verdict badge, explanation, evidence with stances that open the passage', async () => {
    const page = await openPage();
    await page.click('#mode-verify');
    assert.equal(await page.locator('#mode-verify').getAttribute('aria-pressed'), 'true');
    await page.fill('#question', 'iCET was launched in 2015.');
    await page.press('#question', 'Enter');
    const bubble = page.locator('.message.verdict').first();
    await bubble.and(page.locator(':not([aria-busy])')).waitFor();
    assert.equal(await bubble.locator('.verdict-badge').textContent(), 'Contradicted');
    assert.match((await bubble.locator('.answer').textContent()) ?? '', /The sources give 2022, not 2015/);
    const first = bubble.locator('.sources button').first();
    assert.equal(await first.getAttribute('data-stance'), 'contradicts');
    const api = await (await fetch(`${session.base}/api/verify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ claim: 'iCET was launched in 2015.' }) })).json();
    await bubble.locator('.answer button.marker').first().click();
    await page.locator('#source-title', { hasText: api.evidence[0].title }).waitFor();
    assert.equal(await page.locator('#source-text mark').textContent(), api.evidence[0].quote);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'claim-1280x800.png') });
    await page.fill('#question', 'Google will build a semiconductor plant in Assam.');
    await page.press('#question', 'Enter');
    const second = page.locator('.message.verdict').nth(1);
    await second.and(page.locator(':not([aria-busy])')).waitFor();
    assert.equal(await second.locator('.verdict-badge').textContent(), 'Not enough information');
    await page.close();
  });

  it('fits a phone screen without sideways scrolling', async () => {
    const page = await openPage({ width: 390, height: 844 });
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'empty-390x844.png') });
    await askAndWait(page, 'Which Indian law requires local storage of sensitive data?');
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 390));
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'answer-390x844.png') });
    await page.locator('.answer button.marker').first().click();
    await page.locator('#source-text mark').waitFor();
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'source-390x844.png') });
    await page.close();
  });

  it('raised no script errors on any page', () => {
    assert.deepEqual(session.errors, []);
  });
});
