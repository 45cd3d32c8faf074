/**
 * The trace decision (under `decisions.billing`) of a call the provider billed other than at its
 * standard price: the tier that served it (`service_tier`, from the response), Claude's fast mode
 * (`speed`) and Claude's US-only inference (`inference_geo`), and the price list the gateway billed
 * it from (`priced_as`): that tier's, or `standard` when the model has no price for it.
 */
export interface BillingDecision {
  service_tier?: 'flex' | 'priority' | 'ultrafast';
  speed?: 'fast';
  inference_geo?: 'us';
  /** The price list the call was billed from: the tier's or fast mode's, else the standard one. */
  priced_as: 'flex' | 'priority' | 'ultrafast' | 'fast' | 'standard';
  /** US-only inference's multiplier on every token price, when the model has one. */
  multiplier?: number;
}

/**
 * A short line saying how a trace's call was billed, or undefined for a standard call.
 *
 * @example billingLabel({ decisions: { billing: { service_tier: 'flex', priced_as: 'flex' } } }) // 'flex tier'
 * @example billingLabel({ decisions: { billing: { service_tier: 'flex', priced_as: 'standard' } } }) // 'flex tier, billed at standard prices (no flex price)'
 */
export function billingLabel(trace: { decisions: Record<string, unknown> | null }): string | undefined {
  const billing = trace.decisions?.billing as Partial<BillingDecision> | undefined;
  if (!billing || typeof billing !== 'object') return undefined;
  const parts: string[] = [];
  const mode = billing.speed === 'fast' ? 'fast mode' : billing.service_tier ? `${billing.service_tier} tier` : undefined;
  if (mode) parts.push(billing.priced_as === 'standard' ? `${mode}, billed at standard prices (no ${billing.speed ?? billing.service_tier} price)` : mode);
  if (billing.inference_geo === 'us') parts.push(billing.multiplier ? `US-only inference ×${billing.multiplier}` : 'US-only inference');
  return parts.length > 0 ? parts.join(' · ') : undefined;
}
