/**
 * The fields of a Responses stream's `error` event. The API reference puts `code`, `message` and
 * `param` on the event itself; OpenAI sends them nested under `error` at runtime, and the official
 * SDKs raise a stream's failure only from that nested object: with the flat fields alone,
 * LangChain's ChatOpenAI on the Responses API ended a broken stream as if it were complete. Both
 * shapes, so a client written to either reads the failure.
 *
 * @example responsesErrorEvent('server_error', 'the upstream broke the connection')
 * // { code: 'server_error', message: '…', param: null, error: { type: 'server_error', code: 'server_error', message: '…', param: null } }
 */
export function responsesErrorEvent(code: string, message: string, param: string | null = null) {
  return { code, message, param, error: { type: code, code, message, param } };
}
