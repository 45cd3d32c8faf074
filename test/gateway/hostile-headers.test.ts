import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../../src/test-support/gateway-harness.js';

// Model names in switchyard.yaml are any text. One that reaches a response header must not stop
// the answer (Node refuses to write a value with CR/LF or characters past Latin-1, and the client
// was left waiting until its own timeout) nor inject a header line.

const hello = { messages: [{ role: 'user' as const, content: 'hello there' }] };

describe('an unpriced model whose name a header cannot carry', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('', (sim) => `
providers:
  sim:  { type: openai, base_url: ${sim}/v1, api_key: sk-up }
models:
  cjk:  { provider: sim, model: "qwen-中文-模型" }
  crlf: { provider: sim, model: "evil\\r\\nset-cookie: a=b" }
keys:
  - { key: sk-sy-free, name: unbudgeted }
`);
  });
  afterAll(() => h.close());
  const client = () => new OpenAI({ apiKey: 'sk-sy-free', baseURL: h.baseURL, maxRetries: 0, timeout: 20_000 });

  it('answers, naming the model in printable ASCII; the trace keeps the name whole', async () => {
    const { data, response } = await client().chat.completions.create({ model: 'cjk', ...hello }).withResponse();
    expect(data.choices[0]?.message.content).toBeTruthy();
    expect(response.headers.get('x-switchyard-cost-unpriced')).toBe('qwen-??-??');
    const trace = await h.traceOf(response.headers.get('x-switchyard-trace-id'));
    expect(trace.decisions?.cost).toEqual({ priced: false, model: 'qwen-中文-模型' });
  });

  it('injects no header line through CR/LF in the name', async () => {
    const { response } = await client().chat.completions.create({ model: 'crlf', ...hello }).withResponse();
    expect(response.status).toBe(200);
    expect(response.headers.get('x-switchyard-cost-unpriced')).toBe('evil set-cookie: a=b');
    expect(response.headers.get('set-cookie')).toBeNull();
  });
});
