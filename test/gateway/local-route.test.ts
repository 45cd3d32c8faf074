import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { banking77, EIGHT_LABELS } from '../../src/local/__fixtures__/banking77-sample.js';
import { type Harness, startHarness } from '../../src/test-support/gateway-harness.js';

let h: Harness;
let client: OpenAI;
const train = banking77('train', EIGHT_LABELS, 120);
const test = banking77('test', EIGHT_LABELS, 25);

beforeAll(async () => {
  h = await startHarness('', (simUrl) => `
providers:
  sim: { type: openai, base_url: ${simUrl}/v1, api_key: sk-up }
models:
  teacher: { provider: sim, model: standin-large, price: { input_per_mtok: 2.5, output_per_mtok: 10 } }
routes:
  support-intent:
    policy: static
    target: teacher
    options:
      task: { type: classify, labels: [${EIGHT_LABELS.join(', ')}], min_examples: 900, retrain_every: 100000, min_coverage: 0.3, shadow_rate: 0 }
`);
  client = h.openai('any');
  // The simulator plays a labelled teacher: every known question gets its true intent.
  const rules = [...train, ...test].map((e) => ({ exact: e.text, reply: e.label }));
  await fetch(`${h.sim.url}/_sim/scripts`, { method: 'POST', body: JSON.stringify(rules) });
}, 60_000);
afterAll(async () => {
  await h.close();
});

async function ask(text: string) {
  return client.chat.completions.create({ model: 'support-intent', messages: [{ role: 'user', content: text }] });
}

describe('a route with a local task model', () => {
  it('learns from the teacher, then answers the confident share locally at no token cost', async () => {
    const first = await ask(test[0]?.text as string);
    expect(first.model).toBe('standin-large');
    // Traffic flows through the teacher; every answer becomes a training example.
    for (let i = 0; i < train.length; i += 16) await Promise.all(train.slice(i, i + 16).map((e) => ask(e.text)));
    // Training runs in a worker after the 900th example; wait for the first local answer.
    const deadline = Date.now() + 60_000;
    let local = false;
    while (!local && Date.now() < deadline) {
      for (const e of test.slice(0, 20)) if ((await ask(e.text)).model.startsWith('local:')) local = true;
      if (!local) await new Promise((r) => setTimeout(r, 250));
    }
    expect(local).toBe(true);

    let answeredLocally = 0;
    let right = 0;
    for (const e of test) {
      const { data: answer, response } = await client.chat.completions.create({ model: 'support-intent', messages: [{ role: 'user', content: e.text }] }).withResponse();
      if (answer.model === 'local:support-intent@v1') {
        // Who answered is in the route header, as for any routed answer (a local one had none).
        expect(response.headers.get('x-switchyard-route')).toMatch(/^support-intent>local \(v1 answered at confidence (0\.\d+|1)\)$/);
        answeredLocally++;
        if (answer.choices[0]?.message.content === e.label) right++;
      }
    }
    expect(answeredLocally / test.length).toBeGreaterThan(0.3);
    expect(right / answeredLocally).toBeGreaterThan(0.85);

    const trace = await h.waitForTrace((t) => t.provider === 'local');
    expect(trace.costUsd).toBe(0);
    expect(trace.upstreamModel).toBe('local:support-intent@v1');
    expect((trace.decisions?.local as { savedUsd: number }).savedUsd).toBeGreaterThan(0);
  }, 120_000);

  it('sends a request from outside its domain to the teacher, saying why on the trace', async () => {
    // Live since the first test. Trivia shares a word or two with banking, not its vocabulary.
    const { data, response } = await client.chat.completions.create({ model: 'support-intent', messages: [{ role: 'user', content: 'Which NFL team represented the AFC at Super Bowl 50?' }] }).withResponse();
    expect(data.model).toBe('standin-large');
    const trace = await h.traceOf(response);
    const local = trace.decisions?.local as { answered: boolean; reason: string; version: number };
    expect(local).toMatchObject({ answered: false, version: 1 });
    expect(local.reason).toMatch(/^unfamiliar request: (\d+)% of its words and word pairs unseen in training$/);
    expect(Number(/(\d+)%/.exec(local.reason)?.[1])).toBeGreaterThan(50);
    // The header says why the local model passed it on, then the route's own choice.
    expect(response.headers.get('x-switchyard-route')).toBe(`support-intent>local (v1 passed it on: ${local.reason}); support-intent>teacher (static route)`);
  });

  it('sends a request shorter than any training text to the teacher, saying why on the trace', async () => {
    const { data, response } = await client.chat.completions.create({ model: 'support-intent', messages: [{ role: 'user', content: 'a' }] }).withResponse();
    expect(data.model).toBe('standin-large');
    const local = (await h.traceOf(response)).decisions?.local as { answered: boolean; reason: string };
    expect(local).toMatchObject({ answered: false, reason: 'short request: fewer words than any training text, too few to judge' });
  });

  it('answers an Anthropic client locally too, streamed', async () => {
    const claude = h.anthropic('any');
    let answered = 0;
    for (const e of test) {
      const stream = claude.messages.stream({ model: 'support-intent', max_tokens: 20, messages: [{ role: 'user', content: e.text }] });
      const message = await stream.finalMessage();
      if (message.model.startsWith('local:')) {
        answered++;
        expect(message.content[0]?.type).toBe('text');
      }
    }
    expect(answered).toBeGreaterThan(0);
  });

  it('prices every local answer at the teacher: the prompt counted for a sample, read off the route’s line for the rest', async () => {
    await h.waitForTrace((t) => t.provider === 'local');
    await h.gateway.traces.flush();
    const decisions = (await h.gateway.store.listTraces({ limit: 500 })).traces.filter((t) => t.provider === 'local').map((t) => t.decisions?.local as { savedUsd: number; savedTokens: string });
    const counted = decisions.filter((d) => d.savedTokens === 'counted');
    const estimated = decisions.filter((d) => d.savedTokens === 'estimated');
    expect(counted.length).toBeGreaterThanOrEqual(32);
    expect(estimated.length).toBeGreaterThan(0);
    expect(counted.length + estimated.length).toBe(decisions.length);
    for (const d of decisions) expect(d.savedUsd).toBeGreaterThan(0);
    // The same kind of questions: what an estimated one saved is, on average, what a counted one did.
    const mean = (ds: { savedUsd: number }[]) => ds.reduce((sum, d) => sum + d.savedUsd, 0) / ds.length;
    expect(mean(estimated) / mean(counted)).toBeGreaterThan(0.85);
    expect(mean(estimated) / mean(counted)).toBeLessThan(1.15);
  });

  it('reports per route: branch shares, local coverage, precision and money saved', async () => {
    await h.waitForTrace((t) => t.provider === 'local');
    // The rollups the report reads are written with the traces: flushed, not waited for a while.
    await h.gateway.traces.flush();
    const body = (await (await fetch(`${h.gateway.url}/api/routes?range=1h`)).json()) as { routes: { route: string; requests: number; localShare: number; savedUsd: number; savedUsdPerLocalRequest: number; branches: { branch: string; requests: number; costUsd: number }[]; local: { liveVersion: number; heldOut: { precision: number } } }[] };
    const report = body.routes.find((r) => r.route === 'support-intent');
    expect(report?.branches.map((b) => b.branch).sort()).toEqual(['(local)', 'teacher']);
    expect(report?.localShare).toBeGreaterThan(0);
    expect(report?.savedUsd).toBeGreaterThan(0);
    // Each local answer saved the teacher's mean cost: the figure the dashboard's savings chart multiplies by local answers per step.
    const teacher = report?.branches.find((b) => b.branch === 'teacher');
    const local = report?.branches.find((b) => b.branch === '(local)');
    expect(report?.savedUsdPerLocalRequest).toBeCloseTo((teacher?.costUsd ?? 0) / (teacher?.requests ?? 1), 12);
    expect(report?.savedUsd).toBeCloseTo((local?.requests ?? 0) * (report?.savedUsdPerLocalRequest ?? 0), 12);
    expect(report?.local.liveVersion).toBe(1);
    // Without a range the server picks one as the overview does, and says which: all of this traffic is in the last hour.
    const auto = (await (await fetch(`${h.gateway.url}/api/routes?range=auto`)).json()) as { range: string; routes: { route: string; requests: number }[] };
    expect(auto.range).toBe('1h');
    expect(auto.routes.find((r) => r.route === 'support-intent')?.requests).toBe(report?.requests);
    expect(report?.local.heldOut.precision).toBeGreaterThanOrEqual(0.95);
  });

  it('learns a reviewer’s label for a call it answered itself, which kept no example to correct', async () => {
    const answered = await h.waitForTrace((t) => t.provider === 'local');
    const trace = await h.traceOf(answered.id);
    const said = (trace.decisions?.local as { label: string }).label;
    const examples = () => h.gateway.stores.examples.list('support-intent', 100_000);
    expect((await examples()).filter((e) => e.traceId === trace.id)).toEqual([]); // not shadow-checked (shadow_rate 0)
    // The open loopback gateway's session, as the dashboard signs its changes.
    const session = await fetch(`${h.gateway.url}/api/session`);
    const headers = { 'content-type': 'application/json', cookie: (session.headers.get('set-cookie') ?? '').split(';')[0] as string, 'x-switchyard-csrf': ((await session.json()) as { csrf: string }).csrf };
    const queued = (await (await fetch(`${h.gateway.url}/api/review/items`, { method: 'POST', headers, body: JSON.stringify({ trace_id: trace.id }) })).json()) as { items: { id: string }[] };
    const label = EIGHT_LABELS.find((l) => l !== said) as string;
    const review = await fetch(`${h.gateway.url}/api/review/items/${queued.items[0]?.id}/reviews`, { method: 'POST', headers, body: JSON.stringify({ score: 1, corrected: label }) });
    expect(review.status).toBe(201);
    expect(((await review.json()) as { taught: unknown }).taught).toEqual({ route: 'support-intent', label });
    await h.gateway.locals.get('support-intent')?.idle();
    expect((await examples()).filter((e) => e.traceId === trace.id)).toEqual([expect.objectContaining({ label, source: 'review' })]);
  });

  it('unlearns a correction whose review is undone: the example gets the teacher’s label back', async () => {
    const examples = () => h.gateway.stores.examples.list('support-intent', 100_000);
    const taughtByTeacher = (await examples()).find((e) => e.traceId !== null && e.source === 'teacher');
    const traceId = taughtByTeacher?.traceId as string;
    const session = await fetch(`${h.gateway.url}/api/session`);
    const headers = { 'content-type': 'application/json', cookie: (session.headers.get('set-cookie') ?? '').split(';')[0] as string, 'x-switchyard-csrf': ((await session.json()) as { csrf: string }).csrf };
    const queued = (await (await fetch(`${h.gateway.url}/api/review/items`, { method: 'POST', headers, body: JSON.stringify({ trace_id: traceId }) })).json()) as { items: { id: string }[] };
    const itemReviews = `${h.gateway.url}/api/review/items/${queued.items[0]?.id}/reviews`;
    const label = EIGHT_LABELS.find((l) => l !== taughtByTeacher?.label) as string;
    expect((await fetch(itemReviews, { method: 'POST', headers, body: JSON.stringify({ score: 1, corrected: label }) })).status).toBe(201);
    const ofTrace = async () => (await examples()).filter((e) => e.traceId === traceId).map((e) => [e.label, e.source]);
    expect(await ofTrace()).toEqual([[label, 'review']]);
    const undone = await fetch(itemReviews, { method: 'DELETE', headers });
    expect(await undone.json()).toMatchObject({ untaught: { route: 'support-intent' }, taught: null });
    await h.gateway.locals.get('support-intent')?.idle();
    // Training reads the label as it stands: the teacher's again, not the undone correction.
    expect(await ofTrace()).toEqual([[taughtByTeacher?.label, 'teacher']]);
  });
});
