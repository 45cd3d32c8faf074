/**
 * A prompt longer than the model's context window, told apart by each vendor's wording.
 *
 * OpenAI answers it with code `context_length_exceeded` (param `messages`), and applications
 * written against OpenAI branch on that code to trim the history and try again. Anthropic and
 * Google give no code for it, only words: Anthropic "prompt is too long: 208310 tokens > 200000
 * maximum" (type invalid_request_error), Google "The input token count (1200293) exceeds the
 * maximum number of tokens allowed (1048576)." (INVALID_ARGUMENT). An OpenAI client whose model is
 * Claude or Gemini behind the gateway gets OpenAI's code for the same case, so that branch still
 * runs.
 *
 * A prompt that fits but leaves too little of the window for the output cap is the same case to
 * both vendors that refuse it: OpenAI gives it `context_length_exceeded` ("However, you requested
 * 8987 tokens (4987 in the messages, 4000 in the completion)"), Anthropic "input length and
 * `max_tokens` exceed context limit: 199759 + 8192 > 200000, decrease input length or `max_tokens`
 * and try again"; a larger window takes it, so it moves the call on as a prompt past the window
 * does. A cap above the model's output limit is not: OpenAI answers it with no code ("max_tokens
 * is too large"), Anthropic "max_tokens: 70000 > 64000, which is the maximum allowed number of
 * output tokens for …", Google "Unable to submit request because it has a maxOutputTokens value of
 * …"; the same cap fails on the same model anywhere, so it stays the client's 400.
 */
const OVERFLOW_WORDINGS = /^prompt is too long\b|^input length and `max_tokens` exceed context limit\b|^The input token count \(\d+\) exceeds the maximum number of tokens allowed/;

/**
 * OpenAI's code for a 400 whose message says the prompt does not fit, else undefined.
 *
 * @example contextOverflowCode(400, 'prompt is too long: 208310 tokens > 200000 maximum') // 'context_length_exceeded'
 * @example contextOverflowCode(400, 'input length and `max_tokens` exceed context limit: 199759 + 8192 > 200000, …') // 'context_length_exceeded'
 * @example contextOverflowCode(400, 'max_tokens: 10000 > 4096, which is the maximum allowed…') // undefined
 */
export function contextOverflowCode(status: number, message: string): 'context_length_exceeded' | undefined {
  return status === 400 && OVERFLOW_WORDINGS.test(message) ? 'context_length_exceeded' : undefined;
}
