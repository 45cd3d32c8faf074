import { GoogleGenAI } from '@google/genai';
import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness, threeVendorProviders } from '../../src/test-support/gateway-harness.js';

// A request that offers a search tool can run searches billed per search on top of its tokens. A
// budgeted key's reservation held the tokens alone, so a key near its budget could overspend by
// the searches' fees. It now holds the most the request allows: the tool's max_uses (Claude) or
// max_tool_calls (Responses) searches, else ten, at the dearest target's fee per search.
let h: Harness;
const KEY = 'sk-sy-search-tools';
// Input almost free, so a tool's few extra bytes move the reservation by nanodollars only.
const PRICE = '{ input_per_mtok: 0.001, output_per_mtok: 8 }';

beforeAll(async () => {
  h = await startHarness('', (sim) => `
${threeVendorProviders(sim)}
models:
  claude: { provider: anth, model: claude-sonnet-4-5-20250929, price: ${PRICE} }
  gpt: { provider: oai, model: gpt-5-mini, price: ${PRICE} }
  flash3: { provider: gem, model: gemini-3-flash-preview, price: ${PRICE} }
  flash25: { provider: gem, model: gemini-2.5-flash, price: ${PRICE} }
keys:
  - { key: ${KEY}, name: searcher, budget: { usd: 100 } }
  - { key: sk-sy-nearly-spent, name: nearly, budget: { usd: 0.01 } }
retry: { max_attempts: 1 }`);
});
afterAll(() => h.close());

const reserved = async (source: Parameters<Harness['traceOf']>[0]) => ((await h.traceOf(source)).decisions?.limits as { reservedUsd: number }).reservedUsd;
const question = 'What is the latest Node release?';
// OpenAI's API reference has Responses' max_tool_calls; openai 6.49's create params leave it out (its realtime client event has it).
const maxToolCalls = (n: number) => ({ max_tool_calls: n }) as unknown as Record<string, never>;

describe('a budget reserves the search fees a request’s search tool allows', () => {
  it('an Anthropic client’s web_search server tool: max_uses searches at Claude’s $0.01, else ten', async () => {
    const anthropic = h.anthropic(KEY);
    const messages = [{ role: 'user' as const, content: question }];
    const { response: plain } = await anthropic.messages.create({ model: 'claude', max_tokens: 300, messages }).withResponse();
    const base = await reserved(plain);
    const { response: three } = await anthropic.messages.create({ model: 'claude', max_tokens: 300, messages, tools: [{ type: 'web_search_20250305', name: 'web_search', max_uses: 3 }] }).withResponse();
    expect(await reserved(three)).toBeCloseTo(base + 0.03, 6);
    const { response: uncapped } = await anthropic.messages.create({ model: 'claude', max_tokens: 300, messages, tools: [{ type: 'web_search_20250305', name: 'web_search' }] }).withResponse();
    expect(await reserved(uncapped)).toBeCloseTo(base + 0.1, 6);
  });

  it('a Responses client’s web_search tool: max_tool_calls searches at OpenAI’s $0.01, else ten', async () => {
    const openai = h.openai(KEY);
    const { response: plain } = await openai.responses.create({ model: 'gpt', input: question, max_output_tokens: 300 }).withResponse();
    const base = await reserved(plain);
    const { response: two } = await openai.responses.create({ model: 'gpt', input: question, max_output_tokens: 300, tools: [{ type: 'web_search' }], ...maxToolCalls(2) }).withResponse();
    expect(await reserved(two)).toBeCloseTo(base + 0.02, 6);
    const { response: uncapped } = await openai.responses.create({ model: 'gpt', input: question, max_output_tokens: 300, tools: [{ type: 'web_search_preview' }] }).withResponse();
    expect(await reserved(uncapped)).toBeCloseTo(base + 0.1, 6);
  });

  it('a Gemini client’s google_search grounding: ten queries on Gemini 3 ($0.014 each), one grounded prompt on 2.5 ($0.035)', async () => {
    const ai = new GoogleGenAI({ apiKey: KEY, httpOptions: { baseUrl: h.gateway.url } });
    const ask = async (model: string, tools: { googleSearch: object }[] | undefined) => {
      const answer = await ai.models.generateContent({ model, contents: question, config: { maxOutputTokens: 300, ...(tools ? { tools } : {}) } });
      return reserved(answer.sdkHttpResponse?.headers?.['x-switchyard-trace-id']);
    };
    expect(await ask('flash3', [{ googleSearch: {} }])).toBeCloseTo((await ask('flash3', undefined)) + 0.14, 6);
    expect(await ask('flash25', [{ googleSearch: {} }])).toBeCloseTo((await ask('flash25', undefined)) + 0.035, 6);
  });

  it('a Gemini client’s google_search sent as one Tool object (as @ai-sdk/google 2 sends tools) reserves as the list does', async () => {
    const ask = async (tools: object | undefined) => {
      const res = await fetch(`${h.gateway.url}/v1beta/models/flash3:generateContent`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-goog-api-key': KEY },
        body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: question }] }], generationConfig: { maxOutputTokens: 300 }, ...(tools ? { tools } : {}) }),
      });
      expect(res.status).toBe(200);
      return reserved(res);
    };
    expect(await ask({ googleSearch: {} })).toBeCloseTo((await ask(undefined)) + 0.14, 6);
  });

  it('a chat client’s web_search_options, translated for Claude, reserves ten searches; a key whose budget the fees would pass is refused', async () => {
    const openai = h.openai(KEY);
    const messages = [{ role: 'user' as const, content: question }];
    const { response: plain } = await openai.chat.completions.create({ model: 'claude', messages, max_tokens: 300 }).withResponse();
    const { response: searched } = await openai.chat.completions.create({ model: 'claude', messages, max_tokens: 300, web_search_options: {} }).withResponse();
    expect(await reserved(searched)).toBeCloseTo((await reserved(plain)) + 0.1, 6);

    // $0.01 left: the tokens' worst case (300 × $8/M = $0.0024) fits, three searches do not.
    const nearly = h.anthropic('sk-sy-nearly-spent');
    const refused = await nearly.messages
      .create({ model: 'claude', max_tokens: 300, messages, tools: [{ type: 'web_search_20250305', name: 'web_search', max_uses: 3 }] })
      .then(() => undefined, (error: unknown) => error);
    expect(refused).toBeInstanceOf(Anthropic.APIError);
    expect((refused as InstanceType<typeof Anthropic.APIError>).message).toMatch(/budget/);
    await expect(nearly.messages.create({ model: 'claude', max_tokens: 300, messages })).resolves.toMatchObject({ type: 'message' });
  });
});

