/**
 * A prompt past the model's context window, refused as each API refuses it. The count is the
 * simulator's own (the one its `usage` reports), so a prompt is refused only when the answer would
 * have reported more input tokens than the model takes; models the window table does not know
 * (stand-ins, local names) take any length.
 */
import { contextWindow } from '../tokens/context-windows.js';
import { geminiError } from './gemini-errors.js';
import { anthropicError, openaiError, type WireError } from './wire-errors.js';

/** The API whose refusal is written, and for OpenAI which endpoint (their words differ). */
export type OverflowApi = 'chat' | 'responses' | 'anthropic' | 'gemini';

/**
 * The 400 for a prompt of `tokens` to `model`, or undefined when it fits (or the window is unknown).
 *
 * @example contextOverflow('chat', 'gpt-4o-mini', 130000, 'req_1')?.body // …"This model's maximum context length is 128000 tokens. However, your messages resulted in 130000 tokens…"
 * @example contextOverflow('anthropic', 'claude-haiku-4-5', 210000, 'req_1')?.body // …"prompt is too long: 210000 tokens > 200000 maximum"…
 */
export function contextOverflow(api: OverflowApi, model: string, tokens: number, requestId: string): WireError | undefined {
  const window = contextWindow(model);
  if (window === undefined || tokens <= window) return undefined;
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
