import { DomUtils, parseDocument } from 'htmlparser2';
import { HAS_WORD, type RawBlock } from './raw-block.js';
import { foldSpaces } from './inline-markdown.js';
import { tableTexts } from './table-rows.js';
import { parseMarkdownBlocks } from './parse-markdown.js';

/**
 * Reads an HTML page into blocks: headings, paragraphs and list items, from the page's
 * main content only. A saved web page is mostly furniture (the doctype, the head, menus,
 * banners, cookie notices, sidebars, scripts); indexed as text, that furniture gets quoted
 * as if it were the document — an answer once read "<!doctype html>. [1]". So the page is
 * parsed with a real HTML parser, and only what a reader would read as the page's content
 * becomes document text.
 */

export interface ParsedHtml {
  /** The page's `<title>`, white space folded. */
  title?: string;
  /** What the page's `<meta>` tags say about it, by the field names of front matter (`author`, `date`, …). */
  meta: Record<string, string>;
  blocks: RawBlock[];
}

/** `<meta>` names and properties that describe the page itself, and the field each fills; the first of a field wins. */
const META_FIELDS: Record<string, string> = {
  author: 'author',
  'dc.creator': 'author',
  'dcterms.creator': 'author',
  'article:author': 'author',
  description: 'description',
  'dc.description': 'description',
  'dcterms.description': 'description',
  publisher: 'publisher',
  'dc.publisher': 'publisher',
  'dcterms.publisher': 'publisher',
  date: 'date',
  'dc.date': 'date',
  'dcterms.date': 'date',
  'dcterms.created': 'date',
  'dcterms.issued': 'date',
  'article:published_time': 'date',
  'dcterms.modified': 'last modified',
  'article:modified_time': 'last modified',
  keywords: 'keywords',
};

type AnyNode = Parameters<typeof DomUtils.getChildren>[0];
type Element = Parameters<typeof DomUtils.getName>[0];

/** Elements that never hold content a reader reads as the document: page furniture, code, controls, media. */
const DROPPED_TAGS = new Set([
  'head', 'title', 'nav', 'aside', 'script', 'style', 'noscript', 'template', 'svg', 'math', 'form', 'button',
  'select', 'textarea', 'iframe', 'object', 'embed', 'canvas', 'audio', 'video', 'dialog',
]);
/** ARIA roles of page furniture: the same parts as the dropped tags, marked up with divs. */
const DROPPED_ROLES = new Set(['navigation', 'banner', 'contentinfo', 'complementary', 'search', 'menu', 'menubar', 'dialog']);
/** A `<header>` or `<footer>` inside these belongs to that part, not to the page. */
const SECTIONING_TAGS = new Set(['article', 'section', 'main']);
const LIST_TAGS = new Set(['ul', 'ol', 'menu']);
/** Elements that start a new block; anything else is inline and keeps only its text. */
const BLOCK_TAGS = new Set([
  'p', 'div', 'section', 'article', 'main', 'header', 'footer', 'blockquote', 'pre', 'table', 'caption', 'tr',
  'td', 'th', 'ul', 'ol', 'menu', 'li', 'dl', 'dt', 'dd', 'br', 'hr', 'figure', 'figcaption', 'h1', 'h2', 'h3',
  'h4', 'h5', 'h6', 'body', 'html', 'address', 'details', 'summary', 'fieldset', 'legend', 'hgroup', 'center',
]);
const HEADING = /^h([1-6])$/;

/** Parses a page into its title and the blocks of its main content. */
export function parseHtmlBlocks(html: string): ParsedHtml {
  const dom = parseDocument(html, { decodeEntities: true });
  const title = titleOf(dom.children);
  const body = DomUtils.findOne((el) => el.name === 'body', dom.children) ?? dom;
  const main = mainContentOf(body);
  // An empty <main> (a page filled in by scripts) says nothing about where the text is.
  const blocks = (main && blocksOf(main, true)) || blocksOf(body, false);
  return { title, meta: metaOf(dom.children), blocks: blocks ?? [] };
}

function metaOf(nodes: AnyNode[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const el of DomUtils.findAll((e) => e.name === 'meta', nodes)) {
    const field = META_FIELDS[(el.attribs.name ?? el.attribs.property ?? '').toLowerCase()];
    const content = foldSpaces(el.attribs.content ?? '');
    if (field && content && !(field in out)) out[field] = content;
  }
  return out;
}

function titleOf(nodes: AnyNode[]): string | undefined {
  // An SVG <title> is an image's tooltip, not the page's title.
  const el = DomUtils.findOne((e) => e.name === 'title' && !hasAncestor(e, (a) => a.name === 'svg'), nodes);
  const title = el ? foldSpaces(DomUtils.textContent(el)) : '';
  return title || undefined;
}

/**
 * The element holding the page's main content: its `<main>` (or `role="main"`), else its
 * only top-level `<article>`. Several articles are a listing, which is content as a whole.
 */
function mainContentOf(body: AnyNode): Element | undefined {
  const visible = visibleElements(body, false);
  const main = visible.find((el) => el.name === 'main' || roleOf(el) === 'main');
  if (main) return main;
  const articles = visible.filter((el) => el.name === 'article' && !hasAncestor(el, (a) => a.name === 'article'));
  return articles.length === 1 ? articles[0] : undefined;
}

/** Every element a reader could see, in document order; dropped parts are not descended into. */
function visibleElements(node: AnyNode, inSection: boolean, out: Element[] = []): Element[] {
  for (const child of DomUtils.getChildren(node)) {
    if (!DomUtils.isTag(child) || isDropped(child, inSection)) continue;
    out.push(child);
    visibleElements(child, inSection || SECTIONING_TAGS.has(child.name), out);
  }
  return out;
}

function isDropped(el: Element, inSection: boolean): boolean {
  if (DROPPED_TAGS.has(el.name)) return true;
  if (!inSection && (el.name === 'header' || el.name === 'footer')) return true;
  const attribs = el.attribs;
  if (Object.hasOwn(attribs, 'hidden') || attribs['aria-hidden']?.toLowerCase() === 'true') return true;
  if (DROPPED_ROLES.has(roleOf(el))) return true;
  return /(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)/i.test(attribs.style ?? '');
}

function roleOf(el: Element): string {
  return (el.attribs.role ?? '').trim().toLowerCase();
}

/** The text of a subtree as written, line breaks included, without its dropped parts. */
function visibleText(node: AnyNode, inSection: boolean): string {
  let text = '';
  for (const child of DomUtils.getChildren(node)) {
    if (DomUtils.isText(child)) text += child.data;
    else if (DomUtils.isTag(child) && !isDropped(child, inSection)) text += child.name === 'br' ? '\n' : visibleText(child, inSection);
  }
  return text;
}

function hasAncestor(el: AnyNode, test: (a: Element) => boolean): boolean {
  for (let p = el.parent; p; p = p.parent) if (DomUtils.isTag(p) && test(p)) return true;
  return false;
}

/**
 * The blocks of one subtree, or undefined when it has no words. `inSection` says whether
 * the subtree is itself inside an article, section or main, where headers are content.
 */
function blocksOf(root: AnyNode, inSection: boolean): RawBlock[] | undefined {
  const builder = new BlockBuilder();
  builder.walkChildren(root, { inSection, listDepth: 0, inHeading: false });
  const blocks = builder.finish();
  return blocks.length > 0 ? blocks : undefined;
}

interface WalkContext {
  inSection: boolean;
  /** How many lists enclose the current node. */
  listDepth: number;
  /** Inside a heading a line break is only a space: a heading stays one block. */
  inHeading: boolean;
}

const PARAGRAPH = { kind: 'paragraph', level: 0 } as const;

/**
 * Collects inline text into blocks as the tree is walked. The kind an element gives
 * (heading, list item) goes to the first block of words inside it; later blocks inside a
 * list item (after a `<br>` or a second `<p>`) are paragraphs, as they were before.
 */
class BlockBuilder {
  private readonly blocks: RawBlock[] = [];
  private buffer = '';
  private pending: Pick<RawBlock, 'kind' | 'level'> = PARAGRAPH;

  walkChildren(node: AnyNode, ctx: WalkContext): void {
    for (const child of DomUtils.getChildren(node)) {
      if (DomUtils.isText(child)) this.buffer += child.data;
      else if (DomUtils.isTag(child) && !isDropped(child, ctx.inSection)) this.walkElement(child, ctx);
    }
  }

  finish(): RawBlock[] {
    this.flush();
    return this.blocks;
  }

  private walkElement(el: Element, ctx: WalkContext): void {
    const name = el.name;
    if (!BLOCK_TAGS.has(name)) return this.walkChildren(el, ctx);
    if (name === 'br' && ctx.inHeading) {
      this.buffer += ' ';
      return;
    }
    this.flush();
    if (name === 'pre') return this.addPreformatted(el, ctx);
    if (name === 'table' && this.addDataTable(el, ctx)) return;
    const heading = HEADING.exec(name);
    if (heading) this.pending = { kind: 'heading', level: Number(heading[1]) };
    else if (name === 'li') this.pending = { kind: 'bullet', level: Math.max(0, ctx.listDepth - 1) };
    this.walkChildren(el, {
      inSection: ctx.inSection || SECTIONING_TAGS.has(name),
      listDepth: ctx.listDepth + (LIST_TAGS.has(name) ? 1 : 0),
      inHeading: ctx.inHeading || heading !== null,
    });
    this.flush();
    // A heading or list item without words must not lend its kind to the next block.
    if (heading || name === 'li') this.pending = PARAGRAPH;
  }

  /**
   * Preformatted text keeps its lines, so it is read as a plain-text file would be (lines
   * joined only when hard-wrapped), except that short lines are not taken for headings:
   * the page has headings of its own.
   */
  private addPreformatted(el: Element, ctx: WalkContext): void {
    for (const b of parseMarkdownBlocks(visibleText(el, ctx.inSection), 'text')) {
      this.blocks.push(b.kind === 'heading' ? { ...PARAGRAPH, text: b.text } : b);
    }
    this.pending = PARAGRAPH;
  }

  /**
   * A table of data (no tables, lists, headings or preformatted text inside its cells) is
   * read a row at a time, each cell after its column's name when the first row is a
   * header (`<th>` cells or `<thead>`). Tables laying out a page fall through to the walk.
   */
  private addDataTable(table: Element, ctx: WalkContext): boolean {
    if (DomUtils.findOne((e) => e.name === 'table' || e.name === 'pre' || LIST_TAGS.has(e.name) || HEADING.test(e.name), table.children)) return false;
    const rows = DomUtils.findAll((e) => e.name === 'tr', table.children).filter((tr) => !isDropped(tr, ctx.inSection));
    const cellsOf = (tr: Element) => tr.children.filter((c): c is Element => DomUtils.isTag(c) && (c.name === 'td' || c.name === 'th') && !isDropped(c, ctx.inSection));
    const first = rows[0] ? cellsOf(rows[0]) : [];
    const header = first.length > 0 && (first.every((c) => c.name === 'th') || hasAncestor(rows[0]!, (a) => a.name === 'thead'));
    const textOf = (el: Element) => foldSpaces(visibleText(el, ctx.inSection));
    const body = (header ? rows.slice(1) : rows).map((tr) => cellsOf(tr).map(textOf));
    const captions = DomUtils.findAll((e) => e.name === 'caption', table.children).map(textOf).filter((t) => HAS_WORD.test(t));
    for (const text of [...captions, ...tableTexts(header ? first.map(textOf) : undefined, body)]) this.blocks.push({ ...PARAGRAPH, text });
    this.pending = PARAGRAPH;
    return true;
  }

  private flush(): void {
    const text = foldSpaces(this.buffer);
    this.buffer = '';
    if (!HAS_WORD.test(text)) return;
    this.blocks.push({ ...this.pending, text });
    this.pending = PARAGRAPH;
  }
}
