import { z } from 'zod';
import { budgetSchema } from '../config/budget-schema.js';
import { SwitchyardError } from '../core/errors.js';
import { formatIssues } from '../core/format-issues.js';
import type { Budget, RateLimit } from './keys.js';
import type { NewKey } from './manage-keys.js';

/** The most models one key may name, and the longest name: far past any config's, well short of a hostile list's. */
const MAX_KEY_MODELS = 1_000;
const MAX_MODEL_NAME = 256;

/** A new key as the admin API takes it (the config file's key fields, without the secret). */
const newKeySchema = z.strictObject({
  // Name and team are checked by KeyManager (\`labelNameProblem\`), the one rule for the API, the CLI and the config.
  name: z.string(),
  team: z.string().nullish(),
  // Bounded: each name is kept with the key, listed on every GET /api/keys and warned about when
  // the config lacks it (10,000 names of 53 characters made a 2.9 MB answer and a 590 kB list).
  models: z.array(z.string().min(1).max(MAX_MODEL_NAME)).min(1).max(MAX_KEY_MODELS).nullish(),
  budget: budgetSchema.nullish(),
  rate_limit: z.lazy(() => rateLimitInput),
});

const rateLimitInput = z
  .strictObject({
    requests_per_minute: z.number().int().positive().nullish(),
    tokens_per_minute: z.number().int().positive().nullish(),
  })
  .nullish();

const teamSchema = z.strictObject({ budget: budgetSchema.nullish(), rate_limit: rateLimitInput });

const toRateLimit = (limit: z.output<typeof rateLimitInput>): RateLimit | null =>
  limit && (limit.requests_per_minute || limit.tokens_per_minute) ? { requestsPerMinute: limit.requests_per_minute ?? null, tokensPerMinute: limit.tokens_per_minute ?? null } : null;

function invalid(error: z.ZodError, raw: unknown): SwitchyardError {
  const problems = formatIssues(error, raw);
  return new SwitchyardError('invalid_request', problems.join('; '), { param: String(error.issues[0]?.path[0] ?? '') || undefined });
}

/**
 * A create-key body, checked: a 400 naming each wrong field, its value and what was expected.
 *
 * @example parseNewKey({ name: 'ci', budget: { usd: 5, period: 'monthly' }, rate_limit: { requests_per_minute: 60 } })
 */
export function parseNewKey(body: unknown): NewKey {
  const parsed = newKeySchema.safeParse(body);
  if (!parsed.success) throw invalid(parsed.error, body);
  const { rate_limit: limit, ...rest } = parsed.data;
  return {
    name: rest.name,
    team: rest.team ?? null,
    models: rest.models ?? null,
    budget: rest.budget ?? null,
    rateLimit: toRateLimit(limit),
  };
}

/**
 * A team body: its budget and rate limit, each optional (absent or null: none).
 *
 * @example parseTeam({ budget: { usd: 100, period: 'monthly' }, rate_limit: { requests_per_minute: 600 } })
 */
export function parseTeam(body: unknown): { budget: Budget | null; rateLimit: RateLimit | null } {
  const parsed = teamSchema.safeParse(body);
  if (!parsed.success) throw invalid(parsed.error, body);
  return { budget: parsed.data.budget ?? null, rateLimit: toRateLimit(parsed.data.rate_limit) };
}
