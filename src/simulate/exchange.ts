/**
 * One request/response pair and the ways to answer it: JSON after a single latency timer,
 * an error in the API's shape, or a server-sent event stream (see `sse.ts`).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { JsonObject } from '../core/openai-wire.js';
import { type HeaderMap, type IdFactory, JSON_TYPE, type RateWindow, responseHeaders, SSE_TYPE } from './headers.js';
import type { PromptCache } from './prompt-digest.js';
import type { ResponseMemory } from './response-memory.js';
import type { ScriptBook } from './script.js';
import { type SseEvent, writeEvents } from './sse.js';
import type { Api, WireError } from './wire-errors.js';

export interface Timing {
  ttftMs: number;
  latencyMs: number;
  tokensPerSecond: number;
}

/** What handlers share across requests. */
export interface SimulatorState {
  ids: IdFactory;
  scripts: ScriptBook;
  cache: PromptCache;
  window: RateWindow;
  /** Models seen in requests, so `GET /v1/models` lists what clients use. */
  models: Set<string>;
  /** Stored Responses API answers, for `previous_response_id`. */
  responses: ResponseMemory;
  countStatus(status: number): void;
  /** A stream the client closed before its end, and the tokens it never generated. */
  countAbandoned(unsentTokens: number): void;
}

export interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  api: Api;
  path: string;
  /** The parsed JSON body; empty for GET requests. */
  body: JsonObject;
  requestId: string;
  /** `Date.now()` when the request arrived, for `openai-processing-ms`. */
  started: number;
  timing: Timing;
  /** Set by a `stream_cut` fault: how many events (or half the JSON body) to send before dropping the socket. */
  cutAfter: number | undefined;
  /** Set by a `status` fault with `afterChunks` on a stream: the error event that ends it. */
  streamError: SseEvent | undefined;
  state: SimulatorState;
  /** Headers an answer adds to the API's own (Gemini's `x-gemini-service-tier`). */
  answerHeaders?: HeaderMap;
}

function headersFor(ex: Exchange, tokens: number, contentType: string): HeaderMap {
  const headers = responseHeaders(ex.api, ex.requestId, ex.started, ex.state.window, tokens, contentType);
  return ex.answerHeaders ? Object.assign(headers, ex.answerHeaders) : headers;
}

function later(ex: Exchange, delayMs: number, action: () => void): void {
  if (delayMs <= 0) return action();
  const timer = setTimeout(action, delayMs);
  // A client that gave up must not leave a timer behind that writes to a dead socket.
  ex.res.once('close', () => clearTimeout(timer));
}

/**
 * How long a non-streaming answer of `outputTokens` takes: ttft + latency, plus generation
 * time when a token pace is set (a real model takes longer to write a longer answer).
 *
 * @example generationDelay(ex, 40) // 250 with ttftMs 50, latencyMs 0 and 200 tokens/s
 */
export function generationDelay(ex: Exchange, outputTokens: number): number {
  const { ttftMs, latencyMs, tokensPerSecond } = ex.timing;
  return ttftMs + latencyMs + (tokensPerSecond > 0 ? (outputTokens * 1000) / tokensPerSecond : 0);
}

/**
 * Answers 200 with JSON after `delayMs`, with headers counting `totalTokens` against the window.
 *
 * @example sendJson(ex, JSON.stringify(completion), completion.usage.total_tokens, generationDelay(ex, 12))
 */
export function sendJson(ex: Exchange, json: string, totalTokens: number, delayMs: number): void {
  later(ex, delayMs, () => {
    if (ex.res.destroyed) return;
    const headers = headersFor(ex, totalTokens, JSON_TYPE);
    ex.state.countStatus(200);
    if (ex.cutAfter !== undefined) return cutJson(ex, headers, json);
    headers['content-length'] = String(Buffer.byteLength(json));
    ex.res.writeHead(200, headers);
    ex.res.end(json);
  });
}

/** A `stream_cut` on a non-streaming answer: promise the whole body, send half, drop the socket. */
function cutJson(ex: Exchange, headers: HeaderMap, json: string): void {
  const bytes = Buffer.from(json);
  headers['content-length'] = String(bytes.length);
  ex.res.writeHead(200, headers);
  ex.res.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => ex.res.destroy());
}

/**
 * A `not_json` fault: 200 with an HTML page where the JSON answer should be, as a proxy or a
 * misconfigured endpoint in front of an API sends. The API generated the answer behind it.
 */
export function sendNotJson(ex: Exchange): void {
  const page = '<html><head><title>Upstream</title></head><body><h1>Service temporarily rerouted</h1></body></html>\n';
  const headers = headersFor(ex, 0, 'text/html; charset=utf-8');
  headers['content-length'] = String(Buffer.byteLength(page));
  ex.state.countStatus(200);
  ex.res.writeHead(200, headers);
  ex.res.end(page);
}

/**
 * Answers with an error in the API's shape, after `delayMs` (a fault's delay) if given.
 *
 * @example sendError(ex, openaiError(400, { message: 'you must provide a model parameter', param: 'model' }))
 */
export function sendError(ex: Exchange, error: WireError, delayMs = 0): void {
  later(ex, delayMs, () => {
    if (ex.res.destroyed) return;
    const headers = headersFor(ex, 0, JSON_TYPE);
    if (error.headers) Object.assign(headers, error.headers);
    headers['content-length'] = String(Buffer.byteLength(error.body));
    ex.state.countStatus(error.status);
    ex.res.writeHead(error.status, headers);
    ex.res.end(error.body);
  });
}

/**
 * Streams pre-rendered SSE events: headers at once, events after ttft, paced at
 * `tokensPerSecond` (token events only), cut short by a `stream_cut` fault.
 *
 * @example sendStream(ex, [{ data: 'data: {...}\n\n', token: true }, { data: 'data: [DONE]\n\n', token: false }], 30)
 */
export function sendStream(ex: Exchange, events: SseEvent[], totalTokens: number): void {
  const headers = headersFor(ex, totalTokens, SSE_TYPE);
  headers['cache-control'] = 'no-cache';
  ex.state.countStatus(200);
  ex.res.writeHead(200, headers);
  // With a delay ahead, let the client see the 200 now, as the real APIs do; otherwise the
  // headers go out with the events in one write.
  if (ex.timing.ttftMs > 0 || ex.timing.tokensPerSecond > 0) ex.res.flushHeaders();
  writeEvents(ex.res, events, { ...ex.timing, cutAfter: ex.cutAfter, errorEvent: ex.streamError, onAbandoned: ex.state.countAbandoned });
}
