import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { DEFAULT_SOCKET_LIFETIME } from '../../src/http/responses-socket/socket-lifetime.js';
import { type Harness, startHarness } from '../../src/test-support/gateway-harness.js';
import { type HeldUpstream, startHeldUpstream } from '../../src/test-support/held-upstream.js';
import { steppedClock } from '../../src/test-support/stepped-clock.js';

/**
 * The Responses WebSocket's idle timeout and maximum age (10 and 60 minutes, as OpenAI's
 * connection limit): a socket closes between responses, never in the middle of one, and a
 * `response.create` on a socket past its age gets OpenAI's `websocket_connection_limit_reached`
 * error before the close. The gateway keeps these limits on its clock, which the test steps: each
 * limit is passed when the test says, never by how long a loaded machine took.
 */
const { idleMs: IDLE_MS, maxAgeMs: MAX_AGE_MS } = DEFAULT_SOCKET_LIFETIME;

type Event = { type: string; status?: number; error?: { code: string | null; type: string; message: string } };
interface Socket {
  ws: WebSocket;
  events: Event[];
  /** How it closed, and `at`: the time `now()` gave then. */
  closed: Promise<{ code: number; reason: string; at: number }>;
}

/** An open socket on `url`, the events it got, and how it closed. */
async function open(url: string, now: () => number): Promise<Socket> {
  const ws = new WebSocket(url, { perMessageDeflate: false });
  const events: Event[] = [];
  ws.on('message', (data) => events.push(JSON.parse(String(data)) as Event));
  const closed = new Promise<{ code: number; reason: string; at: number }>((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: String(reason), at: now() })));
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  return { ws, events, closed };
}

const warmUp = { type: 'response.create', model: 'claude', generate: false, input: [] };

/** Sends a message and resolves once its response (the `response.completed` after the events it has now) arrived. */
function answered(socket: Socket, message: object): Promise<void> {
  const from = socket.events.length;
  socket.ws.send(JSON.stringify(message));
  return new Promise((resolve, reject) => {
    const onMessage = () => {
      const event = socket.events.slice(from).find((e) => e.type === 'response.completed' || e.type === 'error');
      if (!event) return;
      socket.ws.off('message', onMessage);
      if (event.type === 'error') reject(new Error(`refused: ${JSON.stringify(event)}`));
      else resolve();
    };
    // Registered after `open`'s listener: the event is in `events` when this runs.
    socket.ws.on('message', onMessage);
  });
}

describe('the Responses WebSocket lifetime, on a stepped clock', () => {
  const clock = steppedClock();
  let h: Harness;
  let url: string;
  /** An Anthropic upstream (the simulator, through a relay) that holds a request until the test releases it. */
  let held: HeldUpstream;

  beforeAll(async () => {
    held = await startHeldUpstream(() => h.sim.url);
    h = await startHarness(
      '',
      (sim) => `
providers:
  anth: { type: anthropic, base_url: "${sim}", api_key: sk-ant-up }
  held: { type: anthropic, base_url: "${held.url}", api_key: sk-ant-up }
models:
  claude:      { provider: anth, model: claude-sonnet-4-6 }
  held-claude: { provider: held, model: claude-sonnet-4-6 }
`,
      { clock },
    );
    url = `${h.gateway.url.replace('http:', 'ws:')}/v1/responses`;
  });
  afterAll(async () => {
    await h.close();
    await held.close();
  });

  it('closes a socket idle for the idle timeout with 1000, and a message restarts the clock', async () => {
    const opened = clock.now();
    const quiet = await open(url, clock.now);
    const busy = await open(url, clock.now);
    clock.advance(IDLE_MS * 0.6);
    await answered(busy, warmUp);
    clock.advance(IDLE_MS * 0.4);
    const idle = await quiet.closed;
    expect(idle).toEqual({ code: 1000, reason: 'idle for 10 minutes: open a new one', at: opened + IDLE_MS });
    // Closed at the same step, its close frame would have come with quiet's.
    expect(busy.ws.readyState).toBe(WebSocket.OPEN);
    clock.advance(IDLE_MS * 0.6);
    expect(await busy.closed).toEqual({ code: 1000, reason: 'idle for 10 minutes: open a new one', at: opened + IDLE_MS * 1.6 });
    expect(busy.events.map((e) => e.type)).toEqual(['response.created', 'response.completed']);
  });

  it('at its maximum age finishes the response in progress, refuses the next as OpenAI does, then closes', async () => {
    const opened = clock.now();
    const socket = await open(url, clock.now);
    // Kept active past the idle timeout, so only the age can close it.
    while (clock.now() + IDLE_MS / 2 < opened + MAX_AGE_MS) {
      clock.advance(IDLE_MS / 2);
      await answered(socket, warmUp);
    }
    // A response held upstream while the age limit passes; a second message waits behind it.
    const upstream = held.hold();
    const before = socket.events.length;
    socket.ws.send(JSON.stringify({ type: 'response.create', model: 'held-claude', input: 'Where is my card?' }));
    socket.ws.send(JSON.stringify(warmUp));
    await upstream.arrived;
    clock.advance(IDLE_MS / 2);
    expect(clock.now()).toBeGreaterThanOrEqual(opened + MAX_AGE_MS);
    upstream.release();
    const closed = await socket.closed;
    expect(closed).toEqual({ code: 1000, reason: 'connection limit reached (60 minutes): open a new one', at: opened + MAX_AGE_MS });
    const events = socket.events.slice(before);
    // The held response ran to its end past the limit.
    expect(events[0]?.type).toBe('response.created');
    const completed = events.findIndex((e) => e.type === 'response.completed');
    expect(completed).toBeGreaterThan(0);
    expect(events.slice(0, completed).every((e) => e.type !== 'error')).toBe(true);
    // The message behind it got OpenAI's error (Codex retries it on a new connection), then the close.
    expect(events.slice(completed + 1)).toEqual([
      {
        type: 'error',
        status: 400,
        error: { type: 'invalid_request_error', code: 'websocket_connection_limit_reached', param: null, message: 'Responses websocket connection limit reached (60 minutes). Create a new websocket connection to continue.' },
      },
    ]);
  });

  it('closes a socket between responses once it reaches its maximum age, and not a millisecond before', async () => {
    const opened = clock.now();
    const socket = await open(url, clock.now);
    while (clock.now() + IDLE_MS / 2 < opened + MAX_AGE_MS) {
      clock.advance(IDLE_MS / 2);
      await answered(socket, warmUp);
    }
    clock.advance(opened + MAX_AGE_MS - 1 - clock.now());
    await answered(socket, warmUp); // still open, and not refused
    clock.advance(1);
    expect(await socket.closed).toEqual({ code: 1000, reason: 'connection limit reached (60 minutes): open a new one', at: opened + MAX_AGE_MS });
    // Every warm-up it sent before the close was answered in full.
    expect(socket.events.every((e) => e.type !== 'error')).toBe(true);
  });
});

describe('the Responses WebSocket lifetime, on the system clock', () => {
  /** Short, so the real timer behind the limits fires within the test; nothing here can close early. */
  const REAL_IDLE_MS = 200;
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness('', (sim) => `providers:\n  anth: { type: anthropic, base_url: "${sim}", api_key: sk-ant-up }\nmodels:\n  claude: { provider: anth, model: claude-sonnet-4-6 }\n`, {
      socketLifetime: { idleMs: REAL_IDLE_MS, maxAgeMs: 60_000 },
    });
  });
  afterAll(() => h.close());

  it('closes a real socket left idle, after its idle timeout, with 1000 and the reason', async () => {
    const started = Date.now();
    const socket = await open(`${h.gateway.url.replace('http:', 'ws:')}/v1/responses`, Date.now);
    await answered(socket, warmUp);
    const closed = await socket.closed;
    expect(closed).toMatchObject({ code: 1000, reason: `idle for ${REAL_IDLE_MS} ms: open a new one` });
    // Timers never fire early: however loaded the machine, not before the timeout (less Date.now's rounding).
    expect(closed.at - started).toBeGreaterThanOrEqual(REAL_IDLE_MS - 5);
  });
});
