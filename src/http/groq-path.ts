/**
 * Groq's SDK (`groq-sdk`) keeps its API under `/openai/v1` and appends that whole path to its
 * `baseURL` (`https://api.groq.com` by default), so an app that points the SDK's `baseURL` at the
 * gateway's root sends `/openai/v1/chat/completions`, `/openai/v1/embeddings` and
 * `/openai/v1/models`. Served as the same paths without `/openai`, changing the base URL is all
 * such an app does; before, each was a 404 whose hint (give the host root and /v1) the SDK could
 * not follow.
 */
const GROQ_PREFIX = '/openai/v1/';

/**
 * The model API path a Groq-style path stands for; any other path as it is.
 *
 * @example modelPathOf('/openai/v1/chat/completions') // '/v1/chat/completions'
 * @example modelPathOf('/v1/chat/completions') // '/v1/chat/completions'
 */
export function modelPathOf(path: string): string {
  return path.startsWith(GROQ_PREFIX) ? path.slice('/openai'.length) : path;
}

/**
 * A model API path (or its pattern, `/v1/models/{model}`) as the client spelt it: with `/openai`
 * in front when the client called a Groq-style path (`calledPath`), so an error names the path it
 * called, not the `/v1` path it is served as (a POST to `/openai/v1/models` read "/v1/models takes
 * GET").
 *
 * @example asCalled('/v1/models', '/openai/v1/models') // '/openai/v1/models'
 * @example asCalled('/v1/models', '/v1/models') // '/v1/models'
 */
export function asCalled(path: string, calledPath: string): string {
  return calledPath.startsWith(GROQ_PREFIX) && !path.startsWith(GROQ_PREFIX) ? `/openai${path}` : path;
}
