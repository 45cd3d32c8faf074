import type { SwitchyardError } from '../core/errors.js';

/** OpenAI's words for it, which name the field whatever the client's format. */
const TOOLS_PARAM = /Invalid '(tools)': array too long/;

/**
 * A provider's refusal of a request for declaring more tools than the model takes: OpenAI's Chat
 * Completions takes 128 (`Invalid 'tools': array too long. Expected an array with maximum length
 * 128, …`, param `tools`, code `array_above_max_length`). Claude Code with a few MCP servers sends
 * more, and Claude takes them: a later target of another vendor may answer what this one refused,
 * as a prompt past one model's window moves on to a larger one.
 *
 * @example refusedForToolCount(openAiToolsTooLong) // true
 */
export function refusedForToolCount(error: SwitchyardError): boolean {
  // The param is kept only for a client of the provider's own format: the message names it always.
  return error.code === 'upstream_error' && error.status === 400 && error.vendorCode === 'array_above_max_length' && (error.vendorError?.param ?? TOOLS_PARAM.exec(error.message)?.[1]) === 'tools';
}
