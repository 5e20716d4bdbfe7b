import { PDFDocument, rgb, StandardFonts } from 'pdf-lib';

/** Builds small real PDFs for the reader's tests: text in standard fonts, pages without text, encryption. */

export interface PdfLine {
  text: string;
  /** Font size; 11 unless given. */
  size?: number;
  /** Gap above the line in points; the usual line spacing (1.3 × size) unless given. */
  gapAbove?: number;
}

/** A PDF with one page per entry; an empty entry is a page with only a drawn rectangle. */
export async function makePdf(pages: PdfLine[][], info: { title?: string; author?: string; created?: Date } = {}): Promise<Buffer> {
  const doc = await PDFDocument.create();
  if (info.title) doc.setTitle(info.title);
  if (info.author) doc.setAuthor(info.author);
  if (info.created) doc.setCreationDate(info.created);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (const lines of pages) {
    const page = doc.addPage([595, 842]);
    if (lines.length === 0) page.drawRectangle({ x: 100, y: 400, width: 300, height: 200, color: rgb(0.6, 0.6, 0.6) });
    let y = 790;
    for (const line of lines) {
      const size = line.size ?? 11;
      y -= line.gapAbove ?? 1.3 * size;
      page.drawText(line.text, { x: 56, y, size, font });
    }
  }
  return Buffer.from(await doc.save());
}

/** Lines of body text, each a line of its own at the usual spacing. */
export function body(...texts: string[]): PdfLine[] {
  return texts.map((text) => ({ text }));
}

/**
 * A minimal PDF that needs a password: pdf-lib cannot encrypt, so it is written by hand.
 * A standard security handler's /Encrypt dictionary whose /U entry no empty password
 * produces is all a reader needs to ask for one.
 */
export function makeEncryptedPdf(): Buffer {
  const hex32 = (seed: number) => Array.from({ length: 32 }, (_, i) => ((seed * 31 + i * 17) & 0xff).toString(16).padStart(2, '0')).join('');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>',
    `<< /Filter /Standard /V 1 /R 2 /O <${hex32(7)}> /U <${hex32(11)}> /P -44 >>`,
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Encrypt 4 0 R /ID [<${hex32(3).slice(0, 32)}> <${hex32(3).slice(0, 32)}>] >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}
