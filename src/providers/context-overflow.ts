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
 */
const OVERFLOW_WORDINGS = /^prompt is too long\b|^The input token count \(\d+\) exceeds the maximum number of tokens allowed/;

/**
 * OpenAI's code for a 400 whose message says the prompt does not fit, else undefined.
 *
 * @example contextOverflowCode(400, 'prompt is too long: 208310 tokens > 200000 maximum') // 'context_length_exceeded'
 * @example contextOverflowCode(400, 'max_tokens: 10000 > 4096, which is the maximum allowed…') // undefined
 */
export function contextOverflowCode(status: number, message: string): 'context_length_exceeded' | undefined {
  return status === 400 && OVERFLOW_WORDINGS.test(message) ? 'context_length_exceeded' : undefined;
}
