import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseHtmlBlocks } from '../../src/ingest/parse-html.js';
import { parseMarkdownBlocks } from '../../src/ingest/parse-markdown.js';
import { markdownCells, rowText } from '../../src/ingest/table-rows.js';

const texts = (blocks: Array<{ text: string }>) => blocks.map((b) => b.text);

describe('a table is read a row at a time, each cell after its column name', () => {
  it('turns each body row of a Markdown table into one block that names its columns', () => {
    const md = ['## Harvest by year', '', '| Year | Crates | Sold at market |', '|---|:---:|--:|', '| 2023 | 1,240 | 980 |', '| 2024 | **1,515** | |', '', 'Most crates went to the co-operative.'].join('\n');
    assert.deepEqual(texts(parseMarkdownBlocks(md, 'markdown')), [
      'Harvest by year',
      'Year: 2023; Crates: 1,240; Sold at market: 980',
      'Year: 2024; Crates: 1,515',
      'Most crates went to the co-operative.',
    ]);
  });

  it('keeps a header with no rows under it, and leaves pipes in ordinary text alone', () => {
    assert.deepEqual(texts(parseMarkdownBlocks('| Kiln | Firing |\n| --- | --- |', 'markdown')), ['Kiln; Firing']);
    assert.deepEqual(texts(parseMarkdownBlocks('Choose tea | coffee\n---', 'markdown')), ['Choose tea | coffee']);
  });

  it('splits cells at unescaped pipes only', () => {
    assert.deepEqual(markdownCells('| a \\| b | c |'), ['a | b', 'c']);
    assert.equal(rowText(['Code', ''], ['K-7', 'spare']), 'Code: K-7; spare');
  });

  it('reads an HTML table with a header row the same way, caption first', () => {
    const html = '<main><table><caption>Kiln rota</caption><thead><tr><th>Day</th><th>Potter</th></tr></thead><tbody><tr><td>Monday</td><td>Ines <b>Navarro</b></td></tr><tr><td>Friday</td><td>Tomas Berg</td></tr></tbody></table></main>';
    assert.deepEqual(texts(parseHtmlBlocks(html).blocks), ['Kiln rota', 'Day: Monday; Potter: Ines Navarro', 'Day: Friday; Potter: Tomas Berg']);
  });

  it('joins the cells of a table without a header row, and walks a table laying out a page as before', () => {
    assert.deepEqual(texts(parseHtmlBlocks('<main><table><tr><td>Glaze</td><td>Cone 6</td></tr></table></main>').blocks), ['Glaze; Cone 6']);
    const layout = '<main><table><tr><td><h2>Studio news</h2><p>The kiln is fixed.</p></td></tr></table></main>';
    assert.deepEqual(texts(parseHtmlBlocks(layout).blocks), ['Studio news', 'The kiln is fixed.']);
  });
});
