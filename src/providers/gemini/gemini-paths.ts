/**
 * Where Gemini requests go and how they authenticate. The base URL is
 * `https://generativelanguage.googleapis.com`; the API version is part of each path.
 */
import { SwitchyardError } from '../../core/errors.js';

/** The header Google reads the API key from (the `?key=` query parameter also works, but leaks into logs). */
export const GEMINI_API_KEY_HEADER = 'x-goog-api-key';

/**
 * Auth headers for every Gemini call.
 *
 * @example geminiHeaders('AIza…') // { 'x-goog-api-key': 'AIza…' }
 */
export function geminiHeaders(apiKey: string): Record<string, string> {
  return { [GEMINI_API_KEY_HEADER]: apiKey };
}

/**
 * The resource name of a model: `gemini-2.5-flash` → `models/gemini-2.5-flash`; names that already
 * carry a collection (`models/…`, `tunedModels/…`) are kept. Each segment is URL-encoded, so a
 * configured name cannot add path segments or a query.
 *
 * @example geminiModelResource('tunedModels/my-tune') // 'tunedModels/my-tune'
 */
export function geminiModelResource(model: string): string {
  if (model.length === 0 || model.length > 256) {
    throw new SwitchyardError('invalid_request', `Gemini model name must be 1 to 256 characters, got ${model.length}`, { param: 'model' });
  }
  const slash = model.indexOf('/');
  const collection = slash === -1 ? '' : model.slice(0, slash);
  if (collection === 'models' || collection === 'tunedModels') {
    return `${collection}/${encodeURIComponent(model.slice(slash + 1))}`;
  }
  return `models/${encodeURIComponent(model)}`;
}

/**
 * Path of the chat endpoint: `generateContent`, or `streamGenerateContent?alt=sse` for a stream
 * (without `alt=sse` Google streams one JSON array instead of server-sent events).
 *
 * @example geminiChatPath('gemini-2.5-flash', true) // '/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse'
 */
export function geminiChatPath(model: string, stream: boolean): string {
  const resource = geminiModelResource(model);
  return stream ? `/v1beta/${resource}:streamGenerateContent?alt=sse` : `/v1beta/${resource}:generateContent`;
}

/**
 * Path of Google's token count.
 *
 * @example geminiCountPath('gemini-2.5-flash') // '/v1beta/models/gemini-2.5-flash:countTokens'
 */
export function geminiCountPath(model: string): string {
  return `/v1beta/${geminiModelResource(model)}:countTokens`;
}

export type GeminiEmbedMethod = 'embedContent' | 'batchEmbedContents';

/**
 * Path of an embeddings endpoint; `method` comes from `toGeminiEmbedRequest`.
 *
 * @example geminiEmbedPath('gemini-embedding-001', 'batchEmbedContents') // '/v1beta/models/gemini-embedding-001:batchEmbedContents'
 */
export function geminiEmbedPath(model: string, method: GeminiEmbedMethod): string {
  return `/v1beta/${geminiModelResource(model)}:${method}`;
}

/**
 * Gemini 3 and later: thinking is set by level, and function calls need their thought signature
 * back. Judged from the name, as the API offers no cheaper way to tell.
 *
 * @example isGemini3OrLater('gemini-3-flash-preview') // true
 * @example isGemini3OrLater('gemini-2.5-pro') // false
 */
export function isGemini3OrLater(model: string): boolean {
  const match = /gemini-(\d+)/.exec(model);
  return match !== null && Number(match[1]) >= 3;
}
