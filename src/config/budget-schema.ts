import { z } from 'zod';

// Its own module, so the key and team commands (`switchyard keys create --budget-usd 5`) check a
// budget without building the whole config schema, ~0.2 s of a CLI command's start.

/**
 * The amounts a budget may hold, in dollars: the config file, the admin API and the CLI take the
 * same. Below a millionth of a dollar (about one token of the cheapest priced model) a budget
 * refuses every call; above a billion it limits nothing (`1e308` was taken) and is a slip of the
 * keyboard more likely than a plan. No limit is written by leaving the budget out.
 */
export const BUDGET_USD = { min: 0.000001, max: 1_000_000_000 } as const;
export const BUDGET_USD_RANGE = `from ${BUDGET_USD.min.toFixed(6)} to ${BUDGET_USD.max.toLocaleString('en-US')} dollars`;
const budgetRange = `must be ${BUDGET_USD_RANGE} (leave the budget out for no limit)`;
/** Below the range: an admin who writes 0 means "may spend nothing", which is what revoking a key does. */
export const BUDGET_TOO_SMALL_HINT = "leave the budget out for no limit; to stop a key's calls, revoke it";
const budgetTooSmall = `must be ${BUDGET_USD_RANGE} (${BUDGET_TOO_SMALL_HINT})`;

/**
 * A key's or a team's budget, in the config file and the admin API.
 *
 * @example budgetSchema.parse({ usd: 20, period: 'monthly' })
 */
export const budgetSchema = z.strictObject({
  usd: z.number().min(BUDGET_USD.min, budgetTooSmall).max(BUDGET_USD.max, budgetRange),
  /** The window spend is summed over; `total` never resets. */
  period: z.enum(['total', 'monthly', 'daily']).default('total'),
});
