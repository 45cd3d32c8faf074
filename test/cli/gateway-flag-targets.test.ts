import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { assertSwitchyardGateway } from '../../src/core/gateway-probe.js';
import { adminRequest } from '../../src/cli/gateway-admin.js';
import { printRoutes } from '../../src/cli/routes-report.js';
import { printProviders } from '../../src/cli/providers-report.js';
import { eraseTraces } from '../../src/cli/erase-traces.js';
import { unservedModel } from '../../src/cli/unserved-model.js';
import { type FakeUpstream, startFakeUpstream } from '../../src/test-support/fake-upstream.js';
import { closedPort, type Harness, startHarness } from '../../src/test-support/gateway-harness.js';

/**
 * What a `--gateway URL` command says when the URL is not a gateway it can use. `routes` at a
 * server answering `{}` printed "no routes configured", at an HTML page it stopped on a
 * SyntaxError with a stack; `providers` printed "no target has been called yet" for either;
 * `eval run` at a port that accepted and never answered waited forever. Each case is now one
 * line naming the URL and the fix, before the command's own request.
 */
const ADMIN_KEY = 'adm-test-0123456789abcdef';
let h: Harness;
let other: FakeUpstream;
let otherUrl: string;
let answer: (path: string, res: ServerResponse) => void;

beforeAll(async () => {
  h = await startHarness('', (simUrl) => `
server: { admin_key: ${ADMIN_KEY} }
providers: { sim: { type: openai, base_url: ${simUrl}/v1, api_key: sk-up } }
models: { small: { provider: sim, model: standin-small } }
keys: [ { key: sk-sy-flag-targets, name: ci } ]
`);
  other = await startFakeUpstream((req, _body, res) => answer(req.url ?? '/', res));
  otherUrl = other.url;
});
afterAll(async () => {
  await other?.close();
  await h?.close();
});

const page = (status: number) => (_path: string, res: ServerResponse) => res.writeHead(status, { 'content-type': 'text/html' }).end('<!doctype html><html><body>Not here</body></html>');
const json = (status: number, body: unknown) => (_path: string, res: ServerResponse) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
const FIX = 'check the host and port of --gateway (the gateway prints "Switchyard gateway listening on URL" when it starts)';

describe('a --gateway that is no Switchyard gateway', () => {
  it('is named as such whatever it answers: a page (404 or 200), JSON of its own, nothing', async () => {
    for (const [server, said] of [
      [page(404), 'GET /health answered 404 with an HTML page'],
      [page(200), 'GET /health answered 200 with an HTML page'],
      [json(200, {}), 'GET /health answered 200 with "{}"'],
      [json(200, { status: 'ok' }), 'GET /health answered 200 with "{\\"status\\":\\"ok\\"}"'],
      [(_p: string, res: ServerResponse) => res.writeHead(204).end(), 'GET /health answered 204 with an empty body'],
    ] as const) {
      answer = server;
      await expect(assertSwitchyardGateway(otherUrl)).rejects.toThrow(`${otherUrl} is not a Switchyard gateway: ${said}; ${FIX}`);
    }
  });

  it('names the simulator, whose URL is the commonest slip (it answers the OpenAI API too)', async () => {
    await expect(assertSwitchyardGateway(h.sim.url)).rejects.toThrow(`${h.sim.url} is the Switchyard simulator, not a gateway: pass --gateway with the URL of the gateway whose config points at it`);
  });

  it('gives up on a server that accepts and never answers, naming the wait', async () => {
    answer = () => undefined;
    await expect(assertSwitchyardGateway(otherUrl, 300)).rejects.toThrow(`${otherUrl} did not answer GET /health within 0.3 s: check that --gateway is a Switchyard gateway's address`);
  });

  it('says nothing listens at a closed port', async () => {
    const closed = `http://127.0.0.1:${await closedPort()}`;
    await expect(assertSwitchyardGateway(closed)).rejects.toThrow(`cannot reach the gateway at ${closed} (connection refused: nothing listens there)`);
  });

  it('takes a gateway, its /v1 base URL too', async () => {
    await expect(assertSwitchyardGateway(h.gateway.url)).resolves.toBeUndefined();
    await expect(assertSwitchyardGateway(`${h.gateway.url}/v1`)).resolves.toBeUndefined();
  });

  it('stops routes, providers and traces erase before they print a report of nothing', async () => {
    answer = json(200, {});
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      const notOne = `${otherUrl} is not a Switchyard gateway`;
      await expect(printRoutes({ gateway: otherUrl, range: '24h' })).rejects.toThrow(notOne);
      await expect(printProviders({ gateway: otherUrl })).rejects.toThrow(notOne);
      await expect(eraseTraces({ gateway: otherUrl, user: 'alice', dryRun: true })).rejects.toThrow(notOne);
      expect(log).not.toHaveBeenCalled();
    } finally {
      log.mockRestore();
    }
  });
});

describe('a gateway that refuses the admin key', () => {
  const saved = process.env.SWITCHYARD_ADMIN_KEY;
  afterAll(() => {
    if (saved === undefined) delete process.env.SWITCHYARD_ADMIN_KEY;
    else process.env.SWITCHYARD_ADMIN_KEY = saved;
  });
  const FIX_KEY = 'pass --admin-key with its server.admin_key (or set SWITCHYARD_ADMIN_KEY)';

  it('says whether a key was sent, where it came from, and the gateway\'s reason', async () => {
    delete process.env.SWITCHYARD_ADMIN_KEY;
    await expect(printRoutes({ gateway: h.gateway.url, range: '24h' })).rejects.toThrow(
      `the gateway at ${h.gateway.url} wants its admin key for GET /api/routes (401: sign in to the dashboard, or send the admin key as "Authorization: Bearer <key>"): ${FIX_KEY}`,
    );
    await expect(printProviders({ gateway: h.gateway.url, adminKey: 'wrong-key' })).rejects.toThrow(`the gateway at ${h.gateway.url} refused the admin key from --admin-key (401: `);
    process.env.SWITCHYARD_ADMIN_KEY = 'wrong-key';
    await expect(eraseTraces({ gateway: h.gateway.url, user: 'alice', dryRun: true })).rejects.toThrow(new RegExp(`refused the admin key from \\$SWITCHYARD_ADMIN_KEY \\(401: .*\\): ${FIX_KEY.replace(/[()]/g, '\\$&')}$`));
  });

  it('answers with the right key', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      await printRoutes({ gateway: h.gateway.url, range: '24h', adminKey: ADMIN_KEY, json: true });
      expect(JSON.parse(String(log.mock.calls[0]?.[0]))).toEqual({ range: '24h', routes: [] });
    } finally {
      log.mockRestore();
    }
  });

  it('names an endpoint the gateway is too old to have, and an answer that is not the report', async () => {
    const call = { gateway: h.gateway.url, adminKey: ADMIN_KEY, what: 'a thing', isAnswer: (v: unknown): v is object => false };
    await expect(adminRequest({ ...call, path: '/api/not-yet' })).rejects.toThrow(`the gateway at ${h.gateway.url} has no GET /api/not-yet: it is older than this command; upgrade it`);
    await expect(adminRequest({ ...call, path: '/api/providers' })).rejects.toThrow(`${h.gateway.url} answered GET /api/providers with 200 but not with a thing (got "{`);
  });
});

describe('a gateway that refuses the API key', () => {
  it('is said before a run sends anything, naming the flag and the variable', async () => {
    await expect(unservedModel(h.gateway.url, undefined, 'small')).rejects.toThrow(`the gateway at ${h.gateway.url} wants a virtual key (401: `);
    await expect(unservedModel(h.gateway.url, 'sk-sy-wrong', 'small')).rejects.toThrow(
      /refused the API key \(401: .*\): pass --api-key KEY \(or set SWITCHYARD_API_KEY\) with a virtual key of that gateway; nothing was sent$/,
    );
    await expect(unservedModel(h.gateway.url, 'sk-sy-flag-targets', 'small')).resolves.toBeUndefined();
    await expect(unservedModel(h.gateway.url, 'sk-sy-flag-targets', 'smal')).resolves.toMatch(/^model "smal" is not/);
  });
});
