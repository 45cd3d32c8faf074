import { onLane } from './socket-frames.js';
import type { Lane } from './socket-turns.js';

/** A `response.steer` as read: the response it targets and the input to queue, both unchecked. */
export interface SteerMessage {
  kind: 'steer';
  target: unknown;
  input: unknown;
}

/** Where a response a steer names stands on this socket: in progress or answered, on its lane. */
export type SteerTarget = { state: 'in_progress' | 'completed'; lane: Lane } | undefined;

/**
 * The answer to a `response.steer` (openai 7's WebSocket event that queues user input for a
 * response in progress, which OpenAI may stop at a safe boundary as `incomplete` with reason
 * `steered` and follow with a successor response): the gateway does not steer, so every steer gets
 * OpenAI's own refusal, `response.steer.failed`, with the input given back (the client carries it
 * into its next `response.create`, as the API tells it to) and the code OpenAI uses for the case:
 * `invalid_input` for a malformed event, `response_not_found` for an id the socket does not know,
 * `response_already_completed` for one it answered, and `steering_not_supported` for one in
 * progress, which runs to its end. On the lane of the target, as OpenAI echoes it.
 *
 * @example steerFailed({ kind: 'steer', target: 'resp_1', input: 'Shorter' }, () => undefined) // '{"type":"response.steer.failed",…,"error":{"code":"response_not_found",…}}'
 */
export function steerFailed(steer: SteerMessage, find: (id: string) => SteerTarget): string {
  const { target, input } = steer;
  const found = typeof target === 'string' ? find(target) : undefined;
  const [code, message] = refusal(steer, found);
  const frame = JSON.stringify({ type: 'response.steer.failed', sequence_number: 0, steer: { previous_response_id: target, input }, error: { type: 'invalid_request_error', code, message } });
  return onLane(frame, found?.lane);
}

function refusal({ target, input }: SteerMessage, found: SteerTarget): [string, string] {
  if (typeof target !== 'string' || target === '') return ['invalid_input', 'previous_response_id must be the id of a response in progress on this socket'];
  if (!(typeof input === 'string' || (Array.isArray(input) && input.length > 0))) return ['invalid_input', 'input must be a string or a non-empty array of user messages'];
  if (found === undefined) return ['response_not_found', `no response ${target.slice(0, 80)} on this socket: send the input in a response.create`];
  if (found.state === 'completed') return ['response_already_completed', `response ${target.slice(0, 80)} has completed: send the input in a response.create with it as previous_response_id`];
  return ['steering_not_supported', "this gateway does not steer responses (response.steer): the response runs to its end; send the input in its lane's next response.create with it as previous_response_id"];
}
