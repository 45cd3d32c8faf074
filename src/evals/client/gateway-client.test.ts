import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeUpstream, startFakeUpstream } from '../../test-support/fake-upstream.js';
import { startHarness } from '../../test-support/gateway-harness.js';
import { openSqliteStores } from '../../store/sqlite/open-sqlite-stores.js';
import { SUPPORT_JSONL } from '../__fixtures__/sim-gateway.js';
import { evaluate } from '../evaluate.js';
import { formatRun } from '../report/format-run.js';
import { GatewayClient } from './gateway-client.js';

describe('GatewayClient.listModels', () => {
  let server: FakeUpstream;
  let url: string;
  beforeAll(async () => {
    // A closed gateway: one key is accepted, a missing or other key gets its 401 in OpenAI's shape.
    server = await startFakeUpstream((req, _body, res) => {
      if (req.headers.authorization === 'Bearer sk-sy-good') return void res.end(JSON.stringify({ data: [{ id: 'small' }] }));
      res.writeHead(401, { 'content-type': 'application/json' });
      // The missing-key message ends in a full stop, as the gateway's does ("… or \"x-api-key: <key>\".").
      res.end(JSON.stringify({ error: { message: req.headers.authorization ? 'invalid API key: it is not a virtual key of this gateway' : 'missing API key; send "x-api-key: <key>".' } }));
    });
    url = server.url;
  });
  afterAll(() => server.close());

  it("passes on the gateway's reason for a 401 and where the key comes from (was: 'answered 401' alone)", async () => {
    for (const [apiKey, said] of [[undefined, 'missing API key; send "x-api-key: <key>"'], ['sk-wrong', 'invalid API key: it is not a virtual key of this gateway']] as const) {
      const client = new GatewayClient(url, apiKey ? { apiKey } : {});
      await expect(client.listModels()).rejects.toThrow(`gateway ${url} answered 401 to GET /v1/models: ${said}; pass --api-key KEY (or set SWITCHYARD_API_KEY) with a virtual key of that gateway`);
      await client.close();
    }
    const good = new GatewayClient(url, { apiKey: 'sk-sy-good' });
    expect(await good.listModels()).toEqual(['small']);
    await good.close();
  });
});

describe('GatewayClient calls tagged in any script', () => {
  it("reaches the gateway and its trace keeps the suite's, case's and variant's names as written (undici refused them: 'invalid x-switchyard-metadata header')", async () => {
    const harness = await startHarness();
    const client = new GatewayClient(harness.gateway.url, { apiKey: 'sk-sy-test' });
    try {
      const tags = { eval_run: 'run_ünïcode', case: 'استرداد-1', variant: 'petit modèle \u{1F9EA}' };
      const result = await client.chat({ model: 'small', messages: [{ role: 'user', content: 'Hello' }], tags });
      expect(result.text.length).toBeGreaterThan(0);
      const trace = await harness.waitForTrace((t) => t.metadata?.case === tags.case);
      expect(trace.metadata).toMatchObject(tags);
    } finally {
      await client.close();
      await harness.close();
    }
  });
});

describe('a run by URL on a gateway that keeps its traces in another store', () => {
  it('is marked simulated from what the answers said, variant by variant, and a judge on the simulator marks none', async () => {
    const harness = await startHarness('', (simUrl) => `
providers:
  real: { type: openai, base_url: "${simUrl}/v1", api_key: sk-real }
  stand-in: { type: openai, base_url: "${simUrl}/v1", api_key: sk-sim, simulated: true }
models:
  real: { provider: real, model: standin-small }
  sim: { provider: stand-in, model: standin-small }
  judge: { provider: stand-in, model: standin-large }
`);
    const dir = mkdtempSync(join(tmpdir(), 'sy-remote-sim-'));
    writeFileSync(join(dir, 'support-5.jsonl'), SUPPORT_JSONL);
    const suite = join(dir, 'suite.yaml');
    writeFileSync(suite, 'name: remote\ndataset: support-5.jsonl\nvariants:\n  on-sim: { model: sim, prompt: "{{input}}" }\n  on-real: { model: real, prompt: "{{input}}" }\nscorers:\n  - { type: contains, value: "{{expected}}" }\n  - { type: judge, model: judge, rubric: "Is it correct?", scale: [1, 5] }\ncache: false\n');
    // The eval store is not the gateway's: no trace of the run's calls is in it.
    const stores = openSqliteStores(join(dir, 'eval.db'));
    try {
      const outcome = await evaluate({ suitePath: suite, gatewayUrl: harness.gateway.url, apiKey: 'any', stores });
      expect(outcome.run.variants['on-sim']?.targets).toEqual([{ provider: 'stand-in', model: 'standin-small', simulated: true }]);
      expect(outcome.run.variants['on-real']?.targets).toEqual([]);
      const report = formatRun(outcome.run, outcome.summary).replace(/\u001b\[[0-9;]*m/g, '');
      expect(report).toMatch(/sim \(simulated\)/);
      expect(report).not.toMatch(/real \(simulated\)/);
      expect(report).toContain('(simulated): answered by the built-in simulator, not a real model');
    } finally {
      await stores.close();
      await harness.close();
    }
  });
});
