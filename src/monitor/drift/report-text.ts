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

/**
 * A stored drift report without the examples of these traces (an erasure request): their trace
 * ids and prompt text go, the features' numbers stay. Null when it showed none of them.
 *
 * @example const kept = withoutExamplesOf(report, new Set(['tr_1'])); if (kept) await store.putDoc({ ...doc, body: kept.report });
 */
export function withoutExamplesOf(report: DriftReport, traceIds: ReadonlySet<string>): { report: DriftReport; removed: number } | null {
  let removed = 0;
  const features = report.features.map((f) => {
    if (!f.examples?.some((e) => traceIds.has(e.traceId))) return f;
    const examples = f.examples.filter((e) => !traceIds.has(e.traceId));
    removed += f.examples.length - examples.length;
    return { ...f, examples };
  });
  return removed === 0 ? null : { report: { ...report, features }, removed };
}
