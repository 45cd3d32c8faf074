/**
 * A streamed Responses request whose input is past the model's window, answered as OpenAI answers
 * it: OpenAI opens the stream (HTTP 200, `response.created`, `response.in_progress`) and then
 * refuses in an `error` event at sequence_number 2 carrying, under `error`, what the unstreamed
 * request's 400 body carries (`{"type":"error","error":{"type":"invalid_request_error","code":
 * "context_length_exceeded","message":"Your input exceeds the context window of this model…",
 * "param":"input"},"sequence_number":2}`, as clients report it verbatim); the stream then ends,
 * with no `response.failed`. The OpenAI SDK throws it from the stream as an `APIError` whose `code`
 * is `context_length_exceeded`, where a client written against OpenAI looks for it. The gateway
 * learns of the overflow before it has sent anything (a provider's 400, its own skip of a target
 * the prompt is clearly past), so without this a streamed Responses client got an HTTP 400 OpenAI
 * never sends it.
 */
import type { SwitchyardError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import type { ResponsesRequest } from '../core/responses-wire.js';
import type { Call } from '../gateway/call.js';
import { responseEnvelope } from '../gateway/client-formats/responses/response-envelope.js';
import { responsesEvent } from '../gateway/client-formats/responses/response-events.js';
import { errorBody } from './error-response.js';

/**
 * The events to answer `call` with when its failure is a prompt past the window of a streamed
 * Responses request, else undefined (every other failure keeps its HTTP status).
 *
 * @example refusedResponsesStream(call, overflow) // 'event: response.created\n…event: error\ndata: {"type":"error","error":{…},"sequence_number":2}\n\n'
 */
export function refusedResponsesStream(call: Call, error: SwitchyardError): string | undefined {
  if (call.input.format !== 'responses' || !call.stream || error.status !== 400 || error.vendorCode !== 'context_length_exceeded') return undefined;
  const opening = responseEnvelope(call.body as unknown as ResponsesRequest, {
    id: newId('resp'),
    createdAt: Math.floor(Date.now() / 1000),
    model: call.model,
    status: 'in_progress',
    output: [],
    usage: null,
    incomplete: null,
    error: null,
  });
  const { error: refusal } = errorBody('responses', error, call.requestId) as { error: Record<string, unknown> };
  return responsesEvent('response.created', { response: opening }, 0) + responsesEvent('response.in_progress', { response: opening }, 1) + responsesEvent('error', { error: refusal }, 2);
}
