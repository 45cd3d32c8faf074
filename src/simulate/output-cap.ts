/**
 * OpenAI counts a reasoning model's reasoning inside the output cap: `max_output_tokens` on the
 * Responses API and `max_completion_tokens` on chat completions bound reasoning and visible tokens
 * together, so `output_tokens` (reasoning included) never exceeds the cap. When reasoning uses the
 * whole cap the answer is empty: a Response `incomplete` with only its reasoning item, a chat
 * choice with `content: ""` and `finish_reason: "length"`. The simulator billed reasoning on top
 * of the cap (a cap of 20 reported 164 output tokens; docs/measurements.md, hostile16).
 */
import { limitToolCalls, type Reply } from './reply.js';

/** The reasoning a capped answer reports, and the room left in the cap for the answer itself. */
export interface OutputShare {
  reasoning: number;
  /** Tokens left for text or tool calls; undefined when the request set no cap. */
  answerRoom: number | undefined;
}

/**
 * Splits `cap` between the reasoning the model would spend and the answer.
 *
 * @example shareOutputCap(20, 144) // { reasoning: 20, answerRoom: 0 }
 * @example shareOutputCap(200, 48) // { reasoning: 48, answerRoom: 152 }
 */
export function shareOutputCap(cap: number | undefined, reasoning: number): OutputShare {
  if (cap === undefined) return { reasoning, answerRoom: undefined };
  const spent = Math.min(reasoning, cap);
  return { reasoning: spent, answerRoom: cap - spent };
}

/**
 * The reply cut to `room`: tool calls broken off where the room ends, and nothing at all (an
 * empty text cut for length) when reasoning left no room.
 *
 * @example fitReply(toolReply, 0) // { kind: 'text', text: '', pieces: [], finish: 'length', stopSequence: null }
 */
export function fitReply(reply: Reply, room: number | undefined): Reply {
  if (room === 0) return { kind: 'text', text: '', pieces: [], finish: 'length', stopSequence: null };
  return limitToolCalls(reply, room);
}
