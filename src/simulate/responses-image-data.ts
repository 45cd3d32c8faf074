/**
 * The Responses API's refusal of an inline image whose base64 is empty or does not decode, in
 * its words: `Invalid 'input[0].content[1].image_url'. Expected a base64-encoded data URL with an
 * image MIME type (e.g. 'data:image/png;base64,aW1nIGJ5dGVzIGhlcmU='), but got empty
 * base64-encoded bytes.`, `code` `invalid_value`, `param` the image's path (as Codex and opencode
 * users quoted it, github.com/anomalyco/opencode/issues/23983; the undecodable case ends "but got
 * an invalid base64-encoded value."). Chat Completions and Gemini were checked here; the
 * Responses API answered such an image, so a gateway forwarding one never met that 400.
 */
import { isJsonObject, type JsonObject } from '../core/openai-wire.js';
import { isBase64 } from '../core/base64-data.js';
import { openaiError, type WireError } from './wire-errors.js';
import { IMAGE_URL_EXPECTED, NO_DATA_PREFIX, notAnImageAddress } from './openai-image-url.js';

/**
 * The 400 for the first `input_image` of `items` (a message's `content`, or a function call
 * output's `output` list) whose base64 is empty or invalid, or whose `image_url` is no address at
 * all (openai-image-url.ts); undefined when all are sound.
 *
 * @example invalidInputImage([{ role: 'user', content: [{ type: 'input_image', image_url: 'data:image/png;base64,' }] }])?.status // 400
 */
export function invalidInputImage(items: readonly JsonObject[]): WireError | undefined {
  for (const [i, item] of items.entries()) {
    const [field, parts] = item.type === 'function_call_output' ? ['output', item.output] : ['content', item.content];
    if (!Array.isArray(parts)) continue;
    for (const [k, part] of parts.entries()) {
      const problem = isJsonObject(part) && part.type === 'input_image' ? imageUrlProblem(part.image_url) : undefined;
      if (!problem) continue;
      const param = `input[${i}].${field}[${k}].image_url`;
      return openaiError(400, { message: `Invalid '${param}'. ${IMAGE_URL_EXPECTED}, but got ${problem}.`, param, code: 'invalid_value' });
    }
  }
  return undefined;
}

/** What is wrong with an image's address or a `data:…;base64,` URL's bytes, or undefined. */
function imageUrlProblem(url: unknown): string | undefined {
  if (notAnImageAddress(url)) return NO_DATA_PREFIX;
  if (typeof url !== 'string' || !url.startsWith('data:')) return undefined;
  const comma = url.indexOf(',');
  if (comma === -1 || !url.slice(0, comma).endsWith(';base64')) return undefined;
  const data = url.slice(comma + 1);
  if (data === '') return 'empty base64-encoded bytes';
  return isBase64(data) ? undefined : 'an invalid base64-encoded value';
}
