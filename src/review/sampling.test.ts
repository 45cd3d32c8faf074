import { describe, expect, it } from 'vitest';
import { newId } from '../core/ids.js';
import { makeTrace } from '../monitor/test-traces.js';
import { flagsOf, inSample, itemsForTraces, matches } from './sampling.js';
import type { SamplingRule } from './types.js';

const rule = (fields: Partial<SamplingRule>): SamplingRule => ({ id: 'rule_a', name: 'support 2%', rate: 0.02, match: {}, reviewsWanted: 1, enabled: true, createdAt: 0, ...fields });

describe('sampling rules', () => {
  it('samples the configured share of traces, the same way every time', () => {
    // Sequential ids are the hard case for a hash; random ones are what the gateway makes.
    const sequential = Array.from({ length: 25_000 }, (_, i) => `tr_${i.toString(36).padStart(21, '0')}`);
    const ids = [...sequential, ...Array.from({ length: 25_000 }, (_, i) => newId('tr', 1_767_225_600_000 + i))];
    const picked = ids.filter((id) => inSample('rule_a', id, 0.02));
    expect(picked.length / ids.length).toBeGreaterThan(0.0175);
    expect(picked.length / ids.length).toBeLessThan(0.0225);
    expect(ids.filter((id) => inSample('rule_a', id, 0.02))).toEqual(picked);
    const other = ids.filter((id) => inSample('rule_b', id, 0.02));
    const overlap = other.filter((id) => picked.includes(id)).length;
    expect(overlap).toBeLessThan(picked.length * 0.1); // independent rules, not the same 2%
    expect(ids.some((id) => inSample('r', id, 0))).toBe(false);
    expect(ids.every((id) => inSample('r', id, 1))).toBe(true);
  });

  it('matches on model, key, provider, status and metadata', () => {
    const trace = makeTrace({ id: 't', requestedModel: 'support', keyName: 'web', status: 200, metadata: { feature: 'refunds', tier: 2 } });
    expect(matches({ model: 'support', metadata: { feature: 'refunds', tier: '2' } }, trace)).toBe(true);
    expect(matches({ model: 'support', status: 'error' }, trace)).toBe(false);
    expect(matches({ keyName: 'batch' }, trace)).toBe(false);
    expect(matches({ metadata: { feature: 'billing' } }, trace)).toBe(false);
  });

  it('turns sampled and flagged traces into review items', () => {
    const traces = [
      makeTrace({ id: 'flagged', decisions: { pii: { action: 'flag', reason: 'email in output' } } }),
      makeTrace({ id: 'unsure', decisions: { routing: { target: 'small', confidence: 0.31 } } }),
      makeTrace({ id: 'support', requestedModel: 'support' }),
      makeTrace({ id: 'other', requestedModel: 'chat' }),
    ];
    const items = itemsForTraces(traces, [rule({ rate: 1, match: { model: 'support' }, reviewsWanted: 2 }), rule({ id: 'off', rate: 1, enabled: false })]);
    expect(items).toEqual([
      { traceId: 'flagged', source: 'flag', reason: 'pii: email in output' },
      { traceId: 'unsure', source: 'flag', reason: 'routing: low confidence 0.31' },
      { traceId: 'support', source: 'sample', reason: 'sampled by rule "support 2%" (100%)', ruleId: 'rule_a', reviewsWanted: 2 },
    ]);
  });

  it('ignores decisions it does not understand', () => {
    expect(flagsOf({ cache: 'miss', routing: { confidence: 0.9 }, guardrails: [{ name: 'injection', action: 'flag' }, 3] })).toEqual(['injection: flag']);
    expect(flagsOf(null)).toEqual([]);
  });
});
