import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { type LoadtestFlags, loadtest } from '../../src/cli/loadtest-cli.js';
import type { LoadReport } from '../../src/loadtest/load-report.js';
import { startSimulator } from '../../src/simulate/simulator.js';
import { closedPort } from '../../src/test-support/gateway-harness.js';
import { sampleTrace } from '../../src/test-support/sample-trace.js';
import { openStores } from '../../src/store/open-stores.js';
import type { Simulator } from '../../src/simulate/types.js';

let sim: Simulator;
let dir: string;
let configPath: string;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, host: '127.0.0.1', ttftMs: 0, tokensPerSecond: 0, latencyMs: 0 });
  dir = mkdtempSync(join(tmpdir(), 'switchyard-loadtest-'));
  configPath = join(dir, 'gateway.yaml');
  writeFileSync(
    configPath,
    `
providers:
  sim: { type: openai, base_url: ${sim.url}/v1, api_key: sk-upstream }
  gem: { type: gemini, base_url: ${sim.url}, api_key: AIza-upstream }
models:
  small: { provider: sim, model: standin-small, price: { input_per_mtok: 0.15, output_per_mtok: 0.60 } }
  flash: { provider: gem, model: gemini-2.5-flash, price: { input_per_mtok: 0.30, output_per_mtok: 2.50 } }
retry: { max_attempts: 1 }
store: { sqlite: ${join(dir, 'sy.db')} }
`,
  );
});
afterAll(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  sim.clearFaults();
  sim.resetStats();
});

const defaults: LoadtestFlags = { model: 'small', rps: '40', duration: '1s', stream: true, maxTokens: '32', arrivals: 'uniform', perUser: '20', maxInFlight: '256', timeout: '10s', json: true };

async function run(flags: Partial<LoadtestFlags>): Promise<LoadReport> {
  const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
  try {
    const report = await loadtest({ ...defaults, config: configPath, ...flags });
    // --json prints exactly the report, as one line of JSON.
    expect(JSON.parse(log.mock.calls.at(-1)?.[0] as string)).toEqual(report);
    return report;
  } finally {
    log.mockRestore();
  }
}

describe('switchyard loadtest against the simulator', () => {
  it('sends at the open-loop rate and reports latency, TTFT, tokens, cost and a projection', async () => {
    const report = await run({ users: '500' });
    expect(report.requests).toEqual({ due: 40, sent: 40, ok: 40, failed: 0 });
    expect(sim.stats().requests).toBe(40);
    expect(report.ttftMs.p50).not.toBeNull();
    expect(report.latencyMs.p99 as number).toBeGreaterThanOrEqual(report.latencyMs.p50 as number);
    expect(report.tokens.output).toBeGreaterThan(0);
    expect(report.cost.known).toBe(40);
    expect(report.cost.perRequestUsd as number).toBeGreaterThan(0);
    expect(report.gateway.traced).toBe(40);
    expect(report.projection?.costPerMonthUsd as number).toBeCloseTo(500 * 20 * (730 / 24) * (report.cost.perRequestUsd as number), 1);
  });

  it('does not wait for slow answers before sending the next (no coordinated omission)', async () => {
    sim.addFault({ kind: 'slow', delayMs: 400 });
    const report = await run({ rps: '20', duration: '1s', stream: false });
    expect(report.requests.sent).toBe(20);
    expect(report.latencyMs.p50 as number).toBeGreaterThanOrEqual(400);
    // A closed loop sends the next request only after the last answer, so requests reach the
    // provider at least 400 ms apart and each waits longer than the one before. The open loop
    // sends every 50 ms whatever the answers do: most requests arrive while the one before is
    // still being answered (a busy machine delays sends, but it bunches them, not spaces them).
    const arrivals = sim.stats().lastRequests.map((r) => r.at).sort((a, b) => a - b);
    const overlapping = arrivals.slice(1).filter((at, i) => at - arrivals[i]! < 400).length;
    expect(overlapping).toBeGreaterThanOrEqual(15);
    expect(report.sendLagMs.p50 as number).toBeLessThan(report.latencyMs.p50 as number);
  });

  it('counts errors by cause and names rate limits as the bottleneck', async () => {
    sim.addFault({ kind: 'status', status: 429, probability: 0.5 });
    const report = await run({ rps: '40' });
    expect(report.requests.failed).toBeGreaterThan(0);
    expect(Object.keys(report.errors)).toEqual(['429 rate_limit_exceeded']);
    // The cause is the body's code: OpenAI's rate_limit_exceeded for every 429 but a spent budget's insufficient_quota.
    expect(report.bottleneck.kind).toBe('rate limits');
  });

  it('replays recorded traffic from the traces, and writes the report with --out', async () => {
    await run({ rps: '10', duration: '500ms' });
    sim.resetStats();
    const out = join(dir, 'report.json');
    // No --model: the one --from-traces replays (commander refused the README's command without it).
    const report = await run({ model: undefined, fromTraces: 'model=small,limit=3', rps: '10', duration: '500ms', out });
    expect(report.requests.ok).toBe(5);
    expect(report.model).toBe('small');
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(report);
    const bodies = sim.stats().lastRequests.map((r) => JSON.stringify((r.body as { messages: unknown }).messages));
    // Three recorded requests, cycled.
    expect(new Set(bodies).size).toBeLessThanOrEqual(3);
  });

  it("replays Gemini API traces at Google's path for the model, whole and streamed, reading Gemini's usage", async () => {
    const stores = await openStores({ sqlite: join(dir, 'sy.db') });
    const contents = [{ role: 'user', parts: [{ text: 'Where is my parcel?' }] }];
    await stores.traces.insertTraces([sampleTrace({ endpoint: 'gemini', requestedModel: 'flash', request: JSON.stringify({ contents }) })]);
    await stores.close();
    for (const stream of [false, true]) {
      sim.resetStats();
      const report = await run({ model: undefined, fromTraces: 'model=flash', rps: '10', duration: '500ms', stream });
      expect(report.requests).toEqual({ due: 5, sent: 5, ok: 5, failed: 0 });
      expect(report.tokens.output).toBeGreaterThan(0);
      expect(report.cost.known).toBe(5);
      const upstream = sim.stats().lastRequests;
      expect(upstream.map((r) => r.path)).toEqual(Array(5).fill(`/v1beta/models/gemini-2.5-flash:${stream ? 'streamGenerateContent' : 'generateContent'}`));
      expect(upstream[0]?.body).toEqual({ contents });
    }
  });

  it('stops sending at Ctrl-C and reports the requests due until then, instead of exiting with nothing', async () => {
    const ctrlC = new AbortController();
    // Ctrl-C once the provider has answered a few: before, the 10-minute run went on (and a real Ctrl-C printed nothing).
    const watcher = setInterval(() => sim.stats().requests >= 3 && ctrlC.abort(), 5);
    const said = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const printed = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      const report = await loadtest({ ...defaults, config: configPath, rps: '20', duration: '10m', stream: false, json: false }, { signal: ctrlC.signal });
      expect(report.requests.ok).toBeGreaterThanOrEqual(3);
      expect(report.requests).toMatchObject({ due: report.requests.sent, failed: 0 });
      expect(report.durationMs).toBeLessThan(600_000);
      expect(said.mock.calls.map((c) => String(c[0])).join('\n')).toMatch(new RegExp(`stopped after [\\d.]+ s of 600 s: the report covers the ${report.requests.due} requests? due by then`));
    } finally {
      clearInterval(watcher);
      said.mockRestore();
      printed.mockRestore();
    }
  });

  it('stops at once, naming the cause, when nothing answers at --gateway', async () => {
    const closed = `http://127.0.0.1:${await closedPort()}`;
    const started = Date.now();
    // Before: the whole --duration of "connection refused", then "bottleneck: provider latency".
    // That duration is 2 minutes, past the test's timeout; the bound (30 s) is for a clear failure
    // from a run that stops at some other time, far past a loaded machine's first refusal.
    await expect(run({ config: undefined, gateway: closed, duration: '2m' })).rejects.toThrow(`cannot reach the gateway at ${closed} (connection refused: nothing listens there)`);
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it('loads a running gateway, reads cost from its traces and keeps the report there', async () => {
    const { startServer } = await import('../../src/server.js');
    const { loadConfigFile } = await import('../../src/config/load-config.js');
    const running = await startServer(loadConfigFile(configPath), { port: 0, host: '127.0.0.1' });
    try {
      const report = await run({ config: undefined, gateway: running.url, rps: '10', duration: '500ms' });
      expect(report.target).toBe(running.url);
      expect(report.requests.ok).toBe(5);
      expect(report.gateway.traced).toBe(5);
      expect(report.cost.known).toBe(5);
      const kept = (await (await fetch(`${running.url}/api/loadtests`)).json()) as { loadtests: { id: string }[] };
      expect(kept.loadtests.map((l) => l.id)).toContain(report.runId);
      const { csrf } = (await (await fetch(`${running.url}/api/session`)).json()) as { csrf: string };
      const bad = await fetch(`${running.url}/api/loadtests`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-switchyard-csrf': csrf }, body: JSON.stringify({ runId: 'x' }) });
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { error: { message: string } }).error.message).toContain('"runId" must be a load test id');
      // A field no report has is refused by name, as on the other admin bodies, and nothing is kept.
      const foreign = await fetch(`${running.url}/api/loadtests`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-switchyard-csrf': csrf }, body: JSON.stringify({ ...report, runId: 'lt_foreign', notez: 'x' }) });
      expect(foreign.status).toBe(400);
      expect(((await foreign.json()) as { error: { message: string; param: string } }).error).toMatchObject({ message: expect.stringContaining('unknown field "notez"'), param: 'notez' });
      expect((await fetch(`${running.url}/api/loadtests/lt_foreign`)).status).toBe(404);
      // The JSON's unreliable verdict is part of the report: kept as sent; anything but text or null refused by name.
      const post = (body: unknown) => fetch(`${running.url}/api/loadtests`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-switchyard-csrf': csrf }, body: JSON.stringify(body) });
      expect(report.unreliable).toBeNull();
      expect((await post({ ...report, runId: 'lt_few', unreliable: '3 of 40 requests answered; …' })).status).toBe(201);
      expect(((await (await fetch(`${running.url}/api/loadtests/lt_few`)).json()) as { report: { unreliable?: unknown } }).report.unreliable).toBe('3 of 40 requests answered; …');
      const badFlag = await post({ ...report, runId: 'lt_badflag', unreliable: 5 });
      expect(badFlag.status).toBe(400);
      expect(((await badFlag.json()) as { error: { param: string } }).error.param).toBe('unreliable');
    } finally {
      await running.close();
    }
  });

  it('brings its own key in-process when keys created at runtime close the gateway', async () => {
    const keyed = join(dir, 'keyed.yaml');
    writeFileSync(keyed, readFileSync(configPath, 'utf8').replace(join(dir, 'sy.db'), join(dir, 'keyed.db')));
    const bin = join(import.meta.dirname, '../../bin/switchyard.js');
    await promisify(execFile)(process.execPath, [bin, 'keys', 'create', 'ci-bot', '--db', join(dir, 'keyed.db')]);
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      // Before: every request was a 401, the run a table of refusals.
      const report = await loadtest({ ...defaults, config: keyed, rps: '20' });
      expect(report.requests).toEqual({ due: 20, sent: 20, ok: 20, failed: 0 });
    } finally {
      log.mockRestore();
    }
  });

  it('exits 1 naming the cause when no request was answered, so a script does not take the run as a figure', async () => {
    const bin = join(import.meta.dirname, '../../bin/switchyard.js');
    sim.addFault({ kind: 'status', status: 500, probability: 1 });
    const failed = await promisify(execFile)(process.execPath, [bin, 'loadtest', '--model', 'small', '-c', configPath, '--rps', '10', '--duration', '500ms', '--json']).catch((e: unknown) => e);
    expect(failed).toMatchObject({ code: 1 });
    expect((failed as { stderr: string }).stderr).toMatch(/loadtest: none of the \d+ requests was answered \(\d+ × 5\d\d [^)]+\): its figures measure nothing/);
    sim.clearFaults();
    const ok = await promisify(execFile)(process.execPath, [bin, 'loadtest', '--model', 'small', '-c', configPath, '--rps', '10', '--duration', '500ms', '--json']);
    expect(ok.stderr).not.toContain('none of the');
  });

  // The README's sim config loaded with the simulator not running: the report said "10 × 503
  // unavailable; 3 × 502 all_targets_failed" and not a word of the cause the gateway had named.
  it("prints the gateway's message for each commonest cause, where the fix is said", async () => {
    const bin = join(import.meta.dirname, '../../bin/switchyard.js');
    const down = join(dir, 'simulator-down.yaml');
    writeFileSync(down, `providers:\n  sim: { type: openai, base_url: "http://127.0.0.1:${await closedPort()}/v1", api_key: sk-simulated, simulated: true }\nmodels:\n  small: { provider: sim, model: gpt-5.4-mini }\nretry: { max_attempts: 1 }\nstore: { sqlite: ${join(dir, 'down.db')} }\n`);
    const failed = await promisify(execFile)(process.execPath, [bin, 'loadtest', '--model', 'small', '-c', down, '--rps', '10', '--duration', '500ms']).catch((e: unknown) => e as { stdout: string });
    // First or second, as the circuit opens sooner or later in the run (the commonest cause leads).
    expect(failed.stdout).toMatch(/^errors: (?:\d+ × 503 unavailable; )?\d+ × 502 all_targets_failed/m);
    expect(failed.stdout).toMatch(/^ {2}502 all_targets_failed: every target for model "small" failed .*ECONNREFUSED \(a simulated provider: is the simulator running\? start it with switchyard simulate --port \d+\)/m);
  });

  it('to a pipe says when the gateway starts and when the traffic does, with no carriage-return animation', async () => {
    const bin = join(import.meta.dirname, '../../bin/switchyard.js');
    // Before: nothing on stderr until the first progress line, 5 s into the run.
    const { stderr } = await promisify(execFile)(process.execPath, [bin, 'loadtest', '--model', 'small', '-c', configPath, '--rps', '10', '--duration', '500ms']);
    const lines = stderr.split('\n');
    const starting = lines.indexOf(`starting the gateway of ${configPath} in this process…`);
    const sending = lines.indexOf(`sending 10 requests/s (poisson) to small at in-process gateway (${configPath}) for 0.5 s; progress every 5 s`);
    expect(starting).toBeGreaterThanOrEqual(0);
    expect(sending).toBeGreaterThan(starting);
    expect(stderr).not.toContain('\r');
  });

  it('refuses before the run a model the gateway does not serve, naming the one likely meant', async () => {
    const before = sim.stats().requests;
    await expect(loadtest({ ...defaults, config: configPath, model: 'smal' })).rejects.toThrow(/--model: model "smal" is not configured on this gateway; did you mean "small"\?.*nothing was sent/);
    // Without --model the model comes from --from-traces, and the refusal names that flag.
    const replay = loadtest({ ...defaults, config: configPath, model: undefined, fromTraces: 'model=smal,since=24h' });
    await expect(replay).rejects.toThrow(/^--from-traces model=smal: model "smal" is not configured on this gateway; did you mean "small"\?.*nothing was sent \(--model NAME sends these traces to another model or route\)$/);
    expect(sim.stats().requests).toBe(before);
  });

  it('sends a --dataset file\'s inputs as a stored dataset\'s (a hub export\'s fields kept), and names a missing file or an unknown name', async () => {
    const file = join(dir, 'hub-prompts.jsonl');
    writeFileSync(file, '{"idx":0,"input":"first prompt"}\n{"idx":1,"input":"second prompt"}\n');
    const report = await run({ dataset: file, rps: '10', duration: '500ms' });
    expect(report.requests.ok).toBe(5);
    await expect(loadtest({ ...defaults, config: configPath, dataset: join(dir, 'hub-prompt.jsonl') })).rejects.toThrow(`cannot read dataset file ${join(dir, 'hub-prompt.jsonl')}: no such file (did you mean ${file}?)`);
    await expect(loadtest({ ...defaults, config: configPath, dataset: 'hub-prompt' })).rejects.toThrow(
      /^--dataset: dataset "hub-prompt" not found \(did you mean "hub-prompts"\?\); known datasets: hub-prompts@1; or name a \.jsonl, \.json, \.csv, \.tsv or \.parquet file$/,
    );
  });

  it('refuses bad flags with what was expected', async () => {
    await expect(loadtest({ ...defaults, config: configPath, rps: '0' })).rejects.toThrow('--rps must be a number above 0');
    await expect(loadtest({ ...defaults, config: configPath, model: undefined })).rejects.toThrow('--model is required: the model or route to load (with --from-traces model=NAME it defaults to NAME)');
    await expect(loadtest({ ...defaults, config: configPath, model: undefined, fromTraces: 'since=24h' })).rejects.toThrow('--model is required');
    await expect(loadtest({ ...defaults, config: configPath, fromTraces: 'colour=blue' })).rejects.toThrow('unknown field "colour"');
    // A filter nothing matches names itself and what to look at, not "the traces or dataset".
    await expect(loadtest({ ...defaults, config: configPath, fromTraces: 'model=nope' })).rejects.toThrow(
      'nothing to replay: --from-traces "model=nope": no trace matches it (answered ones only, unless status= says otherwise); switchyard traces lists what the store holds',
    );
  });

  it('refuses hostile flag values before anything is sent: hex, exponents, fractions of a count, prototype names (helper hostile6)', async () => {
    const before = sim.stats().requests;
    const refused: [Partial<LoadtestFlags>, string][] = [
      [{ maxTokens: '1.5' }, '--max-tokens must be an integer above 0 and at most 1000000, got "1.5"'],
      [{ maxInFlight: '2.5' }, '--max-in-flight must be an integer above 0 and at most 100000, got "2.5"'],
      [{ users: '0x10' }, '--users must be an integer above 0 and at most 1000000000, got "0x10"'],
      [{ users: '10', perUser: '0x10' }, '--per-user must be a number above 0 and at most 1000000, got "0x10"'],
      [{ rps: '1e1' }, '--rps must be a number above 0 and at most 100000, got "1e1"'],
      [{ rps: ' 5' }, '--rps must be a number above 0 and at most 100000, got " 5"'],
      [{ fromTraces: 'since=constructor' }, '--from-traces since must be one of 1h, 6h, 24h, 7d, 30d, got "constructor"'],
      [{ fromTraces: 'since=__proto__' }, '--from-traces since must be one of 1h, 6h, 24h, 7d, 30d, got "__proto__"'],
      [{ fromTraces: 'status=abc' }, '--from-traces status must be ok, error or an HTTP status such as 429, got "abc"'],
      [{ fromTraces: 'status=1e3' }, '--from-traces status must be ok, error or an HTTP status such as 429, got "1e3"'],
      [{ fromTraces: 'limit=0x10' }, '--from-traces limit must be an integer above 0 and at most 100000, got "0x10"'],
    ];
    for (const [flags, message] of refused) await expect(loadtest({ ...defaults, config: configPath, ...flags })).rejects.toThrow(message);
    expect(sim.stats().requests).toBe(before);
    // Decimal values as people write them still run.
    expect((await run({ rps: '10.5', duration: '500ms', users: '1000', perUser: '2.5' })).requests.ok).toBeGreaterThan(0);
  });
});
