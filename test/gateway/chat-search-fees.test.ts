import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness, threeVendorProviders } from '../../src/test-support/gateway-harness.js';

// OpenAI's search models on Chat Completions search the web on every call and their usage says
// nothing of it: the gateway bills the search OpenAI bills each call ($0.01 on gpt-5-search-api,
// $0.025 on the GPT-4o search previews, or the config's price.web_search_usd), whatever the client,
// whole and streamed, and a budgeted key's reservation holds it. Before, the trace had the tokens only.
let h: Harness;
const KEY = 'sk-sy-search-budget';
const TOKENS = { input_per_mtok: 2, output_per_mtok: 8 };
const TURN = { prompt_tokens: 1_000, completion_tokens: 200 };
const tokensUsd = (1_000 * TOKENS.input_per_mtok + 200 * TOKENS.output_per_mtok) / 1e6;

beforeAll(async () => {
  h = await startHarness('', (sim) => `
${threeVendorProviders(sim)}
models:
  search5: { provider: oai, model: gpt-5-search-api, price: { input_per_mtok: 2, output_per_mtok: 8 } }
  search4o: { provider: oai, model: gpt-4o-mini-search-preview, price: { input_per_mtok: 2, output_per_mtok: 8 } }
  search-own: { provider: oai, model: gpt-4o-search-preview-2025-03-11, price: { input_per_mtok: 2, output_per_mtok: 8, web_search_usd: 0.03 } }
  nosearch: { provider: oai, model: gpt-4o-mini, price: { input_per_mtok: 2, output_per_mtok: 8 } }
  listed: { provider: oai, model: gpt-4o-search-preview }
keys: [ { key: ${KEY}, name: searcher, budget: { usd: 100 } } ]
retry: { max_attempts: 1 }`);
  h.sim.addScript({ match: 'latest Node', reply: 'Node 24, per nodejs.org.', usage: TURN });
});
afterAll(() => h.close());

const ask = [{ role: 'user' as const, content: 'What is the latest Node release?' }];

describe("OpenAI's search models over chat completions", () => {
  it('a chat client’s call, whole and streamed: one search billed at OpenAI’s price, on the trace and in the header', async () => {
    const openai = h.openai(KEY);
    const { response } = await openai.chat.completions.create({ model: 'search5', messages: ask, web_search_options: {} }).withResponse();
    const trace = await h.traceOf(response);
    expect(trace.decisions?.web_search).toEqual({ searches: 1, usd: 0.01 });
    expect(trace.costUsd).toBeCloseTo(tokensUsd + 0.01, 12);
    expect(Number(response.headers.get('x-switchyard-cost-usd'))).toBeCloseTo(tokensUsd + 0.01, 8);
    // The search's fee is reserved beside the tokens' worst case.
    expect((trace.decisions?.limits as { reservedUsd: number }).reservedUsd).toBeGreaterThan(0.01);

    const { data: stream, response: streamed } = await openai.chat.completions.create({ model: 'search4o', messages: ask, stream: true, stream_options: { include_usage: true } }).withResponse();
    for await (const _chunk of stream);
    const streamTrace = await h.traceOf(streamed);
    expect(streamTrace.decisions?.web_search).toEqual({ searches: 1, usd: 0.025 });
    expect(streamTrace.costUsd).toBeCloseTo(tokensUsd + 0.025, 12);
  });

  it('an Anthropic client’s call, translated to chat, whole and streamed: the config’s web_search_usd', async () => {
    const anthropic = h.anthropic(KEY);
    const { response } = await anthropic.messages.create({ model: 'search-own', max_tokens: 300, messages: ask }).withResponse();
    const trace = await h.traceOf(response);
    expect(trace.decisions?.web_search).toEqual({ searches: 1, usd: 0.03 });
    expect(trace.costUsd).toBeCloseTo(tokensUsd + 0.03, 12);
    const { data: stream, response: streamed } = await anthropic.messages.create({ model: 'search-own', max_tokens: 300, messages: ask, stream: true }).withResponse();
    for await (const _event of stream);
    expect((await h.traceOf(streamed)).costUsd).toBeCloseTo(tokensUsd + 0.03, 12);
  });

  it('a search model the config gives no price is billed at the list prices, and a budgeted key may call it', async () => {
    // Until 2026-12-07 the table had none of the search models: a budgeted key was refused them.
    const { response } = await h.openai(KEY).chat.completions.create({ model: 'listed', messages: ask }).withResponse();
    const trace = await h.traceOf(response);
    const listUsd = (1_000 * 2.5 + 200 * 10) / 1e6;
    expect(trace.costUsd).toBeCloseTo(listUsd + 0.025, 12);
    expect(Number(response.headers.get('x-switchyard-cost-usd'))).toBeCloseTo(listUsd + 0.025, 8);
  });

  it('a model that does not search on chat is billed its tokens alone, and reserves no search', async () => {
    const { response } = await h.openai(KEY).chat.completions.create({ model: 'nosearch', messages: ask }).withResponse();
    const trace = await h.traceOf(response);
    expect(trace.decisions?.web_search).toBeUndefined();
    expect(trace.costUsd).toBeCloseTo(tokensUsd, 12);
    const reserved = (trace.decisions?.limits as { reservedUsd: number }).reservedUsd;
    const { response: searched } = await h.openai(KEY).chat.completions.create({ model: 'search4o', messages: ask }).withResponse();
    // The same body and prices: the search model's reservation is the other's plus its fee (the names are as long).
    expect(((await h.traceOf(searched)).decisions?.limits as { reservedUsd: number }).reservedUsd).toBeCloseTo(reserved + 0.025, 9);
  });
});
