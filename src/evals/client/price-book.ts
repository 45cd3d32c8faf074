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
  private readonly byName = new Map<string, { first: PriceEntry | undefined; byUpstream: Map<string, PriceEntry | undefined> }>();

  constructor(config: Config | undefined) {
    for (const [name, model] of Object.entries(config?.models ?? {})) {
      const targets = model.fallbacks ?? model.loadbalance ?? [{ provider: model.provider ?? '', model: model.model ?? '', price: undefined }];
      const byUpstream = new Map<string, PriceEntry | undefined>();
      for (const t of targets) byUpstream.set(t.model, t.price ?? model.price ?? lookupPrice(t.model));
      const firstModel = targets[0]?.model ?? '';
      this.byName.set(name, { first: byUpstream.get(firstModel), byUpstream });
    }
  }

  /** USD for a call to `model` answered by `upstream` (when known). */
  cost(model: string, upstream: string | null, usage: Usage): number {
    const entry = this.byName.get(model);
    const price = (upstream !== null ? entry?.byUpstream.get(upstream) : undefined) ?? entry?.first ?? (upstream ? lookupPrice(upstream) : undefined);
    return computeCost(price, usage);
  }
}
