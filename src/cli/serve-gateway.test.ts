import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/load-config.js';
import { limitsLine } from './serve-gateway.js';

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
