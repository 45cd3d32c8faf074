import type { ServerResponse } from 'node:http';
import type { AbortLike } from '../core/call-abort.js';
import { toSwitchyardError } from '../core/errors.js';
import { type ClientFormat, clientStatus } from '../core/formats.js';
import type { Call } from '../gateway/call.js';
import { type Outcome, type StreamOutcome, WholeEvents } from '../gateway/outcome.js';
import { streamCostLine, streamedCostUsd } from '../gateway/stages/account-cost.js';
import { sendError, streamErrorEvent } from './error-response.js';
import { refusedResponsesStream } from './responses-refusal-stream.js';
import { formatTraceparent } from '../core/trace-context.js';

/**
 * Writes a pipeline outcome to the socket and resolves with the status that went out on the
 * wire: 499 when the client left before any did, the stream's 200 when it left mid-stream (the
 * call's `clientClosed` tells the trace it left). Streams
 * are pulled one piece at a time and wait for `drain` when the socket is full, so a slow client
 * slows the upstream instead of filling memory; a stream that fails after its first byte ends
 * with an error event in the client's format.
 */
export async function deliverOutcome(
  res: ServerResponse,
  call: Call,
  outcome: Outcome,
  format: ClientFormat,
  clientClosed: () => boolean,
  /** Runs once, with the status the client is about to get, before the answer's last byte (durable traces). */
  beforeEnd?: (status: number) => Promise<void>,
): Promise<number> {
  // W3C Trace Context Level 2: the caller learns the gateway's span of its request.
  const traceresponse = call.span ? formatTraceparent(call.span) : undefined;
  if (outcome.kind === 'error') {
    if (clientClosed()) return 499;
    const refused = refusedResponsesStream(call, outcome.error);
    if (refused !== undefined) {
      if (beforeEnd) await beforeEnd(200);
      res.writeHead(200, headerList({ ...outcome.headers, 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' }, 'content-length', Buffer.byteLength(refused), call, traceresponse, format));
      res.end(refused);
      return 200;
    }
    for (const [name, value] of Object.entries({ ...outcome.headers, 'x-switchyard-trace-id': call.traceId, ...(traceresponse ? { traceresponse } : {}) })) res.setHeader(name, value);
    const status = clientStatus(format, outcome.error);
    if (beforeEnd) await beforeEnd(status);
    sendError(res, format, outcome.error, call.requestId);
    return status;
  }
  if (outcome.kind === 'json') {
    if (beforeEnd) await beforeEnd(outcome.status);
    res.writeHead(outcome.status, headerList(outcome.headers, 'content-length', Buffer.byteLength(outcome.body), call, traceresponse, format));
    res.end(outcome.body);
    return outcome.status;
  }
  if (outcome.events instanceof WholeEvents) {
    // Known whole (a local or cached answer): the same events as pulling it piece by piece, sent
    // in one write with its length rather than as chunked transfer encoding, whose framing Node
    // writes as several buffers around the text.
    if (clientClosed()) return 499;
    const tail = endingLine(outcome, call, format);
    const text = tail instanceof Promise ? outcome.events.text + (await tail) : outcome.events.text + tail;
    if (beforeEnd) await beforeEnd(200);
    res.writeHead(200, headerList(outcome.headers, 'content-length', Buffer.byteLength(text), call, traceresponse, format));
    res.end(text);
    return 200;
  }
  res.writeHead(200, headerList(outcome.headers, 'connection', 'keep-alive', call, traceresponse, format));
  const iterator = outcome.events[Symbol.asyncIterator]();
  try {
    for (;;) {
      const next = await iterator.next();
      if (next.done) break;
      if (clientClosed()) {
        await iterator.return?.();
        return 200;
      }
      if (!res.write(next.value)) await drained(res, call.input.signal);
    }
  } catch (error) {
    if (clientClosed()) return 200;
    const failure = toSwitchyardError(error);
    if (beforeEnd) await beforeEnd(200);
    res.end(outcome.failure?.(failure) ?? streamErrorEvent(format, failure, call.requestId));
    return 200;
  }
  // The 200 went out before the client left, at the end as mid-stream; the trace says 499 from clientClosed.
  if (clientClosed()) return 200;
  const pending = endingLine(outcome, call, format);
  const tail = pending instanceof Promise ? await pending : pending;
  if (beforeEnd) await beforeEnd(200);
  if (tail === '') res.end();
  else res.end(tail);
  return 200;
}

/**
 * The line that ends an SSE stream delivered whole: its cost as an SSE comment
 * (`: x-switchyard-cost-usd=0.00001234`), since the header that carries a whole answer's cost went
 * out before the stream's usage was known. Every conformant SSE parser (the OpenAI and Anthropic
 * SDKs, `@google/genai`) skips a comment. A Gemini API stream gets none: Google sends nothing but
 * `data:` events, and its older SDK, `@google/generative-ai` (which LangChain's
 * ChatGoogleGenerativeAI uses), reads the stream with a pattern anchored on `data: ` and fails on
 * any other line ("Failed to parse stream"). Nor does a stream whose cost is not known at its end
 * (see `streamedCostUsd`).
 */
function endingLine(outcome: StreamOutcome, call: Call, format: ClientFormat): string | Promise<string> {
  if (format === 'gemini' || !outcome.headers['content-type']?.startsWith('text/event-stream')) return '';
  const cost = streamedCostUsd(call);
  return cost instanceof Promise ? cost.then(streamCostLine) : streamCostLine(cost);
}

/**
 * An answer's headers as the flat [name, value, …] list `writeHead` takes: the outcome's, then
 * one of the edge's own (`content-length` or `connection`), then the call's ids, the later ones
 * winning over same-named earlier ones as with an object. A list, not an object spread together
 * from several: outcome headers come in many shapes, and spreading them went the engine's slow
 * path (~3% of a local answer's CPU with the ids added).
 */
function headerList(headers: Record<string, string>, name: string, value: string | number, call: Call, traceresponse: string | undefined, format: ClientFormat): (string | number)[] {
  const list: (string | number)[] = [];
  // The Anthropic SDKs read the request id from `request-id` (`message._request_id`), the OpenAI
  // ones from `x-request-id`; errors already carry both (error-response.ts).
  const anthropic = format === 'anthropic';
  for (const key in headers) {
    if (key === name || key === 'x-request-id' || key === 'x-switchyard-trace-id' || (traceresponse !== undefined && key === 'traceresponse') || (anthropic && key === 'request-id')) continue;
    list.push(key, headers[key] as string);
  }
  list.push(name, value, 'x-request-id', call.requestId, 'x-switchyard-trace-id', call.traceId);
  if (anthropic) list.push('request-id', call.requestId);
  if (traceresponse !== undefined) list.push('traceresponse', traceresponse);
  return list;
}

function drained(res: ServerResponse, signal: AbortLike): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      signal.removeEventListener('abort', done);
      resolve();
    };
    res.on('drain', done);
    signal.addEventListener('abort', done, { once: true });
  });
}
