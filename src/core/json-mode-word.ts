/**
 * OpenAI's JSON mode (`response_format: {type: "json_object"}`) needs the word "json" somewhere
 * in the messages, in any case, or the request is a 400 ("'messages' must contain the word 'json'
 * in some form, to use 'response_format' of type 'json_object'."): a guard against a model
 * writing whitespace until its limit. Gemini's `responseMimeType: "application/json"` and the
 * other APIs ask nothing of the prompt. The simulator holds requests to the rule; the gateway
 * says it for a translated client that never had to.
 */
import { isJsonObject } from './openai-wire.js';

const JSON_WORD = /json/i;

/**
 * Whether any message's text (a string, or its text parts) mentions JSON.
 *
 * @example messagesMentionJson([{ role: 'user', content: 'Reply in JSON' }]) // true
 * @example messagesMentionJson([{ role: 'user', content: [{ type: 'text', text: 'List three colours' }] }]) // false
 */
export function messagesMentionJson(messages: readonly unknown[]): boolean {
  return messages.some((message) => {
    const content = isJsonObject(message) ? message.content : undefined;
    if (typeof content === 'string') return JSON_WORD.test(content);
    return Array.isArray(content) && content.some((part) => isJsonObject(part) && typeof part.text === 'string' && JSON_WORD.test(part.text));
  });
}
