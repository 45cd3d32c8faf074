/**
 * Google's `countTokens` body (`POST /v1beta/models/{model}:countTokens`) as a chat request to
 * count locally: `{ contents }`, or a whole request under `generateContentRequest` (its system
 * instruction and tools counted too), for a model no Gemini provider serves (those are asked of
 * Google). What a local count cannot see is refused by name rather than left out of a count that
 * would then come out short: a `cachedContent` (the cache lives at Google, its tokens are not in
 * the request) and fields Google's `CountTokensRequest` does not have (Google refuses them too).
 */
import { quoteClipped } from '../../../core/clip.js';
import { SwitchyardError } from '../../../core/errors.js';
import { type ChatCompletionRequest, isJsonObject, type JsonObject } from '../../../core/openai-wire.js';
import { fromGeminiRequest } from './to-chat-request.js';

/** The fields of Google's `CountTokensRequest`. */
const COUNT_FIELDS = new Set(['contents', 'generateContentRequest']);

/**
 * @example geminiCountRequest('flash', { contents: [{ role: 'user', parts: [{ text: 'Hi' }] }] }) // { model: 'flash', messages: [{ role: 'user', content: 'Hi' }] }
 * @example geminiCountRequest('flash', { generateContentRequest: { model: 'models/flash', contents: […], cachedContent: 'cachedContents/abc' } }) // throws 400 naming generateContentRequest.cachedContent
 */
export function geminiCountRequest(model: string, body: JsonObject): ChatCompletionRequest {
  const inner = body.generateContentRequest;
  const request = isJsonObject(inner) ? inner : body;
  for (const [at, cached] of [['cachedContent', body.cachedContent], ['generateContentRequest.cachedContent', request.cachedContent]] as const) {
    if (cached === undefined || cached === null || cached === '') continue;
    throw new SwitchyardError(
      'invalid_request',
      `${at}: this model is not served by Google, so the gateway counts its tokens itself and cannot see the tokens of a cached content (${quoteClipped(cached, 100)}), which live at Google; count the request without it`,
      { param: at },
    );
  }
  for (const field of Object.keys(body)) {
    if (!COUNT_FIELDS.has(field)) throw new SwitchyardError('invalid_request', `Invalid JSON payload received. Unknown name ${quoteClipped(field, 100)}: Cannot find field. (countTokens takes contents or generateContentRequest)`, { param: field });
  }
  return fromGeminiRequest({ ...request, model });
}
