import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type Harness, startHarness } from '../../src/test-support/gateway-harness.js';

/**
 * The Responses WebSocket's idle timeout and maximum age (10 and 60 minutes by default, as
 * OpenAI's connection limit), here injected as 1 s and 3 s (wide enough that a loaded CI machine's event-loop stalls do not close a kept-alive socket for idleness): a socket closes between
 * responses, never in the middle of one, and a `response.create` on a socket past its age gets
 * OpenAI's `websocket_connection_limit_reached` error before the close.
 */
const IDLE_MS = 1_000;
const MAX_AGE_MS = 3_000;

let h: Harness;
let url: string;

beforeAll(async () => {
  h = await startHarness(
    '',
    (sim) => `
providers:
  anth:      { type: anthropic, base_url: "${sim}", api_key: sk-ant-up }
  anth-slow: { type: anthropic, base_url: "${sim}", api_key: sk-ant-up, headers: { x-sim-ttft-ms: "900" } }
models:
  claude:      { provider: anth, model: claude-sonnet-4-6 }
  slow-claude: { provider: anth-slow, model: claude-sonnet-4-6 }
`,
    { socketLifetime: { idleMs: IDLE_MS, maxAgeMs: MAX_AGE_MS } },
  );
  url = `${h.gateway.url.replace('http:', 'ws:')}/v1/responses`;
});
afterAll(() => h.close());

type Event = { type: string; status?: number; error?: { code: string | null; type: string; message: string } };

/** An open socket, the events it got, and how it closed (code, reason, ms after opening). */
async function open(): Promise<{ ws: WebSocket; events: Event[]; closed: Promise<{ code: number; reason: string; afterMs: number }> }> {
  // Without compression: its zlib work on a loaded machine adds event-loop stalls to clocks of a few hundred ms.
  const ws = new WebSocket(url, { perMessageDeflate: false });
  const events: Event[] = [];
  const started = Date.now();
  ws.on('message', (data) => events.push(JSON.parse(String(data)) as Event));
  const closed = new Promise<{ code: number; reason: string; afterMs: number }>((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: String(reason), afterMs: Date.now() - started })));
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  return { ws, events, closed };
}

const warmUp = { type: 'response.create', model: 'claude', generate: false, input: [] };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the Responses WebSocket lifetime', () => {
  it('closes a socket idle for the idle timeout with 1000, and a message restarts the clock', async () => {
    const quiet = await open();
    const busy = await open();
    await sleep(IDLE_MS * 0.6);
    busy.ws.send(JSON.stringify(warmUp));
    const idle = await quiet.closed;
    expect(idle.code).toBe(1000);
    expect(idle.reason).toBe(`idle for ${IDLE_MS} ms: open a new one`);
    expect(idle.afterMs).toBeGreaterThanOrEqual(IDLE_MS - 20);
    expect(busy.ws.readyState).toBe(WebSocket.OPEN); // its warm-up counted as activity
    const later = await busy.closed;
    expect(later.afterMs).toBeGreaterThanOrEqual(IDLE_MS * 1.6 - 20);
    expect(busy.events.map((e) => e.type)).toEqual(['response.created', 'response.completed']);
  });

  it('at its maximum age finishes the response in progress, refuses the next as OpenAI does, then closes', async () => {
    const socket = await open();
    // Kept active past the idle timeout, so only the age can close it.
    for (let at = 0; at < MAX_AGE_MS - 700; at += 200) {
      socket.ws.send(JSON.stringify(warmUp));
      await sleep(200);
    }
    // A response that takes ~900 ms straddles the age limit; a second message waits behind it.
    const before = socket.events.length;
    socket.ws.send(JSON.stringify({ type: 'response.create', model: 'slow-claude', input: 'Where is my card?' }));
    socket.ws.send(JSON.stringify(warmUp));
    const closed = await socket.closed;
    expect(closed.afterMs).toBeGreaterThan(MAX_AGE_MS);
    const events = socket.events.slice(before);
    // The slow response ran to its end past the limit.
    expect(events[0]?.type).toBe('response.created');
    const completed = events.findIndex((e) => e.type === 'response.completed');
    expect(completed).toBeGreaterThan(0);
    // The message behind it got OpenAI's error (Codex retries it on a new connection), then the close.
    expect(events.slice(completed + 1)).toEqual([
      {
        type: 'error',
        status: 400,
        error: { type: 'invalid_request_error', code: 'websocket_connection_limit_reached', param: null, message: `Responses websocket connection limit reached (${MAX_AGE_MS} ms). Create a new websocket connection to continue.` },
      },
    ]);
    expect(closed).toMatchObject({ code: 1000, reason: `connection limit reached (${MAX_AGE_MS} ms): open a new one` });
  });

  it('closes a socket between responses once it reaches its maximum age', async () => {
    const socket = await open();
    for (let at = 0; at < MAX_AGE_MS + 400; at += 200) {
      if (socket.ws.readyState !== WebSocket.OPEN) break;
      socket.ws.send(JSON.stringify(warmUp));
      await sleep(200);
    }
    const closed = await socket.closed;
    expect(closed).toMatchObject({ code: 1000, reason: `connection limit reached (${MAX_AGE_MS} ms): open a new one` });
    expect(closed.afterMs).toBeGreaterThanOrEqual(MAX_AGE_MS - 20);
    expect(closed.afterMs).toBeLessThan(MAX_AGE_MS + 400);
    // Every warm-up it sent before the close was answered in full.
    expect(socket.events.every((e) => e.type !== 'error')).toBe(true);
  });
});
