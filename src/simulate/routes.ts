/**
 * Which endpoint a request is for, which API's conventions apply to it, and the checks every
 * endpoint shares (authentication, `anthropic-version`), with each API's own error messages.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { prepareCountTokens, prepareMessages } from './anthropic-messages.js';
import type { Exchange } from './exchange.js';
import { checkGeminiAuth, geminiError } from './gemini-errors.js';
import { findGeminiRoute, isGeminiPath } from './gemini-routes.js';
import { getModel, listModels } from './models.js';
import { prepareChat } from './openai-chat.js';
import { prepareEmbeddings } from './openai-embeddings.js';
import { prepareResponses } from './openai-responses.js';
import { type Api, anthropicError, openaiError, type WireError } from './wire-errors.js';

export interface Route {
  api: Api;
  /** Whether the request names a model (for fault matching and statistics). */
  hasModel: boolean;
  /** The model, when the path names it (Gemini) rather than the body. */
  model?: string;
  /** Validates; returns the responder, or the 400 to send. */
  prepare(ex: Exchange): (() => void) | WireError;
}

const CHAT: Route = { api: 'openai', hasModel: true, prepare: prepareChat };
const EMBEDDINGS: Route = { api: 'openai', hasModel: true, prepare: prepareEmbeddings };
const RESPONSES: Route = { api: 'openai', hasModel: true, prepare: prepareResponses };
const MESSAGES: Route = { api: 'anthropic', hasModel: true, prepare: prepareMessages };
const COUNT_TOKENS: Route = { api: 'anthropic', hasModel: true, prepare: prepareCountTokens };
const MODELS_OPENAI: Route = { api: 'openai', hasModel: false, prepare: listModels };
const MODELS_ANTHROPIC: Route = { api: 'anthropic', hasModel: false, prepare: listModels };

/**
 * The API whose conventions a path follows: Anthropic for its paths or when the client says so.
 *
 * @example apiOf('/v1/models', { 'anthropic-version': '2023-06-01' }) // 'anthropic'
 */
export function apiOf(path: string, headers: IncomingHttpHeaders): Api {
  if (isGeminiPath(path, headers)) return 'gemini';
  return path.startsWith('/v1/messages') || headers['anthropic-version'] !== undefined ? 'anthropic' : 'openai';
}

/**
 * @example findRoute('POST', '/v1/chat/completions', {})?.api // 'openai'
 */
export function findRoute(method: string, path: string, headers: IncomingHttpHeaders): Route | undefined {
  if (isGeminiPath(path, headers)) return findGeminiRoute(method, path);
  if (method === 'POST') {
    if (path === '/v1/chat/completions') return CHAT;
    if (path === '/v1/messages') return MESSAGES;
    if (path === '/v1/embeddings') return EMBEDDINGS;
    if (path === '/v1/responses') return RESPONSES;
    if (path === '/v1/messages/count_tokens') return COUNT_TOKENS;
    return undefined;
  }
  if (method !== 'GET' || !path.startsWith('/v1/models')) return undefined;
  const api = apiOf(path, headers);
  if (path === '/v1/models' || path === '/v1/models/') return api === 'openai' ? MODELS_OPENAI : MODELS_ANTHROPIC;
  const id = decodeURIComponent(path.slice('/v1/models/'.length));
  return { api, hasModel: false, prepare: (ex) => getModel(ex, id) };
}

/**
 * 404 for an unknown path, as each API words it.
 *
 * @example notFound('openai', 'POST', '/v1/nope', id).body // '{"error":{"message":"Invalid URL (POST /v1/nope)",…}}'
 */
export function notFound(api: Api, method: string, path: string, requestId: string): WireError {
  if (api === 'gemini') return geminiError(404, { message: `Invalid URL (${method} ${path}): not a Gemini API method.` });
  return api === 'openai'
    ? openaiError(404, { message: `Invalid URL (${method} ${path})` })
    : anthropicError(404, { message: 'Not Found' }, requestId);
}

function bearer(headers: IncomingHttpHeaders): string | undefined {
  const value = headers.authorization;
  if (value === undefined) return undefined;
  const match = /^Bearer\s+(.*)$/i.exec(value);
  return match ? (match[1] ?? '').trim() : '';
}

/**
 * Rejects missing or empty keys like the real APIs do; keys starting with `invalid` are
 * rejected as wrong, so tests can exercise a bad provider key, and keys starting with `echo` are
 * rejected with the whole key quoted back, as some providers do, so tests can check it never
 * reaches a client or a trace.
 *
 * @example checkAuth('anthropic', {}, 'req_1')?.status // 401
 */
export function checkAuth(api: Api, headers: IncomingHttpHeaders, requestId: string, url = ''): WireError | undefined {
  if (api === 'gemini') return checkGeminiAuth(headers, url);
  if (api === 'openai') {
    const key = bearer(headers);
    if (!key) {
      return openaiError(401, {
        message:
          "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY). You can obtain an API key from https://platform.openai.com/account/api-keys.",
      });
    }
    if (key.startsWith('echo')) return openaiError(401, { message: `Invalid credentials: the key ${key} is not valid`, code: 'invalid_api_key' });
    if (key.startsWith('invalid')) {
      return openaiError(401, { message: `Incorrect API key provided: ${key.slice(0, 8)}***. You can find your API key at https://platform.openai.com/account/api-keys.`, code: 'invalid_api_key' });
    }
    return undefined;
  }
  const raw = headers['x-api-key'];
  const key = (Array.isArray(raw) ? raw[0] : raw)?.trim() || bearer(headers);
  if (!key) return anthropicError(401, { message: 'x-api-key header is required' }, requestId);
  if (key.startsWith('echo')) return anthropicError(401, { message: `invalid x-api-key: ${key}` }, requestId);
  if (key.startsWith('invalid')) return anthropicError(401, { message: 'invalid x-api-key' }, requestId);
  if (headers['anthropic-version'] === undefined) return anthropicError(400, { message: 'anthropic-version: header is required' }, requestId);
  return undefined;
}
