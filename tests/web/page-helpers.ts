import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { after, before } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { launchBrowser, SCREENSHOT_DIR, startServer } from './browser.js';

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };
export type Theme = 'light' | 'dark';

/** A real server and browser for the tests of one `describe`: started before them, stopped after. */
export interface BrowserSession {
  readonly browser: Browser;
  readonly base: string;
  /** Script errors of every page opened, which the tests expect to stay empty. */
  readonly errors: string[];
}

/**
 * Starts a server and a browser before the tests of the calling `describe`, and stops both
 * after. `env` may be a function, read when the server starts (after earlier `before` hooks).
 */
export function browserSession(env: Record<string, string> | (() => Record<string, string>) = {}): BrowserSession {
  let browser: Browser | undefined;
  let server: { base: string; child: ChildProcess } | undefined;
  const errors: string[] = [];
  before(async () => {
    server = await startServer(typeof env === 'function' ? env() : env);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    server?.child.kill('SIGTERM');
  });
  return {
    get browser() {
      return browser!;
    },
    get base() {
      return server!.base;
    },
    errors,
  };
}

/** Opens the chat page once its documents are listed; script errors are collected in `errors`. */
export async function openChat(browser: Browser, base: string, errors: string[], options: { viewport?: { width: number; height: number }; theme?: Theme } = {}): Promise<Page> {
  const page = await browser.newPage({ viewport: options.viewport ?? DESKTOP, colorScheme: options.theme ?? 'light' });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(base);
  // Attached, not visible: on a phone the list sits in a closed drawer.
  await page.waitForSelector('#doc-list li', { state: 'attached' });
  return page;
}

/** The reply of the turn at `index`, once it is complete (or has failed). */
export async function replyDone(page: Page, index: number): Promise<Locator> {
  const reply = page.locator('.message.assistant').nth(index);
  await reply.and(page.locator(':not([aria-busy])')).waitFor();
  return reply;
}

/** Types a question (or a claim, in claim mode), sends it and waits for the reply. */
export async function sendAndWait(page: Page, text: string): Promise<Locator> {
  const before = await page.locator('.message.assistant').count();
  await page.fill('#question', text);
  await page.press('#question', 'Enter');
  return replyDone(page, before);
}

/**
 * Reads `read()` until it gives `expected` (for up to `timeoutMs`), then asserts it: the
 * page may still be drawing what the test waits for, as Playwright's `expect.poll` would allow.
 */
export async function until<T>(read: () => Promise<T>, expected: T, message: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let actual = await read();
  while (actual !== expected && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    actual = await read();
  }
  assert.equal(actual, expected, message);
}

/** A screenshot named after what it shows, the theme and the viewport. */
export async function shot(page: Page, name: string, theme: Theme = 'light'): Promise<void> {
  const { width, height } = page.viewportSize()!;
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}-${theme}-${width}x${height}.png`) });
}

/**
 * Makes the page's next requests to /api/chat answer with these server-sent events, one
 * every `pauseMs`, instead of the server's; with `hang`, the stream then stays open until
 * the page aborts it. The page's own fetch is wrapped, so the stream arrives piece by
 * piece as a slow network would deliver it (a routed response would arrive all at once).
 */
export async function scriptChat(page: Page, events: Array<[string, unknown]>, options: { pauseMs?: number; hang?: boolean } = {}): Promise<void> {
  await page.evaluate(
    ({ events, pauseMs, hang }) => {
      const w = window as any;
      w.__realFetch ??= window.fetch.bind(window);
      window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
        if (!String(input).endsWith('/api/chat')) return w.__realFetch(input, init);
        const signal = init?.signal;
        const encoder = new TextEncoder();
        const body = new ReadableStream<Uint8Array>({
          async start(controller) {
            signal?.addEventListener('abort', () => controller.error(new DOMException('The user aborted a request.', 'AbortError')));
            for (const [event, data] of events) {
              await new Promise((r) => setTimeout(r, pauseMs));
              if (signal?.aborted) return;
              controller.enqueue(encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`));
            }
            if (!hang) controller.close();
          },
        });
        return Promise.resolve(new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } }));
      };
    },
    { events, pauseMs: options.pauseMs ?? 50, hang: options.hang ?? false },
  );
}

/** Puts back the page's real fetch after `scriptChat`. */
export async function unscriptChat(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as any;
    if (w.__realFetch) window.fetch = w.__realFetch;
  });
}

/** The same question through the API, for the exact answer and citations to compare with. */
export async function apiAsk(base: string, question: string): Promise<any> {
  const res = await fetch(`${base}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question }) });
  return res.json();
}

export async function apiVerify(base: string, claim: string): Promise<any> {
  const res = await fetch(`${base}/api/verify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ claim }) });
  return res.json();
}

/**
 * Every visible control smaller than 24×24 CSS px (WCAG 2.2 target size, which issue 11
 * asks for at every width), one line each: buttons, links, form fields, `[n]` markers,
 * summaries and anything else that takes focus. Controls faded out until hovered still
 * count, since they can be focused and tapped.
 */
export async function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('a[href], button, input:not([type="hidden"]), select, textarea, summary, .marker, [role="button"], [tabindex]:not([tabindex="-1"])')]
      .filter((node) => node.checkVisibility({ visibilityProperty: true }) && !node.closest('.visually-hidden'))
      .map((node) => ({ node, box: node.getBoundingClientRect() }))
      .filter(({ box }) => box.width < 24 || box.height < 24)
      .map(({ node, box }) => `${node.tagName.toLowerCase()}${node.id ? `#${node.id}` : ''}${node.className ? `.${String(node.className).split(' ').join('.')}` : ''} “${(node.textContent || node.getAttribute('aria-label') || '').trim().slice(0, 30)}”: ${box.width.toFixed(1)}×${box.height.toFixed(1)}`),
  );
}
