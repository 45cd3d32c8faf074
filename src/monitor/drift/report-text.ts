import type { DriftReport } from './drift-types.js';

/**
 * A stored drift report without the text of its example requests, as body retention leaves it
 * (`traces.retention.bodies_days`): the features, numbers, words and trace ids stay, the prompts
 * shown as examples go. Null when the report held no prompt text.
 *
 * @example const blanked = withoutPromptText(report); if (blanked) await store.putDoc({ ...doc, body: blanked });
 */
export function withoutPromptText(report: DriftReport): DriftReport | null {
  const hasText = report.features.some((f) => f.examples?.some((e) => e.prompt !== null));
  if (!hasText) return null;
  return {
    ...report,
    features: report.features.map((f) => (f.examples ? { ...f, examples: f.examples.map((e) => ({ ...e, prompt: null })) } : f)),
    notes: [...(report.notes ?? []), 'the example requests\' text was dropped by body retention (traces.retention.bodies_days); their trace ids stay'],
  };
}
