import { describe, expect, it } from 'vitest';
import { pdfDocument } from '../test-support/pdf-document.js';
import { pdfPayloads } from './pdf-payloads.js';

const pdf = pdfDocument(['Hello']).toString('base64');

describe('pdfPayloads', () => {
  it('finds inlined PDFs in every API’s shape, by their bytes rather than their stated media type', () => {
    const openai = { messages: [{ role: 'user', content: [{ type: 'file', file: { filename: 'a.pdf', file_data: `data:application/pdf;base64,${pdf}` } }] }] };
    const anthropic = { messages: [{ role: 'user', content: [{ type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: pdf } }] }] };
    const gemini = { contents: [{ parts: [{ inlineData: { mimeType: 'application/octet-stream', data: pdf } }, { text: 'sum up' }] }] };
    for (const body of [openai, anthropic, gemini]) expect(pdfPayloads(body)).toEqual([pdf]);
  });

  it('ignores text, images and other files, and survives JSON nested deeper than the stack', () => {
    const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';
    expect(pdfPayloads({ messages: [{ content: 'JVBER is a word' }, { content: [{ image_url: { url: `data:image/png;base64,${png}` } }] }] })).toEqual([]);
    let deep: unknown = pdf;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(pdfPayloads(deep)).toEqual([pdf]);
  });
});
