import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { documentCard } from '../../src/ingest/document-card.js';
import { splitFrontMatter } from '../../src/ingest/front-matter.js';
import { decodeEntities, renderInline } from '../../src/ingest/inline-markdown.js';
import { layoutBlocks } from '../../src/ingest/layout.js';
import { parseHtmlBlocks } from '../../src/ingest/parse-html.js';
import { isHardWrapped, looksLikeMarkdown, parseMarkdownBlocks } from '../../src/ingest/parse-markdown.js';
import { readDocumentBytes } from '../../src/ingest/read-document.js';

describe('inline Markdown becomes plain text', () => {
  it('drops bold and italic markers', () => {
    assert.equal(renderInline('a **bold** and *italic* and __strong__ word'), 'a bold and italic and strong word');
  });
  it('unescapes backslash escapes without treating them as markup', () => {
    assert.equal(renderInline('trade to \\$500 billion'), 'trade to $500 billion');
    assert.equal(renderInline('\\###'), '###');
    assert.equal(renderInline('\\*\\*\\*\\*\\*'), '*****');
    assert.equal(renderInline('Major Defense Partner \\(MDP\\)'), 'Major Defense Partner (MDP)');
  });
  it('keeps the label of links and link placeholders', () => {
    assert.equal(renderInline('[India and the United States](#) met'), 'India and the United States met');
    assert.equal(renderInline('the [launch of\n    Axiom-4](https://example.org/ax4) soon'), 'the launch of Axiom-4 soon');
  });
  it('removes <u> and <sup> tags but keeps their text', () => {
    assert.equal(renderInline('**<u>the\n21<sup>st</sup> Century</u>**'), 'the 21st Century');
  });
  it('joins hard-wrapped lines with single spaces', () => {
    assert.equal(renderInline('met with\nIndian National Security Advisor  \n(NSA)'), 'met with Indian National Security Advisor (NSA)');
  });
  it('decodes entities', () => {
    assert.equal(decodeEntities('R&amp;D &lt;b&gt; &#8377;30 &#x20B9;'), 'R&D <b> ₹30 ₹');
  });
  it('leaves underscores inside words alone', () => {
    assert.equal(renderInline('see source_url and snake_case_name'), 'see source_url and snake_case_name');
  });
});

describe('front matter', () => {
  it('is split from the body and parsed as YAML', () => {
    const { data, body } = splitFrontMatter('---\ntitle: "A\\_title"\ndate: \'2025-01-06\'\n---\nBody text');
    assert.equal(data.title, 'A\u00a0title');
    assert.equal(data.date, '2025-01-06');
    assert.equal(body, 'Body text');
  });
  it('is ignored when malformed, keeping the whole text', () => {
    const raw = '---\n: : [unbalanced\n---\nBody';
    assert.deepEqual(splitFrontMatter(raw), { data: {}, body: raw });
  });
});

describe('a header of labelled lines under the title', () => {
  const meta = (markdown: string) => readDocumentBytes('notice.md', new TextEncoder().encode(markdown)).then((d) => d.meta);

  it('gives the document its date and publisher when it has no front matter', async () => {
    const m = await meta('# Pond Survey 2025\n\n**Published:** 3 June 2025\n\n**Publisher:** Elmfield Wildlife Group\n\n## Findings\n\nDate: the survey took a week.\n');
    assert.deepEqual(m, { title: 'Pond Survey 2025', publisher: 'Elmfield Wildlife Group', date: '3 June 2025' });
  });
  it('reads a bulleted header, past a line of prose before it, and an author where no publisher is named', async () => {
    const m = await meta('# Notice\n\nFOR IMMEDIATE RELEASE\n\n- Title: Pond closure notice\n- Issued by: Ana Ruiz, Warden\n- Reference: EWG-7\n\nThe pond is closed.\n');
    assert.deepEqual(m, { title: 'Pond closure notice', publisher: 'Ana Ruiz, Warden' });
  });
  it('takes a "published" field of the front matter as the date', async () => {
    assert.equal((await meta('---\npublished: 2025-06-03\n---\n# Survey\n\nText.\n')).date, '2025-06-03');
  });
  it('reads a byline written as prose under the title: its date, and who published or wrote it', async () => {
    assert.deepEqual(await meta('# Pond Guide\n\nVersion 3.1, published May 2025 by the Safety Committee.\n\n## Rules\n\nNo swimming.\n'), { title: 'Pond Guide', publisher: 'Safety Committee', date: 'May 2025' });
    assert.deepEqual(await meta('# Pond Guide\n\nElmfield Wildlife Group, Survey Team. Last updated 12 January 2026.\n\nNo swimming.\n'), { title: 'Pond Guide', publisher: 'Elmfield Wildlife Group, Survey Team', date: '12 January 2026' });
    assert.deepEqual(await meta('# Pond Report\n\nPrepared by the Warden, Ana Ruiz. Published 2 June 2026.\n\nNo swimming.\n'), { title: 'Pond Report', publisher: 'Warden, Ana Ruiz', date: '2 June 2026' });
  });
  it('takes no date from a version mentioned in passing, nor a flag in capitals for a publisher', async () => {
    assert.deepEqual(await meta('# Rules\n\nThese rules replace the version issued in September 2023.\n\nNo swimming.\n'), { title: 'Rules' });
    assert.deepEqual(await meta('# Notice\n\nFOR IMMEDIATE RELEASE\n\nThe pond is closed.\n'), { title: 'Notice' });
  });
  it('reads the header lines of plain text, hard-wrapped or not, as fields and keeps them as text', async () => {
    const minutes = 'HILLCREST ROWING CLUB\n\nTitle: Minutes of the Committee Meeting\nDate: Tuesday 10 March 2026\nRecorded by: Oliver Grange\n\nPRESENT\nDana Whitfield        Chair\nSam Patel             Treasurer\n\n1. MATTERS ARISING\n\n';
    const prose = 'The treasurer reported that the new boat had arrived from the builders in\nNorwich on 2 March and had passed its safety inspection. The captain asked\nthat crews book it through the online system and not by telephone.\n';
    for (const text of [minutes + prose, minutes + prose.replace(/\n(?!$)/g, ' ')]) {
      const doc = await readDocumentBytes('minutes.txt', new TextEncoder().encode(text));
      assert.deepEqual(doc.meta, { title: 'Minutes of the Committee Meeting', publisher: 'Oliver Grange', date: 'Tuesday 10 March 2026' });
      const kinds = doc.blocks.map((b) => `${b.kind}:${doc.text.slice(b.contentStart, b.end)}`);
      for (const line of ['paragraph:Recorded by: Oliver Grange', 'heading:PRESENT', 'paragraph:Dana Whitfield Chair', 'paragraph:Sam Patel Treasurer']) assert.ok(kinds.includes(line), `${line} in ${kinds.join(' | ')}`);
    }
  });
  it('keeps the rest of the front matter, and an author besides the publisher, and shows them on the document\'s card', async () => {
    const doc = await readDocumentBytes('pond.md', new TextEncoder().encode('---\ntitle: Pond Rules\npublisher: Elmfield Wildlife Group\nauthor: Ana Ruiz\nlast_reviewed: 2026-03-14\nversionNumber: 2.3\ntags: [pond, safety]\nlayout: {wide: true}\n---\nNo swimming.\n'));
    assert.deepEqual(doc.meta, { title: 'Pond Rules', publisher: 'Elmfield Wildlife Group', author: 'Ana Ruiz', details: { 'last reviewed': '2026-03-14', 'version number': '2.3', tags: 'pond, safety' } });
    const card = documentCard({ ...doc, id: 'pond', path: 'pond.md', hash: '' }).text.split('\n');
    assert.deepEqual(card.slice(1), ['Published by: Elmfield Wildlife Group', 'Author: Ana Ruiz', 'Last reviewed: 14 March 2026 (2026-03-14)', 'Version number: 2.3', 'Tags: pond, safety']);
    const alone = await readDocumentBytes('pond.md', new TextEncoder().encode('---\nauthor: Ana Ruiz\n---\nNo swimming.\n'));
    assert.equal(alone.meta.author, undefined, 'an author who is all there is publishes the document, and is not named twice');
  });
  it('lets front matter win, and reads no labels from the body after the header', async () => {
    const m = await meta('---\ndate: 2025-01-02\n---\n# Rules\n\nPublished: 9 May 2024\n\nThe pond is open daily.\n\nPublisher: not a header line\n');
    assert.deepEqual(m, { title: 'Rules', date: '2025-01-02' });
  });
});

describe('block parsing', () => {
  it('detects hard-wrapped text but not one-paragraph-per-line text', () => {
    const wrapped = 'This is a paragraph that was wrapped at seventy two columns by\nan editor so each line is of similar length and continues the\nsentence from the line before until the paragraph is over.\n\nA second paragraph follows after a blank line and is wrapped the\nsame way as the first.';
    assert.equal(isHardWrapped(wrapped.split('\n')), true);
    const perLine = ['Title', 'x'.repeat(300), '- item one', 'y'.repeat(250), 'z'.repeat(400)];
    assert.equal(isHardWrapped(perLine), false);
  });
  it('recognises Markdown inside .txt files', () => {
    assert.equal(looksLikeMarkdown('plain words only.\nAnother line.'), false);
    assert.equal(looksLikeMarkdown('some **bold** text'), true);
    assert.equal(looksLikeMarkdown('costs \\$5'), true);
  });
  it('reads headings, nested bullets and paragraphs', () => {
    const blocks = parseMarkdownBlocks('## Areas\n\n- **Defense:** co-production\n  - Javelin missiles\n- Trade\n\nClosing paragraph.', 'markdown');
    assert.deepEqual(blocks, [
      { kind: 'heading', level: 2, text: 'Areas' },
      { kind: 'bullet', level: 0, text: 'Defense: co-production' },
      { kind: 'bullet', level: 1, text: 'Javelin missiles' },
      { kind: 'bullet', level: 0, text: 'Trade' },
      { kind: 'paragraph', level: 0, text: 'Closing paragraph.' },
    ]);
  });
  it('treats a line that is all bold as a heading, but not a bold sentence fragment', () => {
    const blocks = parseMarkdownBlocks('**ANSWER**\n\nText here.\n\n**drone, and missile technologies.**', 'markdown');
    assert.equal(blocks[0]!.kind, 'heading');
    assert.equal(blocks[2]!.kind, 'paragraph');
  });
  it('takes short title-like lines of plain text as headings', () => {
    const blocks = parseMarkdownBlocks('Key Features\nCooperation in Pharma\n- Promote investment.\nA sentence that ends.', 'text');
    assert.deepEqual(
      blocks.map((b) => [b.kind, b.level]),
      [['heading', 1], ['heading', 3], ['bullet', 0], ['paragraph', 0]],
    );
  });
  it('drops lines with no words, such as separators', () => {
    assert.deepEqual(parseMarkdownBlocks('Text.\n\n\\*\\*\\*\n\n---', 'markdown'), [{ kind: 'paragraph', level: 0, text: 'Text.' }]);
  });
});

describe('HTML parsing', () => {
  it('keeps headings, paragraphs and list items, and drops scripts and styles', () => {
    const { title, blocks } = parseHtmlBlocks(
      '<html><head><title>Page &amp; Title</title><style>p{}</style></head><body><h1>Top</h1><p>Hello <b>bold</b> world.</p><script>alert(1)</script><ul><li>One</li><li>Two<ul><li>Deep</li></ul></li></ul></body></html>',
    );
    assert.equal(title, 'Page & Title');
    assert.deepEqual(blocks, [
      { kind: 'heading', level: 1, text: 'Top' },
      { kind: 'paragraph', level: 0, text: 'Hello bold world.' },
      { kind: 'bullet', level: 0, text: 'One' },
      { kind: 'bullet', level: 0, text: 'Two' },
      { kind: 'bullet', level: 1, text: 'Deep' },
    ]);
  });
});

describe('layout', () => {
  it('records offsets that slice back to each block', () => {
    const raw = [
      { kind: 'heading' as const, level: 1, text: 'Title' },
      { kind: 'bullet' as const, level: 0, text: 'first' },
      { kind: 'bullet' as const, level: 1, text: 'nested' },
      { kind: 'paragraph' as const, level: 0, text: 'Para.' },
    ];
    const { text, blocks } = layoutBlocks(raw);
    assert.equal(text, 'Title\n\n- first\n  - nested\n\nPara.');
    blocks.forEach((b, i) => assert.equal(text.slice(b.contentStart, b.end), raw[i]!.text));
  });
});
