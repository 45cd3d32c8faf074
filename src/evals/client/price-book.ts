import type { Config } from '../../config/schema.js';
import { computeCost } from '../../tokens/cost.js';
import { lookupPrice, type PriceEntry } from '../../tokens/price-table.js';
import type { Usage } from '../../tokens/usage.js';

/**
 * Prices for the gateway's model names, from the config (as the gateway itself prices them):
 * the answering upstream model's price when the response names it, else the first target's.
 * Without a config (`--gateway URL`), costs come from the traces instead.
 *
 * @example new PriceBook(config).cost('small', 'gpt-4o-mini', usage) // 0.00027
 */
export class PriceBook {
  private readonly byName = new Map<string, { first: PriceEntry | undefined; firstModel: string; byUpstream: Map<string, PriceEntry | undefined> }>();

  constructor(config: Config | undefined) {
    for (const [name, model] of Object.entries(config?.models ?? {})) {
      const targets = model.fallbacks ?? model.loadbalance ?? [{ provider: model.provider ?? '', model: model.model ?? '', price: undefined }];
      const byUpstream = new Map<string, PriceEntry | undefined>();
      for (const t of targets) byUpstream.set(t.model, t.price ?? model.price ?? lookupPrice(t.model));
      const firstModel = targets[0]?.model ?? '';
      this.byName.set(name, { first: byUpstream.get(firstModel), firstModel, byUpstream });
    }
  }

  /** USD for a call to `model` answered by `upstream` (when known); 0 when it has no price (see `unpriced`). */
  cost(model: string, upstream: string | null, usage: Usage): number {
    return computeCost(this.priceOf(model, upstream), usage);
  }

  /**
   * The upstream model a call to `model` answered by `upstream` has no price for, or null when
   * it is priced: its cost of 0 is unknown, not free.
   *
   * @example new PriceBook(config).unpriced('local', 'my-vllm-model') // 'my-vllm-model'
   */
  unpriced(model: string, upstream: string | null): string | null {
    if (this.priceOf(model, upstream)) return null;
    return upstream ?? this.byName.get(model)?.firstModel ?? model;
  }

  private priceOf(model: string, upstream: string | null): PriceEntry | undefined {
    const entry = this.byName.get(model);
    return (upstream !== null ? entry?.byUpstream.get(upstream) : undefined) ?? entry?.first ?? (upstream ? lookupPrice(upstream) : undefined);
  }
}
