import Anthropic from '@anthropic-ai/sdk';
import { ApiError, GoogleGenAI, ThinkingLevel } from '@google/genai';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness, threeVendorProviders } from '../../src/test-support/gateway-harness.js';

// Each model takes only some reasoning efforts or thinking levels (core/openai-efforts.ts,
// core/gemini-thinking.ts): gpt-5.1 on have "none" and no "minimal", gpt-5 and the o-series the
// reverse, the -pro models start at "medium"; Gemini 3 Pro takes LOW and HIGH only and no Gemini 3
// model stops thinking. The simulator refuses the others as each vendor does; the gateway sends
// another vendor's thinking as the nearest the model takes and says so on the trace.
let h: Harness;

beforeAll(async () => {
  h = await startHarness('', (sim) => `
${threeVendorProviders(sim)}
models:
  gpt51: { provider: oai, model: gpt-5.1 }
  gpt52: { provider: oai, model: gpt-5.2 }
  gpt54pro: { provider: oai, model: gpt-5.4-pro }
  gem3pro: { provider: gem, model: gemini-3-pro-preview }
  gem3flash: { provider: gem, model: gemini-3-flash-preview }
  neon: { provider: gem, model: gemini-4-neon }
  sol: { provider: oai, model: gpt-5.6-sol }
  pro25: { provider: gem, model: gemini-2.5-pro }
  opus: { provider: anth, model: claude-opus-4-7 }
  chain:
    fallbacks: [ { provider: oai, model: gpt-5.1 }, { provider: oai, model: gpt-5-mini } ]
retry: { base_delay_ms: 5, max_delay_ms: 50 }`);
});
afterAll(() => h.close());

const sent = () => h.sim.stats().lastRequests.at(-1)?.body as Record<string, unknown>;
const hi = [{ role: 'user' as const, content: 'Hi' }];
type OpenAIError = InstanceType<typeof OpenAI.BadRequestError>;

describe('the simulator refuses what each vendor refuses', () => {
  it('answers OpenAI’s unsupported_value for an effort the model does not take, in each API’s words', async () => {
    const direct = new OpenAI({ apiKey: 'x', baseURL: `${h.sim.url}/v1`, maxRetries: 0 });
    const chat = (await direct.chat.completions.create({ model: 'gpt-5.1', reasoning_effort: 'minimal', messages: hi }).catch((e: unknown) => e)) as OpenAIError;
    expect([chat.status, chat.type, chat.param, chat.code, chat.message]).toEqual([
      400, 'invalid_request_error', 'reasoning_effort', 'unsupported_value', "400 Unsupported value: 'reasoning_effort' does not support 'minimal' with this model. Supported values are: 'none', 'low', 'medium', and 'high'.",
    ]);
    const responses = (await direct.responses.create({ model: 'o3', reasoning: { effort: 'none' }, input: 'Hi' }).catch((e: unknown) => e)) as OpenAIError;
    expect([responses.status, responses.param, responses.code, responses.message]).toEqual([
      400, 'reasoning.effort', 'unsupported_value', "400 Unsupported value: 'none' is not supported with the 'o3' model. Supported values are: 'low', 'medium', and 'high'.",
    ]);
    const xhigh = (await direct.chat.completions.create({ model: 'gpt-5-mini', reasoning_effort: 'xhigh', messages: hi }).catch((e: unknown) => e)) as OpenAIError;
    expect(xhigh.message).toContain("Supported values are: 'minimal', 'low', 'medium', and 'high'.");
    await expect(direct.chat.completions.create({ model: 'gpt-5.2', reasoning_effort: 'xhigh', messages: hi })).resolves.toBeTruthy();
    // None of OpenAI's efforts (Codex's "ultra" is an orchestration mode, not an effort).
    const ultra = (await direct.responses.create({ model: 'gpt-5.6-sol', reasoning: { effort: 'ultra' as 'max' }, input: 'Hi' }).catch((e: unknown) => e)) as OpenAIError;
    expect([ultra.status, ultra.param, ultra.code, ultra.message]).toEqual([
      400, 'reasoning.effort', 'invalid_value', "400 Invalid value: 'ultra'. Supported values are: 'none', 'minimal', 'low', 'medium', 'high', 'xhigh', and 'max'.",
    ]);
  });

  it('answers Google’s 400 for a thinking level the Gemini model does not take, and for thinking off on 2.5 Pro', async () => {
    const direct = new GoogleGenAI({ apiKey: 'AIza-x', httpOptions: { baseUrl: h.sim.url } });
    const minimal = await direct.models.generateContent({ model: 'gemini-3-pro-preview', contents: 'Hi', config: { thinkingConfig: { thinkingLevel: ThinkingLevel.MINIMAL } } }).catch((e: unknown) => e);
    expect(minimal).toBeInstanceOf(ApiError);
    expect((minimal as ApiError).status).toBe(400);
    expect(JSON.parse((minimal as ApiError).message)).toMatchObject({ error: { code: 400, message: 'Thinking level MINIMAL is not supported for this model. Please retry with other thinking level.', status: 'INVALID_ARGUMENT' } });
    await expect(direct.models.generateContent({ model: 'gemini-3-flash-preview', contents: 'Hi', config: { thinkingConfig: { thinkingLevel: ThinkingLevel.MINIMAL } } })).resolves.toBeTruthy();
    const off = await direct.models.generateContent({ model: 'gemini-2.5-pro', contents: 'Hi', config: { thinkingConfig: { thinkingBudget: 0 } } }).catch((e: unknown) => e);
    expect((off as ApiError).message).toContain('Budget 0 is invalid. This model only works in thinking mode.');
  });

  it('answers Anthropic’s 400 for a thinking budget under Claude’s smallest', async () => {
    const direct = new Anthropic({ apiKey: 'x', baseURL: h.sim.url, maxRetries: 0 });
    const small = await direct.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 4096, thinking: { type: 'enabled', budget_tokens: 500 }, messages: hi }).catch((e: unknown) => e);
    expect(small).toBeInstanceOf(Anthropic.BadRequestError);
    expect((small as InstanceType<typeof Anthropic.BadRequestError>).error).toMatchObject({ type: 'error', error: { type: 'invalid_request_error', message: expect.stringContaining('budget_tokens') } });
  });
});

describe('the gateway sends each model an effort or level it takes', () => {
  it('sends a Gemini client’s thinkingLevel MINIMAL to gpt-5.2 as "none", which replaced "minimal" from gpt-5.1 on, and says so', async () => {
    const ai = new GoogleGenAI({ apiKey: 'x', httpOptions: { baseUrl: h.gateway.url } });
    const answer = await ai.models.generateContent({ model: 'gpt52', contents: 'Quick', config: { thinkingConfig: { thinkingLevel: ThinkingLevel.MINIMAL } } });
    expect(answer.text?.length).toBeGreaterThan(0);
    expect(sent().reasoning_effort).toBe('none');
    const trace = await h.traceOf(answer.sdkHttpResponse?.headers?.['x-switchyard-trace-id']);
    expect(trace.decisions?.reasoning_effort).toEqual({ requested: 'minimal', sent: 'none', model: 'gpt-5.2', reason: 'gpt-5.2 takes reasoning_effort none, low, medium, high, xhigh; "none" is the nearest to "minimal"' });
  });

  it('sends an Anthropic client’s small thinking budget to gpt-5.4-pro as "medium", the least it takes', async () => {
    const { data, response } = await h.anthropic('x').messages.create({ model: 'gpt54pro', max_tokens: 4096, thinking: { type: 'enabled', budget_tokens: 2048 }, messages: hi }).withResponse();
    expect(data.content.length).toBeGreaterThan(0);
    // A pro model is served by the Responses API only, where the effort is reasoning.effort.
    expect(h.sim.stats().lastRequests.at(-1)?.path).toBe('/v1/responses');
    expect(sent().reasoning).toMatchObject({ effort: 'medium' });
    expect((await h.traceOf(response)).decisions?.reasoning_effort).toMatchObject({ requested: 'low', sent: 'medium', model: 'gpt-5.4-pro' });
  });

  it('sends an OpenAI client’s "minimal", and an Anthropic client’s thinking disabled, to Gemini 3 Pro as LOW, its least level', async () => {
    const { data, response } = await h.openai('x').chat.completions.create({ model: 'gem3pro', reasoning_effort: 'minimal', messages: hi }).withResponse();
    expect(data.choices[0]?.message.content).toBeTruthy();
    expect(sent().generationConfig).toMatchObject({ thinkingConfig: { thinkingLevel: 'LOW' } });
    expect((await h.traceOf(response)).decisions?.thinking_level).toMatchObject({ requested: 'minimal', sent: 'LOW', model: 'gemini-3-pro-preview' });
    await h.anthropic('x').messages.create({ model: 'gem3pro', max_tokens: 1024, thinking: { type: 'disabled' }, messages: hi });
    expect(sent().generationConfig).toMatchObject({ thinkingConfig: { thinkingLevel: 'LOW' } });
  });

  it('sends "none" to Gemini 2.5 Pro, which cannot stop thinking, as its smallest budget, not the 0 Google refuses', async () => {
    const { data, response } = await h.openai('x').chat.completions.create({ model: 'pro25', reasoning_effort: 'none', messages: hi }).withResponse();
    expect(data.choices[0]?.message.content).toBeTruthy();
    expect(sent().generationConfig).toMatchObject({ thinkingConfig: { thinkingBudget: 128 } });
    expect((await h.traceOf(response)).decisions?.thinking_budget).toMatchObject({ requested: 'none', sent: 128, model: 'gemini-2.5-pro' });
  });

  it('takes OpenAI’s "max" (GPT-5.6, typed by the openai SDK) and sends it on as each model’s deepest', async () => {
    const openai = h.openai('x');
    await openai.chat.completions.create({ model: 'sol', reasoning_effort: 'max', messages: hi });
    expect(sent()).toMatchObject({ model: 'gpt-5.6-sol', reasoning_effort: 'max' });
    await openai.chat.completions.create({ model: 'gem3pro', reasoning_effort: 'max', messages: hi });
    expect(sent().generationConfig).toMatchObject({ thinkingConfig: { thinkingLevel: 'HIGH' } });
    await openai.chat.completions.create({ model: 'opus', reasoning_effort: 'max', messages: hi });
    expect(sent()).toMatchObject({ thinking: { type: 'adaptive' }, output_config: { effort: 'max' } });
    // An Anthropic client's max (Claude Code's --effort max) reaches gpt-5.6 as max, and gpt-5.1,
    // whose most is high, as high (both went as high before).
    await h.anthropic('x').messages.create({ model: 'sol', max_tokens: 4096, thinking: { type: 'adaptive' }, output_config: { effort: 'max' }, messages: hi });
    expect(sent().reasoning_effort).toBe('max');
    const { response } = await h.anthropic('x').messages.create({ model: 'gpt51', max_tokens: 4096, thinking: { type: 'adaptive' }, output_config: { effort: 'max' }, messages: hi }).withResponse();
    expect(sent().reasoning_effort).toBe('high');
    expect((await h.traceOf(response)).decisions?.reasoning_effort).toMatchObject({ requested: 'max', sent: 'high', model: 'gpt-5.1' });
  });

  it('refuses an OpenAI client’s own effort the model does not take, in OpenAI’s words, and a fallback serves it', async () => {
    const openai = h.openai('x');
    // The Responses API translated to chat: refused before it leaves, naming the client's field.
    const refused = (await openai.responses.create({ model: 'gpt51', reasoning: { effort: 'minimal' }, input: 'Hi' }).catch((e: unknown) => e)) as OpenAIError;
    expect([refused.status, refused.param, refused.code, refused.message]).toEqual([
      400, 'reasoning.effort', 'unsupported_value', "400 Unsupported value: 'minimal' is not supported with the 'gpt-5.1' model. Supported values are: 'none', 'low', 'medium', and 'high'.",
    ]);
    // Chat Completions goes to OpenAI as sent; to a model the gateway chose (here an alias) the
    // effort it does not take is refused before it leaves, in the words OpenAI would use.
    const before = h.sim.stats().requests;
    const chat = (await openai.chat.completions.create({ model: 'gpt51', reasoning_effort: 'minimal', messages: hi }).catch((e: unknown) => e)) as OpenAIError;
    expect([chat.status, chat.param, chat.code, chat.message]).toEqual([
      400, 'reasoning_effort', 'unsupported_value', "400 Unsupported value: 'reasoning_effort' does not support 'minimal' with this model. Supported values are: 'none', 'low', 'medium', and 'high'.",
    ]);
    expect(h.sim.stats().requests).toBe(before);
    // With a fallback that takes it, the refusing target is passed over.
    const { data, response } = await openai.responses.create({ model: 'chain', reasoning: { effort: 'minimal' }, input: 'Hi' }).withResponse();
    expect(data.output_text.length).toBeGreaterThan(0);
    expect(sent()).toMatchObject({ model: 'gpt-5-mini', reasoning_effort: 'minimal' });
    expect((await h.traceOf(response)).decisions?.unsupported).toBeTruthy();
    // Chat Completions, sent as it came, passes over it too: it got gpt-5.1's 400 before.
    const viaChat = await openai.chat.completions.create({ model: 'chain', reasoning_effort: 'minimal', messages: hi }).withResponse();
    expect(viaChat.data.choices[0]?.message.content?.length).toBeGreaterThan(0);
    expect(sent()).toMatchObject({ model: 'gpt-5-mini', reasoning_effort: 'minimal' });
    expect((await h.traceOf(viaChat.response)).decisions?.unsupported).toMatchObject({ skipped: [expect.objectContaining({ target: expect.stringContaining('gpt-5.1') })] });
  });
});

describe('Gemini’s XHIGH thinking level (@google/genai 3.6’s ThinkingLevel.XHIGH; Gemini 4 Hydrogen and Neon)', () => {
  // The locked @google/genai (2.32) has no XHIGH in its enum; 3.6 sends the same string.
  const XHIGH = 'XHIGH' as ThinkingLevel;

  it('is taken by Gemini 4 Neon in either case, which starts at LOW, and refused by the models without it in Google’s words', async () => {
    const direct = new GoogleGenAI({ apiKey: 'AIza-x', httpOptions: { baseUrl: h.sim.url } });
    for (const level of [XHIGH, 'xhigh' as ThinkingLevel]) {
      const answer = await direct.models.generateContent({ model: 'gemini-4-neon', contents: 'Hi', config: { thinkingConfig: { thinkingLevel: level } } });
      expect(answer.usageMetadata?.thoughtsTokenCount).toBeGreaterThan(0);
    }
    const minimal = await direct.models.generateContent({ model: 'gemini-4-neon', contents: 'Hi', config: { thinkingConfig: { thinkingLevel: ThinkingLevel.MINIMAL } } }).catch((e: unknown) => e);
    expect((minimal as ApiError).message).toContain('Thinking level MINIMAL is not supported for this model.');
    const xhigh = await direct.models.generateContent({ model: 'gemini-3-flash-preview', contents: 'Hi', config: { thinkingConfig: { thinkingLevel: XHIGH } } }).catch((e: unknown) => e);
    expect(xhigh).toBeInstanceOf(ApiError);
    expect(JSON.parse((xhigh as ApiError).message)).toMatchObject({ error: { code: 400, message: 'Thinking level XHIGH is not supported for this model. Please retry with other thinking level.', status: 'INVALID_ARGUMENT' } });
  });

  it('from a Gemini client reaches an OpenAI model as "xhigh", and a lower-cased level (the AI SDK’s @ai-sdk/google sends "high") as that level', async () => {
    const ai = new GoogleGenAI({ apiKey: 'x', httpOptions: { baseUrl: h.gateway.url } });
    await ai.models.generateContent({ model: 'gpt52', contents: 'Quick', config: { thinkingConfig: { thinkingLevel: XHIGH } } });
    expect(sent().reasoning_effort).toBe('xhigh');
    const lower = await ai.models.generateContent({ model: 'gpt52', contents: 'Quick', config: { thinkingConfig: { thinkingLevel: 'high' as ThinkingLevel } } });
    expect(lower.text?.length).toBeGreaterThan(0);
    expect(sent().reasoning_effort).toBe('high');
    await ai.models.generateContent({ model: 'neon', contents: 'Quick', config: { thinkingConfig: { thinkingLevel: XHIGH } } });
    expect(sent().generationConfig).toMatchObject({ thinkingConfig: { thinkingLevel: 'XHIGH' } });
  });

  it('is what an OpenAI client’s "xhigh" reaches Gemini 4 Neon as; a model without it gets HIGH, said on the trace', async () => {
    const openai = h.openai('x');
    await openai.chat.completions.create({ model: 'neon', reasoning_effort: 'xhigh', messages: hi });
    expect(sent().generationConfig).toMatchObject({ thinkingConfig: { thinkingLevel: 'XHIGH' } });
    const { response } = await openai.chat.completions.create({ model: 'gem3flash', reasoning_effort: 'xhigh', messages: hi }).withResponse();
    expect(sent().generationConfig).toMatchObject({ thinkingConfig: { thinkingLevel: 'HIGH' } });
    expect((await h.traceOf(response)).decisions?.thinking_level).toMatchObject({ requested: 'xhigh', sent: 'HIGH', model: 'gemini-3-flash-preview' });
  });
});
