/** "%PDF-" in base64: how every inlined PDF's payload starts, whatever API carries it. */
export const PDF_BASE64 = 'JVBERi0';
/** How far into a data: URL its `;base64,` may sit (a media type and a few parameters). */
const DATA_URL_HEADER = 256;

/**
 * The PDFs inlined anywhere in a request body, in any API's shape, as their base64 payloads: a
 * `data:…;base64,` URL (OpenAI `file_data`, the canonical `file` part) or a bare base64 string
 * (Anthropic's `document` source, Gemini's `inlineData.data`) whose bytes start with `%PDF-`. The
 * file's own magic decides, not a media type the client may have got wrong. Walked without
 * recursion (a client's JSON can nest deeper than the stack).
 *
 * @example pdfPayloads({ messages: [{ content: [{ type: 'file', file: { file_data: 'data:application/pdf;base64,JVBERi0xLjQ…' } }] }] }) // ['JVBERi0xLjQ…']
 */
export function pdfPayloads(body: unknown): string[] {
  const found: string[] = [];
  const stack: unknown[] = [body];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value === 'string') {
      const payload = pdfPayload(value);
      if (payload !== undefined) found.push(payload);
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push(value[i]);
    } else if (value !== null && typeof value === 'object') {
      const values = Object.values(value);
      for (let i = values.length - 1; i >= 0; i--) stack.push(values[i]);
    }
  }
  return found;
}

function pdfPayload(text: string): string | undefined {
  if (text.startsWith(PDF_BASE64)) return text;
  if (!text.startsWith('data:')) return undefined;
  const at = text.indexOf(`;base64,${PDF_BASE64}`);
  return at > 0 && at < DATA_URL_HEADER ? text.slice(at + 8) : undefined;
}
