/**
 * A short, bounded word for what one pipeline stage decided, read from the decision it recorded
 * on the trace (`call.decide(stage, …)`): the cache's hit or miss, a guard's verdict, whether a
 * local model answered. Stages record objects of their own shape, so this looks for the usual
 * fields rather than knowing each stage.
 *
 * @example decisionOutcome({ hit: true, key: '…' }) // 'hit'
 * @example decisionOutcome({ verdict: 'block', reason: '…' }) // 'block'
 */
export function decisionOutcome(decision: unknown): string {
  if (decision === null || typeof decision !== 'object' || Array.isArray(decision)) return 'recorded';
  const d = decision as Record<string, unknown>;
  if (typeof d.hit === 'boolean') return d.hit ? 'hit' : 'miss';
  if (typeof d.answered === 'boolean') return d.answered ? 'answered' : 'escalated';
  if (typeof d.blocked === 'boolean') return d.blocked ? 'blocked' : 'passed';
  for (const field of ['outcome', 'verdict', 'action', 'result', 'status']) {
    const value = d[field];
    if (typeof value === 'string' && WORD.test(value)) return value;
  }
  return 'recorded';
}

/** Words fit for a label value: short, lowercase, no free text. */
const WORD = /^[a-z][a-z0-9_-]{0,23}$/;

/**
 * Whether a stage name is fit for a label (stage names come from code, but decisions are open).
 *
 * @example isStageName('route') // true
 */
export function isStageName(stage: string): boolean {
  return /^[a-z][a-z0-9_-]{0,31}$/.test(stage);
}
