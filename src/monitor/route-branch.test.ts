import { describe, expect, it } from 'vitest';
import { internalKeyName, SHADOW_KEY_NAME } from '../core/internal-caller.js';
import { accumulate, nestedBranchesOf, type RolledTrace, routeBranchOf, routeValueOf } from './rollup.js';

const trace = (over: Partial<RolledTrace>): RolledTrace => ({
  ts: 1, requestedModel: 'support-intent', provider: 'sim', upstreamModel: 'standin-large', keyName: 'app', team: null, status: 200,
  inputTokens: 10, outputTokens: 2, cachedTokens: 0, reasoningTokens: 0, costUsd: 0.001, latencyMs: 5, ttftMs: null, stream: false, attempts: [], decisions: { route: { policy: 'static' } }, ...over,
});

describe('routeBranchOf', () => {
  it('names the branch that served a client request on a route: the local model, else the target the route chose', () => {
    expect(routeBranchOf(trace({}))).toBe('support-intent > standin-large');
    expect(routeBranchOf(trace({ provider: 'local', upstreamModel: null, decisions: '{"local":{"answered":true}}' }))).toBe('support-intent > (local)');
    expect(routeBranchOf(trace({ decisions: {} }))).toBe('');
  });

  it("keeps a target named local, cache, shadow or failed apart from the gateway's branches of those words", () => {
    // A self-hosted model named "local" was one branch with the local task model's answers.
    const chose = (target: string) => trace({ requestedModel: 'support', upstreamModel: 'my-vllm-model', decisions: { route: { steps: [{ route: 'support', target, reason: 'default' }], model: target } } });
    const values = ['local', 'cache', 'shadow', 'failed'].map((name) => routeBranchOf(chose(name)));
    expect(values).toEqual(['support > local', 'support > cache', 'support > shadow', 'support > failed']);
    const gateway = [
      routeBranchOf(trace({ requestedModel: 'support', provider: 'local', upstreamModel: null, decisions: { local: { answered: true } } })),
      routeBranchOf(trace({ requestedModel: 'support', costUsd: 0, decisions: { cache: { status: 'hit', route: 'support>local (default)' } } })),
      routeValueOf(trace({ requestedModel: 'support', keyName: SHADOW_KEY_NAME })),
      routeBranchOf(trace({ requestedModel: 'support', provider: null, upstreamModel: null, status: 503, decisions: { route: { policy: 'static' } } })),
    ];
    expect(gateway).toEqual(['support > (local)', 'support > (cache)', 'support > (shadow)', 'support > (failed)']);
  });

  it('names a branch by the target the config gives it, not by the provider model that served it', () => {
    // `small` and `cheap` both serve gpt-5.4-mini: by upstream model the two arms of a split were one branch.
    const armOf = (target: string) => ({ route: { steps: [{ route: 'support', policy: 'split', target, reason: 'arm' }], model: target } });
    const called = (target: string, over: Partial<RolledTrace> = {}) => trace({ requestedModel: 'support', upstreamModel: 'gpt-5.4-mini', decisions: armOf(target), ...over });
    expect(routeBranchOf(called('small'))).toBe('support > small');
    expect(routeBranchOf(called('cheap'))).toBe('support > cheap');
    // Read back from a store as JSON text, the same.
    expect(routeBranchOf(called('small', { decisions: JSON.stringify(armOf('small')) }))).toBe('support > small');
    // A call that failed upstream still belongs to the branch the route chose for it.
    expect(routeBranchOf(called('small', { status: 502, provider: null, upstreamModel: null }))).toBe('support > small');
  });

  it('takes the called route’s own step: the answering step of a cascade, the inner route of a nested one', () => {
    const cascade = { route: { steps: [{ route: 'extract', target: 'mini', reason: 'step 1 escalated' }, { route: 'extract', target: 'large', reason: 'step 2 (last)' }], model: 'large' } };
    expect(routeBranchOf(trace({ requestedModel: 'extract', upstreamModel: 'gpt-5.4', decisions: cascade }))).toBe('extract > large');
    // support → premium (a route) → claude: the branch of support is premium; premium's own step is not support's.
    const nested = { route: { steps: [{ route: 'support', target: 'premium', reason: 'rule 1' }, { route: 'premium', target: 'claude', reason: 'arm 1' }], model: 'claude' } };
    expect(routeBranchOf(trace({ requestedModel: 'support', upstreamModel: 'claude-sonnet-4-6', decisions: nested }))).toBe('support > premium');
  });

  it("counts a cache hit on a route as the route's cache branch, and a hit on a plain model as no branch", () => {
    const hit = { cache: { status: 'hit', savedUsd: 0.002, provider: 'sim', ageMs: 5, route: 'support>small (default)' } };
    expect(routeBranchOf(trace({ requestedModel: 'support', costUsd: 0, decisions: hit }))).toBe('support > (cache)');
    expect(routeBranchOf(trace({ requestedModel: 'support', costUsd: 0, decisions: JSON.stringify(hit) }))).toBe('support > (cache)');
    // A model's hit (no route made the answer) and a route's miss are what they were.
    expect(routeBranchOf(trace({ requestedModel: 'gpt-4o', decisions: { cache: { status: 'hit', savedUsd: 0.002 } } }))).toBe('');
    expect(routeBranchOf(trace({ requestedModel: 'gpt-4o', decisions: '{"cache":{"status":"hit"}}' }))).toBe('');
    const miss = { cache: { status: 'miss' }, route: { steps: [{ route: 'support', target: 'small', reason: 'default' }], model: 'small' } };
    expect(routeBranchOf(trace({ requestedModel: 'support', decisions: miss }))).toBe('support > small');
  });

  it("leaves out the gateway's shadow checks of local answers: they are not the route's traffic", () => {
    // Counted, `switchyard routes` read 13,841 requests and 55.3% local for 13,083 client requests, 58.5% of them local.
    expect(routeBranchOf(trace({ keyName: SHADOW_KEY_NAME }))).toBe('');
    expect(routeBranchOf(trace({ keyName: SHADOW_KEY_NAME, decisions: '{"route":{"policy":"static"}}' }))).toBe('');
    // Other internal callers of a route (a ladder, an evaluation in process) keep their branch.
    expect(routeBranchOf(trace({ keyName: internalKeyName('ladder') }))).toBe('support-intent > standin-large');
  });

  it('keeps the shadow checks apart in the route dimension, as `route > (shadow)`, so their spend is known per route', () => {
    expect(routeValueOf(trace({ keyName: SHADOW_KEY_NAME }))).toBe('support-intent > (shadow)');
    expect(routeValueOf(trace({ keyName: SHADOW_KEY_NAME, decisions: '{"route":{"policy":"static"}}' }))).toBe('support-intent > (shadow)');
    // A client call's value is its branch; a call on no route has none, a shadow check's neither.
    expect(routeValueOf(trace({}))).toBe('support-intent > standin-large');
    expect(routeValueOf(trace({ keyName: SHADOW_KEY_NAME, decisions: {} }))).toBe('');
    const rows = [...accumulate([trace({}), trace({ keyName: SHADOW_KEY_NAME, costUsd: 0.25 })], 60_000).values()].filter((row) => row.dim === 'route');
    expect(rows.map((row) => [row.value, row.requests, row.costUsd])).toEqual([
      ['support-intent > standin-large', 1, 0.001],
      ['support-intent > (shadow)', 1, 0.25],
    ]);
  });

  it('counts a local answer of a route reached through the one called for that route, and the called route’s branch as the route it chose', () => {
    // front → intent, whose local model answered: front chose intent (before: front > (local), intent nothing).
    const decisions = { route: { steps: [{ route: 'front', target: 'intent', reason: 'rule 1' }], model: 'local:intent@v1' }, local: { answered: true, route: 'intent', label: 'refund' } };
    for (const d of [decisions, JSON.stringify(decisions)]) {
      const local = trace({ requestedModel: 'front', provider: 'local', upstreamModel: 'local:intent@v1', costUsd: 0, decisions: d });
      expect(routeBranchOf(local)).toBe('front > intent');
      expect(nestedBranchesOf(local)).toEqual(['intent > (local)']);
    }
    // Passed on: intent's own step names its branch, as for any nested route; nothing local.
    const passed = { route: { steps: [{ route: 'front', target: 'intent', reason: 'rule 1' }, { route: 'intent', target: 'teacher', reason: 'static route' }], model: 'teacher' }, local: { answered: false, route: 'intent', reason: 'confidence 0.4 below the threshold' } };
    expect(nestedBranchesOf(trace({ requestedModel: 'front', decisions: JSON.stringify(passed) }))).toEqual(['intent > teacher']);
    // Passed on by a cascade's step: the cascade's next step answered, intent's own target was never called.
    const cascaded = { route: { steps: [{ route: 'triage', target: 'intent', reason: 'step 1 escalated: its local model passed it on' }, { route: 'triage', target: 'large', reason: 'step 2 (last)' }], model: 'large' }, local: { answered: false, route: 'intent' } };
    expect(nestedBranchesOf(trace({ requestedModel: 'triage', decisions: JSON.stringify(cascaded) }))).toEqual(['intent > large']);
    // Two on a cascade's path: coarse passed it on, intent answered locally at the next step.
    const both = { route: { steps: [{ route: 'both', target: 'coarse' }, { route: 'both', target: 'intent' }], model: 'local:intent@v1' }, local: { answered: true, route: 'intent', before: [{ answered: false, route: 'coarse' }] } };
    expect(nestedBranchesOf(trace({ requestedModel: 'both', provider: 'local', decisions: both }))).toEqual(['intent > (local)', 'coarse > intent']);
    // The called route's own local answer is its own branch still.
    expect(nestedBranchesOf(trace({ requestedModel: 'intent', provider: 'local', decisions: '{"local":{"answered":true}}' }))).toEqual([]);
  });
});
