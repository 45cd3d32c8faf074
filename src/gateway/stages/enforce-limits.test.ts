import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/load-config.js';
import { systemClock } from '../../core/clock.js';
import type { SwitchyardError } from '../../core/errors.js';
import { toVirtualKey } from '../../limits/keys.js';
import type { LimitStore } from '../../limits/limit-store.js';
import { MemoryLimitStore } from '../../limits/memory-limit-store.js';
import type { ChatProvider } from '../../providers/spec.js';
import { ModelCatalog } from '../../routing/catalog.js';
import { Call } from '../call.js';
import type { Outcome } from '../outcome.js';
import { enforceLimits } from './enforce-limits.js';

const config = parseConfig(`
providers: { sim: { type: openai, base_url: "http://127.0.0.1:1/v1" } }
models:
  cheap: { provider: sim, model: c, price: { input_per_mtok: 1, output_per_mtok: 2 } }
  dear: { provider: sim, model: d, price: { input_per_mtok: 10, output_per_mtok: 40 } }
routes: { either: { policy: split, arms: [ { target: cheap, weight: 1 }, { target: dear, weight: 1 } ] } }`);
const catalog = new ModelCatalog(config, new Map([['sim', {} as ChatProvider]]));
const key = toVirtualKey({ key: 'sk-sy-xxxxxxxx', name: 'k', budget: { usd: 100, period: 'total' } });
const ok: Outcome = { kind: 'json', status: 200, body: {}, headers: {} } as unknown as Outcome;

function callFor(model: string, body: object): Call {
  const text = JSON.stringify({ model, ...body });
  const call = new Call({ endpoint: 'chat', format: 'openai', bodyText: text, body: JSON.parse(text), signal: new AbortController().signal });
  call.key = key;
  call.model = model;
  return call;
}

const down: LimitStore = {
  admit: async () => {
    throw new Error('connect ECONNREFUSED 127.0.0.1:6379');
  },
  settle: async () => undefined,
  usage: async () => ({ requestsLastMinute: 0, tokensLastMinute: 0, spendUsd: 0, reservedUsd: 0, periodStart: 0 }),
  budgetUsage: async () => ({ spendUsd: 0, reservedUsd: 0, periodStart: 0 }),
};

describe('enforceLimits', () => {
  it('reserves the worst case: every body byte as input, the output cap, at the dearest price a route can pick', async () => {
    const limits = new MemoryLimitStore();
    const direct = callFor('cheap', { max_tokens: 100, messages: [{ role: 'user', content: 'hi' }] });
    await enforceLimits(limits, catalog, systemClock)(direct, async () => ok);
    const bytes = direct.input.bodyText.length;
    expect(direct.decisions?.limits).toEqual({ reservedUsd: (bytes * 1 + 100 * 2) / 1e6 });

    const routed = callFor('either', { max_completion_tokens: 50, n: 2, messages: [{ role: 'user', content: 'hi' }] });
    await enforceLimits(limits, catalog, systemClock)(routed, async () => ok);
    expect(routed.decisions?.limits).toEqual({ reservedUsd: (routed.input.bodyText.length * 10 + 100 * 40) / 1e6 });

    const uncapped = callFor('cheap', { messages: [{ role: 'user', content: 'hi' }] });
    await enforceLimits(limits, catalog, systemClock, { defaultMaxOutputTokens: 1000 })(uncapped, async () => ok);
    expect(uncapped.decisions?.limits).toEqual({ reservedUsd: (uncapped.input.bodyText.length + 1000 * 2) / 1e6 });
  });

  it('refuses with a retryable 503 when the store is down and the policy is closed, and says so on the trace', async () => {
    const call = callFor('cheap', { max_tokens: 1, messages: [] });
    let reached = false;
    const error = (await enforceLimits(down, catalog, systemClock, { onStoreError: 'closed' })(call, async () => {
      reached = true;
      return ok;
    }).catch((e: unknown) => e)) as SwitchyardError;
    expect(reached).toBe(false);
    expect(error.status).toBe(503);
    expect(error.retryAfter).toBe(1);
    expect(call.decisions?.limits).toMatchObject({ degraded: true, policy: 'closed', reason: 'limit store unreachable: connect ECONNREFUSED 127.0.0.1:6379' });
  });

  it('serves unlimited when the store is down and the policy is open, and says so on the trace', async () => {
    const lines: string[] = [];
    const call = callFor('cheap', { max_tokens: 1, messages: [] });
    const outcome = await enforceLimits(down, catalog, systemClock, { onStoreError: 'open', log: (line) => lines.push(line) })(call, async () => ok);
    expect(outcome).toBe(ok);
    expect(call.decisions?.limits).toMatchObject({ degraded: true, policy: 'open' });
    expect(lines).toEqual(['limit store unreachable: connect ECONNREFUSED 127.0.0.1:6379 (failing open)']);
  });
});
