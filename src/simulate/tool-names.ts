/**
 * The names the APIs allow a function tool, with their refusals in the APIs' own words (as
 * applications that sent an MCP tool's dotted or spaced name captured them): OpenAI allows
 * `^[a-zA-Z0-9_-]+$` up to 64 characters on both its APIs, Anthropic `^[a-zA-Z0-9_-]{1,128}$`
 * on a custom tool. A name a real API refuses is refused here too, so a client or gateway that
 * passes one on fails in tests as it would in production.
 */
import { openaiError, type WireError } from './wire-errors.js';

const OPENAI_NAME = /^[a-zA-Z0-9_-]+$/;
const OPENAI_MAX = 64;

/** Anthropic's pattern, as its 400 quotes it. */
export const ANTHROPIC_TOOL_NAME = '^[a-zA-Z0-9_-]{1,128}$';
const ANTHROPIC_NAME = new RegExp(ANTHROPIC_TOOL_NAME);

/**
 * OpenAI's 400 for a function name it refuses, `param` naming where it is
 * (`tools[0].function.name` on chat completions, `tools[0].name` on the Responses API).
 *
 * @example openaiToolNameError('get weather', 'tools[0].function.name')?.status // 400
 */
export function openaiToolNameError(name: string, param: string): WireError | undefined {
  if (name.length > OPENAI_MAX) {
    return openaiError(400, { message: `Invalid '${param}': string too long. Expected a string with maximum length ${OPENAI_MAX}, but got a string with length ${name.length} instead.`, param, code: 'string_above_max_length' });
  }
  if (!OPENAI_NAME.test(name)) {
    return openaiError(400, { message: `Invalid '${param}': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$'.`, param, code: 'invalid_value' });
  }
  return undefined;
}

/**
 * Whether Anthropic refuses a custom tool's name.
 *
 * @example anthropicToolNameRefused('fs.read') // true
 */
export function anthropicToolNameRefused(name: string): boolean {
  return !ANTHROPIC_NAME.test(name);
}
