/**
 * A request a local task model's answer cannot honour goes to the route's target, as a fallback
 * list passes over a target that cannot honour it: two choices (`n`), log-probabilities, a tool
 * call it must make, JSON from a route whose local answers are bare labels, a JSON Schema the local
 * JSON answer does not fit, an image in the last user message. Before, each got one bare label
 * (`"card_arrival"` to a `json_schema` request), through the official SDKs as an app sends them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Anthropic from '@anthropic-ai/sdk';
import type OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EIGHT_LABELS } from '../../src/local/__fixtures__/banking77-sample.js';
import { type Harness, startHarness } from '../../src/test-support/gateway-harness.js';
import { promoteIntentModel } from '../../src/test-support/promoted-intent-model.js';

const dir = mkdtempSync(join(tmpdir(), 'sy-local-honour-'));
const db = join(dir, 'sy.db');
let h: Harness;
let openai: OpenAI;
let claude: Anthropic;
const question = 'My new card still has not arrived, when will it come?';
const intentSchema = { name: 'intent', schema: { type: 'object', properties: { intent: { type: 'string' } }, required: ['intent'] } };
const labelSchema = { name: 'label', schema: { type: 'object', properties: { label: { type: 'string' } }, required: ['label'] } };

beforeAll(async () => {
  const model = await promoteIntentModel(db, 'support-intent');
  await promoteIntentModel(db, 'intent-json');
  const task = `task: { type: classify, labels: [${EIGHT_LABELS.join(', ')}], min_examples: 100000, retrain_every: 100000, min_coverage: 0.3, shadow_rate: 0 }`;
  h = await startHarness(
    '',
    (simUrl) => `
providers:
  sim: { type: openai, base_url: ${simUrl}/v1, api_key: sk-up }
models:
  teacher: { provider: sim, model: standin-large, price: { input_per_mtok: 2.5, output_per_mtok: 10 } }
routes:
  support-intent: { policy: static, target: teacher, options: { ${task} } }
  intent-json: { policy: static, target: teacher, options: { ${task.replace('shadow_rate: 0', 'shadow_rate: 0, answer: json')} } }
`,
    { sqlite: db },
  );
  openai = h.openai('any');
  claude = h.anthropic('any');
  const answer = model.predict(question);
  expect(answer.escalate, 'the fixture model answers the question locally').toBe(false);
}, 120_000);

afterAll(async () => {
  await h?.close();
  rmSync(dir, { recursive: true, force: true });
});

const messages = [{ role: 'user' as const, content: question }];

describe('a request a local answer cannot honour', () => {
  it('is answered locally when it asks for nothing a label cannot give', async () => {
    const { data, response } = await openai.chat.completions.create({ model: 'support-intent', messages }).withResponse();
    expect(data.model).toBe('local:support-intent@v1');
    expect(response.headers.get('x-switchyard-route')).toMatch(/^support-intent>local \(v1 answered at confidence /);
  });

  it.each([
    ['two choices', { n: 2 }, 'the request asks for 2 choices (n = 2); a local model gives one'],
    ['log-probabilities', { logprobs: true, top_logprobs: 2 }, 'the request asks for logprobs, which a local model has none of'],
    ['a required tool call', { tools: [{ type: 'function' as const, function: { name: 'lookup', parameters: { type: 'object', properties: {} } } }], tool_choice: 'required' as const }, 'the request requires a tool call (tool_choice), and a local model answers with text'],
    ['JSON from a label route', { response_format: { type: 'json_schema' as const, json_schema: intentSchema } }, "the request asks for JSON (response_format json_schema), and the route's local answers are bare labels (options.task.answer: json makes them JSON objects)"],
  ])('%s goes to the route’s target, the header saying why', async (_name, extra, why) => {
    const { data, response } = await openai.chat.completions.create({ model: 'support-intent', messages, ...extra }).withResponse();
    // Before: local:support-intent@v1 and one bare "card_arrival".
    expect(data.model).toBe('standin-large');
    expect(response.headers.get('x-switchyard-route')).toBe(`support-intent>local (not asked: ${why}); support-intent>teacher (static route)`);
    if ('n' in extra) expect(data.choices).toHaveLength(2);
  });

  it('an image in the last user message goes to the target: the local model reads text only', async () => {
    const image = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
    const { data, response } = await openai.chat.completions
      .create({ model: 'support-intent', messages: [{ role: 'user', content: [{ type: 'text', text: question }, { type: 'image_url', image_url: { url: image } }] }] })
      .withResponse();
    expect(data.model).toBe('standin-large');
    expect(response.headers.get('x-switchyard-route')).toContain('(not asked: the last user message holds a part of type "image_url", and a local model reads its text only)');
  });

  it('an Anthropic client that requires a tool (tool_choice any) goes to the target too', async () => {
    const { data, response } = await claude.messages
      .create({ model: 'support-intent', max_tokens: 100, messages, tools: [{ name: 'lookup', input_schema: { type: 'object', properties: {} } }], tool_choice: { type: 'any' } })
      .withResponse();
    expect(data.model).toBe('standin-large');
    expect(response.headers.get('x-switchyard-route')).toContain('not asked: the request requires a tool call (tool_choice)');
  });

  it('a JSON route answers a JSON Schema its answer fits, and passes on one it does not', async () => {
    const fits = await openai.chat.completions.create({ model: 'intent-json', messages, response_format: { type: 'json_schema', json_schema: labelSchema } }).withResponse();
    expect(fits.data.model).toBe('local:intent-json@v1');
    expect(JSON.parse(fits.data.choices[0]?.message.content ?? '')).toEqual({ label: 'card_arrival' });
    const misfits = await openai.chat.completions.create({ model: 'intent-json', messages, response_format: { type: 'json_schema', json_schema: intentSchema } }).withResponse();
    expect(misfits.data.model).toBe('standin-large');
    expect(misfits.response.headers.get('x-switchyard-route')).toMatch(/^intent-json>local \(v1 passed it on: the request's JSON Schema \(response_format\) refuses the local answer: .*intent.*\); intent-json>teacher \(static route\)$/);
    const object = await openai.chat.completions.create({ model: 'intent-json', messages, response_format: { type: 'json_object' } }).withResponse();
    expect(object.data.model).toBe('local:intent-json@v1');
  });
});
