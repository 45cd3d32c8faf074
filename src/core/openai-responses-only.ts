/**
 * OpenAI's models that only the Responses API serves. On `/v1/chat/completions` OpenAI answers
 * them with a 404 ("This model is only supported in v1/responses and not in v1/chat/completions."),
 * so a chat, Anthropic or Gemini client reaching one through the gateway would fail on a model it
 * may not even know it is using (a route's fallback, a coding agent pointed at a codex model).
 * The OpenAI provider sends their calls to `/responses` and reads the answer back
 * (`providers/openai-compatible/responses-upstream`); the simulator refuses them on chat as OpenAI
 * does. From OpenAI's model pages: the pro models (o1-pro, o3-pro, gpt-5-pro, gpt-5.x-pro), the
 * codex models (codex-mini-latest, gpt-5-codex, gpt-5.x-codex and their -mini/-max), the deep
 * research models and computer-use-preview.
 */
const RESPONSES_ONLY = /^(?:o1-pro|o3-pro|o3-deep-research|o4-mini-deep-research|codex-mini|computer-use-preview|gpt-5(?:\.\d+)?-(?:pro|codex))(?=$|-)/;

/**
 * Whether `model` is served only by OpenAI's Responses API.
 *
 * @example responsesOnly('o3-pro-2025-06-10') // true
 * @example responsesOnly('gpt-5.1-codex-mini') // true
 * @example responsesOnly('gpt-5.1') // false
 */
export function responsesOnly(model: string): boolean {
  return RESPONSES_ONLY.test(model);
}
