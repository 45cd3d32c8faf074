/**
 * Whether an upstream's error message says it is overloaded, for an error whose type and code
 * say nothing more than "server error" or are missing: OpenAI long sent its overload as a 503
 * `server_error` with code null, the overload only in the words ("That model is currently
 * overloaded with other requests", "The engine is currently overloaded, please try again later"),
 * and a Responses stream's failed Response still carries code `server_error` with "Our servers
 * are currently overloaded"; "Selected model is at capacity" is its capacity wording.
 *
 * @example saysOverloaded('That model is currently overloaded with other requests.') // true
 * @example saysOverloaded('The server had an error while processing your request.') // false
 */
export function saysOverloaded(message: unknown): boolean {
  return typeof message === 'string' && OVERLOAD.test(message);
}

const OVERLOAD = /\boverloaded\b|\bat capacity\b/i;
