import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { registerTraces } from './commands/traces.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type FakeUpstream, startFakeUpstream } from '../test-support/fake-upstream.js';
import { type Harness, startHarness } from '../test-support/gateway-harness.js';
import { adminWriteHeaders } from './admin-write-headers.js';
import { eraseTraces } from './erase-traces.js';

// The README's Knowledge bases section says to ask the gateway `switchyard traces erase --user
// alice --dry-run`: there the gateway is `npm start`'s, open on loopback with no admin key, whose
// admin API wants the CSRF token of GET /api/session on every write. The command sent none and
// stopped on "answered 403: missing or wrong x-switchyard-csrf header".
describe('traces erase against a gateway open on loopback (no server.admin_key)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('', (simUrl) => `
providers: { sim: { type: openai, base_url: ${simUrl}/v1, api_key: sk-up } }
models: { small: { provider: sim, model: standin-small } }
traces: { flush_interval_ms: 5 }
`);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('counts with --dry-run, then erases, with no admin key to give', async () => {
    await h.openai('any-key-while-open').chat.completions.create({ model: 'small', user: 'alice', messages: [{ role: 'user', content: 'Alice asks' }] });
    await h.waitForTrace((t) => t.requestedModel === 'small');
    const printed: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((line: unknown) => void printed.push(String(line)));
    const adminKey = process.env.SWITCHYARD_ADMIN_KEY;
    delete process.env.SWITCHYARD_ADMIN_KEY;
    try {
      const note = vi.spyOn(console, 'error').mockImplementation(() => undefined);
      // Without --gateway, whose data it counted (or erased) is said: the default port may be another gateway's.
      await eraseTraces({ user: 'alice', dryRun: true, gateway: h.gateway.url, gatewayFrom: 'server.port of switchyard.yaml' });
      expect(note.mock.calls.map((c) => String(c[0]))).toEqual([`(the gateway at ${h.gateway.url}, from server.port of switchyard.yaml; --gateway URL reaches another)`]);
      note.mockRestore();
      expect(printed.join('\n')).toMatch(/dry run \(nothing changed\): er_[\s\S]*traces \(and their search index entries\)\s*│\s*1\b/);
      expect((await h.gateway.stores.traces.listTraces({ text: 'Alice asks' })).traces).toHaveLength(1);
      await eraseTraces({ user: 'alice', gateway: h.gateway.url });
      expect(printed.at(-1)).toMatch(/^erased: er_/);
      expect((await h.gateway.stores.traces.listTraces({ text: 'Alice asks' })).traces).toEqual([]);
    } finally {
      log.mockRestore();
      if (adminKey !== undefined) process.env.SWITCHYARD_ADMIN_KEY = adminKey;
    }
  });
});

describe('traces erase without --gateway', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('', (simUrl) => `
providers: { sim: { type: openai, base_url: ${simUrl}/v1, api_key: sk-up } }
models: { small: { provider: sim, model: standin-small } }
`);
  });
  afterAll(async () => {
    await h.close();
  });

  it("reaches the port its --config serves on, as serve reads it (it took 4000 whatever the config said), and says so", async () => {
    const port = new URL(h.gateway.url).port;
    const dir = mkdtempSync(join(tmpdir(), 'sy-erase-'));
    const file = join(dir, 'switchyard.yaml');
    writeFileSync(file, `server: { port: ${port} }\nproviders:\n  sim: { type: openai, base_url: "http://127.0.0.1:9/v1", api_key: sk-x }\nmodels:\n  small: { provider: sim, model: standin-small }\n`);
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const note = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const adminKey = process.env.SWITCHYARD_ADMIN_KEY;
    delete process.env.SWITCHYARD_ADMIN_KEY;
    try {
      const program = new Command('switchyard').exitOverride();
      registerTraces(program);
      await program.parseAsync(['node', 'switchyard', 'traces', 'erase', '--user', 'nobody', '--dry-run', '--config', file]);
      expect(String(log.mock.calls[0]?.[0])).toMatch(/^dry run \(nothing changed\): er_/);
      expect(note.mock.calls.map((c) => String(c[0]))).toEqual([`(the gateway at http://127.0.0.1:${port}, from server.port of ${file}; --gateway URL reaches another)`]);
    } finally {
      log.mockRestore();
      note.mockRestore();
      if (adminKey !== undefined) process.env.SWITCHYARD_ADMIN_KEY = adminKey;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// A server that answers /health as a gateway does but stalls its session, hands out a token no
// header can carry, or answers the erasure with 200 and something else (another program on the
// port is refused before: test/cli/gateway-flag-targets.test.ts).
describe('traces erase against a server that is not the gateway it expects', () => {
  let server: FakeUpstream;
  let url: string;
  let session: (res: ServerResponse) => void;
  let erasure = '{"ok":true}';
  beforeAll(async () => {
    server = await startFakeUpstream((req, _body, res) => {
      if (req.url === '/api/session') return session(res);
      if (req.url === '/health') return res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok","models":1}');
      res.writeHead(200, { 'content-type': 'application/json' }).end(erasure);
    });
    url = server.url;
  });
  afterAll(() => server.close());
  const token = (csrf: unknown) => (res: ServerResponse) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ csrf }));

  it('names a CSRF token with a line break or a bidi override, not "cannot reach the gateway"', async () => {
    for (const [csrf, shown] of [
      ['tok\r\nx-evil: 1', '"tok\\r\\nx-evil: 1"'],
      ['tök\u202e', '"tök\\u202e"'],
      ['x'.repeat(100_000), '100000 characters'],
    ]) {
      session = token(csrf);
      await expect(adminWriteHeaders(url, undefined)).rejects.toThrow(`GET ${url}/api/session answered a CSRF token no header can carry (expected up to 512 printable ASCII characters, got ${shown})`);
    }
  });

  it('gives up on a session that does not answer', async () => {
    session = () => undefined;
    await expect(adminWriteHeaders(url, undefined, 300)).rejects.toThrow(`GET ${url}/api/session did not answer within 0.3 s; is ${url} a Switchyard gateway?`);
  });

  it('names a 200 that is no erasure report, instead of a TypeError from the table', async () => {
    session = token('good-token');
    for (const body of ['{"ok":true}', '<html>hello</html>', '[]', '{"erased":{}}']) {
      erasure = body;
      await expect(eraseTraces({ user: 'alice', dryRun: true, gateway: url })).rejects.toThrow(`${url} answered POST /api/erasure with 200 but not with an erasure report (got ${JSON.stringify(body)}); is it a Switchyard gateway as new as this command?`);
    }
  });
});
