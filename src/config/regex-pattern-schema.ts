import { z } from 'zod';

/**
 * A regular expression from the config (routes' matches, the regex guardrail), compiled with the
 * `u` flag to check it. Patterns come from the config, not from clients. 1,000 characters is far
 * above any sensible pattern; a longer one is a pasted document, and compiling it costs time at
 * every reload.
 *
 * @example regexPatternSchema.parse('^refund') // '^refund'
 */
export const regexPatternSchema = z
  .string()
  .min(1)
  .max(1_000)
  .superRefine((pattern, ctx) => {
    try {
      new RegExp(pattern, 'u');
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: `invalid regular expression: ${(error as Error).message}` });
    }
  });
