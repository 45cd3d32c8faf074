import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteStores } from '../../store/sqlite/open-sqlite-stores.js';
import { sampleTrace } from '../../test-support/sample-trace.js';
import { judgeSpec } from '../../evals/judge/judge-spec.js';
import type { ResultRecord, RunRecord } from '../../evals/types.js';
import { createAdminApi } from '../admin-api.js';

const stores = openSqliteStores(':memory:');
let server: Server;
let base = '';

async function run(id: string, passes: boolean[], datasetVersion = 1): Promise<void> {
  const { runs } = stores;
  const record: RunRecord = {
    id, createdAt: Date.now(), finishedAt: Date.now(), status: 'completed', name: 'support', suite: { dataset: 'support' }, suitePath: null,
    dataset: 'support', datasetVersion, datasetHash: 'h', gitCommit: null, configPath: null, configHash: null, gateway: null,
    variants: { small: { model: 'small', messages: [], params: {}, targets: [] } }, summary: { variants: [] }, rerunOf: null,
  };
  await runs.create(record);
  for (const [i, pass] of passes.entries()) {
    await runs.putResult({
      runId: id, variant: 'small', caseId: `c${i}`, repeat: 0, position: i, output: pass ? 'yes' : 'no', error: null, latencyMs: 5, inputTokens: 3, outputTokens: 1,
      costUsd: 0.001, scorerCostUsd: 0, traceId: null, cached: false, scores: [{ scorer: 'exact', pass, score: pass ? 1 : 0, reason: '' }], quality: pass ? 1 : 0, pass, createdAt: 0,
    });
  }
}

let csrf = '';

async function call(method: 'GET' | 'POST', path: string, body?: unknown) {
  const headers = { 'content-type': 'application/json', 'x-switchyard-csrf': csrf };
  const response = await request(`${base}${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body), headers });
  return { status: response.statusCode, json: (await response.body.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  await stores.datasets.commit('support', [{ id: 'a', input: 'one' }, { id: 'b', input: 'two' }], 'test');
  await stores.judges.save('quality', judgeSpec({ model: 'judge', rubric: 'Correct?' }), { test: { kappa: { estimate: 0.8 } } });
  await run('run_a', [true, true, true, false]);
  await run('run_b', [true, false, false, false]);
  await stores.traces.insertTraces([sampleTrace({ id: 'tr_9', request: { messages: [{ role: 'user', content: 'Lost card' }] }, response: { choices: [{ message: { content: 'Freeze it' } }] } })]);
  const api = createAdminApi({ store: stores.traces, evals: stores, loopback: true });
  server = createServer((req, res) => void api(req, res, new URL(req.url ?? '/', 'http://x')));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  csrf = (await call('GET', '/api/session')).json.csrf as string;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('eval API', () => {
  it('answers an unknown eval path with a JSON 404 that names it', async () => {
    const missing = await call('GET', '/api/evals/nothing-here');
    expect(missing.status).toBe(404);
    expect(JSON.stringify(missing.json)).toContain('/api/evals/nothing-here');
  });

  it('lists datasets, versions and pages of items', async () => {
    expect((await call('GET', '/api/datasets')).json.datasets).toMatchObject([{ name: 'support', versions: 1, latest: { itemCount: 2 } }]);
    expect((await call('GET', '/api/datasets/support')).json).toMatchObject({ dataset: 'support', versions: [{ version: 1 }] });
    expect((await call('GET', '/api/datasets/support/items?offset=1&limit=5')).json.items).toEqual([{ id: 'b', input: 'two' }]);
    expect(await call('GET', '/api/datasets/nope')).toMatchObject({ status: 404, json: { error: { type: 'invalid_request_error', code: 'not_found', message: expect.stringContaining('nope') } } });
  });

  it('adds reviewed items and traces as new versions (what the review queue calls)', async () => {
    const added = await call('POST', '/api/datasets/support/items', { items: [{ id: 'c', input: 'three', human_score: 4, output: 'ok' }], source: 'review' });
    expect(added).toMatchObject({ status: 201, json: { version: { version: 2, itemCount: 3, source: 'review' } } });
    const bad = await call('POST', '/api/datasets/support/items', { items: [{ input: 'x', human_score: 6 }] });
    expect(bad).toMatchObject({ status: 400, json: { error: { message: expect.stringMatching(/^items\[0\]: human_score/) } } });
    const traces = await call('POST', '/api/datasets/support/traces', { trace_ids: ['tr_9'], reviews: { tr_9: { score: 2, correction: 'Freeze it in the app' } } });
    expect(traces).toMatchObject({ status: 201, json: { added: 1, version: { version: 3, itemCount: 4 } } });
    const items = (await call('GET', '/api/datasets/support/items?version=3&offset=3')).json.items as unknown[];
    expect(items[0]).toMatchObject({ id: 'tr_9', input: 'Lost card', output: 'Freeze it', humanScore: 2, expected: 'Freeze it in the app' });
    // Field names in another case are the fields, as in an imported file; one field in two cases is named.
    expect(await call('POST', '/api/datasets/support/items', { items: [{ ID: 'd', Input: 'four', Expected: 'x' }] })).toMatchObject({ status: 201, json: { version: { version: 4, itemCount: 5 } } });
    const twice = await call('POST', '/api/datasets/support/items', { items: [{ input: 'five', INPUT: 'six' }] });
    expect(twice).toMatchObject({ status: 400, json: { error: { message: 'items[0]: fields "input" and "INPUT" are one field named in two cases: keep one', param: 'items[0]' } } });
  });

  it('refuses a metadata key over 256 characters, or over 256 keys, naming the key cut short and the limit (a 10,000-character key was stored whole)', async () => {
    const long = 'k'.repeat(10_000);
    const cases: [unknown, string][] = [
      [{ input: 'hi', metadata: { [long]: 1 } }, `items[0]: metadata key "${'k'.repeat(40)}…" has 10000 characters; at most 256`],
      // A field that is no item field goes to metadata, and is bounded there as well.
      [{ input: 'hi', [long]: 1 }, `items[0]: metadata key "${'k'.repeat(40)}…" has 10000 characters; at most 256`],
      [{ input: 'hi', metadata: Object.fromEntries(Array.from({ length: 257 }, (_, i) => [`k${i}`, i])) }, 'items[0]: metadata has 257 keys; at most 256'],
    ];
    for (const [item, message] of cases) expect(await call('POST', '/api/datasets/bounded/items', { items: [item] })).toMatchObject({ status: 400, json: { error: { message, param: 'items[0]' } } });
    const wide = Object.fromEntries(Array.from({ length: 256 }, (_, i) => [`${'q'.repeat(250)}${i}`, i]));
    expect(await call('POST', '/api/datasets/bounded/items', { items: [{ input: 'hi', metadata: wide }] })).toMatchObject({ status: 201 });
  });

  it('reads an item as a dataset file reads a line: other fields into metadata, a precise error for the rest', async () => {
    const added = await call('POST', '/api/datasets/shape/items', { items: [{ input: 'hi', idx: 3, topic: 'cards', outputs: ['a'], metadata: { lang: 'en' } }, { id: 'g', input: 'got', humanScore: 4 }] });
    expect(added).toMatchObject({ status: 201, json: { version: { version: 1, itemCount: 2 } } });
    const items = (await call('GET', '/api/datasets/shape/items')).json.items as Record<string, unknown>[];
    expect(items.find((item) => item.input === 'hi')?.metadata).toEqual({ lang: 'en', idx: 3, topic: 'cards', outputs: ['a'] });
    // An item as GET returns it (camelCase) goes back in as it came out.
    expect(items.find((item) => item.id === 'g')).toEqual({ id: 'g', input: 'got', humanScore: 4 });
    const cases: [unknown, string][] = [
      [{ inptu: 'hi' }, 'items[0]: input: missing: every line needs "input" (the text sent to the model, or an object of template variables) (fields found: inptu)'],
      [{ input: 'hi', topic: 'a', metadata: { topic: 'b' } }, 'items[0]: field "topic" is also "topic" in the line\'s "metadata": keep one'],
      [{ input: 'hi', topic: 'a', metadata: 'x' }, 'items[0]: metadata: expected an object (the field "topic" would go into it), got "x"'],
      [{ input: 'hi', expeted: 'x', human_scroe: 2 }, 'items[0]: field "expeted": did you mean "expected"? (to keep it as metadata, put it in "metadata")'],
      ['hi', 'items[0]: expected an object with "input" (and optionally id, expected, output, human_score, metadata), got "hi"'],
    ];
    for (const [item, message] of cases) expect(await call('POST', '/api/datasets/shape/items', { items: [item] })).toMatchObject({ status: 400, json: { error: { message, param: 'items[0]' } } });
    const repeated = await call('POST', '/api/datasets/shape/items', { items: [{ input: 'a' }, { id: 'x', input: 'b' }, { id: 'x', input: 'c' }, { input: 7 }] });
    expect(repeated).toMatchObject({ status: 400, json: { error: { message: 'items[2]: id "x" repeats items[1] (and 1 more bad item)', param: 'items[2]' } } });
  });

  it('serves runs, their results and paired comparisons', async () => {
    const list = (await call('GET', '/api/evals/runs')).json.runs as { id: string }[];
    expect(list.map((r) => r.id).sort()).toEqual(['run_a', 'run_b']);
    expect((await call('GET', '/api/evals/runs/run_a')).json).toMatchObject({ id: 'run_a', status: 'completed' });
    const page = (await call('GET', '/api/evals/runs/run_a/results?limit=2&offset=2')).json;
    expect(page).toMatchObject({ total: 4, results: [{ caseId: 'c2' }, { caseId: 'c3' }] });
    // Each case comes with its dataset item's input (and expected answer), as `eval show --cases` prints them.
    const cases = await stores.datasets.commit('support', [{ id: 'c0', input: 'How do I reset my PIN?', expected: 'reset' }, { id: 'c1', input: 'Card lost' }], 'test');
    await run('run_c', [true, false], cases.version);
    await stores.runs.putResult({ ...((await call('GET', '/api/evals/runs/run_a/results?limit=1')).json.results as ResultRecord[])[0]!, runId: 'run_c', caseId: 'gone', position: 2 });
    const withItems = (await call('GET', '/api/evals/runs/run_c/results')).json.results as Record<string, unknown>[];
    expect(withItems.map((r) => [r.caseId, r.input, r.expected])).toEqual([['c0', 'How do I reset my PIN?', 'reset'], ['c1', 'Card lost', undefined], ['gone', undefined, undefined]]);
    expect(withItems[1]).not.toHaveProperty('expected');
    const compare = (await call('GET', '/api/evals/compare?a=run_a&b=run_b')).json;
    expect(compare).toMatchObject({ runA: 'run_a', runB: 'run_b', variants: [{ variantA: 'small', n: 4, meanA: 0.75, meanB: 0.25, mcnemar: { onlyA: 2, onlyB: 0 } }] });
    expect((await call('GET', '/api/evals/compare?a=run_a')).status).toBe(400);
  });

  it('queues a run’s weak cases for review with their scores, once', async () => {
    const first = await call('POST', '/api/evals/runs/run_b/review', {});
    expect(first.status).toBe(201);
    expect(first.json).toMatchObject({ added: 3, already: 0 });
    const items = first.json.items as { source: string; reason: string; output: unknown; evalCase: { caseId: string; scores: unknown[] } }[];
    expect(items.map((i) => [i.source, i.evalCase.caseId, i.output])).toEqual([['eval', 'c1', 'no'], ['eval', 'c2', 'no'], ['eval', 'c3', 'no']]);
    expect(items[0]?.reason).toBe('scored 0% in eval run support (variant small)');
    expect(items[0]?.evalCase.scores).toEqual([{ scorer: 'exact', score: 0, pass: false, reason: '' }]);
    expect((await call('POST', '/api/evals/runs/run_b/review', {})).json).toMatchObject({ added: 0, already: 3 });
    const bad = await call('POST', '/api/evals/runs/run_b/review', { below: 2 });
    expect(bad.status).toBe(400);
    expect((bad.json.error as { message: string }).message).toBe('"below" must be a quality share in (0, 1], got 2');
  });

  it('serves saved judges', async () => {
    expect((await call('GET', '/api/judges')).json.judges).toMatchObject([{ name: 'quality', version: 1 }]);
    expect((await call('GET', '/api/judges/quality@1')).json).toMatchObject({ spec: { model: 'judge', passAt: 4 } });
    expect((await call('GET', '/api/judges/missing')).status).toBe(404);
  });
});
