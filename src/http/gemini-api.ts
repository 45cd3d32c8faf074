import type { IncomingMessage } from 'node:http';
import { decodeSegment } from '../core/request-target.js';
import { quoteClipped } from '../core/clip.js';
import { SwitchyardError } from '../core/errors.js';
import type { GeminiPathCall } from '../gateway/call.js';
import { type Outcome, WholeEvents } from '../gateway/outcome.js';
import { presentedSecret } from '../limits/keys.js';
import { modelNotConfigured } from '../routing/catalog.js';
import { GEMINI_API_KEY_HEADER } from '../providers/gemini/index.js';
import { errorBody } from './error-response.js';

/** A call of Google's Gemini API: its model and method, from the path. */
export interface GeminiApiCall {
  model: string;
  method: GeminiPathCall['method'] | 'countTokens';
}

// `v1beta` is what @google/genai 2 and @ai-sdk/google send, `v1` what @google/genai 3 sends.
const CALL = /^\/(?:v1|v1beta|v1alpha)\/models\/([^/].*):(generateContent|streamGenerateContent|countTokens|embedContent|batchEmbedContents)$/;
const LIST = /^\/(?:v1beta|v1alpha)\/models(?:\/([^/:][^:]*))?$/;

/**
 * The model and method of a Gemini API call path; undefined for any other path. The model is
 * everything between `models/` and the method, so a route or model name with a slash in it
 * (`openai/gpt-5.4-mini`, as @google/genai sends it unencoded) is whole.
 *
 * @example geminiCallOf('/v1beta/models/gemini-2.5-flash:streamGenerateContent') // { model: 'gemini-2.5-flash', method: 'streamGenerateContent' }
 */
export function geminiCallOf(path: string): GeminiApiCall | undefined {
  const match = CALL.exec(path);
  if (!match) return undefined;
  return { model: decodeSegment(match[1] as string), method: match[2] as GeminiApiCall['method'] };
}

/**
 * `GET /v1beta/models` (undefined model) or `/v1beta/models/{model}`; null for any other path.
 *
 * @example geminiListOf('/v1beta/models/small') // { model: 'small' }
 */
export function geminiListOf(path: string): { model: string | undefined } | null {
  const match = LIST.exec(path);
  if (!match) return null;
  return { model: match[1] === undefined ? undefined : decodeSegment(match[1]) };
}

/**
 * The key a Gemini API client presents: Google's `x-goog-api-key` header (what the SDKs send) or
 * its `?key=` query parameter, else the bearer or `x-api-key` any client may send.
 */
export function geminiSecret(req: IncomingMessage, url: URL): string | undefined {
  const header = req.headers[GEMINI_API_KEY_HEADER];
  if (typeof header === 'string' && header !== '') return header;
  return url.searchParams.get('key') || presentedSecret(req.headers);
}

/** What the gateway knows of a name for Google's model listing. */
export interface ModelLimits {
  /** The largest context window among the name's targets, which a prompt too long for the others falls back to (null: a target's is unknown). */
  input: number | null;
  /** The most output tokens every target can give (null: a target's is unknown). */
  output: number | null;
  /** Every target is an embedding model: listed with Google's embedding methods, not `generateContent`. */
  embedding?: boolean;
}

// Google's words for what a model serves, of the methods the gateway serves: clients pick chat
// models by `generateContent` and embedding models by `embedContent` (multi-llm-ts files a model
// with both under embeddings, so a list giving every method to every model had no chat models).
const CHAT_METHODS = ['generateContent', 'countTokens'];
const EMBEDDING_METHODS = ['embedContent', 'countTokens'];

/**
 * A model as Google's `models.get` and `models.list` describe it, for the gateway's model or
 * route `name`: what @google/genai's `models.get` and `models.list` read (`supportedActions` is
 * its name for `supportedGenerationMethods`). `inputTokenLimit` and
 * `outputTokenLimit` are Google's names for the limits (the Model resource), each left out where
 * the gateway does not know it, as the Anthropic listing says null: a client sizing its prompt by
 * `inputTokenLimit` (as it would for Gemini itself) gets the window the name can take.
 *
 * @example geminiModelInfo('small', { input: 1048576, output: 8192 }).inputTokenLimit // 1048576
 */
function geminiModelInfo(name: string, limits: ModelLimits): Record<string, unknown> {
  return {
    name: `models/${name}`,
    version: '001',
    displayName: name,
    description: 'served by the Switchyard gateway',
    ...(limits.input === null ? {} : { inputTokenLimit: limits.input }),
    ...(limits.output === null ? {} : { outputTokenLimit: limits.output }),
    supportedGenerationMethods: limits.embedding ? EMBEDDING_METHODS : CHAT_METHODS,
  };
}

/**
 * Google's `models.list` (`{ models }`, paged) or `models.get` body for the path (`/v1beta/models`,
 * `/v1beta/models/{model}`, or under `/v1` for @google/genai 3), of the names the key may use.
 *
 * @example geminiModels('/v1beta/models/small', ['small'], () => ({ input: null, output: 8192 })) // { name: 'models/small', …, outputTokenLimit: 8192 }
 */
export function geminiModels(path: string, names: readonly string[], limitsOf: (name: string) => ModelLimits, query: { pageSize?: string; pageToken?: string } = {}): unknown {
  const one = geminiListOf(path)?.model ?? (path.startsWith('/v1/models/') ? decodeSegment(path.slice('/v1/models/'.length)) : undefined);
  if (one === undefined) {
    const page = geminiModelPage(names, query.pageSize ?? null, query.pageToken ?? null);
    return { models: page.names.map((name) => geminiModelInfo(name, limitsOf(name))), ...(page.next === undefined ? {} : { nextPageToken: page.next }) };
  }
  const id = one.startsWith('models/') ? one.slice('models/'.length) : one;
  if (!names.includes(id)) throw modelNotConfigured(id, names);
  return geminiModelInfo(id, limitsOf(id));
}

/**
 * One page of `models.list` as Google's reference defines it: `pageSize` models (50 when unset
 * or 0, at most 1,000 whatever is asked), from the `pageToken` of the page before; `nextPageToken`
 * only while models remain. The token is the last name of the page before, so a client that
 * sends it back continues after that model (@google/genai's pager follows it).
 *
 * @example geminiModelPage(['a', 'b', 'c'], '2', null) // { names: ['a', 'b'], next: 'b' }
 */
export function geminiModelPage(names: readonly string[], pageSize: string | null, pageToken: string | null): { names: string[]; next?: string } {
  // Decimal digits only, as anthropicModelPage reads `limit`: Number() read "0x10" as 16.
  if (pageSize !== null && pageSize !== '' && !/^\d{1,16}$/.test(pageSize)) {
    throw new SwitchyardError('invalid_request', `pageSize must be a whole number of models (at most 1000 are listed per page), not ${quoteClipped(pageSize, 40)}`, { param: 'pageSize' });
  }
  const size = Math.min(1000, Number(pageSize || 0) || 50);
  let start = 0;
  if (pageToken) {
    const after = names.indexOf(pageToken);
    if (after < 0) throw new SwitchyardError('invalid_request', `pageToken: no model ${quoteClipped(pageToken, 100)} on this gateway; send the nextPageToken of the page before`, { param: 'pageToken' });
    start = after + 1;
  }
  const page = names.slice(start, start + size);
  return start + size < names.length ? { names: page, next: page.at(-1)! } : { names: page };
}

/**
 * A stream for a client that asked without `?alt=sse`: Google then sends one JSON array of the
 * same responses (`[{…}\n,\r\n{…}]`), readable with a plain JSON parse once complete.
 */
export function asJsonArray(outcome: Outcome, requestId: string): Outcome {
  if (outcome.kind !== 'stream') return outcome;
  const headers = { ...outcome.headers, 'content-type': 'application/json; charset=utf-8' };
  if (outcome.events instanceof WholeEvents) {
    const items = arrayItems(outcome.events.text, true);
    return { kind: 'stream', headers, events: new WholeEvents(items === '' ? '[]' : `${items}]`) };
  }
  let first = true;
  async function* frame(events: AsyncIterable<string>): AsyncGenerator<string> {
    for await (const piece of events) {
      const items = arrayItems(piece, first);
      if (items === '') continue;
      first = false;
      yield items;
    }
    yield first ? '[]' : ']';
  }
  const failure = (error: SwitchyardError): string => `${first ? '[' : ',\r\n'}${JSON.stringify(errorBody('gemini', error, requestId))}]`;
  return { kind: 'stream', headers, events: frame(outcome.events), failure };
}

/** The `data:` events of SSE text as array items: `[` before the first, `,\r\n` before every other. */
function arrayItems(sse: string, first: boolean): string {
  let out = '';
  for (const block of sse.split(/\r?\n\r?\n/)) {
    if (!block.startsWith('data:')) continue;
    out += (first && out === '' ? '[' : ',\r\n') + block.slice(block.charCodeAt(5) === 32 ? 6 : 5);
  }
  return out;
}
