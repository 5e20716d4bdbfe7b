import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { DESKTOP, openChat, PHONE, sendAndWait, shot, type Theme, browserSession } from './page-helpers.js';

describe('the chat page on a phone, and in the dark', { timeout: 300_000 }, () => {
  const session = browserSession();

  const open = (options: Parameters<typeof openChat>[3] = {}) => openChat(session.browser, session.base, session.errors, options);
  const noSidewaysScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

  for (const theme of ['light', 'dark'] as Theme[]) {
    it(`shows the whole title, both modes and every control at 390×844 (${theme})`, async () => {
      const page = await open({ viewport: PHONE, theme });
      const title = page.locator('h1');
      assert.equal(await title.textContent(), 'Ask the documents');
      assert.ok(await title.evaluate((h) => h.scrollWidth <= h.clientWidth), 'the title is not cut');
      for (const id of ['toggle-docs', 'mode-ask', 'mode-verify', 'theme-toggle', 'new-conversation']) assert.equal(await page.locator(`#${id}`).isVisible(), true, id);
      const placeholder = await page.getAttribute('#question', 'placeholder');
      assert.doesNotMatch(placeholder ?? '', /shift/i, 'no Shift key on a phone');
      await page.click('#mode-verify');
      const claimHint = await page.getAttribute('#question', 'placeholder');
      assert.doesNotMatch(claimHint ?? '', /shift/i);
      // The claim's placeholder fits the box on one line.
      const fits = await page.locator('#question').evaluate((area: HTMLTextAreaElement) => {
        const s = getComputedStyle(area);
        const ctx = document.createElement('canvas').getContext('2d')!;
        ctx.font = `${s.fontStyle} ${s.fontWeight} ${s.fontSize} ${s.fontFamily}`;
        return ctx.measureText(area.placeholder).width <= area.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight);
      });
      assert.ok(fits, `"${claimHint}" fits`);
      await page.click('#mode-ask');
      // The suggested questions come from the server a moment after the page: the picture waits for them.
      await page.locator('#example-list button').first().waitFor({ timeout: 30_000 });
      await shot(page, 'phone-empty', theme);

      const reply = await sendAndWait(page, 'Which Indian law requires local storage of sensitive data?');
      assert.ok(await noSidewaysScroll(page));
      // Every marker and every button is at least 24×24 px.
      const small = await page.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>('button, .marker')]
          .filter((b) => b.offsetParent !== null)
          .map((b) => ({ name: b.textContent?.trim().slice(0, 30), box: b.getBoundingClientRect() }))
          .filter(({ box }) => box.width < 24 || box.height < 24)
          .map(({ name, box }) => `${name}: ${box.width}×${box.height}`),
      );
      assert.deepEqual(small, []);
      assert.ok((await reply.locator('.marker').count()) >= 1);
      await shot(page, 'phone-answer', theme);

      await page.click('#mode-verify');
      await sendAndWait(page, 'iCET was launched in 2015.');
      assert.ok(await noSidewaysScroll(page));
      await shot(page, 'phone-claim', theme);
      await page.close();
    });
  }

  it('sizes the page with dvh, so that the composer is not hidden behind a phone’s address bar', async () => {
    const page = await open({ viewport: PHONE });
    const rules = await page.evaluate(() => [...document.styleSheets].flatMap((s) => [...s.cssRules].map((r) => r.cssText)).filter((t) => /^body\b/.test(t)).join('\n'));
    assert.match(rules, /height: 100dvh/);
    assert.doesNotMatch(rules.replace(/height: 100vh;\s*height: 100dvh/, ''), /100vh/, '100vh only as the fallback before dvh');
    const composer = await page.locator('#composer').boundingBox();
    assert.ok(composer && composer.y + composer.height <= PHONE.height + 0.5, 'the composer is on screen');
    await page.close();
  });

  for (const theme of ['light', 'dark'] as Theme[]) {
    it(`opens the menu drawer (conversations and documents) over the source panel, with a close button and a backdrop (${theme})`, async () => {
      const page = await open({ viewport: PHONE, theme });
      await sendAndWait(page, 'When will the NISAR satellite launch?');
      await page.locator('.answer button.marker').first().click();
      await page.locator('#source-text mark').waitFor();
      const backdrop = page.locator('#backdrop');
      assert.equal(await backdrop.isVisible(), true, 'the source panel has a backdrop');
      assert.equal(await page.locator('#close-source').isVisible(), true);
      // The date stays on one line.
      const date = page.locator('#source-meta .nowrap').first();
      assert.equal(await date.evaluate((n) => n.getClientRects().length), 1);
      await shot(page, 'phone-source', theme);

      // The drawer's button is still reachable from the keyboard with the panel open.
      await page.locator('#toggle-docs').focus();
      await page.keyboard.press('Enter');
      const sidebar = page.locator('#sidebar');
      await sidebar.waitFor();
      assert.equal(await page.locator('#toggle-docs').getAttribute('aria-expanded'), 'true');
      const onTop = await sidebar.evaluate((bar) => {
        const box = bar.getBoundingClientRect();
        const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
        return bar.contains(hit);
      });
      assert.ok(onTop, 'the drawer is drawn over the source panel');
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'conversations-heading', 'focus moves into the drawer');
      await shot(page, 'phone-drawer', theme);
      await page.getByRole('button', { name: 'Close the menu' }).click();
      assert.equal(await sidebar.isHidden(), true);
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'toggle-docs', 'focus goes back to the button');

      // A tap on the backdrop closes the drawer on top, then the source panel. (The
      // backdrop covers the header too, so the drawer is opened from the keyboard again.)
      await page.locator('#toggle-docs').focus();
      await page.keyboard.press('Enter');
      await sidebar.waitFor();
      await page.mouse.click(PHONE.width - 10, PHONE.height / 2);
      assert.equal(await sidebar.isHidden(), true);
      assert.equal(await page.locator('#source-panel').isVisible(), true);
      await page.mouse.click(PHONE.width / 2, 20);
      assert.equal(await page.locator('#source-panel').isHidden(), true);
      assert.equal(await backdrop.isHidden(), true);
      await page.close();
    });
  }

  it('shows an active document filter from the chat on a phone', async () => {
    const page = await open({ viewport: PHONE });
    await page.click('#toggle-docs');
    await page.locator('#doc-list li').first().locator('input[type="checkbox"]').check();
    await page.getByRole('button', { name: 'Close the menu' }).click();
    const bar = page.locator('#filter-bar');
    assert.equal(await bar.isVisible(), true);
    assert.match((await bar.textContent()) ?? '', /Only 1 of 5 documents/);
    assert.ok(await noSidewaysScroll(page));
    await shot(page, 'phone-filter');
    await bar.getByRole('button', { name: 'Use all documents' }).click();
    assert.equal(await bar.isHidden(), true);
    await page.close();
  });

  it('follows the system’s dark preference, and the toggle’s choice is kept over a reload', async () => {
    const page = await open({ viewport: DESKTOP, theme: 'dark' });
    const background = () => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    const toggle = page.locator('#theme-toggle');
    assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
    assert.equal(await background(), 'rgb(21, 24, 27)');
    await toggle.click();
    assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'light');
    assert.equal(await background(), 'rgb(247, 247, 245)');
    await page.reload();
    await page.waitForSelector('#doc-list li', { state: 'attached' });
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'light', 'set before the page script ran');
    assert.equal(await background(), 'rgb(247, 247, 245)');
    assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
    // Back to dark, which the system prefers: the page follows the system again.
    await toggle.click();
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), undefined);
    assert.equal(await background(), 'rgb(21, 24, 27)');
    await page.emulateMedia({ colorScheme: 'light' });
    assert.equal(await background(), 'rgb(247, 247, 245)');
    // The toggle hears of the system's change through a media-query event, after the styles change.
    await page.waitForFunction(() => document.querySelector('#theme-toggle')?.getAttribute('aria-pressed') === 'false', undefined, { timeout: 5000 }).catch(() => undefined);
    assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
    await page.close();
  });

  it('raised no script errors on any page', () => {
    assert.deepEqual(session.errors, []);
  });
});
