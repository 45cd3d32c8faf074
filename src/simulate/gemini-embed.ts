/**
 * `POST …:embedContent` and `…:batchEmbedContents`: the same deterministic word-hashing vectors as
 * the OpenAI embeddings endpoint, in Gemini's shapes, with `outputDimensionality` and the
 * batch rule that every request names the model of the path.
 */
import { type JsonObject, isJsonObject } from '../core/openai-wire.js';
import { type Exchange, sendJson } from './exchange.js';
import { bad } from './gemini-request-config.js';
import { geminiError } from './gemini-errors.js';
import { embedText, isChatModelName } from './openai-embeddings.js';
import type { WireError } from './wire-errors.js';

const MAX_BATCH = 100;

/**
 * Native vector size: 768 for the older text-embedding-004 / embedding-001, 3072 otherwise
 * (gemini-embedding-001).
 *
 * @example geminiEmbeddingSize('text-embedding-004') // 768
 */
export function geminiEmbeddingSize(model: string): number {
  return /text-embedding-00|^embedding-00/.test(model) ? 768 : 3072;
}

function readOne(request: unknown, model: string, at: string): { text: string; dimensions: number } | WireError {
  if (!isJsonObject(request)) return bad(`Invalid JSON payload received. Expected an object at '${at}'.`);
  const content = request['content'];
  const parts = isJsonObject(content) ? content['parts'] : undefined;
  if (!Array.isArray(parts) || parts.length === 0) return bad(`* ${at}.content.parts: contents.parts must not be empty.\n`);
  const text = parts.map((part) => (isJsonObject(part) && typeof part['text'] === 'string' ? part['text'] : '')).join(' ');
  if (text.trim() === '') return bad(`* ${at}.content: text content is empty.\n`);
  const native = geminiEmbeddingSize(model);
  const requested = request['outputDimensionality'] ?? request['output_dimensionality'];
  if (requested !== undefined && (typeof requested !== 'number' || !Number.isInteger(requested) || requested < 1 || requested > native)) {
    return bad(`* ${at}.output_dimensionality: must be between 1 and ${native}, got ${JSON.stringify(requested)}\n`);
  }
  return { text, dimensions: (requested as number | undefined) ?? native };
}

/**
 * @example prepareEmbed(ex, 'gemini-embedding-001', false) // a responder, or a 400 naming the field
 */
export function prepareEmbed(ex: Exchange, model: string, batch: boolean): (() => void) | WireError {
  const body: JsonObject = ex.body;
  if (isChatModelName(model)) {
    const version = /^\/(v1\w*)\//.exec(ex.path)?.[1] ?? 'v1beta';
    const method = batch ? 'batchEmbedContents' : 'embedContent';
    return geminiError(404, { message: `models/${model} is not found for API version ${version}, or is not supported for ${method}. Call ListModels to see the list of available models and their supported methods.` });
  }
  let inputs: { text: string; dimensions: number }[];
  if (batch) {
    const requests = body['requests'];
    if (!Array.isArray(requests) || requests.length === 0) return bad('* BatchEmbedContentsRequest.requests: requests is not specified\n');
    if (requests.length > MAX_BATCH) return bad(`* BatchEmbedContentsRequest.requests: at most ${MAX_BATCH} requests can be in one batch.\n`);
    inputs = [];
    for (const [i, request] of requests.entries()) {
      const named = isJsonObject(request) ? request['model'] : undefined;
      if (named !== `models/${model}`) {
        return bad(`* BatchEmbedContentsRequest.requests[${i}].model: unexpected model name format\n* BatchEmbedContentsRequest.model: the model of each request must match the model of the batch (models/${model})\n`);
      }
      const one = readOne(request, model, `BatchEmbedContentsRequest.requests[${i}]`);
      if ('status' in one) return one;
      inputs.push(one);
    }
  } else {
    const one = readOne(body, model, 'EmbedContentRequest');
    if ('status' in one) return one;
    inputs = [one];
  }
  return () => {
    const vectors = inputs.map(({ text, dimensions }) => ({ values: Array.from(embedText(text, model, dimensions)) }));
    const json = JSON.stringify(batch ? { embeddings: vectors } : { embedding: vectors[0] });
    sendJson(ex, json, 0, ex.timing.latencyMs);
  };
}
