/**
 * OpenAI embeddings ↔ Gemini `embedContent` / `batchEmbedContents`. A single string goes to
 * `embedContent`; an array (even of one) to `batchEmbedContents`, whose requests each name the
 * model, in calls of at most 100 (Google's limit; OpenAI takes 2,048). `dimensions` becomes
 * `outputDimensionality`. Gemini embeds text only, so token-id inputs are refused.
 */
import { SwitchyardError } from '../../core/errors.js';
import { type EmbeddingsRequest, type EmbeddingsResponse, MAX_EMBEDDING_INPUTS } from '../../core/openai-wire.js';
import { geminiModelResource } from './gemini-paths.js';
import { untranslated } from '../dropped-params.js';
import type { BatchEmbedContentsRequest, BatchEmbedContentsResponse, EmbedContentRequest, EmbedContentResponse, GeminiContentEmbedding } from './gemini-wire.js';

export type GeminiEmbedRequest =
  | { method: 'embedContent'; body: EmbedContentRequest }
  | { method: 'batchEmbedContents'; body: BatchEmbedContentsRequest };

// Google's limit on one batchEmbedContents call.
export const MAX_BATCH_INPUTS = 100;
// OpenAI's limit on one embeddings request (the gateway refuses more from a client first).
export const MAX_EMBED_INPUTS = MAX_EMBEDDING_INPUTS;

/**
 * The Gemini calls for one OpenAI embeddings request: one, or for more than 100 inputs one
 * `batchEmbedContents` per 100, in input order.
 *
 * @example toGeminiEmbedRequests({ model: 'embed', input: Array(250).fill('x') }, 'gemini-embedding-001').length // 3
 */
export function toGeminiEmbedRequests(req: EmbeddingsRequest, model: string): GeminiEmbedRequest[] {
  const input = req.input;
  if (!Array.isArray(input) || input.length <= MAX_BATCH_INPUTS) return [toGeminiEmbedRequest(req, model)];
  if (input.length > MAX_EMBED_INPUTS) {
    throw new SwitchyardError('invalid_request', `input has ${input.length} items; at most ${MAX_EMBED_INPUTS} per request`, { param: 'input' });
  }
  // Checked whole first, so a token array is named by its index in the client's input.
  input.forEach((item, i) => {
    if (typeof item !== 'string') throw tokenArray(i);
  });
  const requests: GeminiEmbedRequest[] = [];
  for (let start = 0; start < input.length; start += MAX_BATCH_INPUTS) {
    requests.push(toGeminiEmbedRequest({ ...req, input: (input as string[]).slice(start, start + MAX_BATCH_INPUTS) }, model));
  }
  return requests;
}

/** The embeddings fields this translation reads; any other (`user`, a newer field) has no Gemini meaning. */
const TO_GEMINI_EMBED: ReadonlySet<string> = new Set(['model', 'input', 'dimensions', 'encoding_format']);

/**
 * The top-level fields of an embeddings request that Gemini gets no equivalent of.
 *
 * @example untranslatedEmbeddingFields({ model: 'embed', input: 'a', user: 'u-1' }) // ['user']
 */
export function untranslatedEmbeddingFields(req: EmbeddingsRequest): string[] {
  return untranslated(req, TO_GEMINI_EMBED);
}

function tokenArray(i: number): SwitchyardError {
  return new SwitchyardError('unsupported', `input[${i}]: Gemini embeds text only; token arrays are not supported`, { param: `input[${i}]` });
}

/**
 * Builds the Gemini request and tells which method (path) it is for.
 *
 * @example
 * toGeminiEmbedRequest({ model: 'embed', input: ['a', 'b'], dimensions: 768 }, 'gemini-embedding-001')
 * // { method: 'batchEmbedContents', body: { requests: [
 * //   { model: 'models/gemini-embedding-001', content: { parts: [{ text: 'a' }] }, outputDimensionality: 768 },
 * //   { model: 'models/gemini-embedding-001', content: { parts: [{ text: 'b' }] }, outputDimensionality: 768 }] } }
 */
export function toGeminiEmbedRequest(req: EmbeddingsRequest, model: string): GeminiEmbedRequest {
  const dimensions = req.dimensions;
  if (dimensions !== undefined && (typeof dimensions !== 'number' || !Number.isInteger(dimensions) || dimensions < 1)) {
    throw new SwitchyardError('invalid_request', `dimensions must be a positive integer, got ${JSON.stringify(dimensions)}`, { param: 'dimensions' });
  }
  const one = (text: string, withModel: boolean): EmbedContentRequest => {
    const request: EmbedContentRequest = { content: { parts: [{ text }] } };
    if (withModel) request.model = geminiModelResource(model);
    if (dimensions !== undefined) request.outputDimensionality = dimensions;
    return request;
  };
  const input = req.input;
  if (typeof input === 'string') return { method: 'embedContent', body: one(input, false) };
  if (!Array.isArray(input) || input.length === 0) {
    throw new SwitchyardError('invalid_request', 'input must be a string or a non-empty array of strings', { param: 'input' });
  }
  if (input.length > MAX_BATCH_INPUTS) {
    throw new SwitchyardError('invalid_request', `input has ${input.length} items; Gemini embeds at most ${MAX_BATCH_INPUTS} per request`, { param: 'input' });
  }
  const requests = input.map((item, i) => {
    if (typeof item !== 'string') throw tokenArray(i);
    return one(item, true);
  });
  return { method: 'batchEmbedContents', body: { requests } };
}

export interface FromGeminiEmbedOptions {
  /** Model name to show the client. */
  model: string;
  /** The client's `encoding_format`; `base64` (the OpenAI SDK's default) packs float32 little-endian. */
  encodingFormat?: 'float' | 'base64' | undefined;
  /** Input tokens, counted by the caller: Gemini reports no usage for embeddings. */
  promptTokens?: number | undefined;
}

/**
 * Converts either embed response into OpenAI's list.
 *
 * @example
 * fromGeminiEmbedResponse({ embedding: { values: [0.1, 0.2] } }, { model: 'embed', promptTokens: 3 })
 * // { object: 'list', data: [{ object: 'embedding', index: 0, embedding: [0.1, 0.2] }], model: 'embed',
 * //   usage: { prompt_tokens: 3, total_tokens: 3 } }
 */
export function fromGeminiEmbedResponse(
  response: EmbedContentResponse | BatchEmbedContentsResponse | readonly (EmbedContentResponse | BatchEmbedContentsResponse)[],
  options: FromGeminiEmbedOptions,
): EmbeddingsResponse {
  const embeddings: GeminiContentEmbedding[] = [];
  for (const one of Array.isArray(response) ? response : [response]) embeddings.push(...embeddingsOf(one));
  const data = embeddings.map((embedding, index) => {
    const values = Array.isArray(embedding?.values) ? embedding.values : [];
    return { object: 'embedding' as const, index, embedding: options.encodingFormat === 'base64' ? toBase64(values) : values };
  });
  const tokens = options.promptTokens ?? 0;
  return { object: 'list', data, model: options.model, usage: { prompt_tokens: tokens, total_tokens: tokens } };
}

function embeddingsOf(response: EmbedContentResponse | BatchEmbedContentsResponse): GeminiContentEmbedding[] {
  if ('embeddings' in response && Array.isArray(response.embeddings)) return response.embeddings;
  if ('embedding' in response && response.embedding) return [response.embedding];
  throw new SwitchyardError('upstream_error', 'Gemini embed response has neither embedding nor embeddings', { detail: response });
}

/** Little-endian float32, base64: what `encoding_format: "base64"` returns and the OpenAI SDK decodes. */
function toBase64(values: readonly number[]): string {
  const buffer = Buffer.allocUnsafe(values.length * 4);
  for (let i = 0; i < values.length; i++) buffer.writeFloatLE(values[i] ?? 0, i * 4);
  return buffer.toString('base64');
}
