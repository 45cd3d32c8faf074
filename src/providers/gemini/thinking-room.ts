/**
 * Room for the answer when Gemini 2.5 thinks. Gemini 2.5 counts thinking within
 * `maxOutputTokens`, and its dynamic thinking (the default) does not leave the answer room: with
 * `maxOutputTokens: 100`, gemini-2.5-pro returns `thoughtsTokenCount: 99`, an empty text part and
 * `finishReason: "MAX_TOKENS"` (Google AI developer forum, "no model response when limiting output
 * tokens"). A client's `max_tokens` is meant for the answer (OpenAI's non-reasoning models,
 * Anthropic's without thinking), so a translated request gets a thinking budget of at most half
 * its cap: the answer keeps the other half. A budget the client asked for (`reasoning_effort`) is
 * kept when it fits in that half. An Anthropic client's `budget_tokens` is kept as it is
 * (`clientBudget`): Claude counts thinking within `max_tokens` too, and refuses a budget that
 * does not leave the answer room, so the client sized its cap for both.
 *
 * Bounds from Google's thinking guide: 2.5 Pro takes budgets 128–32,768 and cannot turn thinking
 * off; 2.5 Flash 1–24,576, 0 turns it off; 2.5 Flash-Lite 512–24,576, 0 off. Where half the cap is
 * under a model's smallest budget, Flash and Flash-Lite stop thinking and Pro thinks its least.
 * Gemini 3 sets thinking by level, not budget, and is left as the client asked. The bounds are
 * the simulator's too (`core/gemini-thinking.ts`).
 */
import { budgetBounds } from '../../core/gemini-thinking.js';

/**
 * The `thinkingBudget` to send to `model` for a cap of `maxOutputTokens`, given the budget the
 * client asked for (undefined: dynamic); undefined when the request should go as asked.
 *
 * @example answerRoomBudget('gemini-2.5-flash', 300, undefined) // 150 (dynamic thinking could use all 300)
 * @example answerRoomBudget('gemini-2.5-flash', 4000, 1024) // undefined (1,024 leaves the answer room)
 * @example answerRoomBudget('gemini-2.5-flash', 600, 8192) // 300
 */
export function answerRoomBudget(model: string, maxOutputTokens: number | undefined, requested: number | undefined): number | undefined {
  if (maxOutputTokens === undefined || requested === 0) return undefined;
  const bounds = budgetBounds(model);
  if (bounds === undefined) return undefined;
  const half = Math.floor(maxOutputTokens / 2);
  const wanted = requested === undefined || requested < 0 ? bounds.max : requested;
  // Dynamic thinking under a cap of twice the largest budget or more cannot crowd the answer out.
  if (wanted <= half) return undefined;
  if (half >= bounds.min) return half;
  return bounds.canStop ? 0 : bounds.min;
}

/**
 * An Anthropic client's own thinking budget (`budget_tokens`; 0 for `thinking: {type:
 * "disabled"}`) as `model` takes it, within the model's bounds: 0 where thinking can stop, else the
 * smallest budget (2.5 Pro refuses 0: "This model only works in thinking mode"). Undefined for
 * models that are not budgeted thinkers (Gemini 3 takes a level, set from the nearest effort).
 *
 * @example clientBudget('gemini-2.5-flash', 2048) // 2048 (the effort nearest it, low, is 1,024)
 * @example clientBudget('gemini-2.5-pro', 0) // 128
 * @example clientBudget('gemini-2.5-flash', 40_000) // 24576
 */
export function clientBudget(model: string, budget: number): number | undefined {
  const bounds = budgetBounds(model);
  if (bounds === undefined) return undefined;
  if (budget <= 0) return bounds.canStop ? 0 : bounds.min;
  return Math.min(Math.max(budget, bounds.min), bounds.max);
}
