import { describe, expect, it } from 'vitest';
import { SHADOW_KEY_NAME } from '../core/internal-caller.js';
import { accumulate, type RolledTrace, type RollupReader } from './rollup.js';
import { routeReports } from './route-report.js';
import { type AloneFigures, extractCascadeDecisions } from '../test-support/cascade-decisions.js';

const T0 = Date.UTC(2026, 11, 6, 12);
const RANGE = { since: T0, until: T0 + 3_600_000 };

const call = (over: Partial<RolledTrace>): RolledTrace => ({
  ts: T0 + 60_000, requestedModel: 'support-intent', provider: 'sim', upstreamModel: 'standin-large', keyName: 'app', team: null, status: 200,
  inputTokens: 20, outputTokens: 4, cachedTokens: 0, reasoningTokens: 0, costUsd: 0.0001, latencyMs: 400, ttftMs: null, stream: false, attempts: [],
  decisions: { route: { steps: [{ route: 'support-intent', target: 'teacher', reason: 'static' }], model: 'teacher' } }, ...over,
});
const teacher = () => call({});
const local = () => call({ provider: 'local', upstreamModel: null, costUsd: 0, latencyMs: 1, decisions: { local: { answered: true } } });
// A shadow check: the route called again by the gateway, past its local model, to the teacher.
const shadow = () => call({ keyName: SHADOW_KEY_NAME, costUsd: 0.0001 });

/** The route and nested dimensions' rows as a store sums them (only `values` is read by route reports). */
function readerOf(traces: RolledTrace[], drop: (value: string) => boolean = () => false): RollupReader {
  const rows = [...accumulate(traces, 60_000).values()].filter((row) => !drop(row.value));
  return {
    values: async (_range, dim) => rows.filter((row) => row.dim === dim),
    slots: async () => [],
    split: async (range, stepMs, dim) => rows.filter((row) => row.dim === dim).map((row) => ({ slot: Math.floor((row.bucket - range.since) / stepMs), value: row.value, requests: row.requests, costUsd: row.costUsd, tokens: 0 })),
    lastSeen: async () => new Map(),
    dimensionValues: async () => ({ model: [], provider: [], key: [], team: [], route: [] }),
  };
}

const times = <T>(n: number, make: () => T): T[] => Array.from({ length: n }, make);

describe('routeReports: what a local model saved', () => {
  it('takes the shadow checks’ spend off the saving, and counts them in no branch, share or request total', async () => {
    const traces = [...times(60, teacher), ...times(40, local), ...times(4, shadow)];
    const [report] = await routeReports(readerOf(traces), { 'support-intent': 'static' }, RANGE, {});
    expect(report?.requests).toBe(100);
    expect(report?.branches.map((b) => [b.branch, b.requests])).toEqual([['teacher', 60], ['(local)', 40]]);
    expect(report?.localShare).toBeCloseTo(0.4, 12);
    expect(report?.shadowChecks.requests).toBe(4);
    expect(report?.shadowChecks.costUsd).toBeCloseTo(0.0004, 12);
    // Sending everything to the teacher would have cost 40 × $0.0001 more and needed no checks.
    expect(report?.grossSavedUsd).toBeCloseTo(0.004, 12);
    expect(report?.savedUsd).toBeCloseTo(0.0036, 12);
  });

  it('says so when the checks cost more than the local answers saved', async () => {
    const [report] = await routeReports(readerOf([...times(10, teacher), ...times(2, local), ...times(3, shadow)]), { 'support-intent': 'static' }, RANGE, {});
    expect(report?.savedUsd).toBeCloseTo(-0.0001, 12);
  });

  it('reads rollups stored before shadow checks were kept per route: no checks, the saving as it was', async () => {
    const [report] = await routeReports(readerOf([...times(60, teacher), ...times(40, local)]), { 'support-intent': 'static' }, RANGE, {});
    expect(report?.shadowChecks).toEqual({ requests: 0, costUsd: 0 });
    expect(report?.savedUsd).toBeCloseTo(report?.grossSavedUsd ?? Number.NaN, 12);
    expect(report?.savedUsd).toBeCloseTo(0.004, 12);
  });
});

describe('routeReports: targets named as the gateway names its own branches', () => {
  const to = (target: string, costUsd: number) => () => call({ costUsd, decisions: { route: { steps: [{ route: 'support-intent', target, reason: 'split' }], model: target } } });

  it('keeps a model named "local" or "shadow" a branch of its own: neither local answers nor shadow checks', async () => {
    // A self-hosted model named "local" and one named "shadow", beside the route's local task model.
    const traces = [...times(30, to('local', 0.0002)), ...times(20, to('shadow', 0.0003)), ...times(10, local), ...times(5, shadow)];
    const [report] = await routeReports(readerOf(traces), { 'support-intent': 'split' }, RANGE, {});
    expect(report?.requests).toBe(60);
    expect(report?.branches.map((b) => [b.branch, b.requests])).toEqual([['local', 30], ['shadow', 20], ['(local)', 10]]);
    expect(report?.localShare).toBeCloseTo(10 / 60, 12);
    // Only the 5 shadow checks' spend comes off: the model "shadow"'s $0.006 is its branch's cost.
    expect(report?.shadowChecks.requests).toBe(5);
    expect(report?.shadowChecks.costUsd).toBeCloseTo(0.0005, 12);
    expect(report?.branches.find((b) => b.branch === 'shadow')?.costUsd).toBeCloseTo(0.006, 12);
    // The paid branch a local answer stood in for is the busiest target, the model "local" ($0.0002 a call).
    expect(report?.savedUsdPerLocalRequest).toBeCloseTo(0.0002, 12);
    expect(report?.savedUsd).toBeCloseTo(10 * 0.0002 - 0.0005, 12);
  });
});

describe('routeReports: routes reached through another route', () => {
  // front (conditional) sends calls to ab (a split of small and large) or straight to large.
  const via = (...steps: [string, string][]) => () =>
    call({ requestedModel: 'front', decisions: { route: { steps: steps.map(([route, target]) => ({ route, target, reason: 'r' })), model: steps.at(-1)?.[1] } } });

  it('counts the calls another route sent a split, per arm, beside the calls that named it', async () => {
    const traces = [
      ...times(6, via(['front', 'ab'], ['ab', 'small'])),
      ...times(2, via(['front', 'ab'], ['ab', 'large'])),
      ...times(3, via(['front', 'large'])),
      ...times(2, () => call({ requestedModel: 'ab', decisions: { route: { steps: [{ route: 'ab', target: 'large', reason: 'r' }], model: 'large' } } })),
    ];
    const reports = await routeReports(readerOf(traces), { front: 'conditional', ab: 'split' }, RANGE, {});
    const ab = reports.find((r) => r.route === 'ab');
    // Before 2026-12-07 ab read 2 requests (only the calls that named it), none of front's 8.
    expect(ab?.requests).toBe(10);
    expect(ab?.branches.map((b) => [b.branch, b.requests])).toEqual([['small', 6], ['large', 4]]);
    // front still counts each of its calls once, by the branch it chose.
    expect(reports.find((r) => r.route === 'front')?.branches.map((b) => [b.branch, b.requests])).toEqual([['ab', 8], ['large', 3]]);
  });

  it('reads decisions a store gave back as JSON text, spaced as PostgreSQL writes jsonb or not', async () => {
    const text = (steps: [string, string][], spaced: boolean) =>
      call({ requestedModel: 'front', decisions: JSON.stringify({ route: { steps: steps.map(([route, target]) => ({ route, target })) } }, null, spaced ? 1 : 0) });
    const traces = [text([['front', 'ab'], ['ab', 'small']], false), text([['front', 'ab'], ['ab', 'large']], true), text([['front', 'large']], true)];
    const reports = await routeReports(readerOf(traces), { front: 'conditional', ab: 'split' }, RANGE, {});
    expect(reports.find((r) => r.route === 'ab')?.branches.map((b) => [b.branch, b.requests])).toEqual([['small', 1], ['large', 1]]);
  });

  it('counts a call once per route however many steps a cascade took through it', async () => {
    // A cascade whose first step is the split: the split chose once, the cascade escalated past it.
    const traces = times(3, via(['extract', 'ab'], ['ab', 'small'], ['extract', 'large']));
    const [ab] = await routeReports(readerOf(traces), { ab: 'split' }, RANGE, {});
    expect(ab?.branches.map((b) => [b.branch, b.requests])).toEqual([['small', 3]]);
  });
});

describe('routeReports: a judged cascade saves less than its steps say', () => {
  // extract: mini first ($0.0001 a call), large when the judge scores mini's answer low ($0.0040 more).
  const step = (target: string, costUsd: number) => () =>
    call({ requestedModel: 'extract', costUsd, decisions: { route: { steps: [{ route: 'extract', target, reason: 'r' }], model: target } } });
  // The judge's own call, on behalf of the client's: its model asked directly, its cost its own.
  const judged = (decisions: RolledTrace['decisions']) => () => call({ requestedModel: 'judge-model', costUsd: 0.00006, decisions });
  const internal = { internal: { feature: 'cascade-judge', for: 'tr_client', route: 'extract' } };
  const shape = { extract: { policy: 'cascade', cascade: ['mini', 'large'] } };

  it('files the judge’s calls under the cascade and takes their cost off its saving against the last target alone', async () => {
    const traces = [...times(60, step('mini', 0.0001)), ...times(40, step('large', 0.0041)), ...times(100, judged(internal))];
    const [report] = await routeReports(readerOf(traces), shape, RANGE, {});
    // The judge's calls are the route's cost, not its traffic.
    expect(report?.requests).toBe(100);
    expect(report?.branches.map((b) => b.branch)).toEqual(['mini', 'large']);
    expect(report?.judgeCalls.requests).toBe(100);
    expect(report?.judgeCalls.costUsd).toBeCloseTo(0.006, 12);
    const saving = report?.cascadeSaving;
    expect(saving?.against).toBe('large');
    // large's own cost of a call: $0.0041 a call it answered, less the $0.0001 mini took first.
    expect(saving?.lastTargetCostUsd).toBeCloseTo(0.004, 12);
    // All to large: 100 × $0.0040 = $0.40; through the steps: 60 × $0.0001 + 40 × $0.0041 = $0.17.
    expect(saving?.grossSavedUsd).toBeCloseTo(0.4 - 0.17, 12);
    expect(saving?.savedUsd).toBeCloseTo(0.4 - 0.17 - 0.006, 12);
    expect(saving?.atMostBecause).toBeNull();
  });

  it('says the saving is at most its figure when every call went on past the first step, whose cost is in the last one’s', async () => {
    // The README's extract route on the simulator: mini's prose never passes the schema, so large answers all 4.
    const traces = times(4, step('large', 0.000523));
    const [report] = await routeReports(readerOf(traces), shape, RANGE, {});
    const saving = report?.cascadeSaving;
    // Before: "$0 vs large alone", every call having paid mini on top of large.
    expect(saving?.savedUsd).toBeCloseTo(0, 12);
    expect(saving?.atMostBecause).toBe('mini');
  });

  it('reads the judge’s decisions from JSON text as a store gives them back, and leaves an unrouted judge call alone', async () => {
    const traces = [...times(3, step('mini', 0.0001)), ...times(1, step('large', 0.0041)), ...times(4, judged(JSON.stringify(internal))), judged({ internal: { feature: 'cascade-judge', for: 'tr_old' } })()];
    const [report] = await routeReports(readerOf(traces), shape, RANGE, {});
    // A judge call from before 2026-12-07 named no route: no route's cost.
    expect(report?.judgeCalls.requests).toBe(4);
    expect(report?.cascadeSaving?.savedUsd).toBeCloseTo(4 * 0.004 - (3 * 0.0001 + 0.0041) - 4 * 0.00006, 12);
  });

  it('has no saving to give before the last target answered a call, and none on other policies', async () => {
    const [cascade, split] = await routeReports(readerOf([...times(5, step('mini', 0.0001))]), { ...shape, ab: 'split' }, RANGE, {});
    expect(cascade?.cascadeSaving).toBeNull();
    expect(split?.cascadeSaving).toBeNull();
    expect(split?.judgeCalls).toEqual({ requests: 0, costUsd: 0 });
  });
});

describe('routeReports: a cascade\'s exact saving against its last target alone', () => {
  const shape = { extract: { policy: 'cascade', cascade: ['mini', 'large'] } };
  /** A cascade call as the gateway traces it since 2026-12-07: its steps' figures and `decisions.route.alone`. */
  const cascadeCall = (steps: number[], alone: AloneFigures, over: Partial<RolledTrace> = {}) => () =>
    call({
      requestedModel: 'extract',
      costUsd: steps.reduce((a, b) => a + b, 0),
      latencyMs: 1_000,
      decisions: extractCascadeDecisions(steps, alone),
      ...over,
    });

  it('is exactly the cheap steps\' cost below zero when every call escalated (the README\'s extract on the simulator)', async () => {
    const traces = times(4, cascadeCall([0.00022, 0.0005], { costUsd: 0.0005, latencyMs: 800, from: 'step' }));
    const [report] = await routeReports(readerOf(traces), shape, RANGE, {});
    const saving = report?.cascadeSaving;
    // Before: "at most $0 vs large alone", the branches' means unable to tell mini's cost from large's.
    expect(saving?.exact).toBe(true);
    expect(saving?.savedUsd).toBeCloseTo(-4 * 0.00022, 12);
    expect(saving?.atMostBecause).toBeNull();
    expect([saving?.calls, saving?.pricedCalls, saving?.unpricedCalls, saving?.since]).toEqual([4, 0, 0, null]);
    // large alone answered in 800 ms where the cascade took 1,000.
    expect(saving?.savedLatencyMsPerCall).toBeCloseTo(-200, 9);
    // The chart's running total ends at the figure.
    expect(saving?.series?.savedUsd.at(-1)).toBeCloseTo(-4 * 0.00022, 12);
    expect(saving?.series?.ts[0]).toBe(RANGE.since);
  });

  it('prices the last target for calls that stopped earlier, and takes the judge\'s calls off', async () => {
    const judge = () => call({ requestedModel: 'judge-model', costUsd: 0.00006, decisions: { internal: { feature: 'cascade-judge', for: 'tr_client', route: 'extract' } } });
    const traces = [...times(3, cascadeCall([0.0001], { costUsd: 0.003, latencyMs: null, from: 'price' })), cascadeCall([0.0001, 0.004], { costUsd: 0.004, latencyMs: 700, from: 'step' })(), ...times(4, judge)];
    const [report] = await routeReports(readerOf(traces), shape, RANGE, {});
    const saving = report?.cascadeSaving;
    // All to large: 3 × $0.003 (priced) + $0.004 (its own step); through the steps: 3 × $0.0001 + $0.0041.
    expect(saving?.grossSavedUsd).toBeCloseTo(0.013 - 0.0044, 12);
    expect(saving?.savedUsd).toBeCloseTo(0.013 - 0.0044 - 4 * 0.00006, 12);
    expect(saving?.judge).toEqual({ requests: 4, costUsd: expect.closeTo(0.00024, 12) });
    expect([saving?.calls, saving?.pricedCalls]).toEqual([4, 3]);
    // large's latency where its step ran (700 ms) against the cascade's over all its calls (1,000 ms).
    expect(saving?.savedLatencyMsPerCall).toBeCloseTo(-300, 9);
  });

  it('reads the comparison from JSON text as a store gives it back, and leaves out calls whose last target has no price', async () => {
    const text = (make: () => RolledTrace) => () => {
      const t = make();
      return { ...t, decisions: JSON.stringify(t.decisions, null, 1) };
    };
    const traces = [text(cascadeCall([0.00022, 0.0005], { costUsd: 0.0005, latencyMs: 800, from: 'step' }))(), text(cascadeCall([0.0001], { costUsd: null, latencyMs: null, from: 'price' }))()];
    const [report] = await routeReports(readerOf(traces), shape, RANGE, {});
    expect(report?.cascadeSaving?.savedUsd).toBeCloseTo(-0.00022, 12);
    expect([report?.cascadeSaving?.calls, report?.cascadeSaving?.unpricedCalls]).toEqual([1, 1]);
  });

  it('says from when the figure counts when older calls in the range were stored without it', async () => {
    // Calls traced before 2026-12-07 have no `alone`: their saving was only estimated from the branches.
    const old = () => call({ requestedModel: 'extract', costUsd: 0.00072, decisions: { route: { steps: [{ route: 'extract', policy: 'cascade', target: 'large', reason: 'r' }], model: 'large' } } });
    const later = { ts: T0 + 30 * 60_000 };
    const traces = [...times(2, old), ...times(2, cascadeCall([0.00022, 0.0005], { costUsd: 0.0005, latencyMs: 800, from: 'step' }, later))];
    const [report] = await routeReports(readerOf(traces), shape, RANGE, {});
    expect(report?.cascadeSaving?.exact).toBe(true);
    expect(report?.cascadeSaving?.calls).toBe(2);
    expect(report?.cascadeSaving?.savedUsd).toBeCloseTo(-2 * 0.00022, 12);
    expect(report?.cascadeSaving?.since).toBe(T0 + 30 * 60_000);
    // The chart starts one step before the figure does, at $0, not with an hour of empty steps.
    expect(report?.cascadeSaving?.series?.ts[1]).toBe(T0 + 30 * 60_000);
    expect(report?.cascadeSaving?.series?.savedUsd[0]).toBe(0);
    // None at all in the range: the estimate from the branches, as before.
    const [before] = await routeReports(readerOf(times(2, old)), shape, RANGE, {});
    expect([before?.cascadeSaving?.exact, before?.cascadeSaving?.atMostBecause]).toEqual([false, 'mini']);
  });
});
