/**
 * A prompt past the model's context window, refused as each API refuses it. The count is the
 * simulator's own (the one its `usage` reports), so a prompt is refused only when the answer would
 * have reported more input tokens than the model takes; models the window table does not know
 * (stand-ins, local names) take any length.
 *
 * OpenAI's Chat Completions and Anthropic's Messages also refuse a prompt that fits when it and
 * the output cap the request sets do not fit together, each in its own words (clients report them
 * verbatim: OpenAI "This model's maximum context length is 8192 tokens. However, you requested
 * 8987 tokens (4987 in the messages, 4000 in the completion). Please reduce the length of the
 * messages or completion." with `context_length_exceeded`; Anthropic "input length and
 * `max_tokens` exceed context limit: 199759 + 8192 > 200000, decrease input length or `max_tokens`
 * and try again", which its context-windows page says newer models give instead of silently
 * shortening the output, from Claude Sonnet 3.7 on). Not modelled: OpenAI's breakdown naming "the
 * functions" when tools are sent (the count here includes them in the messages), and a joint
 * limit on the Responses API (none documented). Gemini keeps input and output limits apart
 * (models.get lists `inputTokenLimit` and `outputTokenLimit`), so only the input is held to one.
 */
import { contextWindow, sharedWindow } from '../tokens/context-windows.js';
import { geminiError } from './gemini-errors.js';
import { anthropicError, openaiError, type WireError } from './wire-errors.js';

/** The API whose refusal is written, and for OpenAI which endpoint (their words differ). */
export type OverflowApi = 'chat' | 'responses' | 'anthropic' | 'gemini';

/** Claude models from before 3.7 shorten the output to what the window leaves, refusing nothing. */
const SHORTENS_OUTPUT = /^claude-3-(?:5-sonnet|5-haiku|haiku|opus|sonnet)(?:-|$)/;

/**
 * The 400 for a prompt of `tokens` to `model` with the output cap `maxTokens` (undefined when the
 * request sets none), or undefined when it fits (or the window is unknown).
 *
 * @example contextOverflow('chat', 'gpt-4o-mini', 130000, 'req_1')?.body // …"This model's maximum context length is 128000 tokens. However, your messages resulted in 130000 tokens…"
 * @example contextOverflow('anthropic', 'claude-haiku-4-5', 210000, 'req_1')?.body // …"prompt is too long: 210000 tokens > 200000 maximum"…
 * @example contextOverflow('anthropic', 'claude-haiku-4-5', 199000, 'req_1', 8192)?.body // …"input length and `max_tokens` exceed context limit: 199000 + 8192 > 200000, …"
 */
export function contextOverflow(api: OverflowApi, model: string, tokens: number, requestId: string, maxTokens?: number): WireError | undefined {
  const window = contextWindow(model);
  if (window === undefined) return undefined;
  if (tokens <= window) return maxTokens === undefined ? undefined : jointOverflow(api, model, tokens, maxTokens, requestId);
  // OpenAI words a prompt past the window with the cap when the request sets one.
  if (api === 'chat' && maxTokens !== undefined) return jointOverflow(api, model, tokens, maxTokens, requestId) ?? promptOverflow(api, window, tokens, requestId);
  return promptOverflow(api, window, tokens, requestId);
}

/** The refusal of a prompt and output cap past the window they share, where the API refuses it. */
function jointOverflow(api: OverflowApi, model: string, tokens: number, maxTokens: number, requestId: string): WireError | undefined {
  const window = sharedWindow(model);
  if (window === undefined || tokens + maxTokens <= window) return undefined;
  if (api === 'chat') {
    return openaiError(400, {
      message: `This model's maximum context length is ${window} tokens. However, you requested ${tokens + maxTokens} tokens (${tokens} in the messages, ${maxTokens} in the completion). Please reduce the length of the messages or completion.`,
      type: 'invalid_request_error',
      param: 'messages',
      code: 'context_length_exceeded',
    });
  }
  if (api === 'anthropic' && !SHORTENS_OUTPUT.test(model)) {
    return anthropicError(400, { message: `input length and \`max_tokens\` exceed context limit: ${tokens} + ${maxTokens} > ${window}, decrease input length or \`max_tokens\` and try again`, type: 'invalid_request_error' }, requestId);
  }
  return undefined;
}

function promptOverflow(api: OverflowApi, window: number, tokens: number, requestId: string): WireError {
  switch (api) {
    case 'chat':
      return openaiError(400, {
        message: `This model's maximum context length is ${window} tokens. However, your messages resulted in ${tokens} tokens. Please reduce the length of the messages.`,
        type: 'invalid_request_error',
        param: 'messages',
        code: 'context_length_exceeded',
      });
    case 'responses':
      return openaiError(400, {
        message: 'Your input exceeds the context window of this model. Please adjust your input and try again.',
        type: 'invalid_request_error',
        param: 'input',
        code: 'context_length_exceeded',
      });
    case 'anthropic':
      return anthropicError(400, { message: `prompt is too long: ${tokens} tokens > ${window} maximum`, type: 'invalid_request_error' }, requestId);
    case 'gemini':
      return geminiError(400, { message: `The input token count (${tokens}) exceeds the maximum number of tokens allowed (${window}).` });
  }
}
