import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { axeViolations } from './axe.js';
import { DESKTOP, openChat, PHONE, sendAndWait, shot, type Theme, browserSession } from './page-helpers.js';

describe('the chat page for keyboard, screen reader and low-vision users', { timeout: 300_000 }, () => {
  const session = browserSession();

  for (const theme of ['light', 'dark'] as Theme[]) {
    for (const viewport of [DESKTOP, PHONE]) {
      it(`has no serious or critical axe violation (nor moderate) in the ${theme} theme at ${viewport.width}×${viewport.height}: empty, after an answer, in claim mode, with the source panel open`, async () => {
        const page = await openChat(session.browser, session.base, session.errors, { viewport, theme });
        await page.waitForSelector('#example-list button', { timeout: 30_000 });
        assert.equal(await page.evaluate(() => getComputedStyle(document.documentElement).colorScheme), theme);
        assert.deepEqual(await axeViolations(page), [], 'empty page');
        await shot(page, 'a11y-empty', theme);

        await sendAndWait(page, 'When will the NISAR satellite launch?');
        assert.deepEqual(await axeViolations(page), [], 'after an answer');
        await shot(page, 'a11y-answer', theme);

        await page.click('#mode-verify');
        const verdict = await sendAndWait(page, 'iCET was launched in 2015.');
        assert.equal(await verdict.locator('.verdict-badge').textContent(), 'Contradicted');
        assert.deepEqual(await axeViolations(page), [], 'claim mode');
        await shot(page, 'a11y-claim', theme);

        await verdict.locator('.answer button.marker').first().click();
        await page.locator('#source-text mark').waitFor();
        assert.deepEqual(await axeViolations(page), [], 'source panel open');
        await shot(page, 'a11y-source', theme);
        await page.close();
      });
    }
  }

  it('offers a skip link as the first Tab stop, which lands in the composer', async () => {
    const page = await openChat(session.browser, session.base, session.errors);
    // The first control of the header is Ask at this width; the skip link comes before it.
    await page.locator('#mode-ask').focus();
    await page.keyboard.press('Shift+Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Skip to the question');
    assert.equal(await page.locator('.skip-link').isVisible(), true, 'it shows when focused');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'question');
    await page.close();
  });

  it('switches mode with a pair of pressed buttons, not tabs without panels', async () => {
    const page = await openChat(session.browser, session.base, session.errors);
    assert.equal(await page.locator('[role="tab"], [role="tablist"]').count(), 0);
    const group = page.getByRole('group', { name: 'Mode' });
    assert.equal(await group.getByRole('button', { name: 'Ask', pressed: true }).count(), 1);
    await group.getByRole('button', { name: 'Check a claim' }).click();
    assert.equal(await page.locator('#mode-verify').getAttribute('aria-pressed'), 'true');
    assert.equal(await page.locator('#mode-ask').getAttribute('aria-pressed'), 'false');
    assert.equal(await page.locator('#send').textContent(), 'Check');
    assert.equal(await page.getByLabel('Your claim').count(), 1);
    await page.close();
  });

  it('announces only the finished answer: the thread is not a live region, and nothing is said while it streams', async () => {
    const page = await openChat(session.browser, session.base, session.errors);
    assert.equal(await page.locator('#messages').getAttribute('aria-live'), null);
    const live = await page.locator('[aria-live]').evaluateAll((nodes) => nodes.map((n) => n.id));
    assert.deepEqual(live.sort(), ['announcer', 'index-status']);
    // Record what the announcer says, and when, against the answer's progress.
    await page.evaluate(() => {
      const said: Array<{ text: string; busy: boolean }> = ((window as any).__said = []);
      new MutationObserver(() => {
        const text = document.getElementById('announcer')!.textContent ?? '';
        if (text) said.push({ text, busy: document.querySelector('.message.assistant[aria-busy]') !== null });
      }).observe(document.getElementById('announcer')!, { childList: true, characterData: true, subtree: true });
    });
    const reply = await sendAndWait(page, 'Which drone platform did India acquire according to the White House fact sheet?');
    await page.waitForFunction(() => (window as any).__said.length > 0);
    const said = (await page.evaluate(() => (window as any).__said)) as Array<{ text: string; busy: boolean }>;
    assert.equal(said.length, 1, 'said once');
    assert.equal(said[0]!.busy, false, 'after the answer was complete');
    assert.match(said[0]!.text, /^Answered, \w+ confidence\. .*MQ-9B/);
    assert.doesNotMatch(said[0]!.text, /\[\d+\]/, 'markers are not read out');
    assert.equal(await reply.getAttribute('aria-busy'), null);
    await page.close();
  });

  it('lets the scrolling document text be reached and scrolled from the keyboard', async () => {
    const page = await openChat(session.browser, session.base, session.errors);
    await page.locator('#doc-list button').first().click();
    await page.locator('#source-text').waitFor();
    assert.equal(await page.locator('#source-text').getAttribute('tabindex'), '0');
    assert.equal(await page.locator('#source-text').getAttribute('role'), 'region');
    await page.close();
  });

  it('raised no script errors on any page', () => {
    assert.deepEqual(session.errors, []);
  });
});
