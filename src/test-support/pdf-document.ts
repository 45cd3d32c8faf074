import { deflateSync } from 'node:zlib';

/** How `pdfDocument` writes the file. */
export interface PdfOptions {
  /** Page size in points (US Letter when left out). */
  size?: { width: number; height: number };
  /** Flate-compress the content streams and keep the page objects in a compressed object stream (PDF 1.5), as most writers do today. */
  compressed?: boolean;
  /** The document information dictionary's `/Title`, as the writing program set it. */
  title?: string;
}

/**
 * A real PDF, one page per string, each page showing its string with `Tj`: for tests of code that
 * reads pages and text out of a PDF. Cross-reference offsets are not exact (readers rebuild them,
 * and nothing here reads them).
 *
 * @example pdfDocument(['Hello', 'World'], { compressed: true }).toString('base64')
 */
export function pdfDocument(pages: readonly string[], options: PdfOptions = {}): Buffer {
  const { width, height } = options.size ?? { width: 612, height: 792 };
  const objects: Buffer[] = [];
  const add = (body: string | Buffer) => objects.push(typeof body === 'string' ? Buffer.from(body, 'latin1') : body);
  const kids = pages.map((_, i) => `${3 + i * 2} 0 R`).join(' ');
  add(`<< /Type /Catalog /Pages 2 0 R >>`);
  add(`<< /Type /Pages /Kids [${kids}] /Count ${pages.length} >>`);
  const pageObjects: string[] = [];
  for (const [i, text] of pages.entries()) {
    const page = `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${width} ${height}] /Contents ${4 + i * 2} 0 R >>`;
    const content = Buffer.from(`BT /F1 12 Tf 72 720 Td (${text.replace(/[\\()]/g, (c) => `\\${c}`)}) Tj ET`, 'latin1');
    const stream = options.compressed ? deflateSync(content) : content;
    const streamObject = Buffer.concat([Buffer.from(`<< /Length ${stream.length}${options.compressed ? ' /Filter /FlateDecode' : ''} >>\nstream\n`, 'latin1'), stream, Buffer.from('\nendstream', 'latin1')]);
    if (options.compressed) {
      pageObjects.push(page);
      add('null'); // the page lives in the object stream below
    } else add(page);
    add(streamObject);
  }
  if (options.compressed) {
    const packed = deflateSync(Buffer.from(pageObjects.join('\n'), 'latin1'));
    add(Buffer.concat([Buffer.from(`<< /Type /ObjStm /N ${pageObjects.length} /First 0 /Length ${packed.length} /Filter /FlateDecode >>\nstream\n`, 'latin1'), packed, Buffer.from('\nendstream', 'latin1')]));
  }
  if (options.title !== undefined) add(`<< /Title (${options.title.replace(/[\\()]/g, (c) => `\\${c}`)}) >>`);
  const info = options.title !== undefined ? ` /Info ${objects.length} 0 R` : '';
  const parts: Buffer[] = [Buffer.from('%PDF-1.5\n', 'latin1')];
  for (const [i, body] of objects.entries()) parts.push(Buffer.from(`${i + 1} 0 obj\n`, 'latin1'), body, Buffer.from('\nendobj\n', 'latin1'));
  parts.push(Buffer.from(`trailer\n<< /Size ${objects.length + 1} /Root 1 0 R${info} >>\n%%EOF\n`, 'latin1'));
  return Buffer.concat(parts);
}

/**
 * `pdf` with an incremental update appended, as a signing or annotating tool writes one: the new
 * versions of `objects` (by object number, generation 0) after the original's `%%EOF`, then a
 * trailer that points back to it. The old versions stay in the file, as they do in a real one.
 *
 * @example incrementalUpdate(pdfDocument(['a', 'b']), { 3: '<< /Type /Page /Parent 2 0 R /Annots [] >>' })
 */
export function incrementalUpdate(pdf: Buffer, objects: Readonly<Record<number, string>>): Buffer {
  const parts: Buffer[] = [pdf];
  for (const [number, body] of Object.entries(objects)) parts.push(Buffer.from(`${number} 0 obj\n${body}\nendobj\n`, 'latin1'));
  const size = Math.max(...Object.keys(objects).map(Number)) + 1;
  parts.push(Buffer.from(`trailer\n<< /Size ${size} /Root 1 0 R /Prev 9 >>\n%%EOF\n`, 'latin1'));
  return Buffer.concat(parts);
}
