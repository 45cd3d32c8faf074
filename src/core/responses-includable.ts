import { clip, textOf } from './clip.js';

/**
 * The values a Responses API request's `include` may name (`ResponseIncludable` of the openai SDK
 * 6.x, in its order), and OpenAI's 400 wording for one it does not know.
 */
export const RESPONSES_INCLUDABLE = [
  'file_search_call.results',
  'web_search_call.results',
  'web_search_call.action.sources',
  'message.input_image.image_url',
  'computer_call_output.output.image_url',
  'code_interpreter_call.outputs',
  'reasoning.encrypted_content',
  'message.output_text.logprobs',
] as const;

export type ResponsesIncludable = (typeof RESPONSES_INCLUDABLE)[number];

/**
 * The first value of `include` that is not one of `RESPONSES_INCLUDABLE`, with its index.
 *
 * @example unknownIncludable(['reasoning.encrypted_content', 'bogus']) // { index: 1, value: 'bogus' }
 */
export function unknownIncludable(include: readonly unknown[]): { index: number; value: unknown } | undefined {
  const index = include.findIndex((value) => !(RESPONSES_INCLUDABLE as readonly unknown[]).includes(value));
  return index === -1 ? undefined : { index, value: include[index] };
}

/**
 * OpenAI's words for a value outside an enum, as it refuses any ("Invalid value: 'x'. Supported
 * values are: 'a', 'b', and 'c'."), for `include`.
 *
 * @example includableRefusal('bogus') // "Invalid value: 'bogus'. Supported values are: 'file_search_call.results', …, and 'message.output_text.logprobs'."
 */
export function includableRefusal(value: unknown): string {
  const supported = RESPONSES_INCLUDABLE.map((name) => `'${name}'`);
  // Quoted short: a value is named, not carried back (a client's 5,000 characters were echoed whole).
  return `Invalid value: '${clip(textOf(value), 100)}'. Supported values are: ${supported.slice(0, -1).join(', ')}, and ${supported.at(-1)}.`;
}
