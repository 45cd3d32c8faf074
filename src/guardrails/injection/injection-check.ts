import { z } from 'zod';
import { actionSchema, parseCheckConfig } from '../policy/parse-config.js';
import { type GuardVerdict, verdict } from '../verdict.js';
import type { InjectionDetector, InjectionSource } from './detector.js';

const threshold = z.number().min(0).max(1);

export const injectionCheckConfigSchema = z.strictObject({
  action: actionSchema('block'),
  /** Per-route threshold for the user turn; the model's validated threshold when absent. */
  threshold: threshold.optional(),
  /** Per-route threshold for tool results and retrieved documents. */
  indirect_threshold: threshold.optional(),
});

export type InjectionCheckConfig = z.input<typeof injectionCheckConfigSchema>;

/**
 * Validates an injection check's config.
 *
 * @example parseInjectionCheckConfig({ action: 'flag', threshold: 0.7 })
 */
export function parseInjectionCheckConfig(raw: unknown): z.output<typeof injectionCheckConfigSchema> {
  return parseCheckConfig(injectionCheckConfigSchema, raw, 'injection');
}

/**
 * The injection detector as a guardrail check: scores the text for its source and turns the
 * result into a verdict with the configured action and per-route thresholds.
 *
 * @example
 * const check = injectionCheck(await loadInjectionDetector(), { action: 'flag', indirect_threshold: 0.9 });
 * check(userMessage).action; check(toolResult, 'indirect').action
 */
export function injectionCheck(detector: InjectionDetector, raw: InjectionCheckConfig = {}) {
  const config = parseInjectionCheckConfig(raw);
  return (text: string, source: InjectionSource = 'user'): GuardVerdict => {
    const limit = source === 'user' ? config.threshold : config.indirect_threshold;
    const result = detector.score(text, { source, ...(limit === undefined ? {} : { threshold: limit }) });
    const check = source === 'user' ? 'injection' : 'indirect-injection';
    return verdict(check, result.flagged, config.action, result.reasons.join('; '), result.score);
  };
}
