import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type Harness, startHarness } from '../../src/test-support/gateway-harness.js';

/**
 * OpenAI's Responses API WebSocket mode, the transport of the Codex CLI's built-in OpenAI
 * provider. The fixture holds the upgrade headers and the three messages `codex exec` 0.171 sent
 * through a logging proxy in front of the gateway for "Run the command cat notes.txt": a warm-up
 * (`generate: false`), the turn (only its new items, `previous_response_id` of the warm-up) and
 * the tool's output (only that item, `previous_response_id` of the turn), all `store: false`.
 */
interface Fixture {
  upgrade: { url: string; headers: Record<string, string> };
  frames: Record<string, unknown>[];
}
const fixture = JSON.parse(readFileSync(new URL('./__fixtures__/codex-responses-websocket.json', import.meta.url), 'utf8')) as Fixture;
/** The same from Codex's default model (gpt-6.2-sol): tools in an `additional_tools` input item, code mode's custom `exec` tool. */
const defaultModel = JSON.parse(readFileSync(new URL('./__fixtures__/codex-additional-tools.json', import.meta.url), 'utf8')) as Fixture;
/**
 * openai 7.60's `ResponsesWebSocketSession` (Node 22): lanes 'a' and 'b', each `lane.create({ model,
 * input })`, as a logging proxy in front of the gateway recorded them. The SDK puts the lane in
 * `stream_id` and gives each event to the lane whose `stream_id` it carries; an event without it
 * goes to the default lane, so a lane whose events lack it waits for ever.
 */
const lanes = JSON.parse(readFileSync(new URL('./__fixtures__/openai7-responses-websocket-lanes.json', import.meta.url), 'utf8')) as Fixture;
const KEY = 'sk-sy-socket';

let h: Harness;
let url: string;

beforeAll(async () => {
  h = await startHarness('', (sim) => `
providers:
  oai-native: { type: openai, base_url: "${sim}/v1", api_key: sk-up, responses: native }
  anth:       { type: anthropic, base_url: "${sim}", api_key: sk-ant-up }
  anth-slow:  { type: anthropic, base_url: "${sim}", api_key: sk-ant-up, headers: { x-sim-tokens-per-second: "40" } }
models:
  gpt-5.4-mini:      { provider: oai-native, model: gpt-5.4-mini }
  claude-sonnet-4-6: { provider: anth, model: claude-sonnet-4-6 }
  slow-claude:       { provider: anth-slow, model: claude-sonnet-4-6 }
  window-one:        { provider: oai-native, model: gpt-4o-mini }
  window-chain:                        # 128,000 → 1,047,576 tokens
    fallbacks: [ { provider: oai-native, model: gpt-4o-mini }, { provider: oai-native, model: gpt-4.1-mini } ]
keys:
  - key: ${KEY}
    name: socket
`);
  url = `${h.gateway.url.replace('http:', 'ws:')}/v1/responses`;
});
afterAll(() => h.close());

type ServerEvent = { type: string; stream_id?: string; response?: { id: string; output: Item[]; status: string }; status?: number; error?: { message: string; code: string | null; param: string | null; type: string } };
type Item = { type: string; call_id?: string; role?: string; content?: unknown; name?: string; namespace?: string; input?: unknown };

/** A connected socket and the events it received, read in order. */
class Session {
  private readonly events: ServerEvent[] = [];
  private waiting: (() => void) | undefined;

  /** Every event received, in arrival order (`next` and `response` do not take from it). */
  readonly log: ServerEvent[] = [];

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const event = JSON.parse(String(data)) as ServerEvent;
      this.events.push(event);
      this.log.push(event);
      this.waiting?.();
    });
  }

  static open(headers: Record<string, string>, path = '/v1/responses', perMessageDeflate = true): Promise<Session> {
    const ws = new WebSocket(url.replace('/v1/responses', path), { headers, perMessageDeflate });
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new Session(ws)));
      ws.once('error', reject);
    });
  }

  send(message: unknown): void {
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  async next(): Promise<ServerEvent> {
    const deadline = Date.now() + 15_000;
    while (this.events.length === 0) {
      if (Date.now() > deadline) throw new Error('no event within 15 s');
      await new Promise<void>((resolve) => {
        this.waiting = resolve;
        setTimeout(resolve, 100);
      });
    }
    return this.events.shift() as ServerEvent;
  }

  /** The events of one response, through `response.completed` (or `response.failed`, or an `error`). */
  async response(): Promise<ServerEvent[]> {
    const events: ServerEvent[] = [];
    for (;;) {
      const event = await this.next();
      events.push(event);
      if (isEnd(event)) return events;
    }
  }

  /** The position in `log` of the first event that matches, once it arrived. */
  async arrival(matches: (event: ServerEvent) => boolean): Promise<number> {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const at = this.log.findIndex(matches);
      if (at >= 0) return at;
      if (Date.now() > deadline) throw new Error(`no such event within 15 s; got ${this.log.map((e) => `${e.stream_id}:${e.type}`).join(' ')}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** The events of each response on `lane` (its `stream_id`), in order, once `count` of them ended. */
  async lane(lane: string, count = 1): Promise<ServerEvent[][]> {
    await this.arrival(() => this.log.filter((e) => e.stream_id === lane && isEnd(e)).length >= count);
    const responses: ServerEvent[][] = [[]];
    for (const event of this.log.filter((e) => e.stream_id === lane)) {
      responses.at(-1)?.push(event);
      if (isEnd(event)) responses.push([]);
    }
    return responses.slice(0, count);
  }
}

function isEnd(event: ServerEvent): boolean {
  return event.type === 'response.completed' || event.type === 'response.failed' || event.type === 'error';
}

/** Whether an event is `type` on `lane`. */
function on(lane: string, type: string): (event: ServerEvent) => boolean {
  return (event) => event.stream_id === lane && event.type === type;
}

/** The upgrade headers Codex sent, with a key of this gateway (and optional extras). */
function codexHeaders(extra: Record<string, string> = {}): Record<string, string> {
  const { 'sec-websocket-version': _v, 'sec-websocket-extensions': _e, ...headers } = fixture.upgrade.headers;
  return { ...headers, authorization: `Bearer ${KEY}`, ...extra };
}

/** One fixture message for `model`, continuing `previous` (and answering its tool call) as Codex would. */
function codexFrame(index: number, model: string, previous?: ServerEvent, from = fixture): Record<string, unknown> {
  const frame = structuredClone(from.frames[index]) as Record<string, unknown> & { input: Item[] };
  frame.model = model;
  if (previous?.response) {
    frame.previous_response_id = previous.response.id;
    // Codex answers every call of the turn; the fixture's one output stands for each.
    const calls = previous.response.output.filter((item) => item.type.endsWith('_call'));
    frame.input = frame.input.flatMap((item) => (item.type.endsWith('_call_output') ? calls.map((call) => ({ ...item, call_id: call.call_id })) : [item]));
  }
  return frame;
}

/** Status and body of a refused upgrade. */
function refusedUpgrade(headers: Record<string, string>): Promise<{ status: number; body: { error: { message: string; type: string } } }> {
  const ws = new WebSocket(url, { headers });
  return new Promise((resolve, reject) => {
    ws.once('open', () => reject(new Error('the upgrade was accepted')));
    ws.once('unexpected-response', (_req, res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    });
  });
}

describe('the Codex CLI over the Responses WebSocket', () => {
  it.each(['gpt-5.4-mini', 'claude-sonnet-4-6'])('runs its warm-up, turn and tool loop over one socket on %s, each response a trace', async (model) => {
    const session = `ws-${model}`;
    const socket = await Session.open(codexHeaders({ 'session-id': session }));
    const before = h.sim.stats().requests;

    socket.send(codexFrame(0, model));
    const warmup = await socket.response();
    expect(warmup.map((e) => e.type)).toEqual(['response.created', 'response.completed']);
    expect(warmup[1]?.response?.output).toEqual([]);
    expect(h.sim.stats().requests).toBe(before); // a warm-up calls no model

    socket.send(codexFrame(1, model, warmup[1]));
    const turn = await socket.response();
    expect(turn[0]?.type).toBe('response.created');
    expect(turn.at(-1)?.type).toBe('response.completed');
    const call = turn.at(-1)?.response?.output.find((item) => item.type === 'function_call');
    expect(call?.call_id).toEqual(expect.any(String));
    // The turn sent only its new items: the warm-up's developer message reached the model too.
    const first = JSON.stringify(h.sim.stats().lastRequests.at(-1)?.body);
    expect(first).toContain('You are a coding agent running in the Codex CLI');
    expect(first).toContain('Run the command cat notes.txt');

    socket.send({ type: 'response.processed', response_id: turn.at(-1)?.response?.id });
    socket.send(codexFrame(2, model, turn.at(-1)));
    const after = await socket.response();
    expect(after.at(-1), JSON.stringify(after.at(-1))).toMatchObject({ type: 'response.completed' });
    // Only the tool's output was sent: the model still got the whole conversation.
    const upstream = JSON.stringify(h.sim.stats().lastRequests.at(-1)?.body);
    expect(upstream).toContain('You are a coding agent running in the Codex CLI');
    expect(upstream).toContain('Run the command cat notes.txt');
    expect(upstream).toContain(call?.call_id);
    expect(upstream).toContain('exec_command failed');
    socket.ws.close();

    await h.waitForTrace((t) => t.session === session && t.status === 200);
    await h.gateway.traces.flush();
    const traces = (await h.gateway.store.listTraces({ limit: 500 })).traces.filter((t) => t.session === session);
    expect(traces.map((t) => [t.endpoint, t.status, t.stream])).toEqual([
      ['responses', 200, true],
      ['responses', 200, true],
    ]);
  });

  it.each(['gpt-5.4-mini', 'claude-sonnet-4-6'])("runs its default model's turn, tools in an additional_tools item and code mode's custom exec tool, on %s", async (model) => {
    const socket = await Session.open(codexHeaders({ 'session-id': `at-${model}` }));
    socket.send(codexFrame(0, model, undefined, defaultModel));
    const warmup = await socket.response();
    socket.send(codexFrame(1, model, warmup.at(-1), defaultModel));
    const turn = await socket.response();
    expect(turn.at(-1)?.type, JSON.stringify(turn.at(-1))).toBe('response.completed');
    const sent = h.sim.stats().lastRequests.at(-1)?.body as { input?: Item[]; tools?: { name: string; input_schema?: { properties?: object } }[] };
    if (model === 'gpt-5.4-mini') {
      // OpenAI's own API takes the item as Codex sent it.
      expect(sent.input?.[0]).toMatchObject({ type: 'additional_tools', tools: [{ type: 'namespace', name: 'functions' }, { name: 'clock' }, { name: 'collaboration' }] });
      socket.ws.close();
      return;
    }
    // Claude gets the item's tools: the default namespace's by their names, the others' prefixed.
    expect(sent.tools?.map((tool) => tool.name)).toEqual(expect.arrayContaining(['exec', 'wait', 'clock__sleep', 'collaboration__spawn_agent']));
    expect(sent.tools?.find((tool) => tool.name === 'exec')?.input_schema?.properties).toEqual({ input: { type: 'string', description: expect.stringContaining('lark grammar') } });
    // The model called exec: Codex gets OpenAI's custom tool call, its text whole.
    const call = turn.at(-1)?.response?.output.find((item) => item.type === 'custom_tool_call');
    expect(call).toMatchObject({ name: 'exec', input: expect.any(String), call_id: expect.any(String) });
    expect(call).not.toHaveProperty('namespace');
    expect(turn.map((e) => e.type)).toEqual(expect.arrayContaining(['response.custom_tool_call_input.delta', 'response.custom_tool_call_input.done']));

    // The next message sends only the script's output: the tools come from the stored turn.
    socket.send(codexFrame(2, model, turn.at(-1), defaultModel));
    const after = await socket.response();
    expect(after.at(-1), JSON.stringify(after.at(-1))).toMatchObject({ type: 'response.completed' });
    const upstream = h.sim.stats().lastRequests.at(-1)?.body as { tools?: { name: string }[] };
    expect(upstream.tools?.map((tool) => tool.name)).toContain('exec');
    expect(JSON.stringify(upstream)).toContain('ReferenceError: exec is not defined');
    socket.ws.close();
  });

  it("moves a prompt past a native model's window on to the next target's, as over HTTP; with no larger window, one error naming it", async () => {
    // The simulator counts 4 letters a token: past gpt-4o-mini's 128,000, within gpt-4.1-mini's.
    const input = 'abcd'.repeat(130_000);
    const socket = await Session.open(codexHeaders({ 'session-id': 'ws-window' }));
    socket.send({ type: 'response.create', model: 'window-chain', input });
    const answered = await socket.response();
    expect(answered.map((e) => e.type)).not.toContain('error');
    expect(answered.at(-1)).toMatchObject({ type: 'response.completed', response: { status: 'completed' } });
    socket.send({ type: 'response.create', model: 'window-one', input });
    const refused = await socket.response();
    // Before: OpenAI's created, in_progress and error, then a response.failed the gateway added.
    expect(refused).toEqual([
      { type: 'error', status: 400, error: { type: 'invalid_request_error', code: 'context_length_exceeded', param: 'input', message: 'Your input exceeds the context window of this model. Please adjust your input and try again.' } },
    ]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(socket.log.slice(answered.length + refused.length)).toEqual([]);
    socket.ws.close();
    await h.gateway.traces.flush();
    const traces = (await h.gateway.store.listTraces({ limit: 500 })).traces.filter((t) => t.session === 'ws-window');
    const attempts = await Promise.all(traces.map(async (t) => (await h.traceOf(t.id)).attempts.map((a) => `${a.model}:${a.status}`).join(' ')));
    expect(attempts.sort()).toEqual(['gpt-4o-mini:400', 'gpt-4o-mini:400 gpt-4.1-mini:200']);
  });

  it("negotiates per-message compression on Codex's offer, and answers a client that offers none", async () => {
    const sockets = await Promise.all([true, false].map((deflate) => Session.open(codexHeaders(), '/v1/responses', deflate)));
    // The ws client offers what Codex offers: permessage-deflate; client_max_window_bits.
    expect(sockets.map((socket) => socket.ws.extensions)).toEqual(['permessage-deflate', '']);
    const wire: { read: number; written: number; events: string[] }[] = [];
    for (const socket of sockets) {
      const raw = (socket.ws as unknown as { _socket: import('node:net').Socket })._socket;
      const { previous_response_id: _, ...turn } = codexFrame(1, 'claude-sonnet-4-6', undefined, defaultModel);
      socket.send(turn);
      const events = await socket.response();
      wire.push({ read: raw.bytesRead, written: raw.bytesWritten, events: events.map((e) => e.type) });
      socket.ws.close();
    }
    const [deflated, plain] = wire as [(typeof wire)[0], (typeof wire)[0]];
    expect(deflated.events).toEqual(plain.events);
    expect(deflated.events.at(-1)).toBe('response.completed');
    // Codex's turn (its instructions and tools) and the answer's big events go compressed.
    expect(deflated.written).toBeLessThan(plain.written / 2);
    expect(deflated.read).toBeLessThan(plain.read / 2);
  });

  it("joins the trace Codex names in a message's client_metadata, else the upgrade's traceparent", async () => {
    const fromUpgrade = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const fromMessage = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const metadata = { session_id: 's', ws_request_header_traceparent: fromMessage, ws_request_header_tracestate: 'vendor=1' };
    for (const [session, clientMetadata] of [['trace-message', metadata], ['trace-upgrade', undefined]] as const) {
      const socket = await Session.open(codexHeaders({ traceparent: fromUpgrade, 'session-id': session }));
      socket.send({ type: 'response.create', model: 'claude-sonnet-4-6', input: 'Say hi', ...(clientMetadata ? { client_metadata: clientMetadata } : {}) });
      await socket.response();
      socket.ws.close();
    }
    const message = await h.waitForTrace((t) => t.session === 'trace-message');
    expect(message.otel).toMatchObject({ traceId: '4bf92f3577b34da6a3ce929d0e0e4736', parentSpanId: '00f067aa0ba902b7' });
    const upgrade = await h.waitForTrace((t) => t.session === 'trace-upgrade');
    expect(upgrade.otel).toMatchObject({ traceId: '0af7651916cd43dd8448eb211c80319c', parentSpanId: 'b7ad6b7169203331' });
  });

  it('refuses a wrong or missing key at the upgrade with a 401 in the API shape', async () => {
    const wrong = await refusedUpgrade(codexHeaders({ authorization: 'Bearer sk-not-a-key' }));
    expect(wrong.status).toBe(401);
    expect(wrong.body.error).toMatchObject({ type: 'invalid_request_error', message: expect.stringContaining('invalid API key') });
    const { authorization: _a, ...keyless } = codexHeaders();
    const missing = await refusedUpgrade(keyless);
    expect(missing.status).toBe(401);
    expect(missing.body.error.message).toContain("You didn't provide an API key");
  });

  it('answers bad messages with an error event naming the problem, and keeps serving', async () => {
    const socket = await Session.open(codexHeaders(), '/responses');
    socket.send('{"type": "response.create", "model": ');
    expect(await socket.next()).toMatchObject({ type: 'error', status: 400, error: { message: expect.stringContaining('not JSON') } });
    socket.send({ type: 'response.cancel' });
    expect(await socket.next()).toMatchObject({ type: 'error', status: 400, error: { param: 'type', message: expect.stringContaining('"response.cancel"') } });
    socket.ws.send(Buffer.from('{}'), { binary: true });
    expect(await socket.next()).toMatchObject({ type: 'error', status: 400, error: { message: expect.stringContaining('binary') } });
    socket.send({ type: 'response.create', model: 'gpt-5.4-mini', input: 'Hi', temperature: 'hot' });
    expect(await socket.next()).toMatchObject({ type: 'error', status: 400, error: { param: 'temperature' } });
    socket.send({ type: 'response.create', model: 'no-such-model', input: 'Hi' });
    expect(await socket.next()).toMatchObject({ type: 'error', status: 404, error: { message: expect.stringContaining('no-such-model') } });

    socket.send({ type: 'response.create', model: 'claude-sonnet-4-6', input: 'Say hello' });
    const events = await socket.response();
    expect(events.at(-1)?.response?.status).toBe('completed');
    socket.ws.close();
  });

  it('traces a response whose client closed the socket mid-stream as the client leaving', async () => {
    const socket = await Session.open(codexHeaders({ 'x-switchyard-metadata': '{"case":"ws-close"}' }));
    socket.send({ type: 'response.create', model: 'slow-claude', input: 'Tell me a long story about the harbour', max_output_tokens: 400 });
    for (let event = await socket.next(); event.type !== 'response.output_text.delta'; event = await socket.next());
    socket.ws.close();
    const trace = await h.waitForTrace((t) => t.metadata?.case === 'ws-close');
    expect(trace).toMatchObject({ status: 499, errorCode: 'client_closed', stream: true });
  });

  it('still answers an ordinary request that asks for another protocol (curl --http2 on http://)', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${h.gateway.url}/health`, { headers: { connection: 'Upgrade, HTTP2-Settings', upgrade: 'h2c', 'http2-settings': 'AAMAAABkAAQCAAAAAAIAAAAA' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(200);
  });
});

describe('openai 7 lanes (stream_id) over the Responses WebSocket', () => {
  const laneHeaders = () => {
    const { 'sec-websocket-version': _v, ...headers } = lanes.upgrade.headers;
    return { ...headers, authorization: `Bearer ${KEY}` };
  };

  it.each(['gpt-5.4-mini', 'claude-sonnet-4-6'])('echoes a lane on every event of its response on %s, and keeps it from the upstream', async (model) => {
    const socket = await Session.open(laneHeaders());
    for (const frame of lanes.frames) socket.send({ ...frame, model });
    const [[a = []], [b = []]] = [await socket.lane('a'), await socket.lane('b')];
    expect(socket.log.filter((event) => event.stream_id === undefined)).toEqual([]);
    for (const [events, lane] of [[a, 'a'], [b, 'b']] as const) {
      // A native upstream refuses stream_id (HTTP Responses have no such field): the lane must complete.
      expect(events.at(-1)?.type, JSON.stringify(events.at(-1))).toBe('response.completed');
      expect(events.filter((event) => event.stream_id !== lane).map((event) => event.type)).toEqual([]);
    }
    socket.ws.close();
  });

  it("continues a lane's own last response under store: false after another lane answered", async () => {
    const socket = await Session.open(laneHeaders());
    const [first, other] = lanes.frames.map((frame) => ({ ...frame, model: 'claude-sonnet-4-6', store: false }));
    socket.send(first);
    const a = await socket.response();
    socket.send(other);
    await socket.response();
    socket.send({ ...first, previous_response_id: a.at(-1)?.response?.id, input: 'and again' });
    const next = await socket.response();
    expect(next.at(-1), JSON.stringify(next.at(-1))).toMatchObject({ type: 'response.completed', stream_id: 'a' });
    socket.ws.close();
  });

  it("runs lanes side by side: lane b's first event arrives before lane a completes", async () => {
    const socket = await Session.open(laneHeaders());
    const [a, b] = lanes.frames;
    socket.send({ ...a, model: 'slow-claude', input: 'Tell me a long story about the harbour', max_output_tokens: 60 });
    socket.send({ ...b, model: 'claude-sonnet-4-6' });
    const bStarted = await socket.arrival(on('b', 'response.created'));
    const bDone = await socket.arrival(on('b', 'response.completed'));
    const aDone = await socket.arrival(on('a', 'response.completed'));
    expect(bStarted).toBeLessThan(aDone);
    expect(bDone).toBeLessThan(aDone);
    socket.ws.close();
  });

  it("answers a lane's second create after its first, continuing it, while another lane runs", async () => {
    const socket = await Session.open(laneHeaders());
    const [a, b] = lanes.frames;
    socket.send({ ...a, model: 'slow-claude', input: 'Tell me a long story about the harbour', max_output_tokens: 60, store: false });
    const created = socket.log[await socket.arrival(on('a', 'response.created'))];
    // Sent while its predecessor streams: it waits for it, and continues it though nothing was stored.
    socket.send({ ...a, model: 'claude-sonnet-4-6', previous_response_id: created?.response?.id, input: 'And then?', store: false });
    socket.send({ ...b, model: 'claude-sonnet-4-6' });
    const [first = [], second = []] = await socket.lane('a', 2);
    expect([first.at(-1)?.type, second.at(-1)?.type], JSON.stringify(second.at(-1))).toEqual(['response.completed', 'response.completed']);
    expect(second[0]?.type).toBe('response.created');
    expect(socket.log.indexOf(second[0] as ServerEvent)).toBeGreaterThan(socket.log.indexOf(first.at(-1) as ServerEvent));
    const upstream = JSON.stringify(h.sim.stats().lastRequests.find((r) => JSON.stringify(r.body).includes('And then?'))?.body);
    expect(upstream).toContain('Tell me a long story about the harbour');
    // Lane b did not wait for lane a's first response.
    expect(await socket.arrival(on('b', 'response.completed'))).toBeLessThan(socket.log.indexOf(first.at(-1) as ServerEvent));
    socket.ws.close();
  });

  it('records the trace of every lane in progress once when the client closes mid-flight', async () => {
    const socket = await Session.open({ ...laneHeaders(), 'x-switchyard-metadata': '{"case":"ws-lanes-close"}' });
    for (const lane of ['a', 'b', 'c']) socket.send({ type: 'response.create', stream_id: lane, model: 'slow-claude', input: `Tell me a long story about the harbour, ${lane}`, max_output_tokens: 400 });
    for (const lane of ['a', 'b', 'c']) await socket.arrival(on(lane, 'response.output_text.delta'));
    socket.ws.close();
    const closed = async () => {
      await h.gateway.traces.flush();
      return (await h.gateway.store.listTraces({ limit: 500 })).traces.filter((t) => t.metadata?.case === 'ws-lanes-close');
    };
    for (const deadline = Date.now() + 5_000; (await closed()).length < 3 && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 50));
    await new Promise((resolve) => setTimeout(resolve, 200)); // time for a second trace of any, which must not come
    const traces = await closed();
    expect(traces.map((t) => [t.status, t.errorCode])).toEqual([
      [499, 'client_closed'],
      [499, 'client_closed'],
      [499, 'client_closed'],
    ]);
  });

  it("answers an error on one lane without ending another's response", async () => {
    const socket = await Session.open(laneHeaders());
    const [a, b] = lanes.frames;
    socket.send({ ...a, model: 'slow-claude', input: 'Tell me a long story about the harbour', max_output_tokens: 60 });
    await socket.arrival(on('a', 'response.created'));
    socket.send({ ...b, model: 'claude-sonnet-4-6', temperature: 'hot' });
    socket.send({ ...b, model: 'no-such-model' });
    socket.send({ ...b, model: 'claude-sonnet-4-6', generate: 'no' });
    socket.send({ ...b, model: 'claude-sonnet-4-6' });
    const [hot = [], missing = [], generate = [], fine = []] = await socket.lane('b', 4);
    expect(hot).toMatchObject([{ type: 'error', status: 400, error: { param: 'temperature' } }]);
    expect(missing).toMatchObject([{ type: 'error', status: 404 }]);
    expect(generate).toMatchObject([{ type: 'error', status: 400, error: { param: 'generate' } }]);
    expect(fine.at(-1)?.type).toBe('response.completed');
    const aDone = await socket.arrival(on('a', 'response.completed'));
    expect(socket.log.indexOf(fine.at(-1) as ServerEvent)).toBeLessThan(aDone);
    expect(socket.log.filter((event) => event.stream_id === 'a' && event.type === 'error')).toEqual([]);
    socket.ws.close();
  });

  it('refuses response.steer as OpenAI refuses a steer it cannot take, giving the input back on the lane, and the response runs on', async () => {
    const socket = await Session.open(laneHeaders());
    const [a] = lanes.frames;
    socket.send({ ...a, model: 'slow-claude', input: 'Tell me a long story about the harbour', max_output_tokens: 60 });
    const id = socket.log[await socket.arrival(on('a', 'response.created'))]?.response?.id;
    socket.send({ type: 'response.steer', previous_response_id: id, input: 'Make it shorter' });
    const refused = await socket.arrival(on('a', 'response.steer.failed'));
    expect(socket.log[refused]).toMatchObject({
      stream_id: 'a',
      steer: { previous_response_id: id, input: 'Make it shorter' },
      error: { type: 'invalid_request_error', code: 'steering_not_supported', message: expect.stringContaining('response.steer') },
    });
    const done = await socket.arrival(on('a', 'response.completed'));
    expect(refused).toBeLessThan(done);
    expect(socket.log[done]?.response?.status).toBe('completed');
    const steerFailure = async (steer: Record<string, unknown>) => {
      const before = socket.log.length;
      socket.send({ type: 'response.steer', ...steer });
      const at = await socket.arrival((event) => socket.log.indexOf(event) >= before && event.type === 'response.steer.failed');
      return socket.log[at] as ServerEvent & { error: { code: string } };
    };
    expect(await steerFailure({ previous_response_id: id, input: 'Too late' })).toMatchObject({ stream_id: 'a', error: { code: 'response_already_completed' } });
    const unknown = await steerFailure({ previous_response_id: 'resp_nowhere', input: 'x' });
    expect(unknown.error.code).toBe('response_not_found');
    expect(unknown).not.toHaveProperty('stream_id');
    expect((await steerFailure({ previous_response_id: id, input: [] })).error.code).toBe('invalid_input');
    socket.ws.close();
  });

  it('answers a stream_id the SDK would not send with an error naming it', async () => {
    const socket = await Session.open(laneHeaders());
    socket.send({ ...lanes.frames[0], model: 'claude-sonnet-4-6', stream_id: 'no spaces' });
    expect(await socket.next()).toMatchObject({ type: 'error', status: 400, error: { param: 'stream_id' } });
    socket.ws.close();
  });
});

describe('an open gateway with a small body limit', () => {
  let open: Harness;
  let openUrl: string;
  beforeAll(async () => {
    open = await startHarness('', (sim) => `
providers:
  anth: { type: anthropic, base_url: "${sim}", api_key: sk-ant-up }
models:
  claude-sonnet-4-6: { provider: anth, model: claude-sonnet-4-6 }
server: { body_limit_mb: 0.01 }
`);
    openUrl = `${open.gateway.url.replace('http:', 'ws:')}/v1/responses`;
  });
  afterAll(() => open.close());

  it('takes no socket from a web page of another origin (which could spend its provider keys)', async () => {
    const ws = new WebSocket(openUrl, { headers: { origin: 'https://example.com' } });
    const status = await new Promise<number>((resolve, reject) => {
      ws.once('open', () => reject(new Error('the upgrade was accepted')));
      ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    });
    expect(status).toBe(403);
  });

  it('closes the socket with 1009 on a message over the body limit, as HTTP answers 413, its reason naming the limit', async () => {
    const ws = new WebSocket(openUrl);
    await new Promise((resolve) => ws.once('open', resolve));
    const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
    ws.send(JSON.stringify({ type: 'response.create', model: 'claude-sonnet-4-6', input: 'x'.repeat(20_000) }));
    const { code, reason } = await closed;
    expect(code).toBe(1009);
    expect(reason).toBe('message over the limit of 10 KB (server.body_limit_mb), as sent or once inflated: send a smaller response.create');
    expect(Buffer.byteLength(reason)).toBeLessThanOrEqual(123);
  });

  it('closes its open sockets when the gateway shuts down', async () => {
    const ws = new WebSocket(openUrl);
    await new Promise((resolve) => ws.once('open', resolve));
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    await open.gateway.close(2_000);
    expect([1001, 1006]).toContain(await closed);
  });
});
