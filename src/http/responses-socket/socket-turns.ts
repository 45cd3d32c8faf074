import { describeValue } from '../../core/format-issues.js';
import { SwitchyardError } from '../../core/errors.js';
import { MAX_JSON_DEPTH, tooDeep } from '../../core/json-depth.js';
import { nonFiniteProblem } from '../../core/finite-numbers.js';
import type { JsonObject } from '../../core/openai-wire.js';
import { validateResponsesBody } from '../../gateway/validate-chat-body.js';
import type { SteerMessage } from './socket-steer.js';
import { explainJsonError } from '../../core/json-syntax.js';

/**
 * A client message as read on arrival, before its turn: enough to know its lane, which decides
 * what it waits for (the responses before it on the same lane, and nothing else).
 */
export type SocketMessage =
  /** `response.processed`: Codex acknowledging a response it consumed; nothing to answer. */
  | { kind: 'ignore' }
  /** `response.create`, its body without `type` and `stream_id`; prepared when its turn comes. */
  | { kind: 'create'; body: JsonObject; lane: Lane }
  /** `response.steer` (openai 7): refused as OpenAI refuses a steer it cannot take (`socket-steer.ts`). */
  | SteerMessage;

/** What a `response.create` asks of the socket once its turn came. */
export type SocketRequest =
  /** `response.create` with `generate: false`: prepare a chain to continue, without a model call. */
  | { kind: 'warmup'; body: JsonObject; input: unknown[]; lane: Lane }
  /** `response.create`: one model call, its body as `POST /v1/responses` would take it. */
  | { kind: 'create'; bodyText: string; input: unknown[]; trace: MessageTrace; lane: Lane };

/**
 * A `response.create`'s `stream_id` (openai 7's `ResponsesWebSocketSession` lanes): WebSocket-only,
 * not a field of `POST /v1/responses` (OpenAI's HTTP API answers it with 400 "Unknown parameter"),
 * and echoed on every event of that response, by which the SDK hands each event to its lane.
 * `undefined` is the default lane, whose events carry no `stream_id`.
 */
export type Lane = string | undefined;

/** A message's W3C trace context (see `messageTrace`). */
export interface MessageTrace {
  traceparent?: string;
  tracestate?: string;
}

/**
 * The W3C trace context of one socket message: a message has no headers, so the Codex CLI puts
 * its `traceparent` and `tracestate` in `client_metadata` as `ws_request_header_traceparent` and
 * `ws_request_header_tracestate`, the headers OpenAI reads them as.
 *
 * @example messageTrace({ client_metadata: { ws_request_header_traceparent: '00-4bf9…-00f0…-01' } }) // { traceparent: '00-4bf9…-00f0…-01' }
 */
export function messageTrace(body: JsonObject): MessageTrace {
  const metadata = body.client_metadata;
  if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata)) return {};
  const { ws_request_header_traceparent: traceparent, ws_request_header_tracestate: tracestate } = metadata as JsonObject;
  return { ...(typeof traceparent === 'string' ? { traceparent } : {}), ...(typeof tracestate === 'string' ? { tracestate } : {}) };
}

/** A response a socket answered last on its lane, which a next `response.create` may continue. */
interface LastResponse {
  id: string;
  /** The whole input it answered, earlier turns of its own chain included. */
  input: unknown[];
  output: unknown[];
}

const MESSAGE_TYPES = ['response.create', 'response.processed', 'response.steer'];
/** Lanes whose last response a socket keeps (the oldest is forgotten past it); its id then goes to the store. */
const MAX_LANES_KEPT = 16;
/** What the SDK accepts as a lane id (`ResponsesWebSocketSession.lane`). */
const LANE_ID = /^[A-Za-z0-9_.-]{1,256}$/;

/**
 * The turns of one Responses WebSocket connection (OpenAI's WebSocket mode): decodes each client
 * message and keeps the connection-local state the mode promises, so a turn that sends only its
 * new items with `previous_response_id` of the socket's last response is answered with the whole
 * conversation even under `store: false` (what the Codex CLI sends on every turn after its first).
 * Only the last response of each lane (`stream_id`) is kept, as OpenAI keeps a connection's last
 * one; an older id goes to the pipeline as sent, which finds it in the response store when it was
 * stored. A turn may continue the last response of another lane (a fork, as OpenAI allows).
 *
 * @example const turns = new SocketTurns(); const message = turns.read('{"type":"response.create","model":"small","input":"Hi"}'); message.kind === 'create' && turns.prepare(message).kind // 'create'
 */
export class SocketTurns {
  private readonly last = new Map<Lane, LastResponse>();

  /**
   * Reads one text frame on arrival (parsed once); a SwitchyardError (400) names what is wrong
   * with it. What depends on earlier responses (the continued input) waits for `prepare`.
   */
  read(text: string): SocketMessage {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch (error) {
      throw new SwitchyardError('invalid_json', `the message is not JSON (${explainJsonError(text, (error as Error).message)}): send each client event as one JSON text frame, e.g. {"type":"response.create","model":…,"input":…}`);
    }
    if (message === null || typeof message !== 'object' || Array.isArray(message)) {
      throw new SwitchyardError('invalid_request', 'the message must be a JSON object with a "type", e.g. {"type":"response.create",…}', { param: 'type' });
    }
    // As an HTTP body is checked (json-body.ts): every walk after this one (validation, the
    // continued input, JSON.stringify of the body) would overflow the stack on a deeper message.
    const deep = tooDeep(message, text);
    if (deep !== undefined) throw new SwitchyardError('invalid_json', `the message nests objects and arrays more than ${MAX_JSON_DEPTH} levels deep (at ${deep}); expected at most ${MAX_JSON_DEPTH}`, { param: deep });
    // The body is written out again for the pipeline, where JSON.stringify makes a number past
    // ±1.8e308 (Infinity) null: max_output_tokens 1e999 went up as no cap, where HTTP refuses it.
    const infinite = nonFiniteProblem(message);
    if (infinite !== undefined) throw new SwitchyardError('invalid_request', infinite.message, { param: infinite.path });
    const { type, ...body } = message as JsonObject;
    if (type === 'response.processed') return { kind: 'ignore' };
    if (type === 'response.steer') return { kind: 'steer', target: body.previous_response_id, input: body.input };
    if (type !== 'response.create') {
      const said = typeof type === 'string' ? `"${type.slice(0, 80)}"` : type === undefined ? 'missing' : `a ${typeof type}`;
      throw new SwitchyardError('invalid_request', `unknown message type (${said}): this socket takes ${MESSAGE_TYPES.slice(0, -1).join(', ')} and ${MESSAGE_TYPES.at(-1)}`, { param: 'type' });
    }
    return { kind: 'create', body, lane: laneOf(body) };
  }

  /**
   * A `response.create` at its turn: a warm-up or a call, its body checked and its input
   * continued from the response it names, if the socket holds it (an earlier turn of its lane
   * has ended by now). A SwitchyardError (400) names what is wrong with it.
   */
  prepare({ body, lane }: { body: JsonObject; lane: Lane }): SocketRequest {
    const generate = body.generate;
    if (generate !== undefined && generate !== null && typeof generate !== 'boolean') {
      throw new SwitchyardError('invalid_request', `generate must be a boolean (false: a warm-up without a model call), got ${describeValue(generate)}`, { param: 'generate', vendorCode: 'invalid_type' });
    }
    delete body.generate;
    // A warm-up makes no call, but its body is echoed in its response and continued by the next
    // turn: checked as the pipeline checks a call's (a model that is not a string, a bad tool).
    if (generate === false) validateResponsesBody(body);
    const input = this.continued(body);
    if (generate === false) return { kind: 'warmup', body, input, lane };
    // Responses always stream over the socket; the field is implicit there (OpenAI's docs).
    body.stream = true;
    return { kind: 'create', bodyText: JSON.stringify(body), input, trace: messageTrace(body), lane };
  }

  /** The lane of a response the socket answered and still holds, if it does. */
  answered(id: string): { lane: Lane } | undefined {
    for (const [lane, response] of this.last) if (response.id === id) return { lane };
    return undefined;
  }

  /** Remembers a response the socket answered on `lane`, for a next turn that continues it. */
  remember(id: string, input: unknown[], output: unknown[], lane?: Lane): void {
    this.last.delete(lane);
    this.last.set(lane, { id, input, output });
    if (this.last.size > MAX_LANES_KEPT) this.last.delete(this.last.keys().next().value);
  }

  /**
   * The whole input of a `response.create`, written into its body: a continuation of the socket's
   * last response gets that response's input and output before its own items, and no
   * `previous_response_id` (the pipeline would look it up in the store, where `store: false` left nothing).
   */
  private continued(body: JsonObject): unknown[] {
    const own = inputItems(body.input);
    const last = [...this.last.values()].find((response) => response.id === body.previous_response_id);
    if (last === undefined) return own;
    const input = [...last.input, ...last.output, ...own];
    body.input = input as JsonObject[];
    delete body.previous_response_id;
    return input;
  }
}

/** Takes `stream_id` out of a create body: the lane its events go back on. */
function laneOf(body: JsonObject): Lane {
  const lane = body.stream_id;
  delete body.stream_id;
  if (lane === undefined) return undefined;
  if (typeof lane !== 'string' || !LANE_ID.test(lane)) {
    throw new SwitchyardError('invalid_request', 'stream_id must be 1 to 256 letters, digits, "_", "." or "-" (the WebSocket lane of this response)', { param: 'stream_id' });
  }
  return lane;
}

/** A create body's `input` as a list of items (a string is one user message, as the API reads it). */
function inputItems(input: unknown): unknown[] {
  if (typeof input === 'string') return [{ type: 'message', role: 'user', content: input }];
  return Array.isArray(input) ? input : [];
}
