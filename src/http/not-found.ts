import type { IncomingHttpHeaders } from 'node:http';
import { clip } from '../core/clip.js';
import { closestName } from '../core/format-issues.js';
import { SwitchyardError } from '../core/errors.js';
import type { ErrorFormat } from '../core/formats.js';

/**
 * Whether a GET should get the dashboard page: the dashboard routes with `#/…` fragments, so its
 * pages are `/` and its static files; a browser typing any other page path is helped to it too.
 * API clients (anything that does not ask for HTML) get a JSON 404 instead.
 */
export function wantsDashboard(method: string | undefined, path: string, headers: IncomingHttpHeaders): boolean {
  if (method !== 'GET' && method !== 'HEAD') return false;
  if (path === '/' || path === '/index.html' || path.startsWith('/assets/') || path === '/favicon.ico' || path === '/favicon.svg') return true;
  if (API_PREFIX.test(path)) return false;
  return (headers.accept ?? '').includes('text/html');
}

const API_PREFIX = /^\/(v\d+|api|metrics|models|chat|completions|embeddings|messages|responses|health|otlp)(\/|$)/;

const GEMINI_VERSION = /^\/(upload\/)?v1(alpha|beta)\d*(\/|$)/;
const GEMINI_METHOD = /^\/v1\/models\/[^/]+:(generateContent|streamGenerateContent|countTokens|embedContent|batchEmbedContents|batchGenerateContent)$/;
/**
 * A Gemini SDK whose `httpOptions.baseUrl` already ends in a version (`…/v1beta`, or `…/v1` as the
 * OpenAI SDK's does): it adds its own, so the path holds two (`/v1/v1beta/models/…`).
 */
const GEMINI_VERSION_TWICE = /^\/v1(alpha|beta)?\d*\/v1(alpha|beta)?\d*\/(models|files|cachedContents|tunedModels)(\/|$)/;

/**
 * A path of Google's Gemini API: its versions `/v1beta` and `/v1alpha` (which no OpenAI or
 * Anthropic path uses), and a model method (`/v1/models/gemini-2.5-flash:generateContent`,
 * as `@google/genai` 3 sends it). An OpenAI fine-tuned model id has colons too
 * (`ft:gpt-4o-mini:org::id`), but never ends in a Gemini method.
 *
 * @example isGeminiApiPath('/v1/models/gemini-2.5-flash:streamGenerateContent') // true
 */
export function isGeminiApiPath(path: string): boolean {
  return GEMINI_VERSION.test(path) || GEMINI_METHOD.test(path) || GEMINI_VERSION_TWICE.test(path);
}

/**
 * The API shape a lost client expects its 404 in: Google's SDKs read only Google's error shape
 * (`@ai-sdk/google` showed a bare "Not Found" for an OpenAI-shaped body).
 */
export function formatOfLostClient(path: string, headers: IncomingHttpHeaders): ErrorFormat {
  if (isGeminiApiPath(path)) return 'gemini';
  // Anthropic's messages paths only: /v1/chat/completions/{id}/messages is OpenAI's.
  return typeof headers['anthropic-version'] === 'string' || /^(\/v\d+)*\/messages(\/|$)/.test(path) ? 'anthropic' : 'openai';
}

/**
 * A 404 for a path no route serves, with a hint for the usual base-URL mistakes. `origin` is the
 * gateway's address as the client reached it (request-origin.ts): the base URL a hint shows.
 *
 * @example notFound('POST', '/v1/v1/messages', 'http://127.0.0.1:4100').message // '… drop "/v1" from the base URL (use the host root, http://127.0.0.1:4100)'
 */
export function notFound(method: string | undefined, path: string, origin: string, format: ErrorFormat = 'openai'): SwitchyardError {
  const hint = method === 'POST' && (path === '/' || path === '/v1' || path === '/v1/') ? postToBaseUrlHint(origin) : hintFor(path, origin, format);
  return new SwitchyardError('not_found', `no route ${method ?? 'GET'} ${clip(path, 120)}: ${hint}`);
}

/**
 * A POST to the base URL itself: a client that sends its body to the URL it was given, with no
 * endpoint after it, as Hugging Face's `InferenceClient` does for `featureExtraction` with an
 * `endpointUrl` (Text Embeddings Inference's `{"inputs": …}`, no model). It was told only where
 * the APIs are, not that such a client needs the endpoint in its URL.
 */
function postToBaseUrlHint(origin: string): string {
  return `nothing is served at the base URL itself, and a client that posts to the URL it was given (Hugging Face's featureExtraction with endpointUrl sends Text Embeddings Inference's {"inputs": …} there) needs the endpoint in it: embeddings are POST ${origin}/v1/embeddings with {"model", "input"}, chat is POST ${origin}/v1/chat/completions`;
}

/**
 * A model API path under `/api` (`/api/chat/completions`, `/api/v1/messages`): an SDK given the
 * admin API's prefix as its base URL. No admin endpoint has these names, so the request gets the
 * 404 that names the base URL instead of the admin API's 401 for its key (which said the key was
 * wrong when the URL was).
 *
 * @example isModelPathUnderApi('/api/v1/chat/completions') // true; isModelPathUnderApi('/api/models') // false
 */
export function isModelPathUnderApi(path: string): boolean {
  return MODEL_PATH_UNDER_API.test(path) || OLLAMA_API.test(path);
}

const MODEL_PATH_UNDER_API = /^\/api(\/v1(\/|$)|\/(chat\/completions|completions|responses|embeddings|messages)(\/|$))/;
/**
 * Ollama's native API, which its clients (and Open WebUI, LangChain's ChatOllama) send to a base URL
 * given as Ollama's: no admin endpoint has these names. It got the admin API's CSRF or key error.
 */
const OLLAMA_API = /^\/api\/(chat|generate|tags|embed|show|ps|version|pull)$/;

/** The model endpoints, each also served without `/v1`, and the probes: what a mistyped path meant. */
const ENDPOINTS = ['/v1/chat/completions', '/v1/responses', '/v1/embeddings', '/v1/models', '/v1/messages', '/v1/messages/count_tokens'];
const ENDPOINT_NAMES = [...ENDPOINTS, ...ENDPOINTS.map((endpoint) => endpoint.slice(3)), '/health', '/metrics'];

/**
 * The endpoint a path meant: with a trailing "/", a few letters off (`/v1/chat/completion`,
 * `/v2/chat/completions`), or cut short (`/v1/chat`). Undefined for the admin API's paths, which
 * have their own hint, and for anything further off.
 *
 * @example endpointMeant('/v1/embedding') // '/v1/embeddings'
 */
function endpointMeant(path: string): string | undefined {
  if (path.startsWith('/api/') || path.length > 100) return undefined;
  const trimmed = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  if (trimmed !== path && ENDPOINT_NAMES.includes(trimmed)) return `${trimmed} (without the trailing "/")`;
  if (trimmed.length < 5 || trimmed === '/v1') return undefined;
  return closestName(trimmed, ENDPOINT_NAMES) ?? ENDPOINT_NAMES.find((name) => name.startsWith(`${trimmed}/`));
}

/**
 * What an SDK appends to its base URL: the OpenAI SDK's (and OpenAI-compatible clients') endpoints
 * and the Anthropic SDK's. What comes before is the base URL the client was given.
 */
const SDK_ENDPOINT = /^(.*?)(\/(?:chat\/completions|responses|embeddings|models)|\/v1\/messages(?:\/count_tokens)?)$/;

/**
 * The hint for a base URL that is not the gateway's (`…/v1/chat/completions`, `…/v1/messages`,
 * `/api`, `/openai/v1`), from the endpoint the SDK appended to it; undefined for other paths.
 */
function baseUrlHint(path: string, origin: string): string | undefined {
  const match = SDK_ENDPOINT.exec(path);
  const base = match?.[1];
  const endpoint = match?.[2];
  if (base === undefined || endpoint === undefined || base === '' || base === '/v1') return undefined;
  const shown = `the base URL, which here ends in "${clip(base, 60)}"`;
  const admin = base === '/api' || base.startsWith('/api/') ? ' (/api is the admin API)' : '';
  return endpoint.startsWith('/v1/messages')
    ? `the Anthropic SDK adds "${endpoint}" to ${shown}: give it the host root (${origin})${admin}`
    : `the OpenAI SDK (and any OpenAI-compatible client) adds "${endpoint}" to ${shown}: give it the host root and /v1 (${origin}/v1)${admin}`;
}

/** OpenAI APIs for other kinds of model or for hosted state, which clients such as the AI SDK's generateImage reach for. */
const UNSERVED_APIS: Record<string, string> = {
  images: 'Images API',
  audio: 'Audio API (speech, transcriptions, translations)',
  moderations: 'Moderations API',
  realtime: 'Realtime API',
  assistants: 'Assistants API',
  threads: 'Assistants API',
  vector_stores: 'Vector Stores API',
  fine_tuning: 'Fine-tuning API',
  conversations: 'Conversations API',
  containers: 'Containers API',
  evals: 'Evals API',
  chatkit: 'ChatKit API',
  videos: 'Videos API',
  skills: 'Skills API',
  organization: 'Administration API',
  organizations: 'Admin API',
};

/**
 * OpenAI's stored chat completions (`chat.completions.list`, `retrieve`, `update`, `delete`,
 * `messages.list`): the gateway keeps none, so each is a 404 saying so, as OpenAI answers a
 * completion it did not store, and never the 405 that a GET of /v1/chat/completions would be.
 */
export const STORED_CHAT_COMPLETIONS =
  'stored chat completions (list, retrieve, update, delete and their messages) are not served: the gateway keeps no chat completions; the Responses API with "store": true keeps answers, read back at GET /v1/responses/{response_id}';

/** The Anthropic API the gateway serves, named in each hint to an Anthropic client. */
const ANTHROPIC_SERVED = 'the Anthropic API served here is /v1/messages, /v1/messages/count_tokens and /v1/models';

/**
 * Anthropic's beta APIs that keep state on Anthropic's side, as its SDK calls them: an Anthropic
 * client is told which one it asked for. `/v1/files` is OpenAI's path too, and `/v1/sessions` is
 * a few letters from `/v1/messages` (an Anthropic client was asked "did you mean /v1/messages?").
 */
const MANAGED_AGENTS = /^\/v1\/(agents|sessions|environments|vaults|memory_stores|deployments|deployment_runs)(\/|$)/;

function anthropicHint(path: string): string | undefined {
  if (/^\/v1\/files(\/|$)/.test(path)) {
    return `the Files API is not served: put each document or image in the message itself (a base64, URL or text source) sent to POST /v1/messages (${ANTHROPIC_SERVED})`;
  }
  if (MANAGED_AGENTS.test(path)) {
    return `Claude Managed Agents (agents, sessions, environments, vaults, memory stores, deployments) is not served: run the agent loop in the client over POST /v1/messages (${ANTHROPIC_SERVED})`;
  }
  return undefined;
}

/** What a client of Google's Gemini API is told when it asks for a part of that API the gateway does not serve. */
const GEMINI_API_NOT_SERVED =
  'this part of the Gemini API is not served: the gateway serves models/{model}:generateContent, :streamGenerateContent, :countTokens, :embedContent and :batchEmbedContents and the model list (GET models), under /v1beta and /v1, for every model and route it serves; files, cached contents, tuned models and batches are not';

function hintFor(path: string, origin: string, format: ErrorFormat): string {
  if (GEMINI_VERSION_TWICE.test(path)) {
    return `the Gemini SDK adds "/${path.split('/')[2]}" itself: its httpOptions.baseUrl is the host root (${origin}), with no "/${path.split('/')[1]}"`;
  }
  if (isGeminiApiPath(path)) return GEMINI_API_NOT_SERVED;
  if (path.startsWith('/v1/v1/')) {
    return /\/messages(\/|$)/.test(path)
      ? `the Anthropic SDK adds "/v1" itself: drop "/v1" from the base URL (use the host root, ${origin})`
      : 'the path has "/v1" twice: drop "/v1" from the base URL or from the path';
  }
  if (/^\/v1\/messages\/batches(\/|$)/.test(path)) {
    return `the Message Batches API is not served: send each request to POST /v1/messages (${ANTHROPIC_SERVED})`;
  }
  const anthropic = format === 'anthropic' ? anthropicHint(path) : undefined;
  if (anthropic) return anthropic;
  if (/^\/v1\/(batches|files|uploads)(\/|$)/.test(path)) {
    return 'the Batch and Files APIs are not served: send each request on its own to /v1/chat/completions, /v1/responses or /v1/embeddings';
  }
  if (path === '/v1/completions' || path === '/completions') return 'the legacy completions API is not served; use /v1/chat/completions';
  const baseUrl = baseUrlHint(path, origin);
  if (baseUrl) return baseUrl;
  if (/^\/(v1\/)?chat\/completions\/./.test(path)) return STORED_CHAT_COMPLETIONS;
  const unserved = /^\/v1\/([a-z_]+)(\/|$)/.exec(path)?.[1];
  if (unserved && Object.hasOwn(UNSERVED_APIS, unserved)) return `the ${UNSERVED_APIS[unserved]} is not served: the gateway serves language models (/v1/chat/completions, /v1/responses, /v1/embeddings and Anthropic's /v1/messages)`;
  if (OLLAMA_API.test(path)) return `Ollama's own API is not served: give the client the OpenAI-compatible API, base URL ${origin}/v1 (and the gateway can front Ollama: a provider with base_url http://127.0.0.1:11434/v1)`;
  if (path === '/models') return "did you mean /v1/models? (the OpenAI SDK's base URL ends in /v1; the Anthropic SDK's is the host root)";
  if (path.startsWith('/api/')) return 'no such admin endpoint; the admin API is listed in the README';
  const meant = endpointMeant(path);
  if (meant) return `did you mean ${meant}?`;
  return 'the OpenAI-compatible API is under /v1 (chat/completions, responses, embeddings, models), the Anthropic one is /v1/messages, the admin API is under /api';
}
