import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness, threeVendorProviders } from '../../src/test-support/gateway-harness.js';

// Coding agents offer their model a web search tool on every turn (Codex CLI sends a Responses
// `web_search` tool). Through the gateway it becomes Claude's web search server tool or Gemini's
// Google Search grounding, and the searches and cited pages come back in the client's own shapes;
// any other model goes without it (named as dropped) instead of failing the whole request.
let h: Harness;
let openai: OpenAI;
let anthropic: Anthropic;

beforeAll(async () => {
  h = await startHarness('', (sim) => `
${threeVendorProviders(sim)}
models:
  sonnet: { provider: anth, model: claude-sonnet-4-5-20250929, price: { input_per_mtok: 3, output_per_mtok: 15 } }
  gpt: { provider: oai, model: gpt-4.1-mini }
  flash: { provider: gem, model: gemini-2.5-flash, price: { input_per_mtok: 0.3, output_per_mtok: 2.5 } }
  flash3: { provider: gem, model: gemini-3-flash-preview, price: { input_per_mtok: 0.5, output_per_mtok: 3 } }`);
  openai = h.openai('x');
  anthropic = h.anthropic('x');
});
afterAll(() => h.close());

const sent = () => h.sim.stats().lastRequests.at(-1)?.body as Record<string, unknown>;
const question = 'What is the latest Node.js LTS release?';
type Output = OpenAI.Responses.Response['output'];

/** The web_search_call items and the message's cited pages, checked against the text they index. */
function searched(output: Output): { queries: string[]; urls: string[] } {
  const calls = output.filter((item) => item.type === 'web_search_call');
  for (const call of calls) expect(call).toMatchObject({ type: 'web_search_call', status: 'completed', id: expect.stringMatching(/^ws_/), action: { type: 'search' } });
  const urls: string[] = [];
  for (const item of output) {
    if (item.type !== 'message') continue;
    for (const part of item.content) {
      if (part.type !== 'output_text') continue;
      for (const annotation of part.annotations) {
        expect(annotation.type).toBe('url_citation');
        if (annotation.type !== 'url_citation') continue;
        expect(annotation.start_index).toBeGreaterThanOrEqual(0);
        expect(annotation.end_index).toBeGreaterThan(annotation.start_index);
        expect(annotation.end_index).toBeLessThanOrEqual(part.text.length);
        expect(annotation.title).toBeTruthy();
        urls.push(annotation.url);
      }
    }
  }
  return { queries: calls.map((call) => (call.action as { query?: string }).query ?? ''), urls };
}

describe('a Responses client’s web_search tool', () => {
  it('is Claude’s web search server tool; the search and its citations come back as web_search_call and url_citation', async () => {
    const { data, response } = await openai.responses
      .create({ model: 'sonnet', input: question, tools: [{ type: 'web_search', search_context_size: 'low', filters: { allowed_domains: ['nodejs.org'] }, user_location: { type: 'approximate', city: 'Paris', country: 'FR' } }] })
      .withResponse();
    expect(sent().tools).toEqual([{ type: 'web_search_20250305', name: 'web_search', max_uses: 1, allowed_domains: ['nodejs.org'], user_location: { type: 'approximate', city: 'Paris', country: 'FR' } }]);
    const { queries, urls } = searched(data.output);
    expect(queries).toEqual(['What is the latest Node.js LTS release']);
    expect(urls.length).toBeGreaterThan(0);
    expect(urls.every((url) => url.startsWith('https://nodejs.org/'))).toBe(true);
    // In Claude's order: what it said before searching, the search, then the answer that cites it.
    expect(data.output.map((item) => item.type)).toEqual(['message', 'web_search_call', 'message']);
    // $10 per 1,000 searches on top of the tokens; the client's usage keeps its own shape.
    const trace = await h.traceOf(response);
    expect(trace.decisions?.web_search).toEqual({ searches: 1, usd: 0.01 });
    const tokens = (trace.inputTokens * 3 + trace.outputTokens * 15) / 1_000_000;
    expect(trace.costUsd).toBeCloseTo(tokens + 0.01, 10);
    expect(Object.keys(data.usage ?? {}).sort()).toEqual(['input_tokens', 'input_tokens_details', 'output_tokens', 'output_tokens_details', 'total_tokens']);
  });

  it('streams the web_search_call events and the annotations on Claude; the SDK assembles them', async () => {
    const stream = openai.responses.stream({ model: 'sonnet', input: question, tools: [{ type: 'web_search_preview' }] });
    const types: string[] = [];
    for await (const event of stream) types.push(event.type);
    const final = await stream.finalResponse();
    const { queries, urls } = searched(final.output);
    expect(queries).toEqual(['What is the latest Node.js LTS release']);
    expect(urls.length).toBeGreaterThan(0);
    const search = types.indexOf('response.web_search_call.in_progress');
    expect(types.slice(search - 1, search + 4)).toEqual([
      'response.output_item.added',
      'response.web_search_call.in_progress',
      'response.web_search_call.searching',
      'response.web_search_call.completed',
      'response.output_item.done',
    ]);
    expect(types).toContain('response.output_text.annotation.added');
    // No size given: OpenAI's default, medium, allows Claude three searches.
    expect(sent().tools).toEqual([{ type: 'web_search_20250305', name: 'web_search', max_uses: 3 }]);
  });

  it('keeps what Claude said before searching a message of its own, whole and streamed alike, so the last message is the answer alone', async () => {
    const request = { model: 'sonnet', input: question, tools: [{ type: 'web_search' as const }] };
    const whole = await openai.responses.create(request);
    const streamed = await openai.responses.stream(request).finalResponse();
    for (const response of [whole, streamed]) {
      expect(response.output.map((item) => item.type)).toEqual(['message', 'web_search_call', 'message']);
      const [before, , answer] = response.output.map((item) => (item.type === 'message' && item.content[0]?.type === 'output_text' ? item.content[0] : undefined));
      // Claude's text block ahead of its server_tool_use, as Anthropic's web search page shows one.
      expect(before).toMatchObject({ text: 'Let me search for that. ', annotations: [] });
      expect(answer?.text.startsWith('Let me')).toBe(false);
      // The citation indexes the answer's own text.
      expect(answer?.annotations.length).toBeGreaterThan(0);
      for (const annotation of answer?.annotations ?? []) expect(annotation).toMatchObject({ type: 'url_citation', start_index: 0, end_index: answer?.text.length });
    }
    expect(streamed.output_text).toBe(whole.output_text);
  });

  it('gives a JSON answer that searched as the JSON alone: parse() and output_text read it, whole and streamed (codex exec --output-schema)', async () => {
    const schema = { type: 'object', properties: { version: { type: 'string' }, released: { type: 'string' } }, required: ['version', 'released'], additionalProperties: false };
    const request = { model: 'sonnet', input: question, tools: [{ type: 'web_search' as const }], text: { format: { type: 'json_schema' as const, name: 'release', schema, strict: true } } };
    const parsed = await openai.responses.parse(request);
    expect(parsed.output.map((item) => item.type)).toEqual(['web_search_call', 'message']);
    expect(parsed.output_parsed).toEqual({ version: expect.any(String), released: expect.any(String) });
    expect(JSON.parse(parsed.output_text)).toEqual(parsed.output_parsed);
    expect(searched(parsed.output).urls.length).toBeGreaterThan(0);

    const stream = openai.responses.stream(request);
    let deltas = '';
    stream.on('response.output_text.delta', (event) => {
      deltas += event.delta;
    });
    const final = await stream.finalResponse();
    expect(final.output.map((item) => item.type)).toEqual(['web_search_call', 'message']);
    expect(JSON.parse(final.output_text)).toEqual({ version: expect.any(String), released: expect.any(String) });
    expect(deltas).toBe(final.output_text);
    expect(searched(final.output).urls.length).toBeGreaterThan(0);
  });

  it('is Gemini’s Google Search grounding; its queries and supports come back as web_search_call and url_citation', async () => {
    const data = await openai.responses.create({ model: 'flash', input: question, tools: [{ type: 'web_search' }] });
    expect(sent().tools).toEqual([{ google_search: {} }]);
    const { queries, urls } = searched(data.output);
    expect(queries).toEqual(['What is the latest Node.js LTS release']);
    expect(urls.length).toBe(2);
  });

  it('streams Gemini’s grounding too', async () => {
    const stream = openai.responses.stream({ model: 'flash', input: question, tools: [{ type: 'web_search' }] });
    const types: string[] = [];
    for await (const event of stream) types.push(event.type);
    const final = await stream.finalResponse();
    const { queries, urls } = searched(final.output);
    expect(queries).toEqual(['What is the latest Node.js LTS release']);
    expect(urls.length).toBe(2);
    expect(types).toContain('response.output_text.annotation.added');
    expect(types).toContain('response.web_search_call.completed');
  });

  it('is dropped, and named, for Gemini beside function tools, as Codex sends them (Gemini refuses the pair)', async () => {
    const tools: OpenAI.Responses.Tool[] = [{ type: 'web_search' }, { type: 'function', name: 'shell', parameters: { type: 'object', properties: { cmd: { type: 'string' } } }, strict: false }];
    const { response } = await openai.responses.create({ model: 'flash', input: 'Say hi without tools.', tools, tool_choice: 'none' }).withResponse();
    expect(response.status).toBe(200);
    expect(JSON.stringify(sent().tools)).not.toContain('google_search');
    expect(response.headers.get('x-switchyard-dropped-params')).toBe('web_search');
  });

  it('is dropped for an OpenAI-compatible chat model: 200, named in the header and on the trace', async () => {
    const { data, response } = await openai.responses.create({ model: 'gpt', input: question, tools: [{ type: 'web_search' }] }).withResponse();
    expect(data.output.some((item) => item.type === 'message')).toBe(true);
    expect(sent()).not.toHaveProperty('web_search');
    expect(sent()).not.toHaveProperty('web_search_options');
    expect(response.headers.get('x-switchyard-dropped-params')).toBe('web_search');
    expect((await h.traceOf(response)).decisions?.dropped_params).toEqual({ openai: ['web_search'] });
  });
});

/** What the simulated Gemini reports for the request the gateway last sent it (the same body answers the same). */
async function geminiUsageOfLast(): Promise<{ promptTokenCount: number; toolUsePromptTokenCount: number; candidatesTokenCount: number; thoughtsTokenCount?: number }> {
  const response = await fetch(`${h.sim.url}/v1beta/models/gemini-2.5-flash:generateContent`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-goog-api-key': 'x' }, body: JSON.stringify(sent()) });
  return ((await response.json()) as { usageMetadata: never }).usageMetadata;
}

describe('an Anthropic client’s web search on Gemini', () => {
  const ask: Anthropic.MessageCreateParamsNonStreaming = { model: 'flash', max_tokens: 300, messages: [{ role: 'user', content: question }], tools: [{ type: 'web_search_20250305', name: 'web_search' }] };

  /** The blocks Claude would give: the search, its result, then text whose cited part carries the pages. */
  function claudeShaped(message: Anthropic.Message): void {
    expect(message.content.slice(0, 2).map((block) => block.type)).toEqual(['server_tool_use', 'web_search_tool_result']);
    const [use, result] = message.content;
    expect(use).toEqual({ type: 'server_tool_use', id: expect.stringMatching(/^srvtoolu_/), name: 'web_search', input: { query: 'What is the latest Node.js LTS release' } });
    expect(result?.type === 'web_search_tool_result' && result.tool_use_id).toBe(use?.type === 'server_tool_use' && use.id);
    const pages = result?.type === 'web_search_tool_result' && Array.isArray(result.content) ? result.content : [];
    expect(pages).toHaveLength(2);
    for (const page of pages) expect(page).toEqual({ type: 'web_search_result', url: expect.stringMatching(/^https:\/\//), title: expect.any(String), encrypted_content: '', page_age: null });
    const texts = message.content.slice(2);
    expect(texts.every((block) => block.type === 'text')).toBe(true);
    const cited = texts.filter((block) => block.type === 'text' && block.citations?.length);
    expect(cited).toHaveLength(1);
    const block = cited[0] as Anthropic.TextBlock;
    expect(block.citations?.map((c) => c.type === 'web_search_result_location' && c.url)).toEqual(pages.map((page) => page.url));
    for (const citation of block.citations ?? []) expect(citation).toMatchObject({ type: 'web_search_result_location', cited_text: block.text, encrypted_index: '' });
    expect(message.usage.server_tool_use).toEqual({ web_search_requests: 1, web_fetch_requests: 0 });
  }

  it('gets Claude’s server_tool_use, web_search_tool_result and cited text blocks', async () => {
    const message = await anthropic.messages.create(ask);
    claudeShaped(message);
    // The answer's text is all there, cut where the citation starts and ends.
    const plain = await openai.chat.completions.create({ model: 'flash', messages: [{ role: 'user', content: question }], web_search_options: {} });
    expect(message.content.map((block) => (block.type === 'text' ? block.text : '')).join('')).toBe(plain.choices[0]!.message.content);
  });

  it('streams them in Claude’s order, the citation as a citations_delta; the SDK assembles the same message', async () => {
    const stream = anthropic.messages.stream(ask);
    const deltas: string[] = [];
    stream.on('streamEvent', (event) => {
      if (event.type === 'content_block_delta') deltas.push(event.delta.type);
    });
    const streamed = await stream.finalMessage();
    claudeShaped(streamed);
    expect(deltas).toContain('citations_delta');
    expect(deltas[0]).toBe('input_json_delta');
    const whole = await anthropic.messages.create(ask);
    const idless = (content: unknown) => JSON.parse(JSON.stringify(content).replace(/srvtoolu_\w+/g, 'srvtoolu'));
    expect(idless(streamed.content)).toEqual(idless(whole.content));
  });

  it('takes the blocks back on the next turn', async () => {
    const first = await anthropic.messages.create(ask);
    const next = await anthropic.messages.create({ ...ask, messages: [...ask.messages, { role: 'assistant', content: first.content }, { role: 'user', content: 'And the one before?' }] });
    expect(next.content.some((block) => block.type === 'text')).toBe(true);
    const contents = (sent().contents as { role: string; parts: { text?: string }[] }[]).map((turn) => turn.role);
    expect(contents).toEqual(['user', 'model', 'user']);
  });
});

describe('the search’s settings Google Search has no field for', () => {
  it('are dropped and named for a Responses client: the domain filter and the location', async () => {
    const tool: OpenAI.Responses.Tool = { type: 'web_search', filters: { allowed_domains: ['nodejs.org'] }, user_location: { type: 'approximate', city: 'Lyon', country: 'FR' } };
    const { data, response } = await openai.responses.create({ model: 'flash', input: question, tools: [tool] }).withResponse();
    expect(sent().tools).toEqual([{ google_search: {} }]);
    expect(searched(data.output).queries).toEqual(['What is the latest Node.js LTS release']);
    expect(response.headers.get('x-switchyard-dropped-params')).toBe('allowed_domains, user_location');
    expect((await h.traceOf(response)).decisions?.dropped_params).toEqual({ gemini: ['allowed_domains', 'user_location'] });
  });

  it('are dropped and named for a chat client’s web_search_options and an Anthropic client’s tool', async () => {
    const { response } = await openai.chat.completions
      .create({ model: 'flash', messages: [{ role: 'user', content: question }], web_search_options: { search_context_size: 'low', user_location: { type: 'approximate', approximate: { country: 'GB' } } } })
      .withResponse();
    expect(response.headers.get('x-switchyard-dropped-params')).toBe('user_location');
    const claude = await anthropic.messages
      .create({ model: 'flash', max_tokens: 200, messages: [{ role: 'user', content: question }], tools: [{ type: 'web_search_20250305', name: 'web_search', max_uses: 2, blocked_domains: ['example.net'] }] })
      .withResponse();
    expect(sent().tools).toEqual([{ google_search: {} }]);
    expect(claude.response.headers.get('x-switchyard-dropped-params')).toBe('blocked_domains, max_uses');
  });
});

describe('a tool_choice naming the search tool', () => {
  const searchTool: OpenAI.Responses.Tool = { type: 'web_search_preview' };

  it('forces Claude’s web search (tool_choice type tool, name web_search), in any of the search’s names', async () => {
    for (const type of ['web_search_preview', 'web_search_preview_2025_03_11'] as const) {
      const { data, response } = await openai.responses.create({ model: 'sonnet', input: question, tools: [{ type: 'web_search' }], tool_choice: { type } }).withResponse();
      expect(sent().tool_choice).toEqual({ type: 'tool', name: 'web_search' });
      expect(sent().tools).toEqual([{ type: 'web_search_20250305', name: 'web_search', max_uses: 3 }]);
      expect(data.output.map((item) => item.type)).toEqual(['web_search_call', 'message']);
      expect(response.headers.get('x-switchyard-dropped-params')).toBeNull();
    }
  });

  it('is dropped, and named, on Gemini, which cannot force a tool it runs itself; the search is still offered', async () => {
    const { data, response } = await openai.responses.create({ model: 'flash', input: question, tools: [searchTool], tool_choice: { type: 'web_search_preview' } }).withResponse();
    expect(sent().tools).toEqual([{ google_search: {} }]);
    expect(sent()).not.toHaveProperty('toolConfig');
    expect(searched(data.output).queries).toEqual(['What is the latest Node.js LTS release']);
    expect(response.headers.get('x-switchyard-dropped-params')).toBe('tool_choice');
    expect((await h.traceOf(response)).decisions?.dropped_params).toEqual({ gemini: ['tool_choice'] });
  });

  it('goes with the search on a model without one, both named', async () => {
    const { response } = await openai.responses.create({ model: 'gpt', input: question, tools: [searchTool], tool_choice: { type: 'web_search_preview' } }).withResponse();
    expect(sent()).not.toHaveProperty('tool_choice');
    expect(response.headers.get('x-switchyard-dropped-params')).toBe('web_search, tool_choice');
  });

  it('is refused, as OpenAI refuses a choice of a tool not offered, without the search tool', async () => {
    await expect(openai.responses.create({ model: 'sonnet', input: question, tools: [{ type: 'function', name: 'f', parameters: null, strict: false }], tool_choice: { type: 'web_search_preview' } })).rejects.toMatchObject({
      status: 400,
      error: { param: 'tool_choice' },
    });
  });

  it('from an Anthropic client on Gemini: the search offered, the forcing dropped and named', async () => {
    const { response } = await anthropic.messages
      .create({ model: 'flash', max_tokens: 200, messages: [{ role: 'user', content: question }], tools: [{ type: 'web_search_20250305', name: 'web_search' }], tool_choice: { type: 'tool', name: 'web_search' } })
      .withResponse();
    expect(sent().tools).toEqual([{ google_search: {} }]);
    expect(sent()).not.toHaveProperty('toolConfig');
    expect(response.headers.get('x-switchyard-dropped-params')).toBe('tool_choice');
  });
});

describe('Gemini’s search results read (toolUsePromptTokenCount)', () => {
  // Google bills the grounding results fed to the model as input tokens, reported apart from the
  // prompt, and on Gemini 2.5 $35 per 1,000 grounded prompts on top (web-search-price.ts).
  const price = (input: number, output: number) => (input * 0.3 + output * 2.5) / 1_000_000 + 0.035;

  it('are input tokens in the client’s usage, on the trace and in the cost', async () => {
    const { data, response } = await openai.chat.completions.create({ model: 'flash', messages: [{ role: 'user', content: question }], web_search_options: {} }).withResponse();
    const gemini = await geminiUsageOfLast();
    expect(gemini.toolUsePromptTokenCount).toBeGreaterThan(0);
    const input = gemini.promptTokenCount + gemini.toolUsePromptTokenCount;
    expect(data.usage?.prompt_tokens).toBe(input);
    const trace = await h.traceOf(response);
    expect(trace.inputTokens).toBe(input);
    expect(trace.costUsd).toBeCloseTo(price(input, trace.outputTokens), 12);
  });

  it('are counted the same when streamed', async () => {
    const { data: stream, response } = await openai.chat.completions
      .create({ model: 'flash', messages: [{ role: 'user', content: question }], web_search_options: {}, stream: true, stream_options: { include_usage: true } })
      .withResponse();
    let usage: OpenAI.CompletionUsage | undefined | null;
    for await (const chunk of stream) usage = chunk.usage ?? usage;
    const gemini = await geminiUsageOfLast();
    const input = gemini.promptTokenCount + gemini.toolUsePromptTokenCount;
    expect(usage?.prompt_tokens).toBe(input);
    const trace = await h.traceOf(response);
    expect(trace.inputTokens).toBe(input);
    expect(trace.costUsd).toBeCloseTo(price(input, trace.outputTokens), 12);
  });

  it('are input tokens for a Responses client too', async () => {
    const { data, response } = await openai.responses.create({ model: 'flash', input: question, tools: [{ type: 'web_search' }] }).withResponse();
    const gemini = await geminiUsageOfLast();
    expect(data.usage?.input_tokens).toBe(gemini.promptTokenCount + gemini.toolUsePromptTokenCount);
    expect((await h.traceOf(response)).inputTokens).toBe(gemini.promptTokenCount + gemini.toolUsePromptTokenCount);
  });
});

describe('a chat client’s web_search_options', () => {
  it('is Claude’s web search; the cited pages come back as message.annotations', async () => {
    const { data, response } = await openai.chat.completions
      .create({ model: 'sonnet', messages: [{ role: 'user', content: question }], web_search_options: { search_context_size: 'high', user_location: { type: 'approximate', approximate: { country: 'GB', timezone: 'Europe/London' } } } })
      .withResponse();
    expect(sent().tools).toEqual([{ type: 'web_search_20250305', name: 'web_search', max_uses: 5, user_location: { type: 'approximate', country: 'GB', timezone: 'Europe/London' } }]);
    const message = data.choices[0]!.message;
    expect(message.annotations?.length).toBeGreaterThan(0);
    for (const annotation of message.annotations ?? []) {
      expect(annotation).toMatchObject({ type: 'url_citation', url_citation: { url: expect.stringMatching(/^https:\/\//), title: expect.any(String) } });
      expect(annotation.url_citation.end_index).toBeLessThanOrEqual(message.content!.length);
    }
    expect(response.headers.get('x-switchyard-dropped-params')).toBeNull();
    expect((await h.traceOf(response)).decisions?.web_search).toEqual({ searches: 1, usd: 0.01 });
  });

  it('gives a JSON answer that searched on Claude as the JSON alone, whole and streamed: the SDK helpers parse it', async () => {
    const schema = { type: 'object', properties: { version: { type: 'string' }, released: { type: 'string' } }, required: ['version', 'released'], additionalProperties: false };
    const request = { model: 'sonnet', messages: [{ role: 'user' as const, content: question }], web_search_options: {}, response_format: { type: 'json_schema' as const, json_schema: { name: 'release', schema, strict: true } } };
    // Claude's "Let me search for that. " came first: parse() threw on the content.
    const parsed = await openai.chat.completions.parse(request);
    const message = parsed.choices[0]!.message;
    expect(message.parsed).toEqual({ version: expect.any(String), released: expect.any(String) });
    expect(message.annotations?.length).toBeGreaterThan(0);
    for (const annotation of message.annotations ?? []) expect(annotation.url_citation).toMatchObject({ start_index: 0, end_index: message.content!.length });

    let deltas = '';
    const stream = openai.chat.completions.stream(request);
    stream.on('content.delta', ({ delta }) => {
      deltas += delta;
    });
    const final = await stream.finalChatCompletion();
    // The stream helper parses only zod formats (parsed stays null for a plain schema): the content is read as the client would.
    expect(JSON.parse(final.choices[0]!.message.content!)).toEqual({ version: expect.any(String), released: expect.any(String) });
    for (const annotation of final.choices[0]!.message.annotations ?? []) expect(annotation.url_citation).toMatchObject({ start_index: 0, end_index: final.choices[0]!.message.content!.length });
    expect(deltas).toBe(final.choices[0]!.message.content);
    expect(final.choices[0]!.message.role).toBe('assistant');
    // Without a JSON format, Claude's words before the search stay: they are part of a text answer.
    const text = await openai.chat.completions.create({ model: 'sonnet', messages: request.messages, web_search_options: {} });
    expect(text.choices[0]!.message.content).toMatch(/^Let me search for that\. /);
  });

  it('is Gemini’s Google Search grounding (no longer dropped); a grounded answer costs Google’s fee on top of its tokens', async () => {
    const { data, response } = await openai.chat.completions.create({ model: 'flash', messages: [{ role: 'user', content: question }], web_search_options: {} }).withResponse();
    expect(sent().tools).toEqual([{ google_search: {} }]);
    expect(data.choices[0]!.message.annotations?.length).toBe(2);
    expect(response.headers.get('x-switchyard-dropped-params')).toBeNull();
    const trace = await h.traceOf(response);
    expect(trace.decisions?.web_search).toEqual({ searches: 1, usd: 0.035 });
    const tokens = (trace.inputTokens * 0.3 + trace.outputTokens * 2.5) / 1_000_000;
    expect(trace.costUsd).toBeCloseTo(tokens + 0.035, 12);
    expect(Number(response.headers.get('x-switchyard-cost-usd'))).toBeCloseTo(tokens + 0.035, 8);
    // Without the search tool the same question is tokens only.
    const plain = await openai.chat.completions.create({ model: 'flash', messages: [{ role: 'user', content: question }] }).withResponse();
    const plainTrace = await h.traceOf(plain.response);
    expect(plainTrace.decisions?.web_search).toBeUndefined();
    expect(plainTrace.costUsd).toBeCloseTo((plainTrace.inputTokens * 0.3 + plainTrace.outputTokens * 2.5) / 1_000_000, 12);
  });

  it('costs $14 per 1,000 search queries on Gemini 3, whole and streamed', async () => {
    const { response } = await openai.chat.completions.create({ model: 'flash3', messages: [{ role: 'user', content: question }], web_search_options: {} }).withResponse();
    const trace = await h.traceOf(response);
    expect(trace.decisions?.web_search).toEqual({ searches: 1, usd: 0.014 });
    expect(trace.costUsd).toBeCloseTo((trace.inputTokens * 0.5 + trace.outputTokens * 3) / 1_000_000 + 0.014, 12);
    const { data: stream, response: streamed } = await openai.chat.completions.create({ model: 'flash3', messages: [{ role: 'user', content: question }], web_search_options: {}, stream: true }).withResponse();
    for await (const _chunk of stream);
    const streamedTrace = await h.traceOf(streamed);
    expect(streamedTrace.decisions?.web_search).toEqual({ searches: 1, usd: 0.014 });
    expect(streamedTrace.costUsd).toBeCloseTo((streamedTrace.inputTokens * 0.5 + streamedTrace.outputTokens * 3) / 1_000_000 + 0.014, 12);
  });
});
