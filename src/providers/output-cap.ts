/**
 * A request's output cap, held to what the upstream model can produce. A provider refuses a cap
 * above the model's output limit with a 400, and the model cannot write more than its limit
 * anyway, so sending the limit loses nothing. The cap is held where the client could not have
 * known the limit: a translated request (an Anthropic client's required `max_tokens` sized for
 * Claude, sent to GPT or Gemini; the gateway's own default), and a same-format request to a model
 * the client did not name (an alias, a fallback). A client that named the upstream model itself
 * chose its cap for that model, and meets the provider's own refusal.
 */
import type { JsonObject } from '../core/openai-wire.js';
import { outputLimit } from '../tokens/output-limits.js';
import type { DecisionSink } from './spec.js';
import { isJsonObject } from '../core/openai-wire.js';

/** The top-level output-cap fields of the client formats (Chat Completions, Messages, Responses). */
const CAP_FIELDS = ['max_completion_tokens', 'max_tokens', 'max_output_tokens'] as const;

/** The Gemini API's cap, inside its generation config (Google reads the proto's snake_case names too). */
const NESTED_CAP_FIELDS = [['generationConfig', 'maxOutputTokens'], ['generation_config', 'max_output_tokens']] as const;

/**
 * `tokens`, or the model's output limit when that is lower (said on the trace through `decisions`).
 *
 * @example capOutput(200_000, 'gpt-4o-mini') // 16384
 * @example capOutput(200_000, 'llama3.1') // 200000 (limit unknown)
 */
export function capOutput(tokens: number, model: string, decisions?: DecisionSink, limit = outputLimit(model)): number {
  if (limit === undefined || tokens <= limit) return tokens;
  decisions?.decide('output_cap', { requested: tokens, sent: limit, model, reason: `${model} produces at most ${limit} output tokens` });
  return limit;
}

/**
 * A same-format body for `model` (whose output limit is `limit`) with every cap above the limit
 * lowered to it; the same object when none is, so the client's text can still be sent as received.
 *
 * @example capBody({ model: 'fast', max_tokens: 200000, messages }, 'gpt-4o-mini', 16384) // { …, max_tokens: 16384 }
 * @example capBody({ model: 'flash', contents, generationConfig: { maxOutputTokens: 100000 } }, 'gemini-2.0-flash', 8192)
 * // { …, generationConfig: { maxOutputTokens: 8192 } }
 */
export function capBody(body: JsonObject, model: string, limit: number | undefined, decisions?: DecisionSink): JsonObject {
  if (limit === undefined) return body;
  let capped = body;
  for (const field of CAP_FIELDS) {
    const tokens = body[field];
    if (typeof tokens !== 'number' || tokens <= limit) continue;
    if (capped === body) capped = { ...body };
    capped[field] = capOutput(tokens, model, decisions, limit);
  }
  for (const [config, field] of NESTED_CAP_FIELDS) {
    const settings = body[config];
    const tokens = isJsonObject(settings) ? settings[field] : undefined;
    if (!isJsonObject(settings) || typeof tokens !== 'number' || tokens <= limit) continue;
    if (capped === body) capped = { ...body };
    capped[config] = { ...settings, [field]: capOutput(tokens, model, decisions, limit) };
  }
  // Claude's thinking budget must stay below max_tokens (a 400 otherwise); one sized with a cap
  // the model cannot reach shrinks with it, as the OpenAI → Claude translation shrinks its own.
  const thinking = capped.thinking;
  if (capped !== body && isJsonObject(thinking) && typeof thinking.budget_tokens === 'number' && typeof capped.max_tokens === 'number' && thinking.budget_tokens >= capped.max_tokens) {
    capped.thinking = { ...thinking, budget_tokens: capped.max_tokens - 1 };
  }
  return capped;
}

