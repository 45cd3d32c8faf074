/**
 * Google's `embedContent` and `batchEmbedContents` as a client API: the request becomes an
 * OpenAI embeddings request (the gateway's canonical one: `input` and `dimensions`), the answer
 * goes back as `{ embedding }` or `{ embeddings }`. `taskType` and `title` have no OpenAI
 * counterpart and are named on the trace (`dropped_params`).
 */
import { quoteClipped } from '../../../core/clip.js';
import { describeValue } from '../../../core/format-issues.js';
import { invalidRequest } from '../../../core/errors.js';
import { type EmbeddingsResponse, isJsonObject, type JsonObject } from '../../../core/openai-wire.js';
import type { BatchEmbedContentsResponse, EmbedContentResponse } from '../../../providers/gemini/index.js';

export type GeminiEmbedMethod = 'embedContent' | 'batchEmbedContents';

const READ = new Set(['model', 'content', 'outputDimensionality']);

/** Google's limit on the requests of one `batchEmbedContents` call. */
const MAX_BATCH_REQUESTS = 100;

/**
 * @example toEmbeddingsRequest({ content: { parts: [{ text: 'hi' }] } }, 'embed', 'embedContent') // { model: 'embed', input: 'hi' }
 */
export function toEmbeddingsRequest(body: JsonObject, model: string, method: GeminiEmbedMethod): { request: JsonObject; dropped: string[] } {
  const dropped: string[] = [];
  if (method === 'embedContent') {
    const request: JsonObject = { model, input: textOf(body, '') };
    addDimensions(request, body, '', dropped);
    return { request, dropped };
  }
  const requests = body.requests;
  if (!Array.isArray(requests) || requests.length === 0) throw invalidRequest('requests', 'requests must be a non-empty array of EmbedContentRequest objects');
  // Google's words; a client that batched more here would fail on Google.
  if (requests.length > MAX_BATCH_REQUESTS) throw invalidRequest('requests', `BatchEmbedContentsRequest.requests: at most ${MAX_BATCH_REQUESTS} requests can be in one batch (got ${requests.length})`);
  const input = requests.map((one, i) => {
    if (!isJsonObject(one)) throw invalidRequest(`requests[${i}]`, `requests[${i}] must be an EmbedContentRequest object`);
    checkSameModel(one.model, model, i);
    return textOf(one, `requests[${i}].`);
  });
  const request: JsonObject = { model, input };
  requests.forEach((one, i) => addDimensions(request, one as JsonObject, `requests[${i}].`, dropped));
  return { request, dropped: [...new Set(dropped)] };
}

/**
 * An OpenAI embeddings answer in Google's shape.
 *
 * @example toGeminiEmbeddings('{"object":"list","data":[{"embedding":[0.1]}],…}', 'embedContent') // '{"embedding":{"values":[0.1]}}'
 */
export function toGeminiEmbeddings(text: string, method: GeminiEmbedMethod): string {
  const answer = JSON.parse(text) as EmbeddingsResponse;
  const vectors = answer.data.map((item) => ({ values: item.embedding as number[] }));
  const body: EmbedContentResponse | BatchEmbedContentsResponse = method === 'embedContent' ? { embedding: vectors[0] ?? { values: [] } } : { embeddings: vectors };
  return JSON.stringify(body);
}

/**
 * Google requires each request of a batch to name the batch's model; one naming another was
 * embedded with the path's model without a word. Absent is taken (the SDKs always send it).
 */
function checkSameModel(named: unknown, model: string, i: number): void {
  if (named === undefined || named === null || named === model || named === `models/${model}`) return;
  throw invalidRequest(`requests[${i}].model`, `requests[${i}].model must be the batch's model, ${quoteClipped(`models/${model}`)}, got ${describeValue(named)}`);
}

function textOf(request: JsonObject, path: string): string {
  const content = request.content;
  const parts = isJsonObject(content) ? content.parts : undefined;
  if (!Array.isArray(parts) || parts.length === 0) throw invalidRequest(`${path}content`, `${path}content must be a Content object with text parts`);
  return parts
    .map((part, j) => {
      if (!isJsonObject(part) || typeof part.text !== 'string') throw invalidRequest(`${path}content.parts[${j}]`, `${path}content.parts[${j}] must be a text part: the gateway embeds text only`);
      return part.text;
    })
    .join(' ');
}

function addDimensions(request: JsonObject, one: JsonObject, path: string, dropped: string[]): void {
  for (const key of Object.keys(one)) if (!READ.has(key)) dropped.push(key);
  const dimensions = one.outputDimensionality;
  if (dimensions === undefined || dimensions === null) return;
  if (typeof dimensions !== 'number' || !Number.isInteger(dimensions) || dimensions < 1) throw invalidRequest(`${path}outputDimensionality`, `${path}outputDimensionality must be a positive integer, got ${describeValue(dimensions)}`);
  request.dimensions = dimensions;
}

