/**
 * `GET /v1beta/models`, `GET /v1beta/models/{model}` and `POST …:countTokens` in Gemini's shapes.
 * Every model name is served, so the list is a few stand-ins plus every model a client has used.
 */
import { outputLimit } from '../tokens/output-limits.js';
import { contextWindow } from '../tokens/context-windows.js';
import type { Exchange } from './exchange.js';
import { sendJson } from './exchange.js';
import { countTokensBody, parseGenerateRequest, promptTokensDetails } from './gemini-request.js';
import { normaliseFields } from './gemini-request-config.js';
import type { WireError } from './wire-errors.js';

const COUNT_FIELDS = new Set(['contents', 'generateContentRequest']);

export const GEMINI_MODELS = ['gemini-2.5-flash', 'gemini-2.5-pro', 'gemini-3-flash-preview', 'gemini-embedding-001'] as const;

function modelJson(id: string): object {
  const embedding = /embedding/.test(id);
  return {
    name: `models/${id}`,
    version: '001',
    displayName: id,
    description: `Simulated ${id}`,
    inputTokenLimit: embedding ? 2048 : (contextWindow(id) ?? 1_048_576),
    outputTokenLimit: embedding ? 1 : (outputLimit(id) ?? 65_536),
    supportedGenerationMethods: embedding ? ['embedContent', 'countTextTokens', 'countTokens'] : ['generateContent', 'countTokens', 'createCachedContent', 'batchGenerateContent'],
    ...(embedding ? {} : { temperature: 1, topP: 0.95, topK: 64, maxTemperature: 2, thinking: /gemini-(2\.5|[3-9])/.test(id) }),
  };
}

/**
 * @example listGeminiModels(ex) // answers { models: [{ name: 'models/gemini-2.5-flash', … }] }
 */
export function listGeminiModels(ex: Exchange): () => void {
  return () => {
    const names = new Set<string>(GEMINI_MODELS);
    for (const model of ex.state.models) names.add(model);
    sendJson(ex, JSON.stringify({ models: [...names].map(modelJson) }, null, 2), 0, 0);
  };
}

/**
 * @example getGeminiModel(ex, 'gemini-2.5-flash') // answers { name: 'models/gemini-2.5-flash', … }
 */
export function getGeminiModel(ex: Exchange, id: string): () => void {
  return () => sendJson(ex, JSON.stringify(modelJson(id), null, 2), 0, 0);
}

/**
 * The same estimate as `usageMetadata.promptTokenCount` would be, without generating.
 *
 * @example prepareCountTokens(ex, 'gemini-2.5-flash') // answers { totalTokens: 9, promptTokensDetails: [...] }
 */
export function prepareGeminiCountTokens(ex: Exchange, model: string): (() => void) | WireError {
  // Google's CountTokensRequest has these two fields; anything else is refused as Google does.
  const fields = normaliseFields(ex.body, COUNT_FIELDS);
  if ('status' in fields) return fields as WireError;
  const plan = parseGenerateRequest(countTokensBody(fields), model);
  if ('status' in plan) return plan;
  const tokens = plan.promptTokens;
  return () => sendJson(ex, JSON.stringify({ totalTokens: tokens, promptTokensDetails: promptTokensDetails(tokens, plan.media) }, null, 2), 0, 0);
}
