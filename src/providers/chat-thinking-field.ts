/**
 * An OpenAI client's `thinking` field, bound for Claude or Gemini. `thinking` is the Messages
 * API's field, not Chat Completions' (OpenAI itself answers 400 `Unrecognized request argument
 * supplied: thinking`), and some OpenAI-compatible servers take a field of that name of their own,
 * so it passes on to OpenAI-compatible providers untouched. A translation to Claude or Gemini does
 * not carry it: dropped like a field the target has no equivalent for, the answer came back
 * without the thinking asked for (or with it, where `disabled` was asked of a model that thinks
 * by default), only the `x-switchyard-dropped-params` header saying why. So the target cannot
 * honour the request: refused as `n` and `logprobs` are, which passes it over where the route
 * allows and names the field in a 400 where it does not. `reasoning_effort` is the chat field for
 * it, translated for both.
 */
import { quoteClipped } from '../core/clip.js';
import { SwitchyardError } from '../core/errors.js';
import type { ChatCompletionRequest } from '../core/openai-wire.js';

/**
 * Throws the 400 for a chat request's `thinking` (anything but null) sent to `vendor`'s models.
 *
 * @example refuseChatThinking({ model: 'm', messages: [], thinking: { type: 'enabled', budget_tokens: 2048 } }, 'Anthropic') // throws, param "thinking"
 */
export function refuseChatThinking(req: ChatCompletionRequest, vendor: 'Anthropic' | 'Gemini'): void {
  const thinking = req['thinking'];
  if (thinking === undefined || thinking === null) return;
  throw new SwitchyardError(
    'unsupported',
    `thinking ${quoteClipped(thinking)} is the Anthropic Messages API's field, not a Chat Completions one, and is not translated for ${vendor} models; send reasoning_effort ("low", "medium" or "high"; "none" for no thinking) instead`,
    { param: 'thinking' },
  );
}
