import type { SwitchyardError } from '../../core/errors.js';
import { clientStatus } from '../../core/formats.js';
import { eachEvent, SseBlocks } from '../../core/sse-blocks.js';
import { errorBody } from '../error-response.js';

/**
 * Turns a Responses SSE stream, in whatever pieces the pipeline yields it, into WebSocket text
 * frames: one frame per event, its `data` as is (OpenAI's WebSocket mode sends the SSE events'
 * JSON, nothing around it).
 *
 * @example new SseFrames().push('event: response.created\ndata: {"type":"response.created"}\n\n') // ['{"type":"response.created"}']
 */
export class SseFrames {
  private readonly blocks = new SseBlocks();
  /** The data of `response.completed`, once it went by: the socket keeps its response for a next turn. */
  completed: string | undefined;

  push(text: string): string[] {
    return this.framesOf(this.blocks.take(text));
  }

  /** An event the stream ended without its closing blank line. */
  end(): string[] {
    return this.framesOf(this.blocks.rest());
  }

  private framesOf(whole: string): string[] {
    const frames: string[] = [];
    if (whole !== '') {
      eachEvent(whole, (name, data) => {
        if (data === '[DONE]') return;
        // Named on every event the gateway writes and OpenAI sends; a data-only stream by its leading type.
        if (name === 'response.completed' || (name === undefined && data.startsWith('{"type":"response.completed"'))) this.completed = data;
        frames.push(data);
      });
    }
    return frames;
  }
}

/**
 * A frame of a response on a lane, with that lane's `stream_id`, as OpenAI echoes it on every event
 * of the response (errors included); a frame of the default lane as it is.
 *
 * @example onLane('{"type":"response.created"}', 'a') // '{"type":"response.created","stream_id":"a"}'
 */
export function onLane(frame: string, lane: string | undefined): string {
  if (lane === undefined) return frame;
  const end = frame.lastIndexOf('}');
  if (!frame.startsWith('{') || end < 0) return frame;
  const body = frame.slice(0, end).trimEnd();
  return `${body}${body === '{' ? '' : ','}"stream_id":${JSON.stringify(lane)}}`;
}

/**
 * An error as OpenAI's WebSocket mode sends it: an `error` event with the HTTP status the call
 * would have had and the API's error object, plus `retry-after` in `headers` when there is one.
 * The Codex CLI reads `status` (4xx: the turn fails, naming the message; 429 and 5xx: it retries).
 * The error object is the Responses API's: a `responses: native` provider's own refusal in its
 * words, a prompt past the window naming `input`.
 *
 * @example errorFrame(new SwitchyardError('invalid_json', 'the message is not JSON'), 'req_1') // '{"type":"error","status":400,"error":{…}}'
 */
export function errorFrame(error: SwitchyardError, requestId: string): string {
  const { error: body } = errorBody('responses', error, requestId) as { error: unknown };
  const headers = error.retryAfter === undefined ? undefined : { 'retry-after': String(Math.max(Math.ceil(error.retryAfter), 0)), 'retry-after-ms': String(Math.max(Math.round(error.retryAfter * 1000), 0)) };
  return JSON.stringify({ type: 'error', status: clientStatus('responses', error), error: body, ...(headers ? { headers } : {}) });
}
