import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { axeViolations } from './axe.js';
import { apiAsk, openChat, PHONE, replyDone, sendAndWait, shot, type Theme, browserSession } from './page-helpers.js';

const NISAR = 'When will the NISAR satellite launch?';
const DRONE = 'Which drone platform did India acquire according to the White House fact sheet?';
const CLAIM = 'iCET was launched in 2015.';

describe('saved conversations and feedback on the chat page', { timeout: 300_000 }, () => {
  const session = browserSession();

  const open = (options: Parameters<typeof openChat>[3] = {}) => openChat(session.browser, session.base, session.errors, options);
  /** The page and the test share a client (127.0.0.1), so the API shows what the page saved. */
  const api = async (path: string) => (await fetch(`${session.base}${path}`)).json() as Promise<any>;
  const conversationId = (page: Page) => new URL(page.url()).searchParams.get('c');
  const listed = (page: Page) => page.locator('#conversation-list .conversation-open').allTextContents();

  /** Starts a fresh conversation on the page. */
  async function newChat(page: Page): Promise<void> {
    await page.click('#new-conversation');
    assert.equal(await page.locator('li.turn').count(), 0);
  }

  it('saves each conversation: the address carries its id, and the sidebar lists it newest first, titled from its first question', async () => {
    const page = await open();
    await page.locator('#conversations').waitFor();
    assert.equal(conversationId(page), null);
    await sendAndWait(page, NISAR);
    const first = conversationId(page);
    assert.ok(first, 'the address names the conversation');
    await page.locator('#conversation-list li').first().waitFor();
    assert.equal((await listed(page))[0], NISAR);
    assert.equal(await page.locator('.conversation-open[aria-current="page"]').textContent(), NISAR);

    await newChat(page);
    assert.equal(conversationId(page), null, 'a new chat has no id yet');
    assert.equal(await page.locator('.conversation-open[aria-current="page"]').count(), 0);
    await sendAndWait(page, DRONE);
    const second = conversationId(page);
    assert.ok(second && second !== first);
    await page.locator('#conversation-list li', { hasText: DRONE }).waitFor();
    const titles = await listed(page);
    assert.deepEqual(titles.slice(0, 2), [DRONE, NISAR], 'newest first');
    const saved = await api(`/api/conversations/${second}`);
    assert.equal(saved.turns.length, 1);
    assert.equal(saved.turns[0].input, DRONE);
    await shot(page, 'conversations');
    await page.close();
  });

  it('reopens a conversation on reload and from a shared link, every turn drawn again with its citations', async () => {
    const page = await open();
    await sendAndWait(page, NISAR);
    await page.click('#mode-verify');
    await sendAndWait(page, CLAIM);
    const link = page.url();
    const expected = await apiAsk(session.base, NISAR);
    await page.reload();
    await replyDone(page, 1);
    assert.equal(await page.locator('li.turn').count(), 2);
    assert.equal(await page.locator('li.turn.ask .message.user').textContent(), NISAR);
    assert.equal(await page.locator('li.turn.verify .message.user').textContent(), CLAIM);
    assert.equal(await page.locator('li.turn.verify .verdict-badge').textContent(), 'Contradicted');
    assert.equal(await page.locator('li.turn.ask .outcome .badge').first().textContent(), 'Answered');
    await page.locator('li.turn.ask .answer button.marker').first().click();
    await page.locator('#source-text mark').waitFor();
    assert.equal(await page.locator('#source-text mark').textContent(), expected.citations[0].quote);
    await page.close();

    // A link opened in another window (the same client) shows the same conversation.
    const other = await session.browser.newPage({ viewport: { width: 1280, height: 800 } });
    other.on('pageerror', (e) => session.errors.push(e.message));
    await other.goto(link);
    await replyDone(other, 1);
    assert.equal(await other.locator('li.turn').count(), 2);
    assert.equal(await other.locator('#examples').isHidden(), true);
    // The next question continues that conversation.
    await other.click('#mode-ask');
    const follow = await sendAndWait(other, 'What will it map?');
    assert.ok(await follow.isVisible());
    assert.equal(other.url(), link);
    assert.equal((await api(`/api/conversations/${new URL(link).searchParams.get('c')}`)).turns.length, 3);
    await other.close();
  });

  it('opens a conversation from the sidebar, and Back returns to the one before', async () => {
    const page = await open();
    await sendAndWait(page, NISAR);
    const first = conversationId(page)!;
    await newChat(page);
    await sendAndWait(page, DRONE);
    const second = conversationId(page)!;
    await page.locator(`#conversation-list .conversation-open[data-id="${first}"]`).click();
    await page.waitForURL((url) => url.searchParams.get('c') === first);
    await replyDone(page, 0);
    assert.equal(await page.locator('.message.user').first().textContent(), NISAR);
    assert.equal(await page.locator(`.conversation-open[data-id="${first}"]`).getAttribute('aria-current'), 'page');
    await page.goBack();
    await page.waitForURL((url) => url.searchParams.get('c') === second);
    await page.locator('.message.user', { hasText: DRONE }).waitFor();
    assert.equal(await page.locator('li.turn').count(), 1);
    await page.close();
  });

  it('renames a conversation in place, and deletes one after a confirmation', async () => {
    const page = await open();
    await sendAndWait(page, NISAR);
    const id = conversationId(page)!;
    const row = page.locator(`#conversation-list li[data-id="${id}"]`);
    await row.waitFor();
    await row.getByRole('button', { name: `Rename “${NISAR}”` }).click();
    const box = row.getByRole('textbox', { name: 'New title' });
    assert.equal(await box.inputValue(), NISAR);
    await box.press('Escape');
    assert.equal(await row.locator('.conversation-open').textContent(), NISAR, 'Escape keeps the title');
    await row.getByRole('button', { name: `Rename “${NISAR}”` }).click();
    await box.fill('NISAR launch date');
    await shot(page, 'conversation-rename');
    await box.press('Enter');
    await row.locator('.conversation-open', { hasText: 'NISAR launch date' }).waitFor();
    assert.equal((await api(`/api/conversations/${id}`)).title, 'NISAR launch date');

    await row.getByRole('button', { name: 'Delete “NISAR launch date”' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete this conversation?' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    assert.equal(await row.count(), 1, 'cancelling keeps it');
    await row.getByRole('button', { name: 'Delete “NISAR launch date”' }).click();
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await row.waitFor({ state: 'detached' });
    assert.equal((await fetch(`${session.base}/api/conversations/${id}`)).status, 404);
    assert.equal(await page.locator('li.turn').count(), 0, 'the deleted conversation was on screen: the chat starts afresh');
    assert.equal(conversationId(page), null);
    await page.close();
  });

  it('regenerates and edits in a saved conversation, replacing the saved turns from there on', async () => {
    const page = await open();
    await sendAndWait(page, NISAR);
    await sendAndWait(page, DRONE);
    const id = conversationId(page)!;
    assert.equal((await api(`/api/conversations/${id}`)).turns.length, 2);
    await page.locator('li.turn').first().getByRole('button', { name: 'Regenerate' }).click();
    await replyDone(page, 0);
    await page.waitForFunction(async (path) => (await (await fetch(path)).json()).turns.length === 1, `/api/conversations/${id}`);
    let saved = await api(`/api/conversations/${id}`);
    assert.deepEqual(saved.turns.map((t: any) => t.input), [NISAR]);

    await page.getByRole('button', { name: 'Edit' }).click();
    await page.getByRole('textbox', { name: 'Edit the question' }).fill(DRONE);
    await page.getByRole('textbox', { name: 'Edit the question' }).press('Enter');
    await replyDone(page, 0);
    await page.waitForFunction(async (path) => (await (await fetch(path)).json()).turns[0]?.input !== 'When will the NISAR satellite launch?', `/api/conversations/${id}`);
    saved = await api(`/api/conversations/${id}`);
    assert.deepEqual(saved.turns.map((t: any) => t.input), [DRONE]);
    assert.equal(conversationId(page), id, 'still the same conversation');
    await page.close();
  });

  it('takes a thumbs up or down with an optional comment on an answer and on a verdict, kept over a reload', async () => {
    const page = await open();
    const reply = await sendAndWait(page, NISAR);
    const id = conversationId(page)!;
    const group = reply.getByRole('group', { name: 'Rate this answer' });
    await group.getByRole('button', { name: 'Not helpful' }).click();
    await reply.getByText('Saved. Thank you.').waitFor();
    assert.equal(await group.getByRole('button', { name: 'Not helpful' }).getAttribute('aria-pressed'), 'true');
    let turn = (await api(`/api/conversations/${id}`)).turns[0];
    assert.equal(turn.feedback.rating, 'down');
    assert.equal(turn.feedback.comment, null);
    await reply.getByRole('textbox', { name: 'Comment on this answer (optional)' }).fill('It does not say when it launches.');
    await reply.getByRole('button', { name: 'Send comment' }).click();
    await reply.getByText('Comment saved. Thank you.').waitFor();
    turn = (await api(`/api/conversations/${id}`)).turns[0];
    assert.deepEqual([turn.feedback.rating, turn.feedback.comment], ['down', 'It does not say when it launches.']);
    await shot(page, 'feedback');

    await page.click('#mode-verify');
    const verdict = await sendAndWait(page, CLAIM);
    await verdict.getByRole('group', { name: 'Rate this verdict' }).getByRole('button', { name: 'Helpful', exact: true }).click();
    await verdict.getByText('Saved. Thank you.').waitFor();
    assert.equal((await api(`/api/conversations/${id}`)).turns[1].feedback.rating, 'up');

    await page.reload();
    await replyDone(page, 1);
    const again = page.locator('.message.assistant').first();
    assert.equal(await again.getByRole('button', { name: 'Not helpful' }).getAttribute('aria-pressed'), 'true');
    // A sent comment's form is closed; "Edit comment" opens it with the comment.
    await again.getByRole('button', { name: 'Edit comment' }).click();
    assert.equal(await again.getByRole('textbox', { name: 'Comment on this answer (optional)' }).inputValue(), 'It does not say when it launches.');
    assert.equal(await page.locator('.message.assistant').nth(1).getByRole('button', { name: 'Helpful', exact: true }).getAttribute('aria-pressed'), 'true');
    assert.deepEqual(await axeViolations(page), []);
    await page.close();
  });

  it('says so when the address names a conversation that is not there, and starts a blank chat', async () => {
    const page = await session.browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('pageerror', (e) => session.errors.push(e.message));
    await page.goto(`${session.base}/?c=no-such-conversation`);
    await page.locator('#status', { hasText: 'That conversation is not here' }).waitFor();
    assert.equal(await page.locator('li.turn').count(), 0);
    assert.equal(conversationId(page), null);
    await page.close();
  });

  for (const theme of ['light', 'dark'] as Theme[]) {
    it(`lists the conversations in the phone's menu drawer (${theme})`, async () => {
      const page = await open({ viewport: PHONE, theme });
      await sendAndWait(page, NISAR);
      await page.click('#toggle-docs');
      await page.locator('#conversation-list li').first().waitFor();
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'conversations-heading');
      assert.equal(await page.getByRole('button', { name: 'Close the menu' }).isVisible(), true);
      assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth));
      assert.deepEqual(await axeViolations(page), []);
      await shot(page, 'phone-menu', theme);
      // Opening one closes the drawer.
      await page.locator('#conversation-list .conversation-open').nth(1).click();
      await page.locator('#sidebar').waitFor({ state: 'hidden' });
      await shot(page, 'phone-reopened', theme);
      await page.close();
    });
  }

  it('raised no script errors on any page', () => {
    assert.deepEqual(session.errors, []);
  });
});
