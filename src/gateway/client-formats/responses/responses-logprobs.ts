import type { ResponsesRequest } from '../../../core/responses-wire.js';

/** One token's log probability as the Responses API gives it in `output_text.logprobs`. */
export interface ResponsesLogprob {
  token: string;
  logprob: number;
  bytes: number[];
  top_logprobs: { token: string; logprob: number; bytes: number[] }[];
}

/** What a Responses request includes to get token log probabilities back. */
const INCLUDE_LOGPROBS = 'message.output_text.logprobs';

/**
 * The chat fields that ask for what a Responses request's `include` and `top_logprobs` ask for:
 * OpenAI returns log probabilities only when `include` names them, `top_logprobs` alternatives
 * for each token besides. A backend without them (Claude) then refuses the request naming
 * `logprobs`, rather than the answer coming back without them.
 *
 * @example logprobsRequest({ model: 'm', include: ['message.output_text.logprobs'], top_logprobs: 2 }) // { logprobs: true, top_logprobs: 2 }
 */
export function logprobsRequest(body: ResponsesRequest): { logprobs?: true; top_logprobs?: number } {
  if (!Array.isArray(body.include) || !body.include.includes(INCLUDE_LOGPROBS)) return {};
  return typeof body.top_logprobs === 'number' ? { logprobs: true, top_logprobs: body.top_logprobs } : { logprobs: true };
}

/**
 * A chat choice's `logprobs` (`{ content: [...] }`) as the Responses API's list: the same fields
 * per token, `bytes` as an array where chat may say null. Nothing when the choice has none.
 *
 * @example toResponsesLogprobs({ content: [{ token: 'Hi', logprob: -0.1, bytes: [72, 105], top_logprobs: [] }] })
 * // [{ token: 'Hi', logprob: -0.1, bytes: [72, 105], top_logprobs: [] }]
 */
export function toResponsesLogprobs(chatLogprobs: unknown): ResponsesLogprob[] {
  const content = (chatLogprobs as { content?: unknown } | null | undefined)?.content;
  if (!Array.isArray(content)) return [];
  return content.map((entry: ChatLogprob) => ({
    token: entry.token,
    logprob: entry.logprob,
    bytes: entry.bytes ?? [],
    top_logprobs: (entry.top_logprobs ?? []).map((top) => ({ token: top.token, logprob: top.logprob, bytes: top.bytes ?? [] })),
  }));
}

interface ChatLogprob {
  token: string;
  logprob: number;
  bytes?: number[] | null;
  top_logprobs?: { token: string; logprob: number; bytes?: number[] | null }[];
}
