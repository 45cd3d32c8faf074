import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../../src/test-support/gateway-harness.js';

/**
 * A client that goes away halfway through sending its body (helper hostile3): the trace says the
 * client disconnected (499, client_closed) and how much of the body came, not that the request was
 * invalid ("could not read the request body: aborted"); the gateway keeps serving.
 */
const ADMIN = 'sk-sy-admin-aborted';
let h: Harness;
beforeAll(async () => {
  h = await startHarness(`server: { admin_key: ${ADMIN} }`);
});
afterAll(() => h.close());

interface TraceRow {
  status: number;
  errorCode: string | null;
  errorMessage: string | null;
}

describe('a request body cut off by the client', () => {
  it('is traced as a client disconnect naming how much of the body arrived', async () => {
    const url = new URL(h.gateway.url);
    const partial = '{"model":"small","messages":[';
    await new Promise<void>((resolve) => {
      const socket = connect(Number(url.port), url.hostname, () => {
        socket.write(`POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer sk-sy-test\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n${partial}`);
        setTimeout(() => {
          socket.destroy();
          resolve();
        }, 200);
      });
    });
    let trace: TraceRow | undefined;
    await expect
      .poll(async () => {
        await h.gateway.traces.flush();
        const res = await fetch(`${h.gateway.url}/api/traces?limit=5`, { headers: { authorization: `Bearer ${ADMIN}` } });
        trace = ((await res.json()) as { traces: TraceRow[] }).traces[0];
        return trace?.status;
      })
      .toBe(499);
    expect(trace).toMatchObject({ errorCode: 'client_closed', errorMessage: `the client closed the connection before its request body was complete (${partial.length} of 500 bytes received)` });
    expect((await fetch(`${h.gateway.url}/health`)).status).toBe(200);
  });
});
