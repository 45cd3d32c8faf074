import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { type RunningServer, startServer } from '../../src/server.js';
import { startSimulator } from '../../src/simulate/simulator.js';
import type { Simulator } from '../../src/simulate/types.js';

let sim: Simulator;
let gateway: RunningServer;
const dir = mkdtempSync(join(tmpdir(), 'sy-stream-latency-'));

beforeAll(async () => {
  // 50 tokens a second: a 20-token answer streams for about 400 ms after its first byte.
  sim = await startSimulator({ port: 0, host: '127.0.0.1', ttftMs: 0, tokensPerSecond: 50, latencyMs: 0 });
  const config = `providers:\n  sim: { type: openai, base_url: "${sim.url}/v1", api_key: sk-sim }\nmodels:\n  small: { provider: sim, model: standin-small }\nstore: { sqlite: ${join(dir, 'sy.db')} }\n`;
  gateway = await startServer(parseConfig(config, 'test'), { port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await gateway.close();
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a streamed trace', () => {
  it("times its answering attempt to the end of the stream, not the first byte", async () => {
    sim.addScript({ match: 'Count slowly', reply: 'one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty' });
    const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'any', maxRetries: 0 });
    const { data: stream, response } = await client.chat.completions.create({ model: 'small', stream: true, messages: [{ role: 'user', content: 'Count slowly to twenty' }] }).withResponse();
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toMatch(/twenty$/);
    await gateway.traces.flush();
    const trace = await gateway.store.getTrace(response.headers.get('x-switchyard-trace-id') as string);
    const attempt = trace?.attempts[0];
    // The simulator paces the 20 tokens over ~400 ms after the first byte; load only stretches that
    // (a ratio to the whole latency failed on a loaded machine whose first byte took 420 ms).
    expect((trace?.latencyMs ?? 0) - (trace?.ttftMs ?? Infinity)).toBeGreaterThan(250);
    // The attempt covers the stream: close to the request's latency, far above the time to first byte.
    expect(attempt?.latencyMs).toBeGreaterThan(250);
    expect(attempt?.latencyMs).toBeLessThanOrEqual(trace?.latencyMs ?? 0);
    expect(Object.keys(attempt ?? {})).not.toContain('startedAt');
  });

  it('does so for a stream translated between formats too (Anthropic client, OpenAI provider)', async () => {
    const claude = new Anthropic({ baseURL: gateway.url, apiKey: 'any', maxRetries: 0 });
    const stream = claude.messages.stream({ model: 'small', max_tokens: 200, messages: [{ role: 'user', content: 'Count slowly to twenty' }] });
    const { id } = await stream.finalMessage();
    expect(id).toBeTruthy();
    const response = await stream.withResponse().catch(() => undefined);
    const traceId = response?.response.headers.get('x-switchyard-trace-id');
    await gateway.traces.flush();
    const trace = traceId ? await gateway.store.getTrace(traceId) : (await gateway.store.listTraces({ limit: 1 })).traces[0];
    expect(trace?.stream).toBe(true);
    expect(trace?.attempts[0]?.latencyMs).toBeGreaterThan(250);
  });
});
