import { describe, expect, it } from 'vitest';
import { breakerSchema } from '../config/cache-schema.js';
import type { ChatProvider } from '../providers/spec.js';
import type { ModelPlan, Target } from './catalog.js';
import { orderTargets, targetId } from './order-targets.js';
import { TargetHealth } from './target-health.js';

const target = (name: string): Target => ({ provider: { name } as ChatProvider, model: 'm', price: undefined, weight: 1, outputLimit: undefined, contextWindow: undefined });
const plan = (balance: ModelPlan['balance']): ModelPlan => ({
  name: 'lb',
  strategy: 'loadbalance',
  balance,
  targets: [target('a'), target('b'), target('c')],
  retry: { max_attempts: 1, base_delay_ms: 0, max_delay_ms: 0, max_retry_after_ms: 0 },
  timeouts: { attempt_ms: 1_000, total_ms: 1_000 },
});

describe('balancing', () => {
  const clock = { now: () => 1_000, sleep: async () => undefined };

  it('headroom puts the target with the most rate limit left first; one without a figure keeps its drawn place', () => {
    const health = new TargetHealth(breakerSchema.parse({}), clock);
    const limits = (left: number) => ({ 'x-ratelimit-limit-requests': '100', 'x-ratelimit-remaining-requests': String(left) });
    health.observeHeaders('a/m', limits(5));
    health.observeHeaders('b/m', limits(80));
    // The draw gives a, b, c: a and b swap places, c (no figure) stays last.
    expect(orderTargets(plan('headroom'), () => 0, health).map(targetId)).toEqual(['b/m', 'a/m', 'c/m']);
    // The draw gives c, b, a: c stays first, as often as its weight says.
    expect(orderTargets(plan('headroom'), () => 0.99, health).map(targetId)).toEqual(['c/m', 'b/m', 'a/m']);
    health.observeHeaders('c/m', limits(1));
    expect(orderTargets(plan('headroom'), () => 0.99, health).map(targetId)).toEqual(['b/m', 'a/m', 'c/m']);
  });

  it('headroom: a target with nothing left goes after every other, one without a figure included', () => {
    const health = new TargetHealth(breakerSchema.parse({}), clock);
    const limits = (left: number) => ({ 'x-ratelimit-limit-requests': '100', 'x-ratelimit-remaining-requests': String(left) });
    health.observeHeaders('a/m', limits(0));
    health.observeHeaders('b/m', limits(40));
    // The draw gives a, b, c: a has no requests left, so b (measured) and c (no figure) go before it.
    expect(orderTargets(plan('headroom'), () => 0, health).map(targetId)).toEqual(['b/m', 'c/m', 'a/m']);
    // Once its window has a request again, a is ranked by its share like any measured target.
    health.observeHeaders('a/m', limits(90));
    expect(orderTargets(plan('headroom'), () => 0, health).map(targetId)).toEqual(['a/m', 'b/m', 'c/m']);
  });

  it('headroom: an upstream figure that is no count (empty, spaces, hex, negative, a list) is no figure, not "nothing left"', () => {
    const health = new TargetHealth(breakerSchema.parse({}), clock);
    for (const left of ['', '  ', '0x10', '-5', '5, 6', '1e3', 'NaN']) {
      health.observeHeaders('a/m', { 'x-ratelimit-limit-requests': '100', 'x-ratelimit-remaining-requests': left });
      expect(health.headroomOf('a/m'), JSON.stringify(left)).toBeNull();
    }
    for (const limit of ['', '0', '-1', ' ']) {
      health.observeHeaders('a/m', { 'x-ratelimit-limit-requests': limit, 'x-ratelimit-remaining-requests': '5' });
      expect(health.headroomOf('a/m'), JSON.stringify(limit)).toBeNull();
    }
    // An empty figure read as 0 put a fresh target after every other.
    health.observeHeaders('a/m', { 'x-ratelimit-limit-requests': '100', 'x-ratelimit-remaining-requests': '40' });
    expect(health.headroomOf('a/m')).toBe(0.4);
  });

  it('headroom: equal shares, and targets with nothing left, keep the draw\'s order among themselves', () => {
    const health = new TargetHealth(breakerSchema.parse({}), clock);
    const limits = (left: number) => ({ 'x-ratelimit-limit-requests': '100', 'x-ratelimit-remaining-requests': String(left) });
    const five = { ...plan('headroom'), targets: ['a', 'b', 'c', 'd', 'e'].map(target) };
    for (const [name, left] of [['a', 0], ['b', 50], ['d', 50], ['e', 0]] as const) health.observeHeaders(`${name}/m`, limits(left));
    // The draw gives a, b, c, d, e: b and d (tied) fill the measured places in that order around c
    // (no figure), then a and e (nothing left) in theirs.
    expect(orderTargets(five, () => 0, health).map(targetId)).toEqual(['b/m', 'c/m', 'd/m', 'a/m', 'e/m']);
    health.observeHeaders('d/m', limits(70));
    expect(orderTargets(five, () => 0, health).map(targetId)).toEqual(['d/m', 'c/m', 'b/m', 'a/m', 'e/m']);
  });

  it('headroom: a target that never reports is first about as often as its weight, not always (it was)', () => {
    const health = new TargetHealth(breakerSchema.parse({}), clock);
    health.observeHeaders('a/m', { 'x-ratelimit-limit-requests': '100', 'x-ratelimit-remaining-requests': '90' });
    health.observeHeaders('b/m', { 'x-ratelimit-limit-requests': '100', 'x-ratelimit-remaining-requests': '60' });
    const firsts = new Map<string, number>();
    for (let i = 0; i < 300; i++) {
      const first = targetId(orderTargets(plan('headroom'), () => (i % 300) / 300, health)[0] as Target);
      firsts.set(first, (firsts.get(first) ?? 0) + 1);
    }
    // Evenly spread draws: c is drawn first a third of the time; otherwise a (most left) leads.
    expect(Object.fromEntries(firsts)).toEqual({ 'c/m': 100, 'a/m': 200 });
  });

  it('latency puts the fastest measured target first; weighted ignores health', () => {
    const health = new TargetHealth(breakerSchema.parse({}), clock);
    for (const [id, ms] of [['a/m', 300], ['b/m', 50], ['c/m', 120]] as const) {
      health.admit(id);
      health.record(id, 'success', ms);
    }
    expect(orderTargets(plan('latency'), () => 0, health).map(targetId)).toEqual(['b/m', 'c/m', 'a/m']);
    expect(orderTargets(plan('weighted'), () => 0, health).map(targetId)).toEqual(['a/m', 'b/m', 'c/m']);
  });
});

describe('targetId', () => {
  it('names a target by provider and model, and follows a target whose model was changed', () => {
    const t = target('a');
    expect(targetId(t)).toBe('a/m');
    expect(targetId(t)).toBe('a/m');
    t.model = 'n';
    expect(targetId(t)).toBe('a/n');
    t.provider = { name: 'b' } as ChatProvider;
    expect(targetId(t)).toBe('b/n');
  });
});
