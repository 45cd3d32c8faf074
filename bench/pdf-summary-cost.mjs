// What reading a PDF's pages (and text) costs the event loop: `summarisePdf` on a 1,000-page text
// PDF and on a scanned one (incompressible page images), pages only (the budget reservation) and
// with text (count_tokens, usage estimates). Run after `npm run build`: node bench/pdf-summary-cost.mjs
// (PDF_TOKENS=/path/to/other/dist/tokens/pdf-tokens.js measures another build, for an A/B).
import { randomBytes } from 'node:crypto';
import { deflateSync } from 'node:zlib';
const { summarisePdf } = await import(process.env.PDF_TOKENS ?? '../dist/tokens/pdf-tokens.js');

/** A PDF 1.5 file as most writers make one: pages in a compressed object stream, Flate content streams. */
function pdf(pages, images = []) {
  const objects = [];
  const kids = pages.map((_, i) => `${3 + i * 2} 0 R`).join(' ');
  objects.push('<< /Type /Catalog /Pages 2 0 R >>', `<< /Type /Pages /Kids [${kids}] /Count ${pages.length} >>`);
  const pageObjects = [];
  for (const [i, text] of pages.entries()) {
    pageObjects.push(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents ${4 + i * 2} 0 R >>`);
    const stream = deflateSync(Buffer.from(`BT /F1 12 Tf 72 720 Td (${text}) Tj ET`, 'latin1'));
    objects.push('null', Buffer.concat([Buffer.from(`<< /Length ${stream.length} /Filter /FlateDecode >>\nstream\n`), stream, Buffer.from('\nendstream')]));
  }
  const packed = deflateSync(Buffer.from(pageObjects.join('\n')));
  objects.push(Buffer.concat([Buffer.from(`<< /Type /ObjStm /N ${pageObjects.length} /First 0 /Length ${packed.length} /Filter /FlateDecode >>\nstream\n`), packed, Buffer.from('\nendstream')]));
  for (const image of images) objects.push(Buffer.concat([Buffer.from(`<< /Type /XObject /Subtype /Image /Width 2480 /Height 3508 /Length ${image.length} /Filter /FlateDecode >>\nstream\n`), image, Buffer.from('\nendstream')]));
  const parts = [Buffer.from('%PDF-1.5\n')];
  for (const [i, body] of objects.entries()) parts.push(Buffer.from(`${i + 1} 0 obj\n`), Buffer.from(body), Buffer.from('\nendobj\n'));
  parts.push(Buffer.from(`trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\n%%EOF\n`));
  return Buffer.concat(parts);
}

const cases = [
  ['text, 1,000 pages', pdf(Array.from({ length: 1000 }, (_, i) => `Page ${i} ${'lorem ipsum dolor sit amet '.repeat(180)}`))],
  ['scanned, 20 pages', pdf(Array(20).fill('scan'), Array.from({ length: 20 }, () => deflateSync(randomBytes(500_000))))],
];
for (const [name, file] of cases) {
  const base64 = file.toString('base64');
  for (const reading of [{ text: false }, { text: true }]) {
    const times = [];
    let summary;
    for (let round = 0; round < 9; round++) {
      const started = performance.now();
      summary = summarisePdf(Buffer.from(base64, 'base64'), reading);
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    console.log(`${name} (${(file.length / 1e6).toFixed(2)} MB) text=${reading.text}: ${summary.pages} pages, ${summary.textChars} chars, median ${times[4].toFixed(1)} ms, max ${times[8].toFixed(1)} ms (base64 decode included)`);
  }
}
