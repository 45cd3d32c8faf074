import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { zodFunction } from 'openai/helpers/zod';
import { z } from 'zod';
import { it } from 'vitest';
import { startHarness } from '../../src/test-support/gateway-harness.js';
it('probe', async () => {
  const h = await startHarness('', (sim) => `
providers:
  anth: { type: anthropic, base_url: "${sim}", api_key: sk-ant-up }
  oai:  { type: openai, base_url: "${sim}/v1", api_key: sk-up }
  gem:  { type: gemini, base_url: "${sim}", api_key: AIza-x }
models:
  sonnet: { provider: anth, model: claude-sonnet-4-5-20250929 }
  gpt: { provider: oai, model: gpt-4.1-mini }
  flash: { provider: gem, model: gemini-2.5-flash }
  once: { provider: oai, model: gpt-4.1-nano, retry: { max_attempts: 1 } }
keys:
  - { key: sk-sy-test, name: compat }
retry: { base_delay_ms: 5, max_delay_ms: 50 }
`);
  const openai = new OpenAI({ apiKey: 'sk-sy-test', baseURL: h.baseURL, maxRetries: 0 });
  // 429 with retry-after through the gateway
  h.sim.addFault({ kind: 'status', status: 429, model: 'gpt-4.1-nano', times: 1, retryAfter: 1 });
  const r = await openai.chat.completions.create({ model: 'once', messages: [{ role: 'user', content: 'x' }] }).withResponse().catch((e) => e);
  console.log('429', r?.status, r?.headers && Object.fromEntries(r.headers.entries()), String(r).slice(0, 300));
  h.sim.addFault({ kind: 'status', status: 429, model: 'gpt-4.1-nano', times: 1, retryAfter: 1 });
  const retrying = new OpenAI({ apiKey: 'sk-sy-test', baseURL: h.baseURL, maxRetries: 2 });
  const t0 = Date.now();
  const ok = await retrying.chat.completions.create({ model: 'once', messages: [{ role: 'user', content: 'x' }] }).catch((e) => e);
  console.log('retried', Date.now() - t0, 'ms', ok?.choices ? 'ok' : String(ok));
  // anthropic client 429
  const anthropic = new Anthropic({ apiKey: 'sk-sy-test', baseURL: h.gateway.url, maxRetries: 0 });
  h.sim.addFault({ kind: 'status', status: 429, model: 'gpt-4.1-nano', times: 1, retryAfter: 1 });
  const ae = await anthropic.messages.create({ model: 'once', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] }).catch((e) => e);
  console.log('anth429', ae?.status, ae?.headers && Object.fromEntries(ae.headers.entries()), String(ae).slice(0, 300));

  h.sim.addScript({ match: 'two orders', reply: { tool_calls: [{ name: 'lookup_order', arguments: { order_id: '1' } }, { name: 'lookup_order', arguments: { order_id: '2' } }] } });
  for (const model of ['sonnet', 'flash', 'gpt']) {
    const done: unknown[] = [];
    const s = openai.chat.completions.stream({ model, messages: [{ role: 'user', content: 'Look up the two orders 1 and 2' }], tools: [zodFunction({ name: 'lookup_order', parameters: z.object({ order_id: z.string() }) })] });
    s.on('tool_calls.function.arguments.done', (e) => done.push([e.index, e.parsed_arguments]));
    const f = await s.finalChatCompletion();
    console.log(model, 'PAR', JSON.stringify(done), JSON.stringify(f.choices[0]?.message.tool_calls?.map((c) => c.type === 'function' && [c.id, c.function.parsed_arguments])), f.choices[0]?.finish_reason);
    // runTools streaming
    const calls: string[] = [];
    const runner = openai.chat.completions.runTools({ model, stream: true, messages: [{ role: 'user', content: 'What is the weather in Paris?' }], tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] }, function: (a: { city: string }) => { calls.push(a.city); return 'sunny'; }, parse: JSON.parse } }] });
    let deltas = '';
    runner.on('content', (d) => { deltas += d; });
    const content = await runner.finalContent().catch((e) => 'ERR ' + String(e));
    console.log(model, 'RUNTOOLS-STREAM', calls, String(content).slice(0, 80), deltas.length, runner.messages.length);
  }
  // abort mid-stream anthropic client -> flash, gpt
  for (const model of ['flash', 'gpt', 'sonnet']) {
    h.sim.addFault({ kind: 'slow', delayMs: 0, model: model === 'flash' ? 'gemini-2.5-flash' : model === 'gpt' ? 'gpt-4.1-mini' : 'claude-sonnet-4-5-20250929', times: 1 });
    const controller = new AbortController();
    const s = anthropic.messages.stream({ model, max_tokens: 500, messages: [{ role: 'user', content: 'Tell me a long story' }] }, { signal: controller.signal, headers: { 'x-switchyard-metadata': JSON.stringify({ probe: model }) } });
    let n = 0;
    s.on('text', () => { if (++n === 1) s.abort(); });
    await s.done().catch((e) => console.log(model, 'abort err', e?.constructor?.name));
    const t = await h.waitForTrace((tr) => (tr.metadata as { probe?: string } | undefined)?.probe === model);
    console.log(model, 'ABORT TRACE', t.status, t.errorCode, t.stream, t.outputTokens);
  }
  await h.close();
});
