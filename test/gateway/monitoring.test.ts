import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Clock, systemClock } from '../../src/core/clock.js';
import { seededRandom, shuffled } from '../../src/core/seeded-random.js';
import { banking77 } from '../../src/local/__fixtures__/banking77-sample.js';
import { summarizeRun } from '../../src/evals/runner/summarize-run.js';
import type { RunRecord } from '../../src/evals/types.js';
import type { DriftReport } from '../../src/monitor/drift/drift-types.js';
import type { QualityReport } from '../../src/monitor/quality-report.js';
import { type FakeUpstream, startFakeUpstream } from '../../src/test-support/fake-upstream.js';
import { type Harness, startHarness } from '../../src/test-support/gateway-harness.js';

const run = promisify(execFile);
const BASE = ['card_arrival', 'exchange_rate', 'pin_blocked', 'top_up_failed', 'cash_withdrawal_charge', 'lost_or_stolen_card'];
const NEW = 'beneficiary_not_allowed';

/** A webhook receiver on a real port, recording each JSON body. */
let hookServer: FakeUpstream;
const received: { rule?: string; status?: string; text?: string }[] = [];
let h: Harness;
let client: OpenAI;
/** Added to the wall clock the gateway and its monitor read: an alert window passes when the test says, not after a sleep. */
let stepped = 0;
const clock: Clock = { now: () => Date.now() + stepped, sleep: systemClock.sleep };

beforeAll(async () => {
  hookServer = await startFakeUpstream((_req, body, res) => {
    received.push(JSON.parse(body));
    res.writeHead(200).end();
  });
  const hook = `${hookServer.url}/hook`;
  h = await startHarness(`
monitoring:
  interval_seconds: 3600
  topics: { min_traces: 40 }
  drift: { every_minutes: 0 }
  online_eval:
    - route: small
      sample: 0.5
      scorers:
        - { type: regex, name: answered, pattern: "\\\\w+" }
        - { type: judge, name: helpful, model: claude, rubric: "Is the answer helpful?", scale: [1, 5] }
  webhooks:
    ops: { url: "${hook}", format: json }
  alerts:
    - { name: small-errors, metric: error_rate, threshold: 0.2, window_minutes: 1, route: small, min_requests: 10 }
`, undefined, { clock });
  client = h.openai('sk-sy-test');
  // The judge (an Anthropic-wire model through the same gateway) gives every answer a 4 of 5.
  h.sim.addScript({ model: 'claude-standin', match: 'Answer to score:', reply: { json: { reason: 'Helpful enough.', score: 4 } } });
});
afterAll(async () => {
  await h.close();
  await hookServer?.close();
});

async function send(prompts: readonly string[]): Promise<void> {
  for (const content of prompts) {
    await client.chat.completions.create({ model: 'small', messages: [{ role: 'user', content }] }).catch(() => undefined);
  }
  await h.gateway.traces.flush();
}

let csrf = '';
async function api<T>(method: string, path: string, body?: unknown): Promise<{ status: number; json: T }> {
  if (!csrf) csrf = ((await (await fetch(`${h.gateway.url}/api/session`)).json()) as { csrf: string }).csrf;
  const headers: Record<string, string> = body === undefined ? { 'x-switchyard-csrf': csrf } : { 'content-type': 'application/json', 'x-switchyard-csrf': csrf };
  const response = await fetch(`${h.gateway.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: response.status, json: (await response.json()) as T };
}

describe('monitoring a live gateway', () => {
  const random = seededRandom(12);
  const base = shuffled(banking77('test', BASE, 40).map((e) => e.text), random);
  const fresh = banking77('test', [NEW], 40).map((e) => e.text);
  let t0 = 0;
  let t1 = 0;
  let t2 = 0;

  it('records a signal per call, fits topics, scores a sample online, and raises no alert on healthy traffic', async () => {
    t0 = Date.now() - 1;
    await send(base.slice(0, 60));
    t1 = Date.now();
    await send(base.slice(60, 120));
    t2 = Date.now();
    const pass = await h.gateway.monitor.runOnce();
    expect(pass.topicModelsFitted).toContain('small');
    expect(pass.topicsAssigned).toBe(120);
    // About half the traces are sampled (deterministic hash of the id); each has the regex score.
    expect(pass.scored).toBeGreaterThan(35);
    expect(pass.scored).toBeLessThan(85);
    expect(pass.alerts).toBe(0);
    const signals = await h.gateway.stores.monitor.listSignals({ route: 'small', since: t0, until: Date.now() + 1 });
    expect(signals).toHaveLength(120);
    expect(signals.filter((s) => s.scores?.answered === 1)).toHaveLength(pass.scored);
    // The judge's 4 on a 1–5 scale, normalised. Its own calls are traced as Switchyard's (tagged
    // eval_run 'online') and leave no monitoring signal: topics, drift and alerts describe applications.
    expect(signals.filter((s) => s.scores?.helpful === 0.75)).toHaveLength(pass.scored);
    await h.gateway.traces.flush();
    const judgeCalls = await h.gateway.stores.traces.listTraces({ model: 'claude', since: t0, limit: 1_000 });
    expect(judgeCalls.traces.length).toBe(pass.scored);
    expect(judgeCalls.traces.every((t) => t.keyName === 'switchyard:judge')).toBe(true);
    expect(await h.gateway.stores.monitor.listSignals({ route: 'claude', since: t0, until: Date.now() + 1 })).toEqual([]);
    expect(received).toEqual([]);

    const topics = await api<{ topics: { label: string; requests: number }[] }>('GET', '/api/topics?route=small&range=1h');
    expect(topics.status).toBe(200);
    expect(topics.json.topics.reduce((n, t) => n + t.requests, 0)).toBe(120);
  });

  it('sends a topic\'s traces to the review queue, once, with a reason naming the topic', async () => {
    const topics = await api<{ topics: { topic: number; label: string; requests: number }[] }>('GET', '/api/topics?route=small&range=1h');
    const busiest = topics.json.topics[0] as { topic: number; label: string; requests: number };
    const sent = await api<{ label: string; queued: number; alreadyQueued: number; traceIds: string[]; reason: string }>('POST', `/api/topics/${busiest.topic}/review?route=small&range=1h`, { limit: 5 });
    expect(sent.status).toBe(201);
    expect(sent.json).toMatchObject({ label: busiest.label, queued: Math.min(5, busiest.requests), alreadyQueued: 0, reason: `topic “${busiest.label}” on small` });
    const signals = await h.gateway.stores.monitor.listSignals({ route: 'small', since: t0, until: Date.now() + 1 });
    expect(sent.json.traceIds.every((id) => signals.find((s) => s.traceId === id)?.topic === busiest.topic)).toBe(true);
    const queue = await h.gateway.stores.reviews.queue({ reviewer: 'nobody', source: 'manual', limit: 100 });
    expect(queue.filter((i) => i.reason === sent.json.reason).map((i) => i.traceId).sort()).toEqual([...sent.json.traceIds].sort());
    // People's verdicts come back per topic beside the online scores: a 5 and a 3 of 5 average 0.75.
    const [first, second] = queue.filter((i) => i.reason === sent.json.reason);
    await h.gateway.stores.reviews.addReview(first?.id as string, 'ana', { score: 5, pass: null, corrected: null, comment: null });
    await h.gateway.stores.reviews.addReview(second?.id as string, 'ana', { score: 3, pass: null, corrected: null, comment: null });
    const reviewed = await api<{ topics: { topic: number; review: number | null; reviewed: number }[] }>('GET', '/api/topics?route=small&range=1h');
    expect(reviewed.json.topics.find((t) => t.topic === busiest.topic)).toMatchObject({ review: 0.75, reviewed: 2 });
    expect(reviewed.json.topics.filter((t) => t.topic !== busiest.topic).every((t) => t.review === null && t.reviewed === 0)).toBe(true);
    // Sending again queues nothing new.
    const again = await api<{ queued: number; alreadyQueued: number }>('POST', `/api/topics/${busiest.topic}/review?route=small&range=1h`, { limit: 5 });
    expect(again.json).toMatchObject({ queued: 0, alreadyQueued: Math.min(5, busiest.requests) });
    const bad = await api<{ error: { message: string } }>('POST', '/api/topics/x/review?route=small', {});
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toBe('topic must be a topic id from GET /api/topics (an integer, -1 for unassigned), got "x"');
    expect((await api<{ error: { message: string } }>('POST', `/api/topics/${busiest.topic}/review?route=small`, { limit: 0 })).json.error.message).toBe('limit must be an integer from 1 to 200, got 0');
    expect((await api('POST', '/api/topics/999/review?route=small&range=1h', {})).status).toBe(404);
    // Or to a dataset, as versioned items with the traces' inputs.
    const dataset = await api<{ dataset: string; version: number; added: number; traceIds: string[] }>('POST', `/api/topics/${busiest.topic}/dataset?route=small&range=1h`, { dataset: 'topic-sample', limit: 3 });
    expect(dataset.status).toBe(201);
    expect(dataset.json).toMatchObject({ dataset: 'topic-sample', version: 1, added: Math.min(3, busiest.requests), items: Math.min(3, busiest.requests) });
    expect(dataset.json.traceIds).toEqual(sent.json.traceIds.slice(0, 3));
  });

  it('charts the route\'s online quality beside its offline eval runs', async () => {
    // An offline run of the same route: 3 of 4 cases pass; another run of a different model is left out.
    const { runs } = h.gateway.stores;
    for (const [id, model] of [['run_small', 'small'], ['run_other', 'claude']] as const) {
      const record: RunRecord = {
        id, createdAt: Date.now(), finishedAt: Date.now(), status: 'completed', name: `suite-${model}`, suite: {}, suitePath: null, dataset: 'd', datasetVersion: 1, datasetHash: 'h',
        gitCommit: null, configPath: null, configHash: null, gateway: null, variants: { v: { model, messages: [], params: {}, targets: [] } }, summary: null, rerunOf: null,
      };
      await runs.create(record);
      for (const [i, pass] of [true, true, true, false].entries()) {
        await runs.putResult({ runId: id, variant: 'v', caseId: `c${i}`, repeat: 0, position: i, output: 'x', error: null, latencyMs: 5, inputTokens: 3, outputTokens: 1, costUsd: 0, scorerCostUsd: 0, traceId: null, cached: false, scores: [{ scorer: 'exact', pass, score: pass ? 1 : 0, reason: '' }], quality: pass ? 1 : 0, pass, createdAt: 0 });
      }
      await runs.setStatus(id, 'completed', Date.now(), await summarizeRun(runs, id, { v: model }, 1));
    }
    const quality = await api<QualityReport>('GET', '/api/quality?route=small&range=1h');
    expect(quality.status).toBe(200);
    const signals = await h.gateway.stores.monitor.listSignals({ route: 'small', since: t0, until: Date.now() + 1 });
    const scored = signals.filter((s) => s.scores !== null);
    expect(quality.json.scored.reduce((a, b) => a + b, 0)).toBe(scored.length);
    // Every scored answer matched the regex (1) and the judge gave 4 of 5 (0.75): a mean of 0.875.
    expect(quality.json.onlineMean).toBeCloseTo(0.875, 10);
    expect(quality.json.online.filter((v) => v !== null).every((v) => Math.abs((v as number) - 0.875) < 1e-9)).toBe(true);
    expect(quality.json.offline).toEqual([expect.objectContaining({ runId: 'run_small', name: 'suite-small', variant: 'v', quality: 0.75, cases: 4 })]);
    expect((await api('GET', '/api/quality')).status).toBe(400);
  });

  it('finds no drift in what is asked or answered between two windows of the same traffic', async () => {
    const { status, json } = await api<DriftReport>('POST', '/api/drift', { route: 'small', reference_since: t0, reference_until: t1, current_since: t1 });
    expect(status).toBe(201);
    expect(json.reference.count).toBe(60);
    // The requests are the same kind; the gateway's latency is not (a warming process on a shared
    // CPU is measurably slower first, and the report rightly says so), so timings are left out.
    const drifted = json.features.filter((f) => f.drifted && f.feature !== 'latency_ms' && f.feature !== 'ttft_ms');
    expect(drifted.map((f) => f.summary)).toEqual([]);
  });

  it('detects a new kind of request, names it and shows examples, through the API and the CLI', async () => {
    await send([...base.slice(120, 160), ...fresh]);
    const { json } = await api<DriftReport>('POST', '/api/drift', { route: 'small', reference_since: t0, reference_until: t2, current_since: t2 });
    expect(json.current.count).toBe(80);
    expect(json.drifted).toBe(true);
    const drifted = json.features.filter((f) => f.drifted).map((f) => f.feature);
    expect(drifted.some((f) => f === 'topic' || f === 'prompt_terms')).toBe(true);
    expect(json.headline.join(' ')).toMatch(/transfer|beneficiary/);
    const examples = json.features.filter((f) => f.drifted).flatMap((f) => f.examples ?? []);
    expect(examples.some((e) => fresh.includes(e.prompt ?? ''))).toBe(true);
    const listed = await api<{ reports: DriftReport[] }>('GET', '/api/drift?route=small');
    expect(listed.json.reports[0]?.id).toBe(json.id);

    const cli = await run(process.execPath, [join(import.meta.dirname, '../../bin/switchyard.js'), 'drift', '--history', '--route', 'small', '--db', h.gateway.stores.location]);
    expect(cli.stdout).toContain(`${json.id}`);
    expect(cli.stdout).toContain('DRIFT');
  });

  it('fires the error-rate alert to the webhook once, then resolves it when errors stop', async () => {
    // The rule's window is a minute of the gateway's clock: the earlier healthy calls age out of it first.
    stepped += 61_000;
    h.sim.addFault({ kind: 'status', status: 400, model: 'standin-small' });
    await send(base.slice(0, 15));
    h.sim.clearFaults();
    let pass = await h.gateway.monitor.runOnce();
    expect(pass.alerts).toBe(1);
    expect(received).toEqual([expect.objectContaining({ type: 'switchyard.alert', rule: 'small-errors', status: 'firing', value: 1 })]);
    pass = await h.gateway.monitor.runOnce();
    expect(pass.alerts).toBe(0);
    // A minute later only healthy calls are in the window.
    stepped += 61_000;
    await send(base.slice(15, 30));
    pass = await h.gateway.monitor.runOnce();
    expect(pass.alerts).toBe(1);
    expect(received.map((r) => r.status)).toEqual(['firing', 'resolved']);
    const alerts = await api<{ rules: { state: { status: string } }[]; events: { status: string }[] }>('GET', '/api/alerts');
    expect(alerts.json.rules[0]?.state.status).toBe('ok');
    expect(alerts.json.events.map((e) => e.status)).toEqual(['resolved', 'firing']);
  });
});
