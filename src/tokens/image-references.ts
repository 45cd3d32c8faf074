import type { ChatImage } from './image-tokens.js';

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);
const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/**
 * The images a request body names by reference instead of carrying their bytes, in any API's
 * shape: an OpenAI chat `image_url` part with an http(s) URL, a Responses `input_image` with an
 * `image_url` or a `file_id`, an Anthropic `image` whose source is a `url` or a `file`, a Gemini
 * `fileData` of an `image/…` type. Each comes back as a chat image whose `url` is the reference
 * (never a data: URL, so its size is unknown) and OpenAI's `detail`. Images given inline are not
 * among them: their base64 is in the body, whose every byte a reservation counts. Walked without
 * recursion (a client's JSON can nest deeper than the stack).
 *
 * @example imagesByReference({ messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://x/y.png' } }] }] }) // [{ url: 'https://x/y.png', detail: undefined }]
 */
export function imagesByReference(body: unknown): ChatImage[] {
  const found: ChatImage[] = [];
  const stack: unknown[] = [body];
  while (stack.length > 0) {
    const value = stack.pop();
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push(value[i]);
      continue;
    }
    if (!isObject(value)) continue;
    const image = referencedImage(value);
    if (image !== undefined) found.push(image);
    const values = Object.values(value);
    for (let i = values.length - 1; i >= 0; i--) stack.push(values[i]);
  }
  return found;
}

function referencedImage(part: Record<string, unknown>): ChatImage | undefined {
  let reference: string | undefined;
  let detail: unknown;
  if (part.type === 'image_url') {
    const image = part.image_url;
    reference = text(image) ?? (isObject(image) ? text(image.url) : undefined);
    detail = isObject(image) ? image.detail : undefined;
  } else if (part.type === 'input_image') {
    reference = text(part.image_url) ?? text(part.file_id);
    detail = part.detail;
  } else if (part.type === 'image' && isObject(part.source) && (part.source.type === 'url' || part.source.type === 'file')) {
    reference = text(part.source.url) ?? text(part.source.file_id);
  } else {
    const file = isObject(part.fileData) ? part.fileData : isObject(part.file_data) ? part.file_data : undefined;
    const type = file ? (text(file.mimeType) ?? text(file.mime_type)) : undefined;
    if (file && type?.startsWith('image/')) reference = text(file.fileUri) ?? text(file.file_uri);
  }
  if (reference === undefined || reference.startsWith('data:')) return undefined;
  return { url: reference, detail: typeof detail === 'string' ? detail : undefined };
}
