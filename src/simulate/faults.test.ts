/**
 * Faults, scripts, timing and the `/_sim` control plane: the knobs the gateway's own tests,
 * demo and benchmarks turn.
 */
import OpenAI from 'openai';
import { beforeEach, describe, expect, it } from 'vitest';
import { openaiOn, simulatorPerFile } from '../test-support/simulator-per-file.js';
import { startSimulator } from './simulator.js';
import type { Simulator } from './types.js';

let sim: Simulator;
let client: OpenAI;
const ask = (content = 'hello', model = 'standin-small') => client.chat.completions.create({ model, messages: [{ role: 'user', content }] });

simulatorPerFile((started) => {
  sim = started;
  client = openaiOn(sim);
});
beforeEach(async () => {
  await fetch(`${sim.url}/_sim/reset`, { method: 'POST' });
});

describe('faults', () => {
  it('fails with RateLimitError for exactly `times` requests, then recovers', async () => {
    sim.addFault({ kind: 'status', status: 429, retryAfter: 3, times: 2 });
    const first = await ask().catch((e: unknown) => e);
    expect(first).toBeInstanceOf(OpenAI.RateLimitError);
    expect((first as InstanceType<typeof OpenAI.RateLimitError>).status).toBe(429);
    expect((first as InstanceType<typeof OpenAI.RateLimitError>).code).toBe('rate_limit_exceeded');
    expect((first as InstanceType<typeof OpenAI.RateLimitError>).headers.get('retry-after')).toBe('3');
    await expect(ask()).rejects.toBeInstanceOf(OpenAI.RateLimitError);
    await expect(ask()).resolves.toMatchObject({ object: 'chat.completion' });
    expect(sim.stats().faultsInjected).toBe(2);
  });

  it('lets the SDK retry through a one-off 500 when it honours retry-after', async () => {
    sim.addFault({ kind: 'status', status: 500, retryAfter: 0.01, times: 1 });
    const retrying = new OpenAI({ baseURL: `${sim.url}/v1`, apiKey: 'sk-test', maxRetries: 1 });
    const completion = await retrying.chat.completions.create({ model: 'standin-small', messages: [{ role: 'user', content: 'x' }] });
    expect(completion.choices[0]?.message.content).toBeTruthy();
    expect(sim.stats().byStatus).toMatchObject({ '500': 1, '200': 1 });
  });

  it('matches faults by model and path', async () => {
    sim.addFault({ kind: 'status', status: 503, model: 'flaky-model' });
    sim.addFault({ kind: 'status', status: 500, path: '/v1/embeddings' });
    await expect(ask('x', 'flaky-model')).rejects.toBeInstanceOf(OpenAI.InternalServerError);
    await expect(ask('x', 'steady-model')).resolves.toBeDefined();
    await expect(client.embeddings.create({ model: 'standin-embed', input: 'x' })).rejects.toMatchObject({ status: 500 });
  });

  it('applies a fault with the probability asked, using the injected randomness', async () => {
    const rolls = [0.9, 0.1];
    const seeded = await startSimulator({ port: 0, random: () => rolls.shift() ?? 0.9 });
    try {
      seeded.addFault({ kind: 'status', status: 500, probability: 0.5 });
      const seededClient = openaiOn(seeded);
      const request = { model: 'm', messages: [{ role: 'user' as const, content: 'x' }] };
      await expect(seededClient.chat.completions.create(request)).resolves.toBeDefined();
      await expect(seededClient.chat.completions.create(request)).rejects.toMatchObject({ status: 500 });
    } finally {
      await seeded.close();
    }
  });

  it('cuts a stream after N chunks, which makes the SDK throw', async () => {
    sim.addFault({ kind: 'stream_cut', afterChunks: 2, times: 1 });
    const received: string[] = [];
    const stream = client.chat.completions.stream({ model: 'standin-small', messages: [{ role: 'user', content: 'tell a story' }] });
    stream.on('content', (delta) => received.push(delta));
    await expect(stream.finalChatCompletion()).rejects.toThrow();
    expect(received.length).toBe(1);
  });

  it('reports an error in-band after N chunks of a stream that started with 200', async () => {
    sim.addFault({ kind: 'status', status: 500, afterChunks: 3, times: 1 });
    const stream = await client.chat.completions.create({ model: 'm', stream: true, messages: [{ role: 'user', content: 'x' }] });
    let chunks = 0;
    const error = await (async () => {
      for await (const _ of stream) chunks += 1;
    })().catch((e: unknown) => e);
    expect(chunks).toBe(3);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as InstanceType<typeof OpenAI.APIError>).type).toBe('server_error');
  });

  it('cuts a non-streaming body half-way', async () => {
    sim.addFault({ kind: 'stream_cut', times: 1 });
    await expect(ask()).rejects.toThrow();
  });

  it('resets the connection before any response on reset: the SDK sees a connection error, no status', async () => {
    sim.addFault({ kind: 'reset', times: 1 });
    const error = await ask().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.APIConnectionError);
    expect((error as InstanceType<typeof OpenAI.APIError>).status).toBeUndefined();
    // The next request finds the simulator serving.
    expect((await ask()).choices[0]?.message.content).toBeTruthy();
  });

  it('answers 200 with a body that is not JSON on not_json, as a proxy in front of an API can', async () => {
    sim.addFault({ kind: 'not_json', times: 1 });
    const response = await fetch(`${sim.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk-test', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'standin-small', messages: [{ role: 'user', content: 'x' }] }),
    });
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(() => JSON.parse(text)).toThrow();
    expect(text).toContain('<html>');
  });

  it('holds a request forever on timeout, until the client gives up', async () => {
    sim.addFault({ kind: 'timeout', times: 1 });
    const impatient = new OpenAI({ baseURL: `${sim.url}/v1`, apiKey: 'k', maxRetries: 0, timeout: 150 });
    const started = Date.now();
    await expect(impatient.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }] })).rejects.toBeInstanceOf(OpenAI.APIConnectionTimeoutError);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('slows a response by delayMs', async () => {
    sim.addFault({ kind: 'slow', delayMs: 120, times: 1 });
    const started = Date.now();
    await ask();
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
  });

  it('refuses malformed rules with a message naming the field', () => {
    expect(() => sim.addFault({ kind: 'explode' } as never)).toThrow(/kind/);
    expect(() => sim.addFault({ kind: 'status', status: 42 })).toThrow(/status/);
    expect(() => sim.addScript({ match: '(', reply: 'x' })).toThrow(/regular expression/);
  });
});

describe('scripts', () => {
  it('answers matching prompts with the scripted reply and usage; the first match wins', async () => {
    sim.addScript({ match: 'capital of france', reply: 'Paris.', usage: { prompt_tokens: 11, completion_tokens: 2 } });
    sim.addScript({ match: 'capital', reply: 'A city.' });
    const paris = await ask('What is the Capital of France?');
    expect(paris.choices[0]?.message.content).toBe('Paris.');
    expect(paris.usage).toMatchObject({ prompt_tokens: 11, completion_tokens: 2, total_tokens: 13 });
    expect((await ask('capital of Peru?')).choices[0]?.message.content).toBe('A city.');
    expect((await ask('something else')).choices[0]?.message.content).not.toBe('A city.');
  });

  it('scripts tool calls and JSON, restricted to a model', async () => {
    sim.addScript({ model: 'agent', reply: { tool_calls: [{ name: 'search', arguments: { q: 'switchyard' } }] } });
    sim.addScript({ model: 'extractor', reply: { json: { name: 'Ada', age: 36 } } });
    const tools = [{ type: 'function' as const, function: { name: 'search', parameters: { type: 'object', properties: { q: { type: 'string' } } } } }];
    const call = (await client.chat.completions.create({ model: 'agent', tools, messages: [{ role: 'user', content: 'go' }] })).choices[0]?.message.tool_calls?.[0];
    expect(call?.type === 'function' && JSON.parse(call.function.arguments)).toEqual({ q: 'switchyard' });
    expect(JSON.parse((await ask('who', 'extractor')).choices[0]?.message.content ?? '')).toEqual({ name: 'Ada', age: 36 });
    expect((await ask('go', 'other')).choices[0]?.message.tool_calls).toBeUndefined();
  });
});

describe('timing', () => {
  it('paces a stream: first token after ttft, the rest at tokensPerSecond', async () => {
    sim.addScript({ match: 'pace', reply: 'one two three four five six seven eight nine ten' });
    // Timed from before the request: timers never fire early, so lower bounds hold however loaded
    // the machine is (the SDK may hand the stream over late, after tokens were already sent).
    const started = Date.now();
    const stream = await client.chat.completions.create(
      { model: 'm', stream: true, messages: [{ role: 'user', content: 'pace' }] },
      { headers: { 'x-sim-ttft-ms': '60', 'x-sim-tokens-per-second': '100' } },
    );
    const arrivals: number[] = [];
    for await (const chunk of stream) if (chunk.choices[0]?.delta.content) arrivals.push(Date.now() - started);
    expect(arrivals).toHaveLength(10);
    expect(arrivals[0]).toBeGreaterThanOrEqual(55);
    // Ten tokens at 100/s after the first: the last cannot arrive before ttft + 9 × 10 ms.
    expect(arrivals.at(-1)).toBeGreaterThanOrEqual(140);
  });

  it('delays non-streaming answers by latency + ttft from the request headers', async () => {
    const started = Date.now();
    await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }] }, { headers: { 'x-sim-latency-ms': '50', 'x-sim-ttft-ms': '30' } });
    expect(Date.now() - started).toBeGreaterThanOrEqual(75);
  });
});

describe('control plane over HTTP', () => {
  it('installs faults and scripts, reports stats with the last bodies and headers, and resets', async () => {
    const post = (path: string, body: unknown) => fetch(`${sim.url}${path}`, { method: 'POST', body: JSON.stringify(body) });
    expect((await post('/_sim/scripts', { match: 'ping', reply: 'pong' })).status).toBe(200);
    expect((await post('/_sim/faults', [{ kind: 'status', status: 503, model: 'down', times: 1 }])).status).toBe(200);
    expect((await post('/_sim/faults', [{ kind: 'status', status: 500 }, { kind: 'nope' }])).status).toBe(400);

    const streamed = await client.chat.completions.create({ model: 'standin-small', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'ping' }] });
    let text = '';
    for await (const chunk of streamed) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe('pong');
    await expect(ask('x', 'down')).rejects.toMatchObject({ status: 503 });

    const stats = (await (await fetch(`${sim.url}/_sim/stats`)).json()) as import('./types.js').SimulatorStats;
    expect(stats.requests).toBe(2);
    expect(stats.byPath['/v1/chat/completions']).toBe(2);
    expect(stats.byModel).toEqual({ 'standin-small': 1, down: 1 });
    const upstream = stats.lastRequests[0];
    expect((upstream?.body as { stream_options?: unknown }).stream_options).toEqual({ include_usage: true });
    expect(upstream?.headers.authorization).toBe('Bearer sk-test');

    await fetch(`${sim.url}/_sim/scripts`, { method: 'DELETE' });
    expect((await ask('ping')).choices[0]?.message.content).not.toBe('pong');
    await post('/_sim/reset', {});
    expect(sim.stats().requests).toBe(0);
  });

  it('lists what is installed, puts a script first on request, and answers exact rules by lookup', async () => {
    await fetch(`${sim.url}/_sim/scripts`, { method: 'DELETE' });
    await fetch(`${sim.url}/_sim/faults`, { method: 'DELETE' });
    const post = (path: string, body: unknown) => fetch(`${sim.url}${path}`, { method: 'POST', body: JSON.stringify(body) });
    await post('/_sim/scripts', { match: 'card', reply: 'general' });
    await post('/_sim/scripts?first=true', [{ match: 'lost card', reply: 'lost_card' }]);
    await post('/_sim/scripts', { exact: 'Where is my card?', reply: 'card_arrival' });
    await post('/_sim/faults', { kind: 'status', status: 429, model: 'never', times: 2 });
    const scripts = ((await (await fetch(`${sim.url}/_sim/scripts`)).json()) as { scripts: { reply: string }[] }).scripts;
    expect(scripts.map((s) => s.reply)).toEqual(['card_arrival', 'lost_card', 'general']);
    const faults = ((await (await fetch(`${sim.url}/_sim/faults`)).json()) as { faults: { remaining: number }[] }).faults;
    expect(faults).toEqual([{ rule: { kind: 'status', status: 429, model: 'never', times: 2 }, remaining: 2 }]);
    expect((await ask('I have a lost card')).choices[0]?.message.content).toBe('lost_card');
    expect((await ask('  Where is my card?  ')).choices[0]?.message.content).toBe('card_arrival');
    expect((await post('/_sim/scripts', { exact: 'x', match: 'y', reply: 'z' })).status).toBe(400);
    await fetch(`${sim.url}/_sim/scripts`, { method: 'DELETE' });
    await fetch(`${sim.url}/_sim/faults`, { method: 'DELETE' });
  });

  it('refuses a rule with a field it does not know, naming the one meant, and installs nothing', async () => {
    await fetch(`${sim.url}/_sim/faults`, { method: 'DELETE' });
    await fetch(`${sim.url}/_sim/scripts`, { method: 'DELETE' });
    const post = async (path: string, body: unknown) => {
      const res = await fetch(`${sim.url}${path}`, { method: 'POST', body: JSON.stringify(body) });
      return { status: res.status, error: ((await res.json()) as { error?: string }).error };
    };
    // `time` for `times` installed a 503 that never ran out; `mach` for `match` a reply to every question.
    expect(await post('/_sim/faults', { kind: 'status', status: 503, time: 1 })).toEqual({ status: 400, error: expect.stringContaining('fault rule: unknown field "time" (did you mean "times"?) (known: kind, model, path,') });
    expect(await post('/_sim/scripts', { mach: 'refund', reply: 'x' })).toEqual({ status: 400, error: expect.stringContaining('script rule: unknown field "mach" (did you mean "match"?) (known: match, exact,') });
    expect(((await (await fetch(`${sim.url}/_sim/faults`)).json()) as { faults: unknown[] }).faults).toEqual([]);
    expect(((await (await fetch(`${sim.url}/_sim/scripts`)).json()) as { scripts: unknown[] }).scripts).toEqual([]);
  });
});
