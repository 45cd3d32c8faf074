import { describe, expect, it } from 'vitest';
import { imagesByReference } from './image-references.js';

describe('imagesByReference', () => {
  it('finds an image given by URL or file id in every API’s shape, and leaves inline ones (their bytes are counted)', () => {
    const png = 'data:image/png;base64,iVBORw0KGgo=';
    const body = {
      messages: [
        // OpenAI chat: a URL, a URL with its detail, a data: URL (inline).
        { role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://x/a.png' } }, { type: 'image_url', image_url: { url: 'https://x/b.png', detail: 'low' } }, { type: 'image_url', image_url: { url: png } }] },
        // Anthropic: a url source, a file source, a base64 source (inline).
        { role: 'user', content: [{ type: 'image', source: { type: 'url', url: 'https://x/c.jpg' } }, { type: 'image', source: { type: 'file', file_id: 'file_011' } }, { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } }] },
      ],
      // Responses: an image_url, a file_id, and an inline one.
      input: [{ role: 'user', content: [{ type: 'input_image', image_url: 'https://x/d.webp', detail: 'high' }, { type: 'input_image', file_id: 'file-abc' }, { type: 'input_image', image_url: png }] }],
      // Gemini: fileData of an image type, of a PDF (not an image), and inlineData (inline).
      contents: [{ parts: [{ fileData: { mimeType: 'image/jpeg', fileUri: 'https://generativelanguage.googleapis.com/v1beta/files/e' } }, { file_data: { mime_type: 'application/pdf', file_uri: 'gs://b/f.pdf' } }, { inlineData: { mimeType: 'image/png', data: 'iVBORw0KGgo=' } }] }],
    };
    expect(imagesByReference(body)).toEqual([
      { url: 'https://x/a.png', detail: undefined },
      { url: 'https://x/b.png', detail: 'low' },
      { url: 'https://x/c.jpg', detail: undefined },
      { url: 'file_011', detail: undefined },
      // The walk takes the object's fields in order: messages, input, contents.
      { url: 'https://x/d.webp', detail: 'high' },
      { url: 'file-abc', detail: undefined },
      { url: 'https://generativelanguage.googleapis.com/v1beta/files/e', detail: undefined },
    ]);
  });

  it('finds nothing in text, whatever it says about images', () => {
    expect(imagesByReference({ messages: [{ role: 'user', content: 'an image_url of type "image" at https://x/a.png' }] })).toEqual([]);
    expect(imagesByReference({ messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: '' } }, { type: 'image_url' }] }] })).toEqual([]);
  });
});
