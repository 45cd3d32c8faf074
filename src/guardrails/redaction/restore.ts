import type { ChatCompletion } from '../../core/openai-wire.js';
import { PLACEHOLDER_PATTERN, type PiiVault } from './vault.js';

export interface RestoreOptions {
  /** The text is the inside of JSON string literals (tool-call arguments): escape what is put back. */
  json?: boolean;
}

/**
 * Puts original values back in place of the vault's placeholders; placeholders the vault did not
 * make (a model inventing `<PERSON_9>`) stay as they are.
 *
 * @example restoreText('Hi <PERSON_1>', vault) // 'Hi Ann'
 */
export function restoreText(text: string, vault: PiiVault, options: RestoreOptions = {}): string {
  if (vault.size === 0 || !text.includes('<')) return text;
  return text.replace(PLACEHOLDER_PATTERN, (placeholder) => {
    const original = vault.originalOf(placeholder);
    if (original === undefined) return placeholder;
    return options.json ? JSON.stringify(original).slice(1, -1) : original;
  });
}

/**
 * Restores a whole (non-streamed) completion: message content, refusals and tool-call arguments.
 * Arguments are JSON text, so restored values are JSON-escaped and the arguments stay valid JSON
 * even when an original value contains quotes or backslashes. Returns a new object.
 *
 * @example restoreChatCompletion(completion, vault).choices[0]?.message.content
 */
export function restoreChatCompletion(completion: ChatCompletion, vault: PiiVault): ChatCompletion {
  if (vault.size === 0) return completion;
  return {
    ...completion,
    choices: completion.choices.map((choice) => {
      const message = { ...choice.message };
      if (typeof message.content === 'string') message.content = restoreText(message.content, vault);
      if (typeof message.refusal === 'string') message.refusal = restoreText(message.refusal, vault);
      if (message.tool_calls) {
        message.tool_calls = message.tool_calls.map((call) => ({
          ...call,
          function: { ...call.function, arguments: restoreText(call.function.arguments, vault, { json: true }) },
        }));
      }
      return { ...choice, message };
    }),
  };
}
