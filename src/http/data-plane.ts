import type { IncomingMessage, ServerResponse } from 'node:http';
import { CallAbort } from '../core/call-abort.js';
import { sessionOf } from '../core/client-session.js';
import { parseClientMetadata } from '../core/client-metadata.js';
import { methodNotAllowed, SwitchyardError, toSwitchyardError } from '../core/errors.js';
import { closestName, describeValue } from '../core/format-issues.js';
import type { ClientFormat } from '../core/formats.js';
import { newId } from '../core/ids.js';
import { decodeBodyText, parseJsonBody } from '../core/json-body.js';
import { decodeSegment } from '../core/request-target.js';
import type { CacheDirective } from '../gateway/call.js';
import type { Gateway } from '../gateway/gateway.js';
import { invalidApiKey, missingApiKey } from '../gateway/stages/authenticate.js';
import { type KeyRegistry, presentedSecret, unreadKey } from '../limits/keys.js';
import { modelNotConfigured, type Target } from '../routing/catalog.js';
import type { Endpoint } from '../core/trace.js';
import { deliverOutcome } from './deliver-outcome.js';
import { sendError } from './error-response.js';
import { readBody } from './read-body.js';
import { asCalled } from './groq-path.js';
import { refuseNonJsonBody } from './json-media-type.js';
import { anthropicModelInfo, anthropicModelPage } from './anthropic-model-page.js';
import { allowCrossOrigin, refuseOtherOrigins } from './cors.js';
import { isGeminiApiPath, STORED_CHAT_COMPLETIONS } from './not-found.js';
import { geminiAlt } from '../core/gemini-alt.js';
import { asJsonArray, type GeminiApiCall, geminiCallOf, geminiListOf, geminiModels, geminiSecret } from './gemini-api.js';
import type { GeminiPathCall } from '../gateway/call.js';
import { GEMINI_API_KEY_HEADER } from '../providers/gemini/index.js';
import { isEmbeddingModelName } from '../core/embedding-model-name.js';
import { STORED_PREFIX, serveStoredResponse } from './stored-responses.js';
import { ANTHROPIC_MODELS_QUERY, dataPlaneQuery, GEMINI_MODELS_QUERY } from './data-plane-query.js';
import type { InFlightCalls } from './in-flight-calls.js';

export interface DataPlaneOptions {
  gateway: Gateway;
  keys: KeyRegistry;
  bodyLimitBytes: number;
  totalTimeoutMs: number;
  /**
   * `traces.durability: sync`: the call settles (and its trace is journaled) before the answer's
   * last byte is written, so a client that got a whole answer can count on its trace.
   */
  durableTraces?: boolean;
  /** Where each model call registers while it runs, so a shutdown past its deadline can end them with a reason. */
  inFlight?: InFlightCalls;
}

interface ModelRoute {
  endpoint: Endpoint;
  format: ClientFormat;
}

/**
 * Each API also without its `/v1`: clients disagree on whether the base URL carries it (the
 * Anthropic SDK wants the host root, the AI SDK's `createAnthropic` a URL ending in `/v1`, as
 * Anthropic's own default is), so a base URL written either way reaches the same route.
 */
const ROUTES: Record<string, ModelRoute> = {
  '/v1/chat/completions': { endpoint: 'chat', format: 'openai' },
  '/chat/completions': { endpoint: 'chat', format: 'openai' },
  '/v1/messages': { endpoint: 'messages', format: 'anthropic' },
  '/messages': { endpoint: 'messages', format: 'anthropic' },
  '/v1/embeddings': { endpoint: 'embeddings', format: 'openai' },
  '/embeddings': { endpoint: 'embeddings', format: 'openai' },
  '/v1/responses': { endpoint: 'responses', format: 'responses' },
  '/responses': { endpoint: 'responses', format: 'responses' },
};

const COUNT_TOKENS = new Set(['/v1/messages/count_tokens', '/messages/count_tokens']);
/** OpenAI's `client.responses.inputTokens.count()`. */
const RESPONSE_INPUT_TOKENS = new Set(['/v1/responses/input_tokens', '/responses/input_tokens']);

/** True when this handler serves the path (model calls and the model list). */
export function isDataPlanePath(path: string): boolean {
  return (
    path in ROUTES ||
    COUNT_TOKENS.has(path) ||
    RESPONSE_INPUT_TOKENS.has(path) ||
    path === '/v1/models' ||
    // `/v1/models/{model}:generateContent` is Google's API, not a model to look up.
    (path.startsWith('/v1/models/') && !isGeminiApiPath(path)) ||
    geminiCallOf(path) !== undefined ||
    geminiListOf(path) !== null ||
    path.startsWith(STORED_PREFIX)
  );
}

/**
 * The `/v1` data plane on plain `node:http`: turns each model call into a `CallInput`, runs it
 * through the gateway's pipeline and writes the outcome to the socket. This is the only place
 * that writes model answers to a client.
 */
export function createDataPlane(options: DataPlaneOptions) {
  const { gateway, keys } = options;

  /** A model call's body, refused with a 415 when it is not JSON and was not sent as JSON either. */
  async function readModelBody(req: IncomingMessage): Promise<Buffer> {
    const body = await readBody(req, options.bodyLimitBytes);
    refuseNonJsonBody(req.headers['content-type'], body);
    return body;
  }

  function listModels(req: IncomingMessage, res: ServerResponse, path: string): void {
    const key = authenticateListing(req);
    const names = gateway.catalog.names.filter((name) => !key?.models || key.models.has(name));
    const anthropic = typeof req.headers['anthropic-version'] === 'string';
    const describe = (name: string) =>
      anthropic ? anthropicModelInfo(name, maxTokensOf(name), maxInputOf(name)) : { id: name, object: 'model', created: 1_767_225_600, owned_by: 'switchyard' };
    let body: unknown;
    // Google's models.list and models.get: @google/genai 3 asks under /v1 (with its key header), 2 under /v1beta.
    if (typeof req.headers[GEMINI_API_KEY_HEADER] === 'string' || path.startsWith('/v1beta/') || path.startsWith('/v1alpha/')) body = geminiModels(path, names, (name) => ({ input: maxInputOf(name), output: maxTokensOf(name), embedding: embeddingOnly(name) }), dataPlaneQuery(req, GEMINI_MODELS_QUERY));
    else if (path.startsWith('/v1/models/')) {
      const id = decodeSegment(path.slice('/v1/models/'.length));
      if (!names.includes(id)) throw modelNotConfigured(id, names);
      body = describe(id);
    } else if (anthropic) {
      const query = dataPlaneQuery(req, ANTHROPIC_MODELS_QUERY);
      // Every model the gateway serves is active (anthropicModelInfo): a list of deprecated or retired ones alone has none.
      // Anthropic lists the models /v1/messages serves: an embedding model is no chat model to pick (multi-llm-ts offered one).
      const listed = query.lifecycle && !query.lifecycle.includes('active') ? [] : names.filter((name) => !embeddingOnly(name));
      const page = anthropicModelPage(listed, query);
      body = { data: page.names.map(describe), has_more: page.hasMore, first_id: page.names[0] ?? null, last_id: page.names.at(-1) ?? null };
    } else body = { object: 'list', data: names.map(describe) };
    const text = JSON.stringify(body);
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  }

  /** The targets of `name`; none when it does not resolve (the listing still names it). */
  function targetsOf(name: string): readonly Target[] {
    try {
      return gateway.catalog.resolve(name).targets;
    } catch {
      return [];
    }
  }

  /** The most output tokens every target of `name` can give, or null when one's limit is unknown. */
  function maxTokensOf(name: string): number | null {
    const limits = targetsOf(name).map((target) => target.outputLimit);
    return limits.length > 0 && limits.every((limit) => limit !== undefined) ? Math.min(...(limits as number[])) : null;
  }

  /** Every target of `name` is an embedding model (by its upstream name), so Google's listing gives it `embedContent`, not `generateContent`. */
  function embeddingOnly(name: string): boolean {
    const targets = targetsOf(name);
    return targets.length > 0 && targets.every((target) => isEmbeddingModelName(target.model));
  }

  /** The largest context window among the targets of `name` (a prompt too long for the others falls back to it), or null when one's is unknown. */
  function maxInputOf(name: string): number | null {
    const windows = targetsOf(name).map((target) => target.contextWindow);
    return windows.length > 0 && windows.every((window) => window !== undefined) ? Math.max(...(windows as number[])) : null;
  }

  function authenticateListing(req: IncomingMessage, presented = presentedSecret(req.headers) ?? geminiSecret(req, requestUrl(req))) {
    if (keys.open) return null;
    const secret = presented;
    // Google's paths (models.list, countTokens): the key goes where Google's SDKs put it.
    if (!secret) {
      // Anthropic's SDK sends anthropic-version on every call (count_tokens, models.list).
      const format = /^\/v1(beta|alpha)\/|:countTokens$/.test(requestUrl(req).pathname) ? 'gemini' : typeof req.headers['anthropic-version'] === 'string' ? 'anthropic' : undefined;
      throw missingApiKey(format, unreadKey(req.headers));
    }
    const key = keys.find(secret);
    // The same 401 as a model call's: the fingerprint, and why a revoked or rotated key is refused.
    if (!key) throw invalidApiKey(secret, keys.retiredSecret(secret));
    return key;
  }

  /**
   * A token count (Anthropic's count_tokens, OpenAI's responses input_tokens) is not a model
   * call: answered without limits, cost or a trace.
   */
  async function countTokens(req: IncomingMessage, res: ServerResponse, format: ClientFormat): Promise<void> {
    const requestId = newId('req');
    const controller = new CallAbort();
    res.on('close', () => controller.abort());
    try {
      const key = authenticateListing(req);
      const body = parseJsonBody(await readModelBody(req));
      const text = format === 'anthropic' ? await gateway.countTokens(key, body, controller) : await gateway.countResponseInputTokens(key, body);
      const id = format === 'anthropic' ? { 'request-id': requestId } : { 'x-request-id': requestId };
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...id });
      res.end(text);
    } catch (error) {
      sendError(res, format, toSwitchyardError(error), requestId);
    }
  }

  /** Google's `countTokens`: asked of Google for a Gemini provider, else counted locally (see `Gateway.countGeminiTokens`). */
  async function countGeminiTokens(req: IncomingMessage, res: ServerResponse, model: string, url: URL): Promise<void> {
    const requestId = newId('req');
    const controller = new CallAbort();
    res.on('close', () => controller.abort());
    try {
      const key = authenticateListing(req, geminiSecret(req, url));
      const body = parseJsonBody(await readModelBody(req));
      const text = await gateway.countGeminiTokens(key, model, body, controller);
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), 'x-request-id': requestId });
      res.end(text);
    } catch (error) {
      sendError(res, 'gemini', toSwitchyardError(error), requestId);
    }
  }

  /** A Gemini API call: its model, method and key from the path and query, then the pipeline as any call. */
  function serveGeminiCall(req: IncomingMessage, res: ServerResponse, path: string, gemini: GeminiApiCall): Promise<void> | undefined {
    const url = requestUrl(req);
    if (req.method !== 'POST') {
      sendError(res, 'gemini', methodNotAllowed(path, req.method, ['POST']), newId('req'));
      return undefined;
    }
    let alt: 'json' | 'sse';
    try {
      alt = geminiAlt(url);
    } catch (error) {
      sendError(res, 'gemini', toSwitchyardError(error), newId('req'));
      return undefined;
    }
    if (gemini.method === 'countTokens') {
      void countGeminiTokens(req, res, gemini.model, url);
      return undefined;
    }
    const fromPath: GeminiPathCall = { model: gemini.model, method: gemini.method };
    const embeds = gemini.method === 'embedContent' || gemini.method === 'batchEmbedContents';
    return serveModelCall(req, res, { endpoint: embeds ? 'embeddings' : 'gemini', format: 'gemini' }, { fromPath, secret: geminiSecret(req, url), sse: alt === 'sse' });
  }

  async function serveModelCall(req: IncomingMessage, res: ServerResponse, route: ModelRoute, gemini?: { fromPath: GeminiPathCall; secret: string | undefined; sse: boolean }): Promise<void> {
    const controller = new CallAbort();
    let clientClosed = false;
    const onClose = () => {
      if (res.writableFinished) return;
      clientClosed = true;
      controller.abort(new SwitchyardError('client_closed', 'the client closed the connection before its answer was complete'));
    };
    res.on('close', onClose);
    options.inFlight?.add(controller);
    const timeout = setTimeout(
      () => controller.abort(new SwitchyardError('upstream_timeout', `request took longer than the total timeout of ${options.totalTimeoutMs} ms`)),
      options.totalTimeoutMs,
    );
    let bodyText = '';
    let bodyError: SwitchyardError | undefined;
    let metadata: Record<string, unknown> | null = null;
    let session: string | null = null;
    let cache: CacheDirective | undefined;
    let cacheMaxAge: number | undefined;
    try {
      bodyText = decodeBodyText(await readModelBody(req));
      metadata = parseClientMetadata(req.headers['x-switchyard-metadata'], () => req.headersDistinct);
      session = sessionOf(req.headers, () => req.headersDistinct);
      cache = cacheDirective(req.headers);
      if (cache === undefined) cacheMaxAge = cacheMaxAgeMs(req.headers);
    } catch (error) {
      bodyError = toSwitchyardError(error);
    }
    const beta = req.headers['anthropic-beta'];
    const secret = gemini ? gemini.secret : presentedSecret(req.headers);
    const { call, outcome } = await gateway.handle({
      endpoint: route.endpoint,
      format: route.format,
      bodyText,
      bodyError,
      secret,
      // Read only for the 401: a call with a key never looks at it.
      unreadKey: secret ? undefined : unreadKey(req.headers),
      fromPath: gemini?.fromPath,
      metadata,
      session,
      forward: typeof beta === 'string' ? { 'anthropic-beta': beta } : undefined,
      cache,
      ...(cacheMaxAge === undefined ? {} : { cacheMaxAgeMs: cacheMaxAge }),
      traceparent: headerText(req.headers.traceparent),
      tracestate: headerText(req.headers.tracestate),
      signal: controller,
    });
    let settled = false;
    const beforeEnd = options.durableTraces
      ? async (status: number) => {
          settled = true;
          await call.settle({ status, clientClosed: false });
        }
      : undefined;
    try {
      // Without `?alt=sse` Google streams one JSON array of the same responses.
      const delivered = gemini && !gemini.sse ? asJsonArray(outcome, call.requestId) : outcome;
      const status = await deliverOutcome(res, call, delivered, route.format, () => clientClosed, beforeEnd);
      clearTimeout(timeout);
      res.off('close', onClose);
      options.inFlight?.delete(controller);
      if (!settled) await call.settle({ status, clientClosed });
    } catch (error) {
      clearTimeout(timeout);
      res.off('close', onClose);
      options.inFlight?.delete(controller);
      const failure = toSwitchyardError(error);
      // A throw before the status line went out (Node refuses a header value it cannot send) would
      // otherwise leave the client waiting for an answer that never comes.
      if (!res.headersSent) sendError(res, route.format, failure, call.requestId);
      else if (!res.writableEnded) res.end();
      if (!settled) await call.settle({ status: failure.status, clientClosed });
    }
  }

  /**
   * Handles a data-plane request; errors before a call exists are still answered in the API's
   * shape. For model calls it returns the promise that settles once the trace is queued, so a
   * shutdown can wait for it.
   */
  return function handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> | undefined {
    if (allowCrossOrigin(req, res, !keys.open)) return undefined;
    try {
      refuseOtherOrigins(req, !keys.open);
    } catch (error) {
      const format = ROUTES[path]?.format ?? (isGeminiApiPath(path) ? 'gemini' : typeof req.headers['anthropic-version'] === 'string' || COUNT_TOKENS.has(path) ? 'anthropic' : 'openai');
      sendError(res, format, toSwitchyardError(error), newId('req'));
      return undefined;
    }
    // Errors name the path as the client called it (a Groq SDK's `/openai/v1/…` is served as `/v1/…`).
    const called = (served: string) => asCalled(served, requestUrl(req).pathname);
    const route = ROUTES[path];
    if (route) {
      if (req.method !== 'POST') {
        const error =
          route.endpoint === 'chat' && req.method === 'GET' ? new SwitchyardError('not_found', `no route GET ${called(path)}: a chat completion is asked for with POST and a JSON body (curl -d '{"model": …, "messages": […]}'); ${STORED_CHAT_COMPLETIONS}`) : methodNotAllowed(called(path), req.method, ['POST']);
        sendError(res, route.format, error, newId('req'));
        return undefined;
      }
      return serveModelCall(req, res, route);
    }
    const gemini = geminiCallOf(path);
    if (gemini) return serveGeminiCall(req, res, path, gemini);
    const counting = COUNT_TOKENS.has(path) ? 'anthropic' : RESPONSE_INPUT_TOKENS.has(path) ? 'responses' : undefined;
    if (counting) {
      if (req.method !== 'POST') {
        sendError(res, counting, methodNotAllowed(called(path), req.method, ['POST']), newId('req'));
        return undefined;
      }
      void countTokens(req, res, counting);
      return undefined;
    }
    if (path.startsWith(STORED_PREFIX)) {
      const requestId = newId('req');
      res.setHeader('x-request-id', requestId);
      return (async () => serveStoredResponse(req, res, path, gateway.responseStore, authenticateListing(req)))().catch((error: unknown) =>
        sendError(res, 'openai', toSwitchyardError(error), requestId),
      );
    }
    try {
      if (req.method === 'DELETE' && path.startsWith('/v1/models/')) {
        // The SDK's models.delete (OpenAI's, for fine-tuned models): a 404 it raises as NotFoundError.
        throw new SwitchyardError('not_found', `no route DELETE ${called(path).slice(0, 120)}: deleting a model (models.delete) is not served: the models are the gateway config's; remove one there`);
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') throw methodNotAllowed(called(path.startsWith('/v1/models/') ? '/v1/models/{model}' : path), req.method, ['GET']);
      listModels(req, res, path);
    } catch (error) {
      const format = typeof req.headers['anthropic-version'] === 'string' ? 'anthropic' : typeof req.headers[GEMINI_API_KEY_HEADER] === 'string' || isGeminiApiPath(path) ? 'gemini' : 'openai';
      sendError(res, format, toSwitchyardError(error), newId('req'));
    }
    return undefined;
  };
}

/** The request's URL, for its query (`?alt=sse`, `?key=`); the host is a placeholder. */
function requestUrl(req: IncomingMessage): URL {
  return new URL(req.url ?? '/', 'http://gateway');
}

/**
 * The client's cache directive: `x-switchyard-cache: off` (or `no-store`) and `Cache-Control:
 * no-store` leave the response cache alone; `x-switchyard-cache: refresh` and `Cache-Control:
 * no-cache` fetch a fresh answer, which then replaces the stored one. Any other value of the
 * gateway's own header is refused: `x-switchyard-cache: of` was answered from the cache.
 */
export function cacheDirective(headers: IncomingMessage['headers']): CacheDirective | undefined {
  const own = headers['x-switchyard-cache'];
  if (typeof own === 'string' && own.trim() !== '') {
    const value = own.trim().toLowerCase();
    if (value === 'off' || value === 'no-store') return 'no-store';
    if (value === 'refresh' || value === 'no-cache') return 'no-cache';
    const meant = value.length <= 40 ? closestName(value, CACHE_VALUES) : undefined;
    throw new SwitchyardError('invalid_request', `x-switchyard-cache must be "off" (or "no-store") or "refresh" (or "no-cache"), got ${describeValue(own)}${meant ? ` (did you mean "${meant}"?)` : ''}`, { param: 'x-switchyard-cache' });
  }
  const control = headers['cache-control'];
  if (typeof control !== 'string') return undefined;
  if (/(^|[\s,])no-store($|[\s,])/i.test(control)) return 'no-store';
  if (/(^|[\s,])no-cache($|[\s,])/i.test(control)) return 'no-cache';
  // RFC 9111: a request's max-age=0 accepts no stored answer, however new; it was answered from the cache.
  if (cacheMaxAgeMs(headers) === 0) return 'no-cache';
  return undefined;
}

/**
 * The oldest stored answer the client accepts, from `Cache-Control: max-age=N` (N seconds, as RFC
 * 9111 reads it in a request), or undefined without one: an older entry is not served, and the fresh
 * answer replaces it. `max-age=0` is a refresh (`cacheDirective`).
 *
 * @example cacheMaxAgeMs({ 'cache-control': 'max-age=600' }) // 600000
 */
export function cacheMaxAgeMs(headers: IncomingMessage['headers']): number | undefined {
  const control = headers['cache-control'];
  if (typeof control !== 'string') return undefined;
  const match = /(?:^|[\s,])max-age\s*=\s*"?(\d{1,12})"?(?=$|[\s,])/i.exec(control);
  return match ? Number(match[1]) * 1000 : undefined;
}

const CACHE_VALUES = ['off', 'no-store', 'refresh', 'no-cache'];

/** A single-valued header as text (a repeated one is not a valid trace context). */
function headerText(value: string | string[] | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
