import { describe, expect, it } from 'vitest';
import { newId } from '../core/ids.js';
import { JsonText } from '../core/json-text.js';
import { makeTrace } from '../monitor/test-traces.js';
import type { ReviewCandidate } from './review-caps.js';
import { flagsOf, inSample, itemsForTraces, lowConfidenceSample, lowConfidenceOf, matches, textKeyOf } from './sampling.js';
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

  it('compares a client\'s metadata value only when it is a scalar of the trace\'s own: {"toString": []} threw and lost the whole batch\'s items', () => {
    const poisoned = makeTrace({ id: 'poisoned', metadata: JSON.parse('{"tier":{"toString":[]},"feature":["refunds"]}') as Record<string, unknown> });
    expect(matches({ metadata: { tier: 'free' } }, poisoned)).toBe(false);
    // An array's text was its items joined: ["refunds"] matched "refunds".
    expect(matches({ metadata: { feature: 'refunds' } }, poisoned)).toBe(false);
    // A field the trace lacks is not read from Object.prototype.
    expect(matches({ metadata: { constructor: 'function Object() { [native code] }' } }, makeTrace({ id: 'plain', metadata: {} }))).toBe(false);
    const found = itemsForTraces([poisoned, makeTrace({ id: 'free', metadata: { tier: 'free' } })], [rule({ rate: 1, match: { metadata: { tier: 'free' } } })], 0.5);
    expect(found.items.map((item) => item.traceId)).toEqual(['free']);
  });

  it('gives every rule that picks a trace its reason (the store puts them on one item)', () => {
    const trace = makeTrace({ id: 'support', requestedModel: 'support' });
    const found = itemsForTraces([trace], [rule({ rate: 1 }), rule({ id: 'rule_b', name: 'all', rate: 1 })], 0.5);
    expect(found.items.map((item) => [item.ruleId, item.origin])).toEqual([
      ['rule_a', 'support 2%'],
      ['rule_b', 'all'],
    ]);
  });

  it('turns sampled and flagged traces into review items, and hands unsure ones to the budget', () => {
    const traces = [
      makeTrace({ id: 'flagged', decisions: { pii: { action: 'flag', reason: 'email in output' }, local: { answered: false, confidence: 0.2 } } }),
      makeTrace({ id: 'unsure', requestedModel: 'intents', decisions: { local: { answered: false, confidence: 0.31 } }, request: { messages: [{ role: 'user', content: 'card stuck' }] } }),
      makeTrace({ id: 'support', requestedModel: 'support', decisions: { local: { answered: false, confidence: 0.1 } } }),
      makeTrace({ id: 'other', requestedModel: 'chat' }),
    ];
    const found = itemsForTraces(traces, [rule({ rate: 1, match: { model: 'support' }, reviewsWanted: 2 }), rule({ id: 'off', rate: 1, enabled: false })], 0.5);
    expect(found.items).toEqual([
      { traceId: 'flagged', source: 'flag', reason: 'pii: email in output' },
      { traceId: 'support', source: 'sample', reason: 'sampled by rule "support 2%" (100%)', ruleId: 'rule_a', origin: 'support 2%', reviewsWanted: 2 },
    ]);
    // Flagged and rule-sampled traces are before a person already: only "unsure" is a candidate.
    expect(found.lowConfidence).toEqual([{ traceId: 'unsure', route: 'intents', ts: traces[1]?.ts, confidence: 0.31, reason: 'local: low confidence 0.31', textKey: textKeyOf({ messages: [{ role: 'user', content: 'card stuck' }] }) }]);
    expect(lowConfidenceSample(found.lowConfidence[0] as ReviewCandidate)).toEqual({ ...found.lowConfidence[0], reason: 'local: low confidence 0.31 (sampled among the route’s uncertain requests)' });
  });

  it('ignores decisions it does not understand', () => {
    expect(flagsOf({ cache: 'miss', routing: { confidence: 0.9 }, guardrails: [{ name: 'injection', action: 'flag' }, 3] })).toEqual(['injection: flag']);
    expect(flagsOf(null)).toEqual([]);
    expect(lowConfidenceOf({ cache: 'miss', local: { confidence: 'low' }, route: [null] }, 0.5)).toBeUndefined();
  });

  it('counts low confidence apart from flags: a confidence is never a flag', () => {
    expect(flagsOf({ local: { answered: false, confidence: 0.12 } })).toEqual([]);
    expect(lowConfidenceOf({ a: { confidence: 0.4 }, b: { confidence: 0.12 }, c: { confidence: 0.7 } }, 0.5)).toEqual({ confidence: 0.12, reason: 'b: low confidence 0.12' });
    expect(lowConfidenceOf({ local: { confidence: 0.5 } }, 0.5)).toBeUndefined();
    expect(lowConfidenceOf({ local: { confidence: 0.55 } }, 0.6)?.reason).toBe('local: low confidence 0.55');
  });

  it('keys texts by their last user message, case and spacing aside', () => {
    const chat = (content: unknown) => ({ model: 'm', messages: [{ role: 'system', content: 'be brief' }, { role: 'user', content }] });
    expect(textKeyOf(chat('My card  is STUCK '))).toBe(textKeyOf(chat('my card is stuck')));
    expect(textKeyOf(chat([{ type: 'text', text: 'my card is stuck' }]))).toBe(textKeyOf(chat('my card is stuck')));
    expect(textKeyOf(new JsonText(JSON.stringify(chat('my card is stuck'))))).toBe(textKeyOf(chat('my card is stuck')));
    expect(textKeyOf({ input: 'my card is stuck' })).toBe(textKeyOf(chat('my card is stuck')));
    expect(textKeyOf(chat('my card is lost'))).not.toBe(textKeyOf(chat('my card is stuck')));
    expect(textKeyOf(null)).toBeUndefined(); // traces.bodies: metadata
    expect(textKeyOf(chat([{ type: 'image_url', image_url: { url: 'x' } }]))).toBeUndefined();
  });
});
