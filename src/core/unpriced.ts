/**
 * The trace decision (under `decisions.cost`) of a call answered by an upstream model with no
 * price: neither the config (`price:` on the model or target) nor the built-in table
 * (`tokens/price-table.ts`) knows it. Its cost is booked as $0, which no dollar budget counts,
 * so traces, the CLI and the dashboard say "unpriced" rather than show a $0 that reads as free.
 */
export interface UnpricedDecision {
  priced: false;
  /** The upstream model that has no price. */
  model: string;
}

/**
 * The response header that names the upstream model with no price, on a whole answer from one:
 * such an answer carries no `x-switchyard-cost-usd`, since its $0 is unknown, not free.
 */
export const UNPRICED_HEADER = 'x-switchyard-cost-unpriced';

/**
 * The upstream model a trace's call could not price, or undefined when it was priced (or spent
 * nothing a price applies to: a cache hit, a local answer).
 *
 * @example unpricedModel({ decisions: { cost: { priced: false, model: 'my-vllm-model' } } }) // 'my-vllm-model'
 * @example unpricedModel({ decisions: null }) // undefined
 */
export function unpricedModel(trace: { decisions: Record<string, unknown> | null }): string | undefined {
  const cost = trace.decisions?.cost as Partial<UnpricedDecision> | undefined;
  return cost?.priced === false && typeof cost.model === 'string' ? cost.model : undefined;
}
