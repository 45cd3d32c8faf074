import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/load-config.js';
import { cacheLines, limitsLine, localModelsLine, unpricedModelsNote } from './serve-gateway.js';

const models = 'providers: { sim: { type: openai, base_url: "http://127.0.0.1:9/v1" } }\nmodels: { small: { provider: sim, model: s } }\n';

describe('the start banner’s limits line', () => {
  it('names the Redis replicas share (without its password), the prefix and what an outage does', () => {
    const config = parseConfig(`${models}limits: { store: redis, redis_url: "redis://:hunter2@10.0.0.5:6379/2", redis_prefix: "sy:prod", on_error: open }`);
    const line = limitsLine(config);
    expect(line).toBe('redis redis://:***@10.0.0.5:6379/2 prefix sy:prod, on_error open (served without limits while Redis is unreachable)');
    expect(line).not.toContain('hunter2');
  });

  it('says a memory store is this process’s own', () => {
    expect(limitsLine(parseConfig(models))).toBe('memory (this process only; limits.store: redis to share them between replicas)');
  });
});

describe('the start banner’s cache line', () => {
  it('names where cached answers are kept, for which names, and none when nothing is cached', () => {
    const redis = parseConfig(`${models}cache: { store: redis, redis_url: "redis://:hunter2@10.0.0.5:6379/2", redis_prefix: "sy:prod:cache:", routes: { small: {} } }`);
    expect(cacheLines(redis)).toEqual(['  cache:          redis redis://:***@10.0.0.5:6379/2 prefix sy:prod:cache: for small']);
    expect(cacheLines(parseConfig(`${models}cache: { routes: { "*": {} } }`))).toEqual(['  cache:          memory (this process only; cache.store: redis to share answers between replicas) for *']);
    expect(cacheLines(parseConfig(`${models}cache: { store: redis }`))).toEqual([]);
  });
});

describe('the start note on models without a price', () => {
  it('names each upstream model no price covers and the config entries that use it, and how to price it', () => {
    const config = parseConfig(`providers: { sim: { type: openai, base_url: "http://127.0.0.1:9/v1" } }
models:
  reasoner: { provider: sim, model: my-vllm-model }
  cheap: { fallbacks: [{ provider: sim, model: gpt-4o-mini }, { provider: sim, model: my-vllm-model }] }
  dated: { provider: sim, model: gpt-4o-2024-08-06 }
  priced: { provider: sim, model: my-model, price: { input_per_mtok: 1, output_per_mtok: 2 } }
  target-priced: { loadbalance: [{ provider: sim, model: other, price: { input_per_mtok: 1, output_per_mtok: 2 } }] }
`);
    expect(unpricedModelsNote(config)).toBe(
      'no price for my-vllm-model (models.reasoner, models.cheap): their calls are booked at $0 and keys with a dollar budget are refused them (limits.unpriced: refuse); set price: { input_per_mtok, output_per_mtok } on the model',
    );
  });

  it('says budgets do not count them when limits.unpriced is allow', () => {
    const config = parseConfig('providers: { sim: { type: openai, base_url: "http://127.0.0.1:9/v1" } }\nmodels: { local: { provider: sim, model: my-vllm-model } }\nlimits: { unpriced: allow }\n');
    expect(unpricedModelsNote(config)).toContain('no dollar budget limits them (limits.unpriced: allow)');
  });

  it('says nothing when every model is priced', () => {
    expect(unpricedModelsNote(parseConfig('providers: { sim: { type: openai, base_url: "http://127.0.0.1:9/v1" } }\nmodels: { small: { provider: sim, model: gpt-5.4-mini } }\n'))).toBeUndefined();
  });

  it('lists five models and counts the rest, so a long config cannot flood the banner', () => {
    const lines = Array.from({ length: 8 }, (_, i) => `  m${i}: { provider: sim, model: unknown-${i} }`).join('\n');
    const note = unpricedModelsNote(parseConfig(`providers: { sim: { type: openai, base_url: "http://127.0.0.1:9/v1" } }\nmodels:\n${lines}\n`));
    expect(note).toContain('unknown-4 (models.m4) and 3 more:');
    expect(note).not.toContain('unknown-5');
  });
});

describe('the start banner’s local models line', () => {
  const metrics = { accuracy: 0.9, coverage: 0.85, precision: 0.971, threshold: 0.7, examples: 1000 };
  it('says which version each route serves, or that it escalates everything and why', () => {
    expect(
      localModelsLine([
        { route: 'support-intent', live: { version: 3, metrics }, waiting: null },
        { route: 'tags', live: null, waiting: '4 of 300 examples gathered before the first training' },
      ]),
    ).toEqual(['  local models:   support-intent v3 live (held-out precision 97.1% at 85.0% coverage); tags none live: every request escalates (4 of 300 examples gathered before the first training)']);
  });

  it('is left out for a gateway with no local models', () => {
    expect(localModelsLine([])).toEqual([]);
  });
});
