/**
 * Responses API state that must survive a change of provider, through the official `openai` SDK:
 * `GET /v1/responses/{id}` honours `include` as OpenAI's retrieve does (the reasoning the gateway
 * kept server-side, log probabilities; an unknown value refused as OpenAI refuses it), and a
 * conversation begun on Claude continues on OpenAI's own Responses API (simulated with OpenAI's
 * checks: it refuses reasoning content it did not write and reasoning ids it did not store)
 * without the gateway's reasoning items failing the turn.
 */
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../../src/test-support/gateway-harness.js';

let h: Harness;
let openai: OpenAI;
/** The simulator as OpenAI itself, without the gateway. */
let direct: OpenAI;

beforeAll(async () => {
  h = await startHarness('', (sim) => `
providers:
  anth: { type: anthropic, base_url: "${sim}", api_key: sk-ant-up }
  oai:  { type: openai, base_url: "${sim}/v1", api_key: sk-up }
  oai-native: { type: openai, base_url: "${sim}/v1", api_key: sk-up, responses: native }
models:
  sonnet: { provider: anth, model: claude-sonnet-4-5-20250929 }
  gpt: { provider: oai, model: gpt-4.1-mini }
  native: { provider: oai-native, model: gpt-5.4-mini }
`);
  openai = h.openai('x');
  direct = new OpenAI({ apiKey: 'sk-up', baseURL: `${h.sim.url}/v1`, maxRetries: 0 });
});
afterAll(() => h.close());

const tools: OpenAI.Responses.FunctionTool[] = [
  { type: 'function', name: 'get_weather', description: 'Weather in a city', strict: false, parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
];
const asked: OpenAI.Responses.ResponseInputItem = { role: 'user', content: 'What is the weather in Oslo?' };

/** What a client branches on in an SDK error. */
async function refusal(call: Promise<unknown>): Promise<{ status: unknown; param: unknown; code: unknown; message: unknown }> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OpenAI.APIError);
  const { status, param, code, error: body } = error as InstanceType<typeof OpenAI.APIError>;
  return { status, param, code, message: (body as { message?: unknown } | undefined)?.message };
}

function sentUpstream(): { thinking?: { type: string }; messages?: { role: string; content: { type: string; signature?: string }[] }[]; input?: Record<string, unknown>[] } {
  return h.sim.stats().lastRequests.at(-1)?.body as ReturnType<typeof sentUpstream>;
}

function callOf(response: OpenAI.Responses.Response): OpenAI.Responses.ResponseFunctionToolCall {
  const call = response.output.find((item) => item.type === 'function_call');
  if (call?.type !== 'function_call') throw new Error('expected a function call');
  return call;
}

describe('GET /v1/responses/{id} with include', () => {
  it('gives the reasoning kept server-side in encrypted_content when include asks, and it carries a stateless next turn', async () => {
    const first = await openai.responses.create({ model: 'sonnet', tools, reasoning: { effort: 'low' }, input: [asked] });
    expect(JSON.stringify(await openai.responses.retrieve(first.id))).not.toContain('encrypted_content');
    const withReasoning = await openai.responses.retrieve(first.id, { include: ['reasoning.encrypted_content'] });
    const reasoning = withReasoning.output.find((item) => item.type === 'reasoning');
    expect(reasoning?.encrypted_content).toMatch(/^swy-thinking\.v1\./);
    // The client now keeps the conversation itself: Claude gets its signed thinking back and thinks on.
    const next = await openai.responses.create({
      model: 'sonnet',
      tools,
      reasoning: { effort: 'low' },
      store: false,
      input: [asked, ...(withReasoning.output as OpenAI.Responses.ResponseInputItem[]), { type: 'function_call_output', call_id: callOf(first).call_id, output: '4°C and clear' }],
    });
    expect(next.status).toBe('completed');
    const sent = sentUpstream();
    expect(sent.thinking?.type).toBe('enabled');
    expect(sent.messages?.find((message) => message.role === 'assistant')?.content[0]).toMatchObject({ type: 'thinking', signature: expect.any(String) });
  });

  it('gives token log probabilities only when include asks, as they were made', async () => {
    const created = await openai.responses.create({ model: 'gpt', input: 'Hello', include: ['message.output_text.logprobs'], top_logprobs: 2 });
    const logprobsOf = (response: OpenAI.Responses.Response) => {
      const message = response.output.find((item) => item.type === 'message');
      const part = message?.type === 'message' ? message.content[0] : undefined;
      return part?.type === 'output_text' ? part.logprobs : undefined;
    };
    expect(logprobsOf(created)?.length).toBeGreaterThan(0);
    expect(logprobsOf(await openai.responses.retrieve(created.id, { include: ['message.output_text.logprobs'] }))).toEqual(logprobsOf(created));
    expect(logprobsOf(await openai.responses.retrieve(created.id))).toEqual([]);
  });

  it('refuses an include value OpenAI does not know with OpenAI’s 400, on retrieve, input items and create for a translated model', async () => {
    const bogus = ['reasoning.encrypted_content', 'reasoning.summary'] as unknown as OpenAI.Responses.ResponseIncludable[];
    const openAIs = await refusal(direct.responses.create({ model: 'gpt-5.4-mini', input: 'Hi', include: bogus }));
    expect(openAIs).toMatchObject({ status: 400, param: 'include[1]', code: 'invalid_value', message: expect.stringMatching(/^Invalid value: 'reasoning\.summary'\. Supported values are: /) });
    const created = await openai.responses.create({ model: 'sonnet', input: 'Hi' });
    expect(await refusal(openai.responses.retrieve(created.id, { include: bogus }))).toEqual(openAIs);
    expect(await refusal(openai.responses.inputItems.list(created.id, { include: bogus }))).toEqual(openAIs);
    expect((await openai.responses.inputItems.list(created.id, { include: ['message.input_image.image_url'] })).data).toHaveLength(1);
    for (const model of ['sonnet', 'gpt', 'native']) expect([model, await refusal(openai.responses.create({ model, input: 'Hi', include: bogus }))]).toEqual([model, openAIs]);
  });
});

describe('a Claude conversation continued on OpenAI’s own Responses API', () => {
  it('is refused by OpenAI when the gateway’s reasoning items reach it as they are', async () => {
    const first = await openai.responses.create({ model: 'sonnet', tools, reasoning: { effort: 'low' }, store: false, include: ['reasoning.encrypted_content'], input: [asked] });
    const items = first.output as OpenAI.Responses.ResponseInputItem[];
    expect(await refusal(direct.responses.create({ model: 'gpt-5.4-mini', input: [asked, ...items] }))).toMatchObject({ status: 400, code: 'invalid_encrypted_content' });
    const unsealed = items.map((item) => (item.type === 'reasoning' ? { ...item, encrypted_content: undefined } : item));
    expect(await refusal(direct.responses.create({ model: 'gpt-5.4-mini', input: [asked, ...unsealed] }))).toMatchObject({ status: 404, param: 'input', message: expect.stringMatching(/^Item with id 'rs_/) });
  });

  it('continues with previous_response_id, whole and streamed: Claude’s reasoning left out, the trace says so', async () => {
    for (const stream of [false, true]) {
      const first = await openai.responses.create({ model: 'sonnet', tools, reasoning: { effort: 'low' }, input: [asked] });
      expect(first.output.map((item) => item.type)).toContain('reasoning');
      const next = { model: 'native', previous_response_id: first.id, input: [{ type: 'function_call_output' as const, call_id: callOf(first).call_id, output: '4°C and clear' }] };
      const answer = stream ? await openai.responses.stream(next).finalResponse() : await openai.responses.create(next);
      expect([stream, answer.status]).toEqual([stream, 'completed']);
      const input = sentUpstream().input ?? [];
      expect([stream, input.map((item) => item.type ?? 'message')]).toEqual([stream, ['message', 'message', 'function_call', 'function_call_output']]);
      const trace = await h.waitForTrace((t) => t.endpoint === 'responses' && t.requestedModel === 'native' && t.stream === stream);
      expect([stream, (await h.traceOf(trace.id)).decisions]).toMatchObject([stream, { foreign_reasoning: { dropped: 1 } }]);
    }
  });

  it('continues when the client sends the earlier items itself (store: false, include): the gateway’s encrypted reasoning stays out', async () => {
    const request = { tools, reasoning: { effort: 'low' as const }, store: false, include: ['reasoning.encrypted_content' as const] };
    const first = await openai.responses.create({ ...request, model: 'sonnet', input: [asked] });
    const answer = await openai.responses.create({
      ...request,
      model: 'native',
      input: [asked, ...(first.output as OpenAI.Responses.ResponseInputItem[]), { type: 'function_call_output', call_id: callOf(first).call_id, output: '4°C and clear' }],
    });
    expect(answer.status).toBe('completed');
    // OpenAI's own reasoning comes back with OpenAI's encrypted_content, for the turn after.
    expect(answer.output.find((item) => item.type === 'reasoning')?.encrypted_content).toMatch(/^gAAAAA/);
    expect((sentUpstream().input ?? []).map((item) => item.type ?? 'message')).toEqual(['message', 'message', 'function_call', 'function_call_output']);
  });
});
