import { Parser } from 'htmlparser2';
import { AppError } from '../errors.js';

/**
 * Turns the bytes of a text file into a string, finding out how it was encoded.
 *
 * Order of evidence: a byte-order mark; then the bytes themselves, since text that is
 * valid UTF-8 is almost never anything else; then, for HTML, the page's own charset
 * declaration; and last windows-1252, the usual encoding of old Western files. Only that
 * last step is a guess, so only it comes with a warning.
 */

/** The result of decoding a file. */
export interface DecodedText {
  /** The text, without a byte-order mark. */
  text: string;
  /** The encoding used, as TextDecoder names it (`utf-8`, `utf-16le`, `windows-1252`, `shift_jis`, …). */
  encoding: string;
  /** Set when the encoding was assumed rather than known; says which one was assumed. */
  warning?: string;
}

export interface DecodeOptions {
  /** Look for a `<meta charset>` (or `http-equiv`) declaration when the bytes are not UTF-8. @default false */
  html?: boolean;
}

/** How much of the start of a file is looked at for NUL bytes and control characters. */
const SNIFF_BYTES = 8192;
/** Beyond this share of control characters, decoded "text" is taken to be binary data. */
const MAX_CONTROL_SHARE = 0.05;
/** How far into a page a charset declaration is looked for. */
const DECLARATION_SCAN_BYTES = 16384;
const FALLBACK_ENCODING = 'windows-1252';

/**
 * Decodes a file's bytes. Throws DOCUMENT_UNREADABLE when they look like binary data.
 *
 * @example decodeText(Buffer.from('café', 'latin1')) // { text: 'café', encoding: 'windows-1252', warning: '…' }
 */
export function decodeText(bytes: Uint8Array, options: DecodeOptions = {}): DecodedText {
  const decoded = decodeBytes(bytes, options);
  if (controlShare(decoded.text) > MAX_CONTROL_SHARE) throw binaryError('mostly control characters');
  return decoded;
}

function decodeBytes(bytes: Uint8Array, options: DecodeOptions): DecodedText {
  const bom = byteOrderMark(bytes);
  if (bom) return decodeMarked(bom, bytes);
  // UTF-16 without a mark is the only text with NUL bytes, and we do not guess at it.
  if (bytes.subarray(0, SNIFF_BYTES).includes(0)) throw binaryError('NUL bytes');
  const utf8 = tryUtf8(bytes);
  if (utf8 !== undefined) return { text: utf8, encoding: 'utf-8' };

  const declared = options.html ? declaredCharset(bytes) : undefined;
  const usable = declared === undefined ? undefined : supportedEncoding(declared);
  if (usable) return { text: decodeWith(usable, bytes), encoding: usable };
  return { text: decodeWith(FALLBACK_ENCODING, bytes), encoding: FALLBACK_ENCODING, warning: fallbackWarning(declared) };
}

function fallbackWarning(declared: string | undefined): string {
  const why =
    declared === undefined
      ? 'it is not valid UTF-8 and declares no charset'
      : `it declares charset "${declared}", which does not fit its bytes or is not supported`;
  return `${why}; read it as ${FALLBACK_ENCODING} (Western European). If its text looks wrong, save it as UTF-8`;
}

function binaryError(evidence: string): AppError {
  return new AppError('DOCUMENT_UNREADABLE', `it looks like a binary file, not text (${evidence}), so it is not indexed`);
}

function byteOrderMark(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return undefined;
}

function tryUtf8(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * A byte-order mark settles the encoding, so a few broken bytes (a damaged or badly
 * joined file) are replaced rather than costing the whole document.
 */
function decodeMarked(encoding: string, bytes: Uint8Array): DecodedText {
  try {
    // TextDecoder drops a byte-order mark that matches the encoding.
    return { text: new TextDecoder(encoding, { fatal: true }).decode(bytes), encoding };
  } catch {
    const warning = `it starts with a ${encoding} byte-order mark but has bytes that are not valid ${encoding}; they were replaced with U+FFFD`;
    return { text: new TextDecoder(encoding).decode(bytes), encoding, warning };
  }
}

function decodeWith(encoding: string, bytes: Uint8Array): string {
  const text = new TextDecoder(encoding).decode(bytes);
  return encoding === 'windows-1252' ? fixWindows1252(text) : text;
}

/** TextDecoder's name for an encoding label, or undefined when unknown or not an ASCII-compatible page encoding. */
function supportedEncoding(label: string): string | undefined {
  let encoding: string;
  try {
    encoding = new TextDecoder(label).encoding;
  } catch {
    return undefined;
  }
  // A page whose bytes are not UTF-8 cannot be saved in the UTF-8 or UTF-16 it declares
  // (UTF-16 would have shown as NUL bytes): the declaration is wrong, so do not trust it.
  return encoding === 'utf-8' || encoding.startsWith('utf-16') ? undefined : encoding;
}

/**
 * The charset a page declares in `<meta charset>`, `<meta http-equiv="content-type">` or
 * an XML declaration. Declarations are ASCII, so the start of the page is read as Latin-1
 * whatever its real encoding, and parsed with the same parser as the page.
 */
export function declaredCharset(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, DECLARATION_SCAN_BYTES)).toString('latin1');
  let found: string | undefined;
  const parser = new Parser({
    onopentag(name, attribs) {
      if (found !== undefined || name !== 'meta') return;
      if (attribs.charset) found = attribs.charset.trim();
      else if (attribs['http-equiv']?.toLowerCase() === 'content-type') found = charsetParameter(attribs.content ?? '');
    },
    onprocessinginstruction(name, data) {
      if (found === undefined && name.toLowerCase() === '?xml') found = /encoding\s*=\s*["']?([\w.:-]+)/i.exec(data)?.[1];
    },
  });
  parser.end(head);
  return found || undefined;
}

function charsetParameter(contentType: string): string | undefined {
  return /charset\s*=\s*["']?([^"';\s]+)/i.exec(contentType)?.[1];
}

/** Share of control characters other than tab, newline, form feed and carriage return, over the start of the text. */
function controlShare(text: string): number {
  const sample = text.slice(0, SNIFF_BYTES);
  if (sample.length === 0) return 0;
  const controls = sample.match(/[\u0000-\u0008\u000b\u000e-\u001f\u007f-\u009f]/g)?.length ?? 0;
  return controls / sample.length;
}

/**
 * What bytes 0x80–0x9F mean in windows-1252. Node 20.18.3 and later decode windows-1252
 * as ISO-8859-1, leaving these bytes as C1 control characters (nodejs/node#60888), so a
 * curly quote or a euro sign would come out as an invisible control. The five bytes that
 * windows-1252 leaves undefined keep their C1 code point, as the Encoding Standard says.
 */
const WINDOWS_1252_C1 =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

/** Correct whether or not this Node has the bug: a correct decoder leaves no C1 characters to map but the undefined five. */
function fixWindows1252(text: string): string {
  return text.replace(/[\u0080-\u009f]/g, (c) => WINDOWS_1252_C1[c.charCodeAt(0) - 0x80]!);
}
