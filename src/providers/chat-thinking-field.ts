/**
 * An OpenAI client's `thinking` field. It is the Messages API's field, not Chat Completions'
 * (OpenAI itself answers 400 `Unrecognized request argument supplied: thinking`), but Anthropic's
 * own OpenAI-compatible endpoint takes it on a chat request to turn extended thinking on, and
 * clients written for it (or for LiteLLM, which does the same) send it. So on Claude it is read as
 * that endpoint reads it and goes the way `reasoning_effort` goes (`thinking-from-effort.ts`: the
 * same conditions and adjustments); on Gemini, whose OpenAI-compatible endpoint does not take it,
 * it is refused as a field the target cannot honour (a route's fallbacks pass the target over;
 * otherwise a 400 naming it). OpenAI-compatible providers get it untouched: some servers take a
 * field of that name of their own.
 */
import { quoteClipped } from '../core/clip.js';
import { SwitchyardError } from '../core/errors.js';
import type { ChatCompletionRequest } from '../core/openai-wire.js';
import { EFFORT_BUDGETS, effortBudget, effortForBudget } from './reasoning-effort.js';

/** Anthropic's smallest thinking budget. */
export const MIN_THINKING_BUDGET = 1024;

/** The thinking a chat request asks for: what it wrote (for the trace), the budget in tokens (0: none), and the effort it stands for. */
export interface ThinkingAsked {
  requested: string;
  budget: number;
  effort: string;
}

/**
 * The thinking a chat request asks of Claude: its `thinking` field when set (`enabled` with a
 * budget, `adaptive`, `disabled`), else its `reasoning_effort` (with a Gemini client's exact
 * `thinkingBudget`, the gateway's own `gemini_thinking_budget`, as its budget), else undefined. A `thinking` of any
 * other shape is a 400 naming it.
 *
 * @example thinkingAsked({ model: 'm', messages: [], thinking: { type: 'enabled', budget_tokens: 2048 } }) // { requested: '{"type":"enabled","budget_tokens":2048}', budget: 2048, effort: 'low' }
 * @example thinkingAsked({ model: 'm', messages: [], reasoning_effort: 'high' }) // { requested: 'high', budget: 24576, effort: 'high' }
 * @example thinkingAsked({ model: 'm', messages: [], reasoning_effort: 'low', gemini_thinking_budget: 2000 }) // { requested: 'thinkingBudget 2000', budget: 2000, effort: 'low' }
 */
export function thinkingAsked(req: ChatCompletionRequest): ThinkingAsked | undefined {
  const thinking = req['thinking'];
  if (thinking === undefined || thinking === null) {
    const effort = req['reasoning_effort'];
    const budget = effortBudget(effort);
    if (budget === undefined) return undefined;
    // A Gemini client's own thinkingBudget (set beside the effort it stands for): exact, not the effort's.
    const exact = req['gemini_thinking_budget'];
    if (budget > 0 && typeof exact === 'number' && Number.isInteger(exact) && exact > 0) return { requested: `thinkingBudget ${exact}`, budget: exact, effort: effort as string };
    return { requested: effort as string, budget, effort: effort as string };
  }
  const requested = quoteClipped(thinking);
  const type = typeof thinking === 'object' && !Array.isArray(thinking) ? (thinking as Record<string, unknown>)['type'] : undefined;
  if (type === 'disabled') return { requested, budget: 0, effort: 'none' };
  // Claude's own default effort when adaptive thinking names none.
  if (type === 'adaptive') return { requested, budget: EFFORT_BUDGETS['high'] as number, effort: 'high' };
  const budget = type === 'enabled' ? (thinking as Record<string, unknown>)['budget_tokens'] : undefined;
  if (typeof budget === 'number' && Number.isInteger(budget) && budget >= MIN_THINKING_BUDGET) return { requested, budget, effort: effortForBudget(budget) };
  throw new SwitchyardError(
    'invalid_request',
    `thinking must be {"type": "enabled", "budget_tokens": N} with N an integer of at least ${MIN_THINKING_BUDGET}, {"type": "adaptive"} or {"type": "disabled"}, got ${requested}`,
    { param: 'thinking' },
  );
}

/**
 * Throws the 400 for a chat request's `thinking` (anything but null) sent to Gemini, whose
 * translation carries `reasoning_effort` instead.
 *
 * @example refuseChatThinking({ model: 'm', messages: [], thinking: { type: 'enabled', budget_tokens: 2048 } }, 'Gemini') // throws, param "thinking"
 */
export function refuseChatThinking(req: ChatCompletionRequest, vendor: 'Gemini'): void {
  const thinking = req['thinking'];
  if (thinking === undefined || thinking === null) return;
  throw new SwitchyardError(
    'unsupported',
    `thinking ${quoteClipped(thinking)} is the Anthropic Messages API's field, not a Chat Completions one, and is not translated for ${vendor} models; send reasoning_effort ("low", "medium" or "high"; "none" for no thinking) instead`,
    { param: 'thinking' },
  );
}
