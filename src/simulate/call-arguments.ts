/**
 * A tool call's arguments as Claude's `tool_use.input` and Gemini's `functionCall.args` carry
 * them: an object on both APIs, so a script's malformed or non-object arguments become `{}`.
 *
 * @example argumentsObject('{"city":"Oslo"}') // { city: 'Oslo' }
 * @example argumentsObject('[1]') // {}
 */
export function argumentsObject(args: string): unknown {
  try {
    const value: unknown = JSON.parse(args);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {};
  } catch {
    return {};
  }
}
