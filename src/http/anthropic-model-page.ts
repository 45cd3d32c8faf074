import { quoteClipped } from '../core/clip.js';
import { SwitchyardError } from '../core/errors.js';

/** The query of Anthropic's `GET /v1/models`, as its API reference defines it. */
export interface AnthropicModelQuery {
  limit?: string | null;
  after_id?: string | null;
  before_id?: string | null;
}

/**
 * One page of model names in the Anthropic list's terms: `limit` (1 to 1,000, default 20),
 * `after_id` for the page after a name, `before_id` for the page before it, and `has_more` saying
 * whether more lie beyond the page in that direction (the SDK's auto-pagination follows it).
 *
 * @example anthropicModelPage(['a', 'b', 'c'], { limit: '2' }) // { names: ['a', 'b'], hasMore: true }
 */
export function anthropicModelPage(names: readonly string[], query: AnthropicModelQuery): { names: string[]; hasMore: boolean } {
  // Decimal digits only: Number() read "0x10" as 16 and "1e2" as 100.
  const limit = query.limit === null || query.limit === undefined ? 20 : /^\d{1,16}$/.test(String(query.limit)) ? Number(query.limit) : Number.NaN;
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
    throw new SwitchyardError('invalid_request', `limit must be an integer from 1 to 1000, not ${JSON.stringify(String(query.limit).slice(0, 40))}`, { param: 'limit' });
  }
  if (query.after_id && query.before_id) throw new SwitchyardError('invalid_request', 'send after_id or before_id, not both', { param: 'before_id' });
  if (query.before_id) {
    const end = position(names, query.before_id, 'before_id');
    const start = Math.max(0, end - limit);
    return { names: names.slice(start, end), hasMore: start > 0 };
  }
  const start = query.after_id ? position(names, query.after_id, 'after_id') + 1 : 0;
  return { names: names.slice(start, start + limit), hasMore: start + limit < names.length };
}

function position(names: readonly string[], id: string, param: string): number {
  const index = names.indexOf(id);
  if (index < 0) throw new SwitchyardError('invalid_request', `${param}: no model ${quoteClipped(id, 100)} on this gateway`, { param });
  return index;
}

/**
 * One model in the shape of Anthropic's `ModelInfo`, every field its API reference marks as always
 * present: what the gateway does not know (the capability matrix, a window it has not got) is null,
 * as the reference allows, rather than missing. `maxTokens`: the most output tokens every target of
 * the name can give (null when a target's limit is unknown); `maxInputTokens`: the largest context
 * window among its targets, which a prompt too long for the others falls back to (null when a
 * target's window is unknown).
 *
 * @example anthropicModelInfo('claude', 64000).max_tokens // 64000
 */
export function anthropicModelInfo(name: string, maxTokens: number | null, maxInputTokens: number | null = null): Record<string, unknown> {
  return {
    type: 'model',
    id: name,
    display_name: name,
    created_at: '2026-01-01T00:00:00Z',
    capabilities: null,
    deprecated_at: null,
    lifecycle: 'active',
    line: null,
    max_input_tokens: maxInputTokens,
    max_tokens: maxTokens,
    retires_at: null,
  };
}
