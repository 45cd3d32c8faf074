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
