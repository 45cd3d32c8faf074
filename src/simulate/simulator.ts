/**
 * The simulator: a plain `node:http` server that answers like the OpenAI and Anthropic APIs.
 * Per request: route → read body → authenticate → parse → validate → faults → answer. Every
 * step is synchronous apart from at most one timer, so thousands of requests per second fit
 * on a small machine.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { listenError } from '../core/listen-error.js';
import type { JsonObject } from '../core/openai-wire.js';
import { responsesErrorEvent } from '../core/openai-error.js';
import { handleControl } from './control.js';
import { type Exchange, sendError, sendNotJson, type SimulatorState, type Timing } from './exchange.js';
import { FaultBook } from './faults.js';
import { geminiAlt } from '../core/gemini-alt.js';
import { geminiError, geminiStreamError } from './gemini-errors.js';
import { IdFactory, newRequestId, RateWindow } from './headers.js';
import { PromptCache } from './prompt-digest.js';
import { ResponseMemory } from './response-memory.js';
import { apiOf, checkAuth, findRoute, notFound, type Route } from './routes.js';
import { ScriptBook } from './script.js';
import { dataEvent, namedEvent, type SseEvent } from './sse.js';
import { StatsRecorder } from './stats.js';
import type { FaultRule, Simulator, SimulatorOptions } from './types.js';
import { type Api, apiError, type WireError } from './wire-errors.js';

// Bodies past this are refused with 413, like the providers' own request-size limits.
const MAX_BODY_BYTES = 32 * 1024 * 1024;
const MAX_SEEN_MODELS = 1_000;

interface Runtime {
  options: Required<Pick<SimulatorOptions, 'ttftMs' | 'tokensPerSecond' | 'latencyMs'>>;
  state: SimulatorState;
  faults: FaultBook;
  stats: StatsRecorder;
  sim: Simulator;
}

function headerNumber(value: string | string[] | undefined, fallback: number): number {
  if (typeof value !== 'string') return fallback;
  const parsed = Number(value);
  return Number.isFinite(parsed) && parsed >= 0 ? parsed : fallback;
}

function readBody(req: IncomingMessage, done: (text: string | undefined) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk);
  });
  req.on('end', () => done(size > MAX_BODY_BYTES ? undefined : chunks.length === 1 ? (chunks[0] as Buffer).toString('utf8') : Buffer.concat(chunks).toString('utf8')));
  req.on('error', () => req.socket.destroy());
}

function parseJson(text: string): JsonObject | undefined {
  if (text === '') return {};
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : undefined;
  } catch {
    return undefined;
  }
}

const BAD_JSON: Record<Api, string> = {
  openai:
    "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)",
  anthropic: 'There was an issue with the formatting or content of your request: the body is not valid JSON.',
  gemini: 'Invalid JSON payload received. Unexpected token.',
};

function handle(rt: Runtime, req: IncomingMessage, res: ServerResponse): void {
  const url = req.url ?? '/';
  const query = url.indexOf('?');
  const path = query < 0 ? url : url.slice(0, query);
  const method = req.method ?? 'GET';
  if (path.startsWith('/_sim/')) {
    readBody(req, (text) => handleControl({ sim: rt.sim, reset: () => resetAll(rt) }, method, path, text ?? '', res, new URLSearchParams(query < 0 ? '' : url.slice(query + 1))));
    return;
  }
  const route = findRoute(method, path, req.headers);
  const api = route?.api ?? apiOf(path, req.headers);
  const timing: Timing = {
    ttftMs: headerNumber(req.headers['x-sim-ttft-ms'], rt.options.ttftMs),
    latencyMs: headerNumber(req.headers['x-sim-latency-ms'], rt.options.latencyMs),
    tokensPerSecond: headerNumber(req.headers['x-sim-tokens-per-second'], rt.options.tokensPerSecond),
  };
  const ex: Exchange = { req, res, api, path, body: {}, requestId: newRequestId(api, rt.state.ids), started: Date.now(), timing, cutAfter: undefined, streamError: undefined, state: rt.state };
  readBody(req, (text) => {
    try {
      answer(rt, ex, route, method, text);
    } catch (error) {
      // A bug in a handler must cost one request, not the process the benchmark relies on.
      if (!res.headersSent) sendError(ex, apiError(api, 500, { message: `simulator error: ${(error as Error).message}` }, ex.requestId));
      else res.destroy();
    }
  });
}

function answer(rt: Runtime, ex: Exchange, route: Route | undefined, method: string, text: string | undefined): void {
  const { api, path, req, requestId } = ex;
  if (text === undefined) {
    rt.stats.record(method, path, null, req.headers, null);
    return sendError(ex, apiError(api, 413, { message: `Request body exceeds the maximum size of ${MAX_BODY_BYTES} bytes.` }, requestId));
  }
  const body = parseJson(text);
  const model = route?.model ?? (route?.hasModel && typeof body?.model === 'string' ? body.model : null);
  rt.stats.record(method, path, model, req.headers, body ?? null);
  if (!route) return sendError(ex, notFound(api, method, path, requestId));
  // Google refuses an `alt` it cannot render ahead of the key check, on every method.
  const badAlt = api === 'gemini' ? refusedAlt(req.url) : undefined;
  if (badAlt) return sendError(ex, badAlt);
  const denied = checkAuth(api, req.headers, requestId, req.url);
  if (denied) return sendError(ex, denied);
  if (!body) return sendError(ex, apiError(api, 400, { message: BAD_JSON[api] }, requestId));
  ex.body = body;
  const prepared = route.prepare(ex);
  if (typeof prepared !== 'function') return sendError(ex, prepared);
  if (model !== null && rt.state.models.size < MAX_SEEN_MODELS) rt.state.models.add(model);
  const fault = rt.faults.active ? rt.faults.take(path, model) : undefined;
  if (!fault) return prepared();
  rt.stats.countFault();
  applyFault(ex, fault, prepared);
}

function applyFault(ex: Exchange, fault: FaultRule, respond: () => void): void {
  switch (fault.kind) {
    case 'status':
      if (fault.afterChunks !== undefined && isStreaming(ex)) {
        // A stream that starts well and then reports an error in-band, as an overloaded API does.
        ex.cutAfter = fault.afterChunks;
        ex.streamError = streamErrorEvent(ex, faultError(ex, fault), fault.afterChunks);
        return respond();
      }
      return sendError(ex, faultError(ex, fault), fault.delayMs ?? 0);
    case 'timeout':
      // Accept and never answer; the socket stays open until the client gives up or close().
      return;
    case 'stream_cut':
      ex.cutAfter = fault.afterChunks ?? 1;
      return respond();
    case 'slow':
      ex.timing.ttftMs += fault.delayMs ?? 1_000;
      return respond();
    case 'reset':
      // A TCP reset once the request was read, before any byte of an answer: the client cannot
      // tell whether the API ever saw it (a load balancer's idle close, a crashed server).
      ex.res.socket?.resetAndDestroy();
      return;
    case 'not_json':
      return sendNotJson(ex);
  }
}

function isStreaming(ex: Exchange): boolean {
  if (ex.api === 'gemini') return ex.path.endsWith(':streamGenerateContent');
  return ex.body.stream === true && (ex.path === '/v1/chat/completions' || ex.path === '/v1/messages' || ex.path === '/v1/responses');
}

/**
 * The in-band error each API sends; the Responses API's is a typed `error` event numbered after the
 * events sent, its fields both flat and nested under `error`, as OpenAI sends them.
 */
function streamErrorEvent(ex: Exchange, error: WireError, sent: number): SseEvent {
  if (ex.api === 'gemini') return geminiStreamError(error);
  if (ex.path === '/v1/responses') {
    const detail = (JSON.parse(error.body) as { error: { message: string; type: string; code: string | null; param: string | null } }).error;
    const code = detail.code ?? (error.status === 429 ? 'rate_limit_exceeded' : 'server_error');
    return namedEvent('error', JSON.stringify({ type: 'error', ...responsesErrorEvent({ type: detail.type, code, message: detail.message, param: detail.param }), sequence_number: sent }), false);
  }
  return ex.api === 'openai' ? dataEvent(error.body, false) : namedEvent('error', error.body, false);
}

function faultError(ex: Exchange, fault: FaultRule): WireError {
  const status = fault.status ?? 500;
  const error =
    ex.api === 'gemini'
      ? geminiError(status, { message: fault.message, retryAfter: status === 429 ? fault.retryAfter : undefined })
      : apiError(ex.api, status, { ...(fault.message === undefined ? {} : { message: fault.message }), ...(fault.type === undefined ? {} : { type: fault.type }), ...(fault.code === undefined ? {} : { code: fault.code }) }, ex.requestId);
  const headers: Record<string, string> = {};
  if (fault.retryAfter !== undefined) headers['retry-after'] = String(fault.retryAfter);
  if (fault.retryAfterMs !== undefined) headers['retry-after-ms'] = String(fault.retryAfterMs);
  if (status === 429 && ex.api !== 'gemini') headers[ex.api === 'openai' ? 'x-ratelimit-remaining-requests' : 'anthropic-ratelimit-requests-remaining'] = '0';
  if (status === 529 || status === 503) headers['x-should-retry'] = 'true';
  return { ...error, headers };
}

function resetAll(rt: Runtime): void {
  rt.faults.clear();
  rt.state.scripts.clear();
  rt.state.cache.clear();
  rt.state.models.clear();
  rt.state.responses.clear();
  rt.stats.reset();
}

function publicHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

/**
 * Starts a simulator and resolves once it listens.
 *
 * @example
 * const sim = await startSimulator({ port: 0, ttftMs: 0, tokensPerSecond: 0 });
 * const openai = new OpenAI({ baseURL: `${sim.url}/v1`, apiKey: 'sk-sim' });
 * const anthropic = new Anthropic({ baseURL: sim.url, apiKey: 'sk-sim' });
 * sim.addFault({ kind: 'status', status: 429, times: 1 });
 * await sim.close();
 */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const stats = new StatsRecorder(options.keepLastRequests ?? 50);
  const state: SimulatorState = {
    ids: new IdFactory(),
    scripts: new ScriptBook(),
    cache: new PromptCache(),
    window: new RateWindow(),
    models: new Set(),
    responses: new ResponseMemory(),
    countStatus: (status) => stats.countStatus(status),
    countAbandoned: (unsentTokens) => stats.countAbandoned(unsentTokens),
  };
  const faults = new FaultBook(options.random ?? Math.random, options.faultRate ?? 0);
  const server = createServer({ keepAliveTimeout: 65_000 });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    // A second `switchyard simulate` on 9300 is the usual cause: say so, not a stack trace.
    // `--port N` alone left the example configs on the taken port, fronting the other simulator.
    const inUse = {
      hint: ` (a simulator already running? curl http://${publicHost(host)}:${options.port ?? 0}/_sim/health)`,
      moveIt: 'export SWITCHYARD_SIM_PORT=N, which moves the simulator and the example configs that front it (--port N moves the simulator alone)',
    };
    const failed = (error: NodeJS.ErrnoException) => reject(listenError(error, `${host}:${options.port ?? 0}`, inUse));
    server.once('error', failed);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', failed);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const sim: Simulator = {
    url: `http://${publicHost(host)}:${port}`,
    port,
    addFault: (rule) => faults.add(rule),
    clearFaults: () => faults.clear(),
    addScript: (rule, first) => state.scripts.add(rule, first),
    clearScripts: () => state.scripts.clear(),
    listFaults: () => faults.list(),
    listScripts: () => state.scripts.list(),
    stats: () => stats.snapshot(),
    resetStats: () => stats.reset(),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Held `timeout` faults and idle keep-alive sockets would otherwise keep close() waiting.
        server.closeAllConnections();
      }),
  };
  const rt: Runtime = {
    options: { ttftMs: options.ttftMs ?? 0, tokensPerSecond: options.tokensPerSecond ?? 0, latencyMs: options.latencyMs ?? 0 },
    state,
    faults,
    stats,
    sim,
  };
  server.on('request', (req: IncomingMessage, res: ServerResponse) => handle(rt, req, res));
  return sim;
}

/** Google's 400 INVALID_ARGUMENT for a Gemini `?alt=` it does not serve (the gateway's rule), else undefined. */
function refusedAlt(url: string | undefined): WireError | undefined {
  try {
    geminiAlt(new URL(url ?? '/', 'http://simulator'), 'the simulator');
    return undefined;
  } catch (error) {
    return geminiError(400, { message: (error as Error).message });
  }
}
