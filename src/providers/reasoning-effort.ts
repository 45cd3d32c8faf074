/**
 * OpenAI's `reasoning_effort` and the thinking budgets (tokens) of Gemini 2.5 and Anthropic, one
 * table for every translation, so an effort sent on and a budget read back agree.
 */

/** Budgets per effort, as Google's own OpenAI-compatible endpoint maps them for Gemini 2.5. */
export const EFFORT_BUDGETS: Readonly<Record<string, number>> = { none: 0, minimal: 512, low: 1024, medium: 8192, high: 24576, xhigh: 24576, max: 24576 };

/**
 * The budget for an effort named by a client, or undefined when it names none of them: read as
 * the table's own entry only, so `__proto__`, `constructor` or `toString` are no effort.
 *
 * @example effortBudget('low') // 1024
 * @example effortBudget('constructor') // undefined
 */
export function effortBudget(effort: unknown): number | undefined {
  return typeof effort === 'string' && Object.hasOwn(EFFORT_BUDGETS, effort) ? EFFORT_BUDGETS[effort] : undefined;
}

/**
 * The effort a thinking budget stands for: the level whose budget is nearest on a log scale
 * (the boundaries sit between low's 1,024, medium's 8,192 and high's 24,576 tokens).
 *
 * @example effortForBudget(2000) // 'low'
 * @example effortForBudget(10000) // 'medium'
 */
export function effortForBudget(budget: number): 'low' | 'medium' | 'high' {
  if (budget < 2896) return 'low';
  if (budget < 14188) return 'medium';
  return 'high';
}
