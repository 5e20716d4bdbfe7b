import mammoth from 'mammoth';
import { AppError, messageOf } from '../errors.js';
import { parseHtmlBlocks } from './parse-html.js';
import type { RawBlock } from './raw-block.js';

/**
 * Reads a Word .docx file into blocks. mammoth turns the document into HTML by its
 * paragraph styles (Heading 1–6 become h1–h6, Word lists become ul/ol), and the HTML is
 * read by the same block reader as any web page, so a Word document's headings, lists
 * and paragraphs come out exactly as an HTML page's would.
 */

/**
 * Styles mammoth does not map by default: a document's Title paragraph is its top
 * heading (and so its title when no metadata says otherwise); a Subtitle is a paragraph.
 */
const STYLE_MAP = ["p[style-name='Title'] => h1:fresh", 'p.Title => h1:fresh', "p[style-name='Subtitle'] => p:fresh"];

/** OLE compound files: the container of legacy .doc files and of password-protected .docx files. */
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0];

/** Parses a .docx file's bytes. Throws FILE_CORRUPT when they are not a readable .docx. */
export async function parseDocx(bytes: Uint8Array): Promise<{ blocks: RawBlock[] }> {
  if (OLE_MAGIC.every((b, i) => bytes[i] === b)) {
    throw new AppError('FILE_CORRUPT', 'it is not a .docx (zip) file but an older Word file or a password-protected one; save an unprotected copy as .docx to index it');
  }
  let html: string;
  try {
    const result = await mammoth.convertToHtml(
      { buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) },
      {
        styleMap: STYLE_MAP,
        // An uploaded document must never make the server read its own files (linked images).
        externalFileAccess: false,
        // Images are not text: leaving them out saves base64-encoding every picture into the HTML.
        convertImage: mammoth.images.imgElement(async () => ({ src: '' })),
      },
    );
    html = result.value;
  } catch (err) {
    throw new AppError('FILE_CORRUPT', `it is not a readable .docx file (${docxReason(err)})`, { cause: err });
  }
  return { blocks: parseHtmlBlocks(html).blocks };
}

/** mammoth's and JSZip's messages, said plainly. */
function docxReason(err: unknown): string {
  const message = messageOf(err);
  if (/central directory|zip file|end of data|corrupted zip/i.test(message)) return 'it is not a zip archive, or a truncated one';
  if (/main document part/i.test(message)) return 'the archive has no word/document.xml';
  return message;
}
