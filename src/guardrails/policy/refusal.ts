import { z } from 'zod';
import { escapeRegExp } from '../../core/escape-regexp.js';
import { type GuardVerdict, verdict } from '../verdict.js';
import { actionSchema, parseCheckConfig } from './parse-config.js';
import { DEFAULT_REFUSAL_PATTERNS, DEFAULT_REFUSAL_WINDOW_CHARS, matchRefusal, type RefusalResult } from './refusal-patterns.js';
import { requireText } from './require-text.js';

export { DEFAULT_REFUSAL_PATTERNS, type RefusalResult } from './refusal-patterns.js';

export const refusalConfigSchema = z.strictObject({
  /** Extra phrases (plain text, case-insensitive) that mean "the model refused". */
  phrases: z.array(z.string().trim().min(3)).default([]),
  /** Use only `phrases`, not the built-in patterns. */
  replace_defaults: z.boolean().default(false),
  /**
   * Refusals come first: only the opening characters are searched, so an answer that quotes a
   * refusal later ("the bot said: I can't help with that") is not counted.
   */
  window_chars: z.number().int().min(20).max(100_000).default(DEFAULT_REFUSAL_WINDOW_CHARS),
  action: actionSchema('flag'),
});

export type RefusalConfig = z.input<typeof refusalConfigSchema>;

function compile(config: z.output<typeof refusalConfigSchema>): RegExp[] {
  const extra = config.phrases.map((p) => new RegExp(`\\b${escapeRegExp(p.toLowerCase().replaceAll('’', "'"))}`));
  return config.replace_defaults ? extra : [...DEFAULT_REFUSAL_PATTERNS, ...extra];
}

/**
 * Whether a model's answer is a refusal, by phrase patterns in the opening of the answer. Used
 * by the red team to tell "the model refused" from "got through".
 *
 * @example detectRefusal("I'm sorry, but I can't help with that.") // { refused: true, score: 1, matched: ... }
 * @example detectRefusal('Sure! Here is a poem about the sea.').refused // false
 * @example detectRefusal(answer, { phrases: ['computer says no'], window_chars: 200 })
 */
export function detectRefusal(text: string, options?: RefusalConfig): RefusalResult {
  if (options === undefined) return matchRefusal(requireText(text, 'refusal'), DEFAULT_REFUSAL_WINDOW_CHARS, DEFAULT_REFUSAL_PATTERNS);
  const config = parseCheckConfig(refusalConfigSchema, options, 'refusal');
  return matchRefusal(requireText(text, 'refusal'), config.window_chars, compile(config));
}

/**
 * A refusal check as a guardrail verdict (for example to flag over-refusals for review).
 *
 * @example refusalCheck({ action: 'warn' })("I can't assist with that request.").action // 'warn'
 */
export function refusalCheck(raw: RefusalConfig = {}): (output: string) => GuardVerdict {
  const config = parseCheckConfig(refusalConfigSchema, raw, 'refusal');
  const patterns = compile(config);
  return (output) => {
    const result = matchRefusal(requireText(output, 'refusal'), config.window_chars, patterns);
    return verdict('refusal', result.refused, config.action, result.refused ? 'the answer is a refusal' : 'no refusal', result.score);
  };
}
