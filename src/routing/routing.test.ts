import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/load-config.js';
import { createProvider } from '../providers/registry.js';
import type { ChatProvider as Provider } from '../providers/spec.js';
import { backoffDelay } from './backoff.js';
import { ModelCatalog } from './catalog.js';
import { orderTargets } from './order-targets.js';

const config = parseConfig(`
providers:
  a: { type: openai, base_url: http://127.0.0.1:1/v1 }
  b: { type: anthropic, base_url: http://127.0.0.1:2 }
models:
  split: { loadbalance: [ { provider: a, model: x, weight: 3 }, { provider: b, model: y, weight: 1 } ] }
  chain: { fallbacks: [ { provider: b, model: y }, { provider: a, model: gpt-4o-mini } ], retry: { max_attempts: 5 } }
`);
const providers = new Map<string, Provider>(Object.entries(config.providers).map(([n, p]) => [n, createProvider(n, p)]));
const catalog = new ModelCatalog(config, providers);

describe('orderTargets', () => {
  it('draws by weight, then keeps the rest as fallbacks', () => {
    const split = catalog.resolve('split');
    expect(orderTargets(split, () => 0.7).map((t) => t.model)).toEqual(['x', 'y']);
    expect(orderTargets(split, () => 0.8).map((t) => t.model)).toEqual(['y', 'x']);
  });

  it('keeps a fallback chain in its configured order, with its own retry policy and prices', () => {
    const chain = catalog.resolve('chain');
    expect(orderTargets(chain, () => 0.99).map((t) => `${t.provider.name}/${t.model}`)).toEqual(['b/y', 'a/gpt-4o-mini']);
    expect(chain.retry.max_attempts).toBe(5);
    expect(chain.targets[1]?.price?.input_per_mtok).toBe(0.15);
    expect(chain.targets[0]?.price).toBeUndefined();
  });
});

describe('backoffDelay', () => {
  const policy = { max_attempts: 3, base_delay_ms: 100, max_delay_ms: 1_000, max_retry_after_ms: 5_000 };

  it('grows exponentially with full jitter, capped', () => {
    expect(backoffDelay(1, policy, () => 0.5)).toBe(50);
    expect(backoffDelay(3, policy, () => 0.5)).toBe(200);
    expect(backoffDelay(10, policy, () => 0.999)).toBeCloseTo(999, 0);
  });

  it('waits at least the retry-after, and gives up on one past the cap', () => {
    expect(backoffDelay(1, policy, () => 0.5, 2_000)).toBe(2_000);
    expect(backoffDelay(1, policy, () => 0.5, 6_000)).toBeUndefined();
  });
});

describe('highestPrice', () => {
  it('bounds a call by every price it could be billed: the tiers it asks for, and always the US-only multiple', () => {
    const tiers = parseConfig(`
providers:
  b: { type: anthropic, base_url: http://127.0.0.1:2 }
models:
  opus: { provider: b, model: claude-opus-5 }
  plain: { provider: b, model: claude-sonnet-4-5 }
`);
    const priced = new ModelCatalog(tiers, new Map(Object.entries(tiers.providers).map(([n, p]) => [n, createProvider(n, p)])));
    // Opus 5 in fast mode: $20 1-hour cache writes and $50 output; without it $10 and $25; times 1.1 for US-only inference either way.
    expect(priced.highestPrice('opus', { fast: true })?.input_per_mtok).toBeCloseTo(20 * 1.1, 12);
    expect(priced.highestPrice('opus', { fast: true })?.output_per_mtok).toBeCloseTo(50 * 1.1, 12);
    expect(priced.highestPrice('opus')?.output_per_mtok).toBeCloseTo(25 * 1.1, 12);
    expect(priced.highestPrice('plain')).toEqual({ input_per_mtok: 6, output_per_mtok: 15 });
  });

  it("reserves at a model's ultrafast prices only when the request asks for that tier", () => {
    const config = parseConfig(`
providers:
  o: { type: openai, base_url: http://127.0.0.1:2/v1 }
models:
  sol: { provider: o, model: gpt-5.6-sol, price: { input_per_mtok: 5, output_per_mtok: 30, ultrafast: { input_per_mtok: 15, output_per_mtok: 90 } } }
`);
    const catalog = new ModelCatalog(config, new Map(Object.entries(config.providers).map(([n, p]) => [n, createProvider(n, p)])));
    expect(catalog.highestPrice('sol', { ultrafast: true })).toEqual({ input_per_mtok: 15, output_per_mtok: 90 });
    expect(catalog.highestPrice('sol')).toEqual({ input_per_mtok: 5, output_per_mtok: 30 });
  });
});
