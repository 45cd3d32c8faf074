import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { startServer } from '../../src/server.js';
import { startSimulator } from '../../src/simulate/simulator.js';
import type { Simulator } from '../../src/simulate/types.js';
import { openSqliteStores } from '../../src/store/sqlite/open-sqlite-stores.js';
import { openaiTo } from '../../src/test-support/gateway-harness.js';

let sim: Simulator;
let dir: string;
beforeAll(async () => {
  sim = await startSimulator({ port: 0, latencyMs: 400 });
  dir = mkdtempSync(join(tmpdir(), 'switchyard-drain-'));
});
afterAll(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('shutdown', () => {
  it('drains in-flight requests and writes every accepted trace', async () => {
    const db = join(dir, 'sy.db');
    const config = parseConfig(`providers: { sim: { type: openai, base_url: "${sim.url}/v1", api_key: sk-up } }\nmodels: { small: { provider: sim, model: s } }\nstore: { sqlite: "${db}" }\ntraces: { flush_interval_ms: 60000 }`);
    const server = await startServer(config, { port: 0 });
    const client = openaiTo(server, 'x');
    const inFlight = Array.from({ length: 5 }, (_, i) => client.chat.completions.create({ model: 'small', messages: [{ role: 'user', content: `request ${i}` }] }));
    while (sim.stats().requests < 5) await new Promise((r) => setTimeout(r, 10));
    const closed = server.close();
    const answers = await Promise.all(inFlight);
    await closed;
    expect(answers.every((a) => a.choices.length === 1)).toBe(true);
    const stores = openSqliteStores(db);
    const { traces } = await stores.traces.listTraces({ limit: 10 });
    await stores.close();
    expect(traces).toHaveLength(5);
    expect(traces.every((t) => t.status === 200)).toBe(true);
  });

  it('answers what keep-alive clients send while draining with connection: close: /health says draining, model calls a retryable 503', async () => {
    const db = join(dir, 'keepalive.db');
    const config = parseConfig(`providers: { sim: { type: openai, base_url: "${sim.url}/v1", api_key: sk-up } }\nmodels: { small: { provider: sim, model: s } }\nstore: { sqlite: "${db}" }`);
    const server = await startServer(config, { port: 0 });
    const body = JSON.stringify({ model: 'small', messages: [{ role: 'user', content: 'hi' }] });
    const chat = `POST /v1/chat/completions HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
    // Two keep-alive connections, each with a model call in flight (the upstream takes 400 ms).
    const open = (first: string) => {
      const socket = connect(server.port, '127.0.0.1');
      let text = '';
      socket.on('data', (d: Buffer) => (text += d.toString()));
      const ended = new Promise<string>((resolve) => socket.on('close', () => resolve(text)));
      socket.write(first);
      return { socket, ended };
    };
    const before = sim.stats().requests;
    const a = open(chat);
    const b = open(chat);
    while (sim.stats().requests < before + 2) await new Promise((r) => setTimeout(r, 10));
    const closed = server.close();
    // Sent on the same connections after the shutdown began: answered once the call ahead is.
    a.socket.write('GET /health HTTP/1.1\r\nhost: 127.0.0.1\r\n\r\n');
    b.socket.write(chat);
    const [textA, textB] = await Promise.all([a.ended, b.ended]);
    await closed;
    const responses = (text: string) => text.split(/(?=HTTP\/1\.1 )/);
    const [answerA, healthA] = responses(textA);
    expect(answerA).toMatch(/^HTTP\/1\.1 200/);
    expect(healthA).toMatch(/^HTTP\/1\.1 503/);
    expect(healthA?.toLowerCase()).toContain('connection: close');
    expect(healthA).toContain('"status":"draining"');
    const [answerB, refusedB] = responses(textB);
    expect(answerB).toMatch(/^HTTP\/1\.1 200/);
    expect(refusedB).toMatch(/^HTTP\/1\.1 503/);
    expect(refusedB?.toLowerCase()).toContain('connection: close');
    expect(refusedB?.toLowerCase()).toContain('retry-after: 1');
    expect(refusedB).toContain('the gateway is shutting down');
  });

  it('ends what is still running at the deadline with a retryable 503 naming the setting, and traces it as such', async () => {
    const slow = await startSimulator({ port: 0, latencyMs: 5_000 });
    const db = join(dir, 'deadline.db');
    const config = parseConfig(`providers: { sim: { type: openai, base_url: "${slow.url}/v1", api_key: sk-up } }\nmodels: { small: { provider: sim, model: s } }\nstore: { sqlite: "${db}" }`);
    const server = await startServer(config, { port: 0 });
    const client = openaiTo(server, 'x');
    const pending = client.chat.completions.create({ model: 'small', messages: [{ role: 'user', content: 'slow' }] }).catch((e: unknown) => e);
    while (slow.stats().requests < 1) await new Promise((r) => setTimeout(r, 10));
    const health = await fetch(`${server.url}/health`).catch(() => undefined);
    expect(health?.status).toBe(200);
    // The upstream answers after 5 s: a close that waited for it would trace a 200.
    await server.close(300);
    const error = await pending;
    await slow.close();
    // Before, its socket was closed under it: the SDK saw a broken connection and the trace a 499
    // `client_closed`, as if the client had left.
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(503);
    expect((error as Error).message).toContain('server.shutdown_timeout_ms (300 ms)');
    const stores = openSqliteStores(db, { writer: false });
    const { traces } = await stores.traces.listTraces({ limit: 10 });
    await stores.close();
    expect(traces).toHaveLength(1);
    expect(traces[0]?.status).toBe(503);
    expect(traces[0]?.errorCode).toBe('unavailable');
  });

  it('ends a stream still running at the deadline with an error event the SDK throws, and traces the tokens it got', async () => {
    // 20 tokens a second: a 200-token answer takes 10 s, far past the 500 ms deadline.
    const slow = await startSimulator({ port: 0, tokensPerSecond: 20 });
    const db = join(dir, 'deadline-stream.db');
    const config = parseConfig(`providers: { sim: { type: openai, base_url: "${slow.url}/v1", api_key: sk-up } }\nmodels: { small: { provider: sim, model: gpt-4o-mini } }\nstore: { sqlite: "${db}" }`);
    const server = await startServer(config, { port: 0 });
    const client = openaiTo(server, 'x');
    let chunks = 0;
    const read = (async () => {
      const stream = await client.chat.completions.create({ model: 'small', max_tokens: 200, stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'write at length about replicas' }] });
      for await (const _ of stream) chunks++;
    })().then(
      () => undefined,
      (e: unknown) => e,
    );
    while (chunks < 2) await new Promise((r) => setTimeout(r, 10));
    await server.close(500);
    const error = await read;
    await slow.close();
    // Before: `TypeError: terminated` from the socket closing mid-stream, nothing saying why.
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as Error).message).toContain('the gateway shut down before this answer was complete');
    const stores = openSqliteStores(db, { writer: false });
    const { traces } = await stores.traces.listTraces({ limit: 10 });
    await stores.close();
    expect(traces).toHaveLength(1);
    expect(traces[0]?.errorCode).toBe('unavailable');
    expect(traces[0]?.errorMessage).toContain('server.shutdown_timeout_ms (500 ms)');
    expect(traces[0]?.outputTokens).toBeGreaterThan(0);
  });
  it('books each call cut at the deadline to its own provider and model, not to another call’s', async () => {
    const slow = await startSimulator({ port: 0, latencyMs: 5_000 });
    const db = join(dir, 'deadline-booking.db');
    const config = parseConfig(`providers:
  oai: { type: openai, base_url: "${slow.url}/v1", api_key: sk-up }
  anth: { type: anthropic, base_url: "${slow.url}", api_key: sk-ant-up }
models:
  small: { provider: oai, model: gpt-4o-mini, price: { input_per_mtok: 0.15, output_per_mtok: 0.6 } }
  claude: { provider: anth, model: claude-sonnet-4-6, price: { input_per_mtok: 3, output_per_mtok: 15 } }
store: { sqlite: "${db}" }`);
    const server = await startServer(config, { port: 0 });
    const client = openaiTo(server, 'x');
    const pending = ['small', 'claude', 'small', 'claude'].map((model) => client.chat.completions.create({ model, max_tokens: 20, messages: [{ role: 'user', content: 'slow' }] }).catch((e: unknown) => e));
    while (slow.stats().requests < 4) await new Promise((r) => setTimeout(r, 10));
    await server.close(300);
    await Promise.all(pending);
    await slow.close();
    const stores = openSqliteStores(db, { writer: false });
    const { traces } = await stores.traces.listTraces({ limit: 10 });
    await stores.close();
    // All four were ended by one shared error, the key under which each call's abandoned target
    // was kept: every trace was booked to the last call's (a gpt-4o-mini call to anth/claude-sonnet-4-6,
    // at Claude's price).
    expect(traces.map((t) => [t.requestedModel, t.provider, t.upstreamModel]).sort()).toEqual([
      ['claude', 'anth', 'claude-sonnet-4-6'],
      ['claude', 'anth', 'claude-sonnet-4-6'],
      ['small', 'oai', 'gpt-4o-mini'],
      ['small', 'oai', 'gpt-4o-mini'],
    ]);
  });
});
