import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { sha256 } from '../../src/hash.js';
import { chunkDocument } from '../../src/ingest/chunk.js';
import { loadCorpus } from '../../src/ingest/load-corpus.js';
import { parseHtmlBlocks } from '../../src/ingest/parse-html.js';
import type { SourceDoc } from '../../src/types.js';
import { tempDir } from '../helpers.js';

/** A saved web page as they come: furniture all round a <main>. */
const FERRY_PAGE = `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="description" content="Ferry times for the summer">
  <title>Summer ferry timetable &ndash; Port Authority</title>
  <style>body { font-family: sans-serif }</style>
  <script>window.dataLayer = ["<p>not text</p>"];</script>
</head>
<body>
  <a href="#main" class="skip">Skip to content</a>
  <header class="site"><a href="/">Port Authority home</a><form><input name="q"><button>Search the site</button></form></header>
  <nav><ul><li><a href="/fares">Fares menu</a></li><li><a href="/news">News menu</a></li></ul></nav>
  <div role="navigation">Breadcrumb trail</div>
  <main id="main">
    <article>
      <header><h1>Summer timetable</h1><p>Published by the Port Authority.</p></header>
      <p>Boats leave the north pier every <b>30&nbsp;minutes</b> from 06:00.<br>The last boat leaves at 23:10.</p>
      <svg><title>Anchor icon</title><text>svg words</text></svg>
      <p hidden>Hidden draft paragraph.</p>
      <div aria-hidden="true">Decorative words.</div>
      <span style="display: none">Invisible words.</span>
      <aside>Related: winter timetable sidebar.</aside>
      <noscript>Turn on JavaScript for the live map.</noscript>
      <template><p>Template words.</p></template>
      <button>Share this page</button>
      <p>Tickets cost &euro;4 and children under 12 travel free.</p>
    </article>
  </main>
  <aside>Cookie notice sidebar.</aside>
  <footer>&copy; 2025 Port Authority. Privacy policy.</footer>
</body>
</html>`;

const FURNITURE = [
  'doctype', 'Skip to content', 'Port Authority home', 'Search the site', 'Fares menu', 'Breadcrumb trail',
  'Anchor icon', 'svg words', 'Hidden draft', 'Decorative', 'Invisible', 'winter timetable', 'JavaScript',
  'Template words', 'Share this page', 'Cookie notice', 'Privacy policy', 'font-family', 'dataLayer', 'not text',
  'Ferry times for the summer',
];

async function loadPage(html: string, name = 'page.html'): Promise<SourceDoc> {
  const dir = await tempDir();
  await writeFile(join(dir, name), html);
  const [doc] = await loadCorpus(dir);
  assert.ok(doc, 'the page is loaded');
  return doc;
}

function assertNoFurniture(text: string): void {
  for (const words of FURNITURE) assert.ok(!text.toLowerCase().includes(words.toLowerCase()), `"${words}" is not document text`);
}

describe('reading an HTML page', () => {
  it('never indexes the doctype or the navigation as document text (an answer once read "<!doctype html>. [1]")', async () => {
    const doc = await loadPage(FERRY_PAGE);
    assert.doesNotMatch(doc.text, /<!?doctype|<html|<\/?[a-z]+>/i);
    assertNoFurniture(doc.text);
    assert.ok(doc.text.startsWith('Summer timetable\n\n'), 'the text starts with the main content');
  });

  it('keeps only the main content: headings, paragraphs and line breaks, with entities decoded', async () => {
    const doc = await loadPage(FERRY_PAGE);
    assert.equal(
      doc.text,
      [
        'Summer timetable',
        'Published by the Port Authority.',
        'Boats leave the north pier every 30 minutes from 06:00.',
        'The last boat leaves at 23:10.',
        'Tickets cost €4 and children under 12 travel free.',
      ].join('\n\n'),
    );
    assert.deepEqual(doc.blocks.map((b) => b.kind), ['heading', 'paragraph', 'paragraph', 'paragraph', 'paragraph']);
  });

  it('takes the title from <title>, with entities decoded, and no metadata text into the body', async () => {
    const doc = await loadPage(FERRY_PAGE);
    assert.equal(doc.meta.title, 'Summer ferry timetable – Port Authority');
    assert.equal(doc.format, 'html');
  });

  it('reads what the page\'s <meta> tags say about it: its author, description and dates, not its viewport', () => {
    const { meta } = parseHtmlBlocks(
      '<html><head><meta name="viewport" content="width=device-width"><meta name="Author" content="Ana  Ruiz"><meta name="description" content="Ferry times"><meta property="article:published_time" content="2026-03-01"><meta name="dcterms.modified" content="2026-04-02"><meta name="author" content="Someone Else"></head><body><p>Boats leave hourly.</p></body></html>',
    );
    assert.deepEqual(meta, { author: 'Ana Ruiz', description: 'Ferry times', date: '2026-03-01', 'last modified': '2026-04-02' });
  });

  it('keeps a single <article> when the page has no <main>', () => {
    const { blocks } = parseHtmlBlocks(
      '<body><nav>Menu</nav><div class="wrap"><article><h2>Only story</h2><p>Story text.</p></article><div class="promo">Subscribe now</div></div></body>',
    );
    assert.deepEqual(blocks.map((b) => b.text), ['Only story', 'Story text.']);
  });

  it('keeps role="main" like <main>', () => {
    const { blocks } = parseHtmlBlocks('<div>Banner words</div><div role="main"><p>Main words.</p></div><div>Footer words</div>');
    assert.deepEqual(blocks.map((b) => b.text), ['Main words.']);
  });

  it('keeps every article of a listing, but not the page header or footer around them', () => {
    const { blocks } = parseHtmlBlocks(
      '<body><header>Site name</header><article><p>First story.</p></article><article><p>Second story.</p></article><footer>Contact us</footer></body>',
    );
    assert.deepEqual(blocks.map((b) => b.text), ['First story.', 'Second story.']);
  });

  it('drops parts marked as navigation, banner or hidden, wherever they are', () => {
    const { blocks } = parseHtmlBlocks(
      '<main><div role="navigation">Crumbs</div><div role="banner">Banner</div><p>Kept.</p><p hidden>Gone.</p><div aria-hidden="TRUE">Gone too.</div><div style="visibility:hidden">Unseen.</div></main>',
    );
    assert.deepEqual(blocks.map((b) => b.text), ['Kept.']);
  });

  it('falls back to the whole body when <main> is empty', () => {
    const { blocks } = parseHtmlBlocks('<body><nav>Menu</nav><main></main><p>Text outside main.</p></body>');
    assert.deepEqual(blocks.map((b) => b.text), ['Text outside main.']);
  });

  it('ignores an SVG <title> as the page title', () => {
    assert.equal(parseHtmlBlocks('<body><svg><title>Icon</title></svg><p>Text.</p></body>').title, undefined);
  });

  it('gives lists, tables, line breaks and preformatted text the block shapes the layout expects', () => {
    const { blocks } = parseHtmlBlocks(
      '<main><h2>Piers</h2><ul><li>North<ul><li>Gate 1</li></ul></li><li><p>South</p></li></ul>' +
        '<table><tr><th>Day</th><td>Mon</td></tr></table><p>One<br>Two</p>' +
        '<pre>\nLine one of the log\n  second line\n</pre><h3>Notes<br>and more</h3></main>',
    );
    assert.deepEqual(blocks, [
      { kind: 'heading', level: 2, text: 'Piers' },
      { kind: 'bullet', level: 0, text: 'North' },
      { kind: 'bullet', level: 1, text: 'Gate 1' },
      { kind: 'bullet', level: 0, text: 'South' },
      { kind: 'paragraph', level: 0, text: 'Day; Mon' },
      { kind: 'paragraph', level: 0, text: 'One' },
      { kind: 'paragraph', level: 0, text: 'Two' },
      { kind: 'paragraph', level: 0, text: 'Line one of the log' },
      { kind: 'paragraph', level: 0, text: 'second line' },
      { kind: 'heading', level: 3, text: 'Notes and more' },
    ]);
  });

  it('keeps chunk offsets exact: every chunk and sentence slices back out of the document text', async () => {
    const paragraphs = Array.from({ length: 12 }, (_, i) => `<p>Boat ${i + 1} leaves at ${6 + i}:00 &amp; returns an hour later. It stops at the <i>north</i> pier.</p>`);
    const doc = await loadPage(`<!doctype html><title>T</title><nav>Menu</nav><main><h1>Times</h1>${paragraphs.join('')}<ul><li>Fares &lt;&gt; vary</li></ul></main>`);
    const chunks = chunkDocument(doc, { targetChars: 200, maxChars: 300, minChars: 50, overlapChars: 60 });
    assert.ok(chunks.length > 2, 'the page is cut into several chunks');
    for (const c of chunks) {
      assert.equal(c.text, doc.text.slice(c.start, c.end));
      for (const s of c.sentences) assert.ok(c.start <= s.start && s.end <= c.end && doc.text.slice(s.start, s.end).trim() !== '');
    }
    for (const b of doc.blocks) assert.equal(doc.text.slice(b.contentStart, b.end).trim(), doc.text.slice(b.contentStart, b.end));
    assert.ok(doc.text.includes('- Fares <> vary'));
  });

  it('counts HTML and Markdown indexed by an older reader as changed (Markdown tables are now read by row)', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'a.html'), '<p>Page.</p>');
    await writeFile(join(dir, 'b.md'), 'Note.');
    const [html, md] = await loadCorpus(dir);
    const oldHash = (content: string) => sha256(Buffer.concat([Buffer.from(content), Buffer.from('\u0000')]));
    assert.notEqual(html!.hash, oldHash('<p>Page.</p>'));
    assert.notEqual(md!.hash, oldHash('Note.'));
  });
});
