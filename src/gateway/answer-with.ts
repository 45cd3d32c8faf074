import { completionToChunks } from '../core/completion-to-chunks.js';
import { JsonText } from '../core/json-text.js';
import type { ChatCompletion, JsonObject } from '../core/openai-wire.js';
import type { Call } from './call.js';
import { codecFor } from './client-formats/index.js';
import { type Outcome, WholeEvents } from './outcome.js';

/**
 * Answers a call with a canonical completion the gateway made itself (a local model, a cache
 * hit, a cascade step it accepted): in the client's format, whole or streamed as it asked.
 *
 * @example return answerWith(call, completion);
 */
export function answerWith(call: Call, completion: ChatCompletion): Outcome {
  const codec = codecFor(call.input.format);
  call.ttftMs = performance.now() - call.t0;
  if (!call.stream) {
    const body = codec.encodeCompletion(completion, call.received);
    call.response = new JsonText(body);
    return { kind: 'json', status: 200, body, headers: { 'content-type': 'application/json' } };
  }
  const wantsUsage = call.input.format === 'openai' && (call.body.stream_options as JsonObject | undefined)?.include_usage === true;
  const encoder = codec.streamEncoder(wantsUsage, call.received, true);
  const text = encoder.push(completionToChunks(completion)) + encoder.end();
  call.response = encoder.response();
  return { kind: 'stream', headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' }, events: new WholeEvents(text) };
}
