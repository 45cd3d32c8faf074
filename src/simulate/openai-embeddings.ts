/**
 * `POST /v1/embeddings`: deterministic unit vectors built by feature hashing the words of each
 * input, so identical texts embed identically and texts sharing words are close (cosine), which
 * is what semantic caching and retrieval tests need, at a cost linear in the words.
 */
import { textOf } from '../core/clip.js';
import type { JsonObject } from '../core/openai-wire.js';
import { fnvString } from '../core/fnv-hash.js';
import { estimateTokens } from './content.js';
import { seededRandom } from '../core/seeded-random.js';
import { type Exchange, sendJson } from './exchange.js';
import { unknownEmbeddingsField } from './known-fields.js';
import { openaiBadRequest as bad, openaiError, type WireError } from './wire-errors.js';

/** Models whose vectors have one size only: OpenAI's ada generation. */
const FIXED_SIZE = /ada-00\d/;

// Each word touches this many dimensions: enough to keep unrelated words nearly orthogonal.
const DIMS_PER_WORD = 32;

/**
 * Native size of a model's vectors: 3072 for "large" models, 1536 otherwise (like text-embedding-3).
 *
 * @example nativeDimensions('standin-embed-large') // 3072
 */
export function nativeDimensions(model: string): number {
  return /large/i.test(model) ? 3072 : 1536;
}

/**
 * The embedding of one text: a unit vector of `dimensions` float32-representable numbers.
 *
 * @example embedText('hello world', 'standin-embed', 8).length // 8
 */
export function embedText(text: string, model: string, dimensions: number): Float64Array {
  const vector = new Float64Array(dimensions);
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const modelSeed = fnvString(model);
  const features = words.length > 0 ? words : [text];
  for (const word of features) {
    const rng = seededRandom(fnvString(word, modelSeed));
    for (let i = 0; i < DIMS_PER_WORD; i++) {
      const slot = Math.floor(rng() * dimensions);
      vector[slot] = (vector[slot] ?? 0) + (rng() * 2 - 1);
    }
  }
  let norm = 0;
  for (let i = 0; i < dimensions; i++) norm += (vector[i] ?? 0) ** 2;
  norm = Math.sqrt(norm) || 1;
  for (let i = 0; i < dimensions; i++) vector[i] = Math.fround((vector[i] ?? 0) / norm);
  return vector;
}

/** Little-endian float32, base64: what `encoding_format: "base64"` returns and the SDK decodes. */
function toBase64(vector: Float64Array): string {
  const buffer = Buffer.allocUnsafe(vector.length * 4);
  for (let i = 0; i < vector.length; i++) buffer.writeFloatLE(vector[i] ?? 0, i * 4);
  return buffer.toString('base64');
}

function readInputs(input: unknown): string[] | undefined {
  if (typeof input === 'string') return [input];
  if (!Array.isArray(input) || input.length === 0) return undefined;
  // An array of numbers is one tokenised input; an array of arrays is several.
  if (input.every((item) => typeof item === 'number')) return [input.join(' ')];
  const texts: string[] = [];
  for (const item of input) {
    if (typeof item === 'string') texts.push(item);
    else if (Array.isArray(item) && item.every((token) => typeof token === 'number')) texts.push(item.join(' '));
    else return undefined;
  }
  return texts;
}

/**
 * A chat model's name (GPT, o-series, Claude, Gemini), not an embedding model's: OpenAI refuses
 * to embed with one (403) and Google has no `embedContent` for it (404), so a gateway model
 * pointed at the wrong upstream fails here as it would live. Stand-in names (`standin-small`)
 * still embed.
 *
 * @example isChatModelName('gpt-5.4-mini') // true; isChatModelName('gemini-embedding-001') // false
 */
export function isChatModelName(model: string): boolean {
  return /^(gpt-|chatgpt-|o[1-9]|codex-|claude-|gemini-)/i.test(model) && !/embed/i.test(model);
}

// A gateway model pointed at an embedding model for chat fails in the simulator as it would live.
export { isEmbeddingModelName } from '../core/embedding-model-name.js';

/**
 * Validates the request; returns the responder.
 *
 * @example prepareEmbeddings(ex) // a function, or a 400 naming 'input'
 */
export function prepareEmbeddings(ex: Exchange): (() => void) | WireError {
  const body: JsonObject = ex.body;
  const unknown = unknownEmbeddingsField(body);
  if (unknown) return unknown;
  if (typeof body.model !== 'string' || body.model === '') return bad('you must provide a model parameter', 'model');
  const model = body.model;
  // OpenAI's words for a chat model on /v1/embeddings, a 403 with no param or code.
  if (isChatModelName(model)) return openaiError(403, { message: 'You are not allowed to generate embeddings from this model', type: 'invalid_request_error', param: null, code: null });
  if (body.input === undefined) return bad("Missing required parameter: 'input'.", 'input', 'missing_required_parameter');
  const inputs = readInputs(body.input);
  if (!inputs || inputs.some((text) => text === '')) return bad("'$.input' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference.", 'input', 'invalid_value');
  const native = nativeDimensions(model);
  let dimensions = native;
  if (body.dimensions !== undefined) {
    // text-embedding-ada-002 predates `dimensions` and refuses it, null included.
    if (FIXED_SIZE.test(model)) return bad('This model does not support specifying dimensions.', null);
    const value = body.dimensions;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > native) {
      return bad(`Invalid 'dimensions': expected an integer between 1 and ${native}.`, 'dimensions', 'invalid_value');
    }
    dimensions = value;
  }
  const format = body.encoding_format ?? 'float';
  if (format !== 'float' && format !== 'base64') return bad(`Invalid value: '${textOf(format)}'. Supported values are: 'float' and 'base64'.`, 'encoding_format', 'invalid_value');

  return () => {
    let tokens = 0;
    const data = inputs.map((text, index) => {
      tokens += estimateTokens(text.length);
      const vector = embedText(text, model, dimensions);
      return { object: 'embedding', index, embedding: format === 'base64' ? toBase64(vector) : Array.from(vector) };
    });
    const json = JSON.stringify({ object: 'list', data, model, usage: { prompt_tokens: tokens, total_tokens: tokens } });
    sendJson(ex, json, tokens, ex.timing.latencyMs);
  };
}
