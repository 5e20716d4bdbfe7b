import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { DESKTOP, openChat, PHONE, sendAndWait, shot, smallTargets, browserSession } from './page-helpers.js';

describe('the chat page’s targets for fingers and pointers', { timeout: 300_000 }, () => {
  const session = browserSession();

  for (const viewport of [PHONE, DESKTOP]) {
    const phone = viewport === PHONE;
    it(`makes every visible control at least 24×24 px at ${viewport.width}×${viewport.height}: empty, after an answer and a verdict, with the menu open and with the source panel open`, async () => {
      const page = await openChat(session.browser, session.base, session.errors, { viewport });
      await page.waitForSelector('#example-list button', { timeout: 30_000 });
      assert.deepEqual(await smallTargets(page), [], 'empty page');

      const reply = await sendAndWait(page, 'When will the NISAR satellite launch?');
      // The feedback form and the question's editor add their own buttons.
      await reply.getByRole('button', { name: 'Helpful', exact: true }).click();
      await reply.getByRole('button', { name: 'Send comment' }).waitFor();
      await page.click('#mode-verify');
      await sendAndWait(page, 'iCET was launched in 2015.');
      assert.deepEqual(await smallTargets(page), [], 'after an answer and a verdict');
      await page.getByRole('button', { name: 'Edit' }).first().click();
      assert.deepEqual(await smallTargets(page), [], 'editing a question');
      await page.keyboard.press('Escape');

      // The menu: saved conversations with Rename and Delete, documents with their boxes and Delete.
      if (phone) await page.click('#toggle-docs');
      await page.locator('#conversation-list li').first().waitFor();
      await page.click('#manage-documents');
      await page.locator('#doc-list .doc-delete').first().waitFor();
      await page.locator('#conversation-list li').first().hover();
      assert.deepEqual(await smallTargets(page), [], 'menu open');
      await shot(page, 'targets-menu');
      await page.click('#manage-documents');
      if (phone) await page.getByRole('button', { name: 'Close the menu' }).click();

      await reply.locator('.answer button.marker').first().click();
      await page.locator('#source-text mark').waitFor();
      assert.deepEqual(await smallTargets(page), [], 'source panel open');
      await shot(page, 'targets-source');
      await page.close();
    });
  }

  it('raised no script errors on any page', () => {
    assert.deepEqual(session.errors, []);
  });
});
