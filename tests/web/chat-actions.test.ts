import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { axeViolations } from './axe.js';
import { apiAsk, apiVerify, DESKTOP, openChat, PHONE, replyDone, scriptChat, sendAndWait, shot, unscriptChat, browserSession, type Theme } from './page-helpers.js';

const NISAR = 'When will the NISAR satellite launch?';
const CLAIM = 'iCET was launched in 2015.';

describe('everyday actions on the chat page', { timeout: 300_000 }, () => {
  const session = browserSession();

  const open = (options: Parameters<typeof openChat>[3] = {}) => openChat(session.browser, session.base, session.errors, options);

  /** Records every text node ever added inside an answer, to catch a raw marker shown for a moment. */
  async function watchAnswerText(page: Page): Promise<() => Promise<string[]>> {
    await page.evaluate(() => {
      const seen: string[] = ((window as any).__answerText = []);
      new MutationObserver((records) => {
        for (const r of records) {
          const inAnswer = r.target instanceof Element ? r.target.closest('.answer') : r.target.parentElement?.closest('.answer');
          if (!inAnswer) continue;
          for (const node of r.addedNodes) {
            if (node.nodeType === Node.TEXT_NODE) seen.push((node as Text).data);
            // A marker button added while the answer is still arriving (before its citations).
            else if ((node as Element).matches?.('button.marker') && inAnswer.closest('[aria-busy]')) (window as any).__markerWhileBusy = true;
          }
          if (r.type === 'characterData') seen.push((r.target as Text).data);
        }
      }).observe(document.getElementById('messages')!, { childList: true, characterData: true, subtree: true });
    });
    return () => page.evaluate(() => (window as any).__answerText as string[]);
  }

  it('shows markers as buttons the moment they arrive, never as raw "[1]" text, even when a marker is split across pieces', async () => {
    const page = await open();
    const api = await apiAsk(session.base, NISAR);
    const seen = await watchAnswerText(page);
    const marker = `[${api.citations[0].n}]`;
    const cut = api.answer.indexOf(marker);
    assert.ok(cut > 0, 'the answer cites its first source');
    // The pieces end inside the marker: "… resilience. [" then "1" then "]".
    const pieces = [api.answer.slice(0, cut + 1), marker.slice(1, -1), api.answer.slice(cut + marker.length - 1)];
    await scriptChat(
      page,
      [
        ['meta', { conversationId: 'scripted', standaloneQuestion: NISAR }],
        ...pieces.map((text): [string, unknown] => ['delta', { text }]),
        ['citations', { citations: api.citations, related: api.related, status: api.status, grounded: api.grounded, confidence: api.confidence, sourcesDiffer: api.sourcesDiffer }],
        ['done', { conversationId: 'scripted' }],
      ],
      { pauseMs: 250 },
    );
    await page.fill('#question', NISAR);
    await page.press('#question', 'Enter');
    const reply = page.locator('.message.assistant').first();
    await replyDone(page, 0);
    // Before the citations arrived, the marker was already a button.
    assert.equal(await page.evaluate(() => (window as any).__markerWhileBusy), true, 'a button while still streaming');
    assert.equal(await reply.locator('.answer button.marker').count(), 1);
    assert.doesNotMatch(await reply.locator('.answer').innerText(), /\[/);
    assert.deepEqual((await seen()).filter((t) => /\[/.test(t)), [], 'no text with a bracket was ever inserted');
    await unscriptChat(page);

    // The real server's stream: the same holds.
    const real = await sendAndWait(page, 'Which drone platform did India acquire according to the White House fact sheet?');
    assert.ok((await real.locator('.answer button.marker').count()) >= 1);
    assert.deepEqual((await seen()).filter((t) => /\[\d*\]?/.test(t)), []);
    await page.close();
  });

  it('opens the cited passage from a marker clicked before the citations arrived', async () => {
    const page = await open();
    const api = await apiAsk(session.base, NISAR);
    await scriptChat(page, [
      ['meta', { conversationId: 'scripted', standaloneQuestion: NISAR }],
      ['delta', { text: api.answer }],
      ['citations', { citations: api.citations, related: api.related, status: api.status, grounded: api.grounded, confidence: api.confidence, sourcesDiffer: false }],
      ['done', { conversationId: 'scripted' }],
    ], { pauseMs: 600 });
    await page.fill('#question', NISAR);
    await page.press('#question', 'Enter');
    const marker = page.locator('.answer button.marker').first();
    await marker.waitFor();
    await marker.click();
    await page.locator('#source-text mark').waitFor();
    assert.equal(await page.locator('#source-text mark').textContent(), api.citations[0].quote);
    await page.close();
  });

  it('says in words whether the documents answered, partly answered or did not answer, with the confidence', async () => {
    const page = await open();
    const answered = await sendAndWait(page, NISAR);
    assert.equal(await answered.locator('.outcome .badge').first().textContent(), 'Answered');
    assert.match((await answered.locator('.outcome .confidence').textContent()) ?? '', /^(High|Medium|Low) confidence$/);
    const partial = await sendAndWait(page, 'Who will lead the INDUS Innovation bridge?');
    assert.equal(await partial.locator('.outcome .badge').first().textContent(), 'Partly answered');
    assert.match((await partial.locator('.outcome .confidence').textContent()) ?? '', /^(High|Medium|Low) confidence$/);
    const none = await sendAndWait(page, 'What is the tallest mountain in Africa?');
    assert.equal(await none.locator('.outcome .badge').first().textContent(), 'Not found in the documents');
    assert.equal(await none.locator('.outcome .confidence').count(), 0, 'no confidence beside "not found"');
    await shot(page, 'outcomes');
    await page.close();
  });

  for (const theme of ['light', 'dark'] as Theme[]) {
    it(`draws each confidence level its own way, and a low-confidence answer as tentative beside its outcome (${theme})`, async () => {
      const page = await open({ theme });
      const api = await apiAsk(session.base, NISAR);
      const levels = [
        ['high', 0.95],
        ['medium', 0.7],
        ['low', 0.3],
      ] as const;
      for (const [, confidence] of levels) {
        await scriptChat(page, [
          ['meta', { conversationId: 'scripted', standaloneQuestion: NISAR }],
          ['delta', { text: api.answer }],
          ['citations', { citations: api.citations, related: api.related, status: 'answered', grounded: true, confidence, sourcesDiffer: false }],
          ['done', { conversationId: 'scripted' }],
        ], { pauseMs: 0 });
        await sendAndWait(page, NISAR);
      }
      await unscriptChat(page);
      const looks = await page.locator('.outcome').evaluateAll((outcomes) =>
        outcomes.map((o) => {
          const chip = o.querySelector('.confidence')!;
          const badge = getComputedStyle(o.querySelector('.badge')!);
          const c = getComputedStyle(chip);
          return { text: chip.textContent, level: chip.getAttribute('data-level'), chip: `${c.color} ${c.backgroundColor} ${c.borderStyle} ${c.borderColor}`, badge: badge.backgroundColor, note: o.querySelector('.confidence-note')?.textContent ?? null };
        }),
      );
      assert.deepEqual(looks.map((l) => l.text), ['High confidence', 'Medium confidence', 'Low confidence']);
      assert.deepEqual(looks.map((l) => l.level), ['high', 'medium', 'low']);
      assert.equal(new Set(looks.map((l) => l.chip)).size, 3, `three different looks: ${looks.map((l) => l.chip).join(' | ')}`);
      assert.notEqual(looks[2]!.badge, looks[0]!.badge, 'a tentative "Answered" is not the sure one’s filled pill');
      assert.equal(looks[0]!.note, null);
      assert.equal(looks[2]!.note, 'Check the sources before relying on it.');
      assert.deepEqual(await axeViolations(page), [], 'every level readable (WCAG AA contrast)');
      for (const viewport of [DESKTOP, PHONE]) {
        await page.setViewportSize(viewport);
        // The first outcome at the top: all three on a desktop screen, the last two on a phone's.
        await page.locator(viewport === DESKTOP ? '.message.assistant' : '.outcome').nth(viewport === DESKTOP ? 0 : 1).evaluate((n) => n.scrollIntoView({ block: 'start' }));
        await shot(page, 'confidence-levels', theme);
      }
      assert.deepEqual(await axeViolations(page), [], 'and at phone width');
      await page.close();
    });
  }

  it('copies an answer with its sources as plain text', async () => {
    const page = await session.browser.newPage({ viewport: { width: 1280, height: 800 }, permissions: ['clipboard-read', 'clipboard-write'] });
    page.on('pageerror', (e) => session.errors.push(e.message));
    await page.goto(session.base);
    const api = await apiAsk(session.base, NISAR);
    const reply = await sendAndWait(page, NISAR);
    await reply.getByRole('button', { name: 'Copy' }).click();
    await reply.getByRole('button', { name: 'Copied' }).waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    assert.ok(copied.startsWith(`Q: ${NISAR}\n${api.answer}\n`), copied);
    assert.match(copied, /\nSources:\n\[1\] /);
    assert.ok(copied.includes(`“${api.citations[0].quote.replace(/\s+/g, ' ').trim()}”`), 'the quote is written out');

    await page.click('#mode-verify');
    const verdict = await sendAndWait(page, CLAIM);
    await verdict.getByRole('button', { name: 'Copy' }).click();
    await verdict.getByRole('button', { name: 'Copied' }).waitFor();
    const claim = await page.evaluate(() => navigator.clipboard.readText());
    assert.match(claim, /^Claim: iCET was launched in 2015\.\nVerdict: Contradicted \(\w+ confidence\)\n/);
    assert.match(claim, /\nEvidence:\n\[1\] \(contradicts\) /);
    await page.close();
  });

  it('regenerates an answer, replacing it and every later turn', async () => {
    const page = await open();
    await sendAndWait(page, NISAR);
    await sendAndWait(page, 'What is INDUS Innovation modeled on?');
    assert.equal(await page.locator('li.turn').count(), 2);
    await page.locator('li.turn').first().getByRole('button', { name: 'Regenerate' }).click();
    const again = await replyDone(page, 0);
    assert.equal(await page.locator('li.turn').count(), 1, 'the later turn is gone');
    assert.equal(await page.locator('.message.user').first().textContent(), NISAR);
    assert.match(await again.locator('.answer').innerText(), /NISAR/);
    await page.locator('li.turn').first().getByRole('button', { name: 'Regenerate' }).click();
    await replyDone(page, 0);
    assert.equal(await page.locator('li.turn').count(), 1);
    await page.close();
  });

  it('edits a question and sends it again in its place', async () => {
    const page = await open();
    await sendAndWait(page, 'When will the NISAR launch?');
    await page.getByRole('button', { name: 'Edit' }).click();
    const editor = page.getByRole('textbox', { name: 'Edit the question' });
    assert.equal(await editor.inputValue(), 'When will the NISAR launch?');
    await shot(page, 'edit-question');
    // Escape cancels without sending.
    await editor.press('Escape');
    assert.equal(await page.locator('.message.user').first().textContent(), 'When will the NISAR launch?');
    await page.getByRole('button', { name: 'Edit' }).click();
    await editor.fill('Which drone platform did India acquire according to the White House fact sheet?');
    await editor.press('Enter');
    const reply = await replyDone(page, 0);
    assert.equal(await page.locator('li.turn').count(), 1);
    assert.equal(await page.locator('.message.user').first().textContent(), 'Which drone platform did India acquire according to the White House fact sheet?');
    assert.match(await reply.locator('.answer').innerText(), /MQ-9B/);
    await page.close();
  });

  it('keeps the question after an error and retries it', async () => {
    const page = await open();
    await page.route('**/api/chat', (route) =>
      route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ error: { code: 'INDEX_LOADING', message: 'The index is still loading.' } }) }),
    );
    const failed = await sendAndWait(page, NISAR);
    assert.match((await failed.locator('[role="alert"]').textContent()) ?? '', /being indexed/);
    assert.equal(await page.inputValue('#question'), NISAR, 'the question is back in the composer');
    await shot(page, 'error-retry');
    await page.unroute('**/api/chat');
    await failed.getByRole('button', { name: 'Retry' }).click();
    const reply = await replyDone(page, 0);
    assert.equal(await page.locator('li.turn').count(), 1, 'the failed turn is replaced');
    assert.match(await reply.locator('.answer').innerText(), /NISAR/);
    assert.equal(await page.locator('#messages [role="alert"]').count(), 0);
    assert.equal(await page.inputValue('#question'), '', 'the composer is cleared once it is sent again');
    await page.close();
  });

  it('marks a stopped answer as stopped and cut short, never as a finding, and keeps the question', async () => {
    const page = await open();
    const question = 'What is the capital of Atlantis?';
    await scriptChat(page, [
      ['meta', { conversationId: 'scripted', standaloneQuestion: question }],
      ['delta', { text: 'The documents do ' }],
      ['delta', { text: 'not answer this' }],
    ], { pauseMs: 100, hang: true });
    await page.fill('#question', question);
    await page.press('#question', 'Enter');
    await page.locator('.answer', { hasText: 'not answer this' }).waitFor();
    await page.click('#stop');
    const reply = await replyDone(page, 0);
    assert.match(await reply.getAttribute('class') ?? '', /\bstopped\b/);
    assert.equal(await reply.locator('.badge').first().textContent(), 'Stopped');
    assert.match((await reply.locator('.stopped-note').textContent()) ?? '', /cut short and is not a finding/);
    assert.equal(await reply.locator('.badge.not-found, .badge.answered, .badge.partial').count(), 0);
    assert.equal(await reply.getAttribute('data-status'), null);
    assert.equal(await page.inputValue('#question'), question);
    await shot(page, 'stopped');
    await unscriptChat(page);
    await page.fill('#question', '');
    await reply.getByRole('button', { name: 'Ask again' }).click();
    const again = await replyDone(page, 0);
    assert.equal(await again.locator('.badge.not-found').count(), 1);

    // Stopped before anything arrived, with Escape.
    await page.route('**/api/chat', async (route) => {
      await new Promise((r) => setTimeout(r, 3000));
      await route.continue().catch(() => {});
    });
    await page.fill('#question', 'What is the TRUST initiative?');
    await page.press('#question', 'Enter');
    await page.locator('.searching').waitFor();
    await page.keyboard.press('Escape');
    const early = await replyDone(page, 1);
    assert.match((await early.locator('.stopped-note').textContent()) ?? '', /^Stopped No answer had arrived yet\.$/);
    await page.close();
  });

  it('previews the cited passage when a marker is hovered or focused, and Escape dismisses it', async () => {
    const page = await open();
    const api = await apiAsk(session.base, NISAR);
    const reply = await sendAndWait(page, NISAR);
    const marker = reply.locator('.answer button.marker').first();
    const preview = page.locator('#citation-preview');
    await marker.hover();
    await preview.waitFor();
    assert.equal(await preview.getAttribute('role'), 'tooltip');
    assert.match((await preview.textContent()) ?? '', new RegExp(api.citations[0].title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    assert.ok(((await preview.textContent()) ?? '').includes(api.citations[0].quote.replace(/\s+/g, ' ').trim().slice(0, 60)));
    assert.equal(await marker.getAttribute('aria-describedby'), 'citation-preview');
    await shot(page, 'preview');
    // The pointer may move onto the preview without losing it.
    await preview.hover();
    await page.waitForTimeout(400);
    assert.equal(await preview.isVisible(), true);
    await page.keyboard.press('Escape');
    assert.equal(await preview.isHidden(), true);
    await page.mouse.move(5, 5);
    await marker.focus();
    await preview.waitFor();
    await page.locator('#question').focus();
    assert.equal(await preview.isHidden(), true);
    assert.equal(await marker.getAttribute('aria-describedby'), null);
    await page.close();
  });

  it('steps through the cited passages with previous and next in the source panel', async () => {
    const page = await open();
    const api = await apiVerify(session.base, CLAIM);
    assert.ok(api.evidence.length >= 2);
    await page.click('#mode-verify');
    const reply = await sendAndWait(page, CLAIM);
    await reply.locator('.sources button').first().click();
    await page.locator('#source-text mark').waitFor();
    assert.equal(await page.locator('#source-position').textContent(), `Source 1 of ${api.evidence.length}`);
    assert.equal(await page.locator('#source-prev').isDisabled(), true);
    await page.click('#source-next');
    await page.locator('#source-position', { hasText: `Source 2 of ${api.evidence.length}` }).waitFor();
    await page.locator('#source-text mark', { hasText: api.evidence[1].quote.slice(0, 40) }).waitFor();
    assert.equal(await page.locator('#source-text mark').textContent(), api.evidence[1].quote);
    assert.equal(await page.locator('#source-title').textContent(), api.evidence[1].title);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'source-next', 'focus stays on Next');
    await shot(page, 'source-next');
    await page.keyboard.press('Enter');
    await page.locator('#source-position', { hasText: `Source 3 of ${api.evidence.length}` }).waitFor();
    await page.click('#source-prev');
    await page.click('#source-prev');
    await page.locator('#source-position', { hasText: `Source 1 of ${api.evidence.length}` }).waitFor();
    assert.equal(await page.locator('#source-text mark').textContent(), api.evidence[0].quote);
    // A document opened from the list has no passages to step through.
    await page.locator('#doc-list button').first().click();
    await page.locator('#source-nav').waitFor({ state: 'hidden' });
    await page.close();
  });

  it('keeps the composer usable while an answer arrives: the next question waits its turn', async () => {
    const page = await open();
    await page.route('**/api/chat', async (route) => {
      await new Promise((r) => setTimeout(r, 1500));
      await route.continue().catch(() => {});
    });
    await page.fill('#question', NISAR);
    await page.press('#question', 'Enter');
    await page.locator('.searching').waitFor();
    assert.equal(await page.locator('#question').isEditable(), true);
    assert.equal(await page.locator('#send').isEnabled(), true);
    assert.equal(await page.locator('#stop').isVisible(), true);
    await page.fill('#question', 'What is INDUS Innovation modeled on?');
    await page.press('#question', 'Enter');
    assert.equal(await page.locator('li.turn').count(), 2);
    assert.match((await page.locator('.message.assistant').nth(1).textContent()) ?? '', /Waiting for the answer above/);
    await shot(page, 'queued');
    const first = await replyDone(page, 0);
    const second = await replyDone(page, 1);
    assert.match(await first.locator('.answer').innerText(), /NISAR/);
    assert.match(await second.locator('.answer').innerText(), /INDUS/);
    assert.equal(await page.locator('#stop').isHidden(), true);
    await page.close();
  });

  it('shows an active document filter above the composer and clears it there', async () => {
    const page = await open();
    const bar = page.locator('#filter-bar');
    assert.equal(await bar.isHidden(), true);
    const row = page.locator('#doc-list li').nth(1);
    const title = (await row.locator('button').textContent())!;
    await row.locator('input[type="checkbox"]').check();
    assert.equal(await bar.isVisible(), true);
    assert.match((await bar.textContent()) ?? '', /Only 1 of 5 documents/);
    assert.ok(((await bar.textContent()) ?? '').includes(title));
    await shot(page, 'filter-bar');
    await bar.getByRole('button', { name: 'Use all documents' }).click();
    assert.equal(await bar.isHidden(), true);
    assert.equal(await row.locator('input[type="checkbox"]').isChecked(), false);
    assert.match((await page.locator('#filter-summary').textContent()) ?? '', /all documents/);
    await page.close();
  });

  it('sets claims apart from questions', async () => {
    const page = await open();
    await sendAndWait(page, NISAR);
    await page.click('#mode-verify');
    await sendAndWait(page, CLAIM);
    const ask = page.locator('li.turn.ask');
    const claim = page.locator('li.turn.verify');
    assert.equal(await claim.locator('.turn-kind').textContent(), 'Claim check');
    assert.equal(await claim.locator('.turn-kind').isVisible(), true);
    const style = (l: typeof ask, sel: string) => l.locator(sel).first().evaluate((n) => {
      const s = getComputedStyle(n);
      return `${s.backgroundColor} ${s.borderLeftWidth} ${s.borderLeftColor}`;
    });
    assert.notEqual(await style(ask, '.message.user'), await style(claim, '.message.user'));
    assert.notEqual(await claim.evaluate((n) => getComputedStyle(n).borderLeftStyle), 'none');
    await shot(page, 'claim-and-question');
    await page.close();
  });

  it('raised no script errors on any page', () => {
    assert.deepEqual(session.errors, []);
  });
});
