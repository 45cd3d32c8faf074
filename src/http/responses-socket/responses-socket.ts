import { type IncomingMessage, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';
import { CallAbort } from '../../core/call-abort.js';
import type { Clock } from '../../core/clock.js';
import { parseClientMetadata } from '../../core/client-metadata.js';
import { sessionOf } from '../../core/client-session.js';
import { SwitchyardError, toSwitchyardError } from '../../core/errors.js';
import { clientStatus } from '../../core/formats.js';
import { newId } from '../../core/ids.js';
import type { JsonObject } from '../../core/openai-wire.js';
import type { ResponseObject, ResponsesRequest } from '../../core/responses-wire.js';
import type { Call } from '../../gateway/call.js';
import { responseEnvelope } from '../../gateway/client-formats/responses/response-envelope.js';
import type { Gateway } from '../../gateway/gateway.js';
import type { Outcome } from '../../gateway/outcome.js';
import { invalidApiKey, missingApiKey } from '../../gateway/stages/authenticate.js';
import { type KeyRegistry, presentedSecret, unreadKey } from '../../limits/keys.js';
import { refuseOtherOrigins } from '../cors.js';
import { cacheDirective } from '../data-plane.js';
import { errorBody } from '../error-response.js';
import { errorFrame, onLane, SseFrames } from './socket-frames.js';
import { type SteerTarget, steerFailed } from './socket-steer.js';
import { withTooBigReason } from './socket-close-reasons.js';
import { DEFAULT_SOCKET_LIFETIME, SocketLifetime, type SocketLifetimeLimits } from './socket-lifetime.js';
import { type Lane, type MessageTrace, type SocketMessage, SocketTurns } from './socket-turns.js';
import { timedOut } from '../../core/timed-out.js';

export interface ResponsesSocketOptions {
  gateway: Gateway;
  keys: KeyRegistry;
  /** The largest message taken, as the HTTP body limit: a bigger frame closes the socket with 1009, its reason naming the limit. */
  bodyLimitBytes: number;
  totalTimeoutMs: number;
  /** `traces.durability: sync`: a response's trace is journaled before its last event goes out. */
  durableTraces?: boolean;
  /** Idle timeout and maximum age of a socket (default 10 and 60 minutes); tests pass short ones. */
  lifetime?: SocketLifetimeLimits;
  /** The clock those limits are kept on (default the system's); tests step it. */
  clock?: Clock;
}

/** The paths that take the WebSocket mode: the Responses API's, with and without `/v1`. */
export const RESPONSES_SOCKET_PATHS: ReadonlySet<string> = new Set(['/v1/responses', '/responses']);

/** Bytes queued on a socket past which sending waits for them to go out (a slow client slows its upstream). */
const HIGH_WATER_BYTES = 1024 * 1024;
/** Messages a client may have waiting or being answered, across its lanes (so also the most lanes answered at once). */
const MAX_QUEUED = 16;
/** How long a socket closed for flooding has to take its close frame before it is cut. */
const CLOSE_GRACE_MS = 2_000;

/** What the upgrade request said once, for every response of its connection. */
interface Connection {
  secret: string | undefined;
  metadata: Record<string, unknown> | null;
  session: string | null;
  cache: ReturnType<typeof cacheDirective>;
  /** The upgrade's `traceparent` / `tracestate` headers, for messages that carry none of their own. */
  trace: MessageTrace;
}

/**
 * Per-message compression (RFC 7692), which the Codex CLI offers (`permessage-deflate;
 * client_max_window_bits`) and OpenAI's endpoint accepts, negotiated when the client offers it.
 * Messages under 1 KiB (most stream events: a text delta is ~200 bytes) go as they are, where
 * compressing costs more CPU than it saves bytes; larger ones (Codex's request with its tools and
 * instructions, `response.completed` with the whole response) at zlib's fastest level, JSON
 * compressing well even so. memLevel 7 keeps a socket's compressor at ~192 KB rather than 256 KB.
 * `maxPayload` (the body limit) bounds a message once inflated, so a small compressed message
 * cannot expand past it.
 */
const DEFLATE = { threshold: 1024, zlibDeflateOptions: { level: 1, memLevel: 7 } };

/**
 * OpenAI's Responses API WebSocket mode on `/v1/responses`: the transport the Codex CLI's built-in
 * OpenAI provider uses. The upgrade is authenticated as an HTTP call is (a bad key gets a 401 in
 * the API's shape before any socket exists); then each `response.create` message is one call
 * through the same pipeline as `POST /v1/responses` with `stream: true` (keys, limits, budgets,
 * guards, routing, one trace per response), its SSE events sent as JSON text frames. A lane
 * (`stream_id`) answers its messages one at a time, in order; different lanes run side by side. A
 * bad message gets an `error` event and the socket keeps serving.
 *
 * @example const sockets = createResponsesSocket({ gateway, keys, bodyLimitBytes, totalTimeoutMs }); server.on('upgrade', (req, socket, head) => sockets.upgrade(req, socket, head));
 */
export function createResponsesSocket(options: ResponsesSocketOptions) {
  const { gateway, keys } = options;
  const server = new WebSocketServer({ noServer: true, maxPayload: options.bodyLimitBytes, perMessageDeflate: DEFLATE, WebSocket: withTooBigReason(options.bodyLimitBytes) });
  const inFlight = new Set<Promise<void>>();
  let draining = false;

  function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    let connection: Connection;
    try {
      if (draining) throw new SwitchyardError('unavailable', 'the gateway is shutting down: retry, and the next attempt goes to a running replica', { retryAfter: 1 });
      refuseOtherOrigins(req, !keys.open);
      connection = authenticateUpgrade(req);
    } catch (error) {
      refuseUpgrade(socket, toSwitchyardError(error));
      return;
    }
    server.handleUpgrade(req, socket, head, (ws) => serve(ws, connection));
  }

  function authenticateUpgrade(req: IncomingMessage): Connection {
    const secret = presentedSecret(req.headers);
    if (!keys.open) {
      if (!secret) throw missingApiKey(undefined, unreadKey(req.headers));
      if (!keys.find(secret)) throw invalidApiKey(secret, keys.retiredSecret(secret));
    }
    const { traceparent, tracestate } = req.headers;
    const trace = { ...(typeof traceparent === 'string' ? { traceparent } : {}), ...(typeof tracestate === 'string' ? { tracestate } : {}) };
    return { secret, metadata: parseClientMetadata(req.headers['x-switchyard-metadata'], () => req.headersDistinct), session: sessionOf(req.headers, () => req.headersDistinct), cache: cacheDirective(req.headers), trace };
  }

  function serve(ws: WebSocket, connection: Connection): void {
    const turns = new SocketTurns();
    /** The last turn queued on each lane with one waiting or in progress: the next on that lane waits for it. */
    const lanes = new Map<Lane, Promise<void>>();
    /** Messages waiting or being answered, across lanes. */
    let queued = 0;
    /** The calls in progress, one per lane at most, with the first event of each (its `response.created`): a close aborts each. */
    const running = new Map<CallAbort, { lane: Lane; first?: string }>();
    const life = new SocketLifetime(ws, options.lifetime ?? DEFAULT_SOCKET_LIFETIME, options.clock);
    // Frames over the size limit or invalid UTF-8: `ws` closes the socket with the code that says so.
    ws.on('error', () => {});
    ws.on('close', () => {
      for (const abort of running.keys()) abort.abort(new SwitchyardError('client_closed', 'the client closed the WebSocket before its answer was complete'));
    });
    ws.on('message', (data, isBinary) => {
      if (queued >= MAX_QUEUED) {
        // A client that floods the socket and reads none of its events would have each refusal
        // pile up in memory behind the unread ones (300 bytes kept per 6-byte frame): it is closed.
        if (ws.bufferedAmount >= HIGH_WATER_BYTES) {
          ws.close(1008, `more than ${MAX_QUEUED} messages wait and ${Math.round(ws.bufferedAmount / 1024)} KiB of events are unread: read the events`);
          // The close frame waits behind those events: a client that never reads would hold the socket 30 s (ws's close timeout).
          setTimeout(() => ws.terminate(), CLOSE_GRACE_MS).unref();
          return;
        }
        send(ws, errorFrame(new SwitchyardError('rate_limited', `more than ${MAX_QUEUED} messages wait for the responses in progress: send a lane's next response.create after its response.completed`), newId('req')));
        return;
      }
      let message: SocketMessage;
      try {
        if (isBinary) throw new SwitchyardError('invalid_request', 'binary frames are not read: send each client event as a JSON text frame');
        message = turns.read(textOf(data));
      } catch (error) {
        // No lane to answer on: the default lane's, after its response in progress (a client of
        // that lane alone, as the Codex CLI, reads the refusal after the response before it).
        enqueue(undefined, () => send(ws, errorFrame(toSwitchyardError(error), newId('req'))));
        return;
      }
      if (message.kind === 'ignore') return;
      if (message.kind === 'steer') {
        // Answered at once, as OpenAI answers a steer while its response streams; counted as waiting until sent.
        const steer = message;
        enqueue(undefined, () => send(ws, steerFailed(steer, steered)), false);
        return;
      }
      const create = message;
      enqueue(create.lane, () => answer(create.body, create.lane));
    });

    /**
     * Runs `work` once the lane's earlier messages are answered: one response at a time on a lane,
     * lanes side by side (as OpenAI runs them).
     */
    function enqueue(lane: Lane, work: () => Promise<void> | undefined, ordered = true): void {
      queued++;
      life.busy();
      const turn: Promise<void> = ((ordered && lanes.get(lane)) || Promise.resolve())
        .then(() => (ws.readyState === ws.OPEN ? work() : undefined))
        .finally(() => {
          queued--;
          life.idle();
          if (lanes.get(lane) === turn) lanes.delete(lane);
        });
      if (ordered) lanes.set(lane, turn);
      inFlight.add(turn);
      void turn.finally(() => inFlight.delete(turn));
    }

    async function answer(body: JsonObject, lane: Lane): Promise<void> {
      if (life.expired) {
        // As OpenAI answers a socket past its 60 minutes: a 400 whose code clients (the Codex CLI)
        // retry on a new connection with the whole input; then the socket closes, once no other
        // lane's response is in progress (else the lifetime closes it when they end).
        await send(ws, onLane(errorFrame(new SwitchyardError('invalid_request', life.ageLimitMessage, { vendorCode: 'websocket_connection_limit_reached' }), newId('req')), lane));
        if (running.size === 0) life.closeExpired();
        return;
      }
      const abort = new CallAbort();
      try {
        const request = turns.prepare({ body, lane });
        if (request.kind === 'warmup') {
          await warmUp(request.body, request.input, lane);
          return;
        }
        const entry: { lane: Lane; first?: string } = { lane };
        running.set(abort, entry);
        await respond(request.bodyText, request.input, request.trace, lane, abort, (frame) => {
          entry.first = frame;
        });
      } catch (error) {
        // A body refused before any call (400), or a bug (the pipeline answers its own failures
        // as outcomes), which must not end the socket nor the other lanes.
        await send(ws, onLane(errorFrame(toSwitchyardError(error), newId('req')), lane));
      } finally {
        running.delete(abort);
      }
    }

    /** Where a response a `response.steer` names stands: in progress on a lane (by its first event's id), or answered. */
    function steered(id: string): SteerTarget {
      for (const { lane, first } of running.values()) if (first !== undefined && responseIdOf(first) === id) return { state: 'in_progress', lane };
      const answered = turns.answered(id);
      return answered && { state: 'completed', lane: answered.lane };
    }

    async function respond(bodyText: string, input: unknown[], trace: MessageTrace, lane: Lane, abort: CallAbort, first: (frame: string) => void): Promise<void> {
      const timeout = setTimeout(
        () => abort.abort(new SwitchyardError('upstream_timeout', `request took longer than the total timeout of ${options.totalTimeoutMs} ms`)),
        options.totalTimeoutMs,
      );
      try {
        const { call, outcome } = await gateway.handle({
          endpoint: 'responses',
          format: 'responses',
          bodyText,
          secret: connection.secret,
          metadata: connection.metadata,
          session: connection.session,
          cache: connection.cache,
          // The message's trace context, else the upgrade's headers: the call's span joins that trace.
          ...(trace.traceparent === undefined ? connection.trace : trace),
          signal: abort,
        });
        let settled = false;
        const settle = async (status: number) => {
          settled = true;
          // Closing starts before `close` fires (and aborts the call): either says the client left.
          await call.settle({ status, clientClosed: ws.readyState !== ws.OPEN || (abort.aborted && isClientClosed(abort.reason)) });
        };
        const { status, completed } = await deliver(ws, call, outcome, lane, options.durableTraces ? settle : undefined, first);
        if (!settled) await settle(status);
        if (completed) remember(completed, input, lane);
      } finally {
        clearTimeout(timeout);
      }
    }

    function remember(completedFrame: string, input: unknown[], lane: Lane): void {
      let response: { id?: unknown; output?: unknown } | undefined;
      try {
        ({ response } = JSON.parse(completedFrame) as { response?: { id?: unknown; output?: unknown } });
      } catch {
        return; // an upstream's malformed event: the client got it as sent, and the chain starts again
      }
      if (typeof response?.id === 'string' && Array.isArray(response.output)) turns.remember(response.id, input, response.output, lane);
    }

    /**
     * `generate: false`: the Codex CLI's warm-up before a session's first turn. Answered with a
     * completed response without output, whose id the next turn continues; no model call, so no trace.
     */
    async function warmUp(body: Record<string, unknown>, input: unknown[], lane: Lane): Promise<void> {
      const id = newId('resp');
      const now = Math.floor(Date.now() / 1000);
      const state = { id, createdAt: now, model: typeof body.model === 'string' ? body.model : '', output: [], usage: null, incomplete: null, error: null };
      const request = body as ResponsesRequest;
      const created: ResponseObject = responseEnvelope(request, { ...state, status: 'in_progress' });
      await send(ws, onLane(JSON.stringify({ type: 'response.created', response: created, sequence_number: 0 }), lane));
      await send(ws, onLane(JSON.stringify({ type: 'response.completed', response: responseEnvelope(request, { ...state, status: 'completed', completedAt: now }), sequence_number: 1 }), lane));
      turns.remember(id, input, [], lane);
    }
  }

  /**
   * Stops taking sockets; each open one closes (1001) once its response in progress is answered,
   * and whatever is still running at the deadline is cut off (each such call still leaves a trace).
   */
  async function close(deadlineMs: number): Promise<void> {
    draining = true;
    await timedOut(Promise.allSettled([...inFlight]), deadlineMs);
    for (const ws of server.clients) ws.close(1001, 'the gateway is shutting down');
    for (const ws of server.clients) ws.terminate();
    await timedOut(Promise.allSettled([...inFlight]), 1_000);
  }

  return { upgrade, close };
}

/**
 * Sends one frame; when the socket's queue is long, waits until it went out, so a client that
 * reads slowly slows the upstream instead of filling memory.
 */
function send(ws: WebSocket, frame: string): Promise<void> | undefined {
  if (ws.readyState !== ws.OPEN) return undefined;
  if (ws.bufferedAmount < HIGH_WATER_BYTES) {
    ws.send(frame);
    return undefined;
  }
  return new Promise((resolve) => ws.send(frame, () => resolve()));
}

/**
 * Sends an outcome as frames and resolves with the status the call gets on its trace (499 when
 * the client left before any frame of it) and the `response.completed` frame, if one went out.
 * The last frame is held back until the next is known, so under durable traces the call settles
 * before the client can read its end. Every frame carries the response's lane (`stream_id`), if any.
 */
async function deliver(
  ws: WebSocket,
  call: Call,
  outcome: Outcome,
  lane: Lane,
  beforeEnd: ((status: number) => Promise<void>) | undefined,
  first: (frame: string) => void,
): Promise<{ status: number; completed?: string }> {
  const gone = () => ws.readyState !== ws.OPEN;
  const out = (frame: string) => send(ws, onLane(frame, lane));
  if (outcome.kind === 'error') {
    if (gone()) return { status: 499 };
    const status = clientStatus('responses', outcome.error);
    await beforeEnd?.(status);
    await out(errorFrame(outcome.error, call.requestId));
    return { status };
  }
  if (outcome.kind === 'json') {
    // Not asked for (every socket call streams); sent as the event that ends a stream.
    if (gone()) return { status: 499 };
    await beforeEnd?.(outcome.status);
    const frame = `{"type":"response.completed","response":${outcome.body}}`;
    await out(frame);
    return { status: outcome.status, completed: frame };
  }
  const frames = new SseFrames();
  let held: string | undefined;
  let sent = false;
  const pass = async (list: string[]) => {
    for (const frame of list) {
      if (held !== undefined) {
        sent = true;
        await out(held);
      } else if (!sent) first(frame);
      held = frame;
    }
  };
  const iterator = outcome.events[Symbol.asyncIterator]();
  try {
    for (;;) {
      const next = await iterator.next();
      if (next.done) break;
      if (gone()) {
        await iterator.return?.();
        return { status: sent ? 200 : 499 };
      }
      await pass(frames.push(next.value));
    }
    await pass(frames.end());
  } catch (error) {
    if (gone()) return { status: sent || held !== undefined ? 200 : 499 };
    const failure = toSwitchyardError(error);
    // A fresh splitter: the failed stream may have stopped inside an event.
    const ending = outcome.failure?.(failure);
    await pass(ending === undefined ? [errorFrame(failure, call.requestId)] : new SseFrames().push(ending));
  }
  if (gone()) return { status: sent ? 200 : 499 };
  await beforeEnd?.(200);
  if (held !== undefined) await out(held);
  return { status: 200, ...(frames.completed === undefined ? {} : { completed: frames.completed }) };
}

/** A refused upgrade: an HTTP answer in the OpenAI error shape, as `POST /v1/responses` would get. */
function refuseUpgrade(socket: Duplex, error: SwitchyardError): void {
  const requestId = newId('req');
  const status = clientStatus('responses', error);
  const body = JSON.stringify(errorBody('openai', error, requestId));
  const retry = error.retryAfter === undefined ? '' : `retry-after: ${Math.max(Math.ceil(error.retryAfter), 0)}\r\n`;
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nx-request-id: ${requestId}\r\n${retry}connection: close\r\n\r\n${body}`,
  );
}

function textOf(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

/** The id of the response a stream's first event (`response.created`) opens, if it says. */
function responseIdOf(frame: string): string | undefined {
  try {
    const { response } = JSON.parse(frame) as { response?: { id?: unknown } };
    return typeof response?.id === 'string' ? response.id : undefined;
  } catch {
    return undefined;
  }
}

function isClientClosed(reason: unknown): boolean {
  return reason instanceof SwitchyardError && reason.code === 'client_closed';
}
