/**
 * `GET /v1/models` and `GET /v1/models/:id`. Any model name is accepted by the simulator, so
 * the list is a few stand-ins plus every model a client has used; a request carrying
 * `anthropic-version` gets Anthropic's shape of the same endpoint.
 */
import type { Exchange } from './exchange.js';
import { sendJson } from './exchange.js';
import { outputLimit } from '../tokens/output-limits.js';
import { contextWindow } from '../tokens/context-windows.js';

/** Always listed, so a fresh simulator still answers `models.list()` with something useful. */
export const DEFAULT_MODELS = ['standin-small', 'standin-large', 'standin-reasoning', 'standin-embed', 'claude-standin'] as const;

// A fixed creation time keeps the listing deterministic.
const CREATED = 1_704_067_200;
const CREATED_ISO = '2024-01-01T00:00:00Z';

function allModels(ex: Exchange): string[] {
  const names = new Set<string>(DEFAULT_MODELS);
  for (const model of ex.state.models) names.add(model);
  return [...names];
}

function openaiModel(id: string): object {
  return { id, object: 'model', created: CREATED, owned_by: 'switchyard' };
}

/** Every field of Anthropic's `ModelInfo`; what the simulator does not model (capabilities, a window it does not know) is null, as the reference allows. */
function anthropicModel(id: string): object {
  return {
    type: 'model',
    id,
    display_name: id,
    created_at: CREATED_ISO,
    capabilities: null,
    deprecated_at: null,
    lifecycle: 'active',
    line: null,
    max_input_tokens: contextWindow(id) ?? null,
    max_tokens: outputLimit(id) ?? null,
    retires_at: null,
  };
}

/**
 * Lists models in the caller's API shape.
 *
 * @example listModels(ex) // { object: 'list', data: [{ id: 'standin-small', ... }] }
 */
export function listModels(ex: Exchange): () => void {
  return () => {
    const names = allModels(ex);
    const body =
      ex.api === 'openai'
        ? { object: 'list', data: names.map(openaiModel) }
        : { data: names.map(anthropicModel), has_more: false, first_id: names[0] ?? null, last_id: names.at(-1) ?? null };
    sendJson(ex, JSON.stringify(body), 0, 0);
  };
}

/**
 * One model; every id exists, as every model name is served.
 *
 * @example getModel(ex, 'gpt-4o') // { id: 'gpt-4o', object: 'model', ... }
 */
export function getModel(ex: Exchange, id: string): () => void {
  return () => {
    const body = ex.api === 'openai' ? openaiModel(id) : anthropicModel(id);
    sendJson(ex, JSON.stringify(body), 0, 0);
  };
}
