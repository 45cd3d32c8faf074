import type { IncomingMessage } from 'node:http';
import { param, type QuerySpec, type QueryValues, readQuery } from './query-params.js';

/**
 * The query parameters the `/v1` GETs read, each once. A name not listed is left alone, as
 * OpenAI's and Anthropic's APIs leave it: an SDK newer than the gateway sends parameters the
 * gateway does not know yet (openai's `include_obfuscation`, @anthropic-ai/sdk's `lifecycle[]`),
 * and refusing them would break that SDK's calls. The values are checked where they are read
 * (the page functions), in each API's own words; a known one given twice is a 400 naming it.
 */

/** Anthropic's `GET /v1/models`: `limit`, `after_id`, `before_id` (see anthropicModelPage), and `lifecycle[]`: up to 3 stages. */
export const ANTHROPIC_MODELS_QUERY = {
  limit: param.raw('an integer from 1 to 1000'),
  after_id: param.raw('a model id'),
  before_id: param.raw('a model id'),
  lifecycle: param.list(param.oneOf(['active', 'deprecated', 'retired'] as const), 3),
} satisfies QuerySpec;

/** Google's `models.list`: `pageSize`, `pageToken` (see geminiModelPage). The key is not read here: a repeated key would be echoed in the error. */
export const GEMINI_MODELS_QUERY = { pageSize: param.raw('a whole number of models'), pageToken: param.raw('the nextPageToken of the page before') } satisfies QuerySpec;

/** `GET /v1/responses/{id}`: `stream`, `starting_after`, `include_obfuscation` (`include[]` is a list, read by includeOf). */
export const RESPONSE_QUERY = {
  stream: param.raw('true or false'),
  starting_after: param.raw("an event's sequence number"),
  // Obfuscation pads live deltas against a side channel; a replay from storage adds none, either way.
  include_obfuscation: param.bool(),
} satisfies QuerySpec;

/** `GET /v1/responses/{id}/input_items`: `after`, `limit`, `order` (see inputItemsPage). */
export const INPUT_ITEMS_QUERY = { after: param.raw('an input item id'), limit: param.raw('an integer from 1 to 100'), order: param.raw('asc or desc') } satisfies QuerySpec;

/**
 * The query of a data-plane GET read by `spec`, names the spec lacks left alone.
 *
 * @example dataPlaneQuery(req, ANTHROPIC_MODELS_QUERY).limit // '5' for /v1/models?limit=5&beta=true
 */
export function dataPlaneQuery<S extends QuerySpec>(req: IncomingMessage, spec: S): QueryValues<S> {
  const url = req.url ?? '';
  const at = url.indexOf('?');
  return readQuery(new URLSearchParams(at < 0 ? '' : url.slice(at + 1)), spec, { unknown: 'ignore' });
}
