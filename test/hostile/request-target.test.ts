import { connect } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../../src/test-support/gateway-harness.js';
import { fuzzRuns } from '../../src/test-support/fuzz-runs.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

/** Sends a request line exactly as written (no client-side normalisation) and returns the status. */
function rawRequest(target: string, headers: string[] = []): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = connect(h.gateway.port, '127.0.0.1');
    let reply = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk) => {
      reply += chunk;
    });
    socket.on('error', reject);
    socket.on('close', () => {
      const status = /^HTTP\/1\.1 (\d{3})/.exec(reply)?.[1];
      if (status) resolve(Number(status));
      else reject(new Error(`no status line in ${JSON.stringify(reply.slice(0, 200))}`));
    });
    // Written, not ended: a FIN from the client means it left (the gateway then cancels the work
    // and answers no one), and answers written after a tick — the admin API loads on first use —
    // would never be sent. `Connection: close` makes the server close once it has answered.
    socket.write(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n${headers.map((h) => `${h}\r\n`).join('')}\r\n`);
  });
}

async function stillServing(): Promise<void> {
  const res = await fetch(`${h.gateway.url}/health`);
  expect(res.status).toBe(200);
}

describe('hostile request targets', () => {
  it.each([
    '/%',
    '/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd',
    '/api/traces/%E0',
    '/v1/models/%E0',
    '/%00',
    '/api/traces?q=%E0%A4%A',
    '/v1/chat/completions%00',
  ])('%s is a 400 and the process keeps serving', async (target) => {
    expect(await rawRequest(target)).toBe(400);
    await stillServing();
  });

  it('a request target that is not a path is refused, not routed', async () => {
    const status = await rawRequest('*');
    expect(status).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(500);
    await stillServing();
  });

  it('an overlong path is a 414', async () => {
    expect(await rawRequest(`/${'a'.repeat(9000)}`)).toBe(414);
  });

  it('random paths and query strings never produce a 5xx', async () => {
    const segment = fc.oneof(
      fc.string({ maxLength: 12 }).map((s) => encodeURIComponent(s)),
      fc.constantFrom('%', '%E0', '%c0%ae', '%ff', '..', '%2e%2e', 'v1', 'api', 'traces', 'models', '%00', '%zz'),
    );
    const target = fc
      .tuple(fc.array(segment, { maxLength: 5 }), fc.option(fc.array(segment, { maxLength: 3 })))
      .map(([parts, query]) => `/${parts.join('/')}${query ? `?${query.join('&')}` : ''}`);
    await fc.assert(
      fc.asyncProperty(target, async (t) => {
        const status = await rawRequest(t);
        return status < 500 || status === 503;
      }),
      { numRuns: fuzzRuns(150) },
    );
    await stillServing();
  });

  it('odd headers are answered, never crash', async () => {
    for (const headers of [
      ['x-switchyard-metadata: {'],
      [`authorization: Bearer ${'k'.repeat(8000)}`],
      ['x-api-key: '],
      ['content-type: application/json', 'x-switchyard-metadata: []'],
    ]) {
      const status = await rawRequest('/v1/models', headers);
      expect(status).toBeLessThan(500);
    }
    await stillServing();
  });
});

describe('requests Node refuses before routing them', () => {
  /** Writes `head` as is and returns the whole reply. */
  function rawReply(head: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = connect(h.gateway.port, '127.0.0.1');
      let reply = '';
      socket.setEncoding('latin1');
      socket.on('data', (chunk) => {
        reply += chunk;
      });
      socket.on('error', reject);
      socket.on('close', () => resolve(reply));
      socket.write(head);
    });
  }

  it.each([
    ['headers over the size limit', `GET /v1/models HTTP/1.1\r\nHost: x\r\nx-switchyard-metadata: {"a":"${'m'.repeat(20_000)}"}\r\n\r\n`, 431, /request headers are over the \d+ KB limit/],
    ['a malformed header', 'GET /v1/models HTTP/1.1\r\nHost: x\r\nbad header: 1\r\n\r\n', 400, /malformed HTTP request \(HPE_/],
  ])('%s: its 4xx has a JSON error body, not a bare status line', async (_, head, status, message) => {
    const reply = await rawReply(head);
    expect(reply).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
    const body = JSON.parse(reply.slice(reply.indexOf('\r\n\r\n') + 4)) as { error: { message: string } };
    expect(body.error.message).toMatch(message);
    await stillServing();
  });
});

describe('hostile identifiers are named, not carried, in error messages', () => {
  const long = `tr_${'x'.repeat(5000)}`;
  const auth = { authorization: 'Bearer sk-sy-test', 'content-type': 'application/json' };

  async function errorMessage(res: Response): Promise<string> {
    const body = (await res.json()) as { error: { message: string } };
    return body.error.message;
  }

  it('feedback on a 5,000-character trace id is a 404 whose message stays short', async () => {
    const res = await fetch(`${h.gateway.url}/api/feedback`, { method: 'POST', headers: auth, body: JSON.stringify({ trace_id: long, thumbs: 'down' }) });
    expect(res.status).toBe(404);
    const message = await errorMessage(res);
    expect(message).toContain(`"${long.slice(0, 100)}…"`);
    expect(message.length).toBeLessThan(200);
  });

  it('a 5,000-character response id and model name are cut the same way', async () => {
    const response = await fetch(`${h.gateway.url}/v1/responses/${long}`, { headers: auth });
    expect(response.status).toBe(404);
    expect((await errorMessage(response)).length).toBeLessThan(300);
    const model = await fetch(`${h.gateway.url}/v1/chat/completions`, { method: 'POST', headers: auth, body: JSON.stringify({ model: long, messages: [{ role: 'user', content: 'hi' }] }) });
    expect(model.status).toBe(404);
    expect(await errorMessage(model)).toContain(`"${long.slice(0, 100)}…"`);
  });
});
