import { z } from 'zod';
import { formatIssues } from '../../core/format-issues.js';
import { SwitchyardError } from '../../core/errors.js';

/**
 * Validates a check's config with its zod schema; every problem is listed, each naming the
 * field path under `where` (unknown fields, values not among the allowed ones, wrong types).
 *
 * @example parseCheckConfig(bannedWordsConfigSchema, raw, 'guardrails.banned_words')
 */
export function parseCheckConfig<S extends z.ZodType>(schema: S, raw: unknown, where: string): z.output<S> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const problems = formatIssues(result.error, raw, schema).map((line) => `${where}${line.startsWith('(root)') ? line.slice(6) : `.${line}`}`);
  throw new SwitchyardError('config_invalid', problems.join('; '), { detail: problems });
}

/**
 * The action a check takes when it triggers, with the check's default.
 *
 * @example actionSchema('flag').parse(undefined) // 'flag'
 */
export function actionSchema(fallback: 'block' | 'flag' | 'warn') {
  return z.enum(['block', 'flag', 'warn']).default(fallback);
}
