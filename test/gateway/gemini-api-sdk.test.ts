/**
 * Google's own SDK (`@google/genai`, `httpOptions: { baseUrl }`) against the gateway's Gemini API,
 * on the simulator: a Gemini model (same format, the client's body forwarded), an OpenAI model and
 * a Claude model (translated both ways), whole and streamed, and everything the pipeline does for
 * any call (keys, budgets, traces, cost, the x-switchyard headers).
 */
import { ApiError, type Content, FunctionCallingConfigMode, GoogleGenAI, Type } from '@google/genai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pngImage } from '../../src/test-support/png-image.js';
import { type Harness, startHarness, threeVendorProviders } from '../../src/test-support/gateway-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness('', (sim) => `${threeVendorProviders(sim)}
models:
  flash: { provider: gem, model: gemini-2.5-flash, price: { input_per_mtok: 0.30, output_per_mtok: 2.50 } }
  mini: { provider: oai, model: gpt-5.4-mini, price: { input_per_mtok: 0.25, output_per_mtok: 2.00 } }
  sonnet: { provider: anth, model: claude-sonnet-4-6, price: { input_per_mtok: 3, output_per_mtok: 15 } }
  gembed: { provider: gem, model: gemini-embedding-001 }
  oembed: { provider: oai, model: text-embedding-3-small }
routes:
  cheap: { policy: static, target: mini }
keys:
  - { key: sk-sy-gem, name: gem }
  - { key: sk-sy-broke, name: broke, budget: { usd: 0.000001 } }
`);
});
afterAll(() => h.close());

const MODELS = ['flash', 'mini', 'sonnet'] as const;
const PROVIDER = { flash: 'gem', mini: 'oai', sonnet: 'anth' } as const;
const genai = (apiKey = 'sk-sy-gem') => new GoogleGenAI({ apiKey, httpOptions: { baseUrl: h.gateway.url } });

describe('@google/genai against the gateway', () => {
  it.each(MODELS)('generateContent and generateContentStream on %s, with a system instruction, usage and a trace recorded as the Gemini API', async (model) => {
    const ai = genai();
    const answer = await ai.models.generateContent({ model, contents: 'Say hello to the trains', config: { systemInstruction: 'Be brief.' } });
    expect(answer.text?.length).toBeGreaterThan(0);
    expect(answer.candidates?.[0]?.finishReason).toBe('STOP');
    expect(answer.usageMetadata?.promptTokenCount).toBeGreaterThan(0);
    expect(answer.usageMetadata?.totalTokenCount).toBeGreaterThan(answer.usageMetadata?.promptTokenCount ?? 0);
    const headers = answer.sdkHttpResponse?.headers ?? {};
    expect(Number(headers['x-switchyard-cost-usd'])).toBeGreaterThan(0);
    const trace = await h.traceOf(headers['x-switchyard-trace-id']);
    expect(trace).toMatchObject({ endpoint: 'gemini', requestedModel: model, provider: PROVIDER[model], status: 200, keyName: 'gem', stream: false });
    expect(trace.inputTokens).toBe(answer.usageMetadata?.promptTokenCount);
    expect(trace.costUsd).toBeGreaterThan(0);

    let streamed = '';
    let last: Awaited<ReturnType<typeof ai.models.generateContent>> | undefined;
    for await (const chunk of await ai.models.generateContentStream({ model, contents: 'Tell me about level crossings', config: { systemInstruction: 'Be brief.' } })) {
      streamed += chunk.text ?? '';
      last = chunk;
    }
    expect(streamed.length).toBeGreaterThan(0);
    expect(last?.candidates?.[0]?.finishReason).toBe('STOP');
    expect(last?.usageMetadata?.candidatesTokenCount).toBeGreaterThan(0);
    const streamTrace = await h.waitForTrace((t) => t.requestedModel === model && t.stream && t.endpoint === 'gemini');
    expect(streamTrace).toMatchObject({ status: 200, provider: PROVIDER[model] });
    expect(streamTrace.outputTokens).toBeGreaterThan(0);
  });

  it.each(MODELS)('runs a function-calling round trip on %s: the call comes back as a functionCall, its functionResponse gets an answer in text', async (model) => {
    const ai = genai();
    const config = {
      tools: [{ functionDeclarations: [{ name: 'get_weather', description: 'Weather for a city', parameters: { type: Type.OBJECT, properties: { city: { type: Type.STRING } }, required: ['city'] } }] }],
      toolConfig: { functionCallingConfig: { mode: FunctionCallingConfigMode.ANY } },
    };
    const asked: Content = { role: 'user', parts: [{ text: 'What is the weather in Oslo?' }] };
    const first = await ai.models.generateContent({ model, contents: [asked], config });
    const call = first.functionCalls?.[0];
    expect(call?.name).toBe('get_weather');
    expect(typeof call?.args?.city).toBe('string');
    const turn = first.candidates?.[0]?.content as Content;
    const reply = await ai.models.generateContent({
      model,
      contents: [asked, turn, { role: 'user', parts: [{ functionResponse: { name: 'get_weather', id: call?.id, response: { output: 'Sunny, 18 °C' } } }] }],
      config: { tools: config.tools },
    });
    expect(reply.functionCalls ?? []).toHaveLength(0);
    expect(reply.text?.length).toBeGreaterThan(0);

    // Streamed, the call comes whole in one chunk.
    const calls = [];
    for await (const chunk of await ai.models.generateContentStream({ model, contents: [asked], config })) calls.push(...(chunk.functionCalls ?? []));
    expect(calls.map((c) => c.name)).toEqual(['get_weather']);
  });

  it.each([
    ['flash', 'responseSchema'],
    ['mini', 'responseSchema'],
    ['sonnet', 'responseJsonSchema'],
  ] as const)('answers %s in JSON that fits a %s', async (model, field) => {
    const schema =
      field === 'responseSchema'
        ? { type: Type.OBJECT, properties: { city: { type: Type.STRING }, population: { type: Type.INTEGER } }, required: ['city', 'population'] }
        : { type: 'object', properties: { city: { type: 'string' }, population: { type: 'integer' } }, required: ['city', 'population'], additionalProperties: false };
    const answer = await genai().models.generateContent({ model, contents: 'The largest city of Norway and its population', config: { responseMimeType: 'application/json', [field]: schema } });
    const value = JSON.parse(answer.text ?? '') as { city: unknown; population: unknown };
    expect(typeof value.city).toBe('string');
    expect(Number.isInteger(value.population)).toBe(true);
  });

  it.each(MODELS)('answers %s in JSON for responseMimeType "application/json" alone, whose prompt never says "json", whole and streamed', async (model) => {
    // OpenAI's JSON mode requires the word in the messages; Gemini asks nothing of the prompt, so
    // a Gemini client's call to an OpenAI model met OpenAI's 400 ("'messages' must contain the
    // word 'json' in some form…") until the gateway said it.
    const request = { model, contents: 'The largest city of Norway and its population', config: { responseMimeType: 'application/json' } };
    const answer = await genai().models.generateContent(request);
    expect(JSON.parse(answer.text ?? ''), model).toBeTypeOf('object');
    let streamed = '';
    for await (const chunk of await genai().models.generateContentStream(request)) streamed += chunk.text ?? '';
    expect(JSON.parse(streamed), model).toBeTypeOf('object');
    if (model === 'mini') expect((h.sim.stats().lastRequests.at(-1)?.body as { messages: unknown[] }).messages[0]).toEqual({ role: 'system', content: 'Answer in JSON.' });
  });

  it('counts tokens and embeds, one and a batch, on a Gemini and an OpenAI embedding model', async () => {
    const ai = genai();
    const counted = await ai.models.countTokens({ model: 'mini', contents: 'How many tokens is this sentence?' });
    expect(counted.totalTokens).toBeGreaterThan(5);
    const longer = await ai.models.countTokens({ model: 'flash', contents: 'How many tokens is this sentence? And this one, which is longer than the first?' });
    expect(longer.totalTokens).toBeGreaterThan(counted.totalTokens ?? 0);
    for (const model of ['gembed', 'oembed']) {
      const one = await ai.models.embedContent({ model, contents: 'level crossing' });
      expect(one.embeddings).toHaveLength(1);
      expect(one.embeddings?.[0]?.values?.length).toBeGreaterThan(100);
      const batch = await ai.models.embedContent({ model, contents: ['level crossing', 'signal box', 'points'], config: { outputDimensionality: 256 } });
      expect(batch.embeddings?.map((e) => e.values?.length)).toEqual([256, 256, 256]);
      const trace = await h.waitForTrace((t) => t.requestedModel === model && t.endpoint === 'embeddings');
      expect(trace.status).toBe(200);
    }
  });

  it('takes a route name as the model', async () => {
    const answer = await genai().models.generateContent({ model: 'cheap', contents: 'Hi' });
    expect(answer.text?.length).toBeGreaterThan(0);
    const trace = await h.traceOf(answer.sdkHttpResponse?.headers?.['x-switchyard-trace-id']);
    expect(trace).toMatchObject({ requestedModel: 'cheap', provider: 'oai', endpoint: 'gemini' });
  });

  it("refuses in Google's error shape: a wrong key (401 UNAUTHENTICATED), an unknown model (404 with the did-you-mean), a spent budget (429 RESOURCE_EXHAUSTED)", async () => {
    const wrong = await genai('sk-sy-wrong').models.generateContent({ model: 'flash', contents: 'Hi' }).catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(ApiError);
    expect((wrong as ApiError).status).toBe(401);
    expect(JSON.parse((wrong as ApiError).message)).toEqual({ error: { code: 401, status: 'UNAUTHENTICATED', message: expect.stringContaining('invalid API key') } });
    const unknown = await genai().models.generateContent({ model: 'flsh', contents: 'Hi' }).catch((e: unknown) => e);
    expect((unknown as ApiError).status).toBe(404);
    expect(JSON.parse((unknown as ApiError).message).error).toMatchObject({ status: 'NOT_FOUND', message: expect.stringContaining('did you mean "flash"?') });
    const broke = await genai('sk-sy-broke').models.generateContentStream({ model: 'sonnet', contents: 'Hi' }).catch((e: unknown) => e);
    expect((broke as ApiError).status).toBe(429);
    expect(JSON.parse((broke as ApiError).message).error).toMatchObject({ code: 429, status: 'RESOURCE_EXHAUSTED', message: expect.stringContaining('budget') });
  });

  it("lists the gateway's models in Google's shape", async () => {
    const names: string[] = [];
    for await (const model of await genai().models.list()) names.push(model.name ?? '');
    expect(names).toEqual(expect.arrayContaining(['models/flash', 'models/mini', 'models/sonnet', 'models/gembed', 'models/oembed']));
    const one = await genai().models.get({ model: 'flash' });
    expect(one.name).toBe('models/flash');
  });

  it("gives chat models Google's generateContent and embedding models embedContent, as clients pick them by", async () => {
    // multi-llm-ts (Witsy) and Google's own examples file a model by its methods: embedContent makes
    // it an embedding model, generateContent a chat model. Every method on every model left no chat model.
    const actions = new Map<string, string[]>();
    for await (const model of await genai().models.list()) actions.set(model.name ?? '', model.supportedActions ?? []);
    for (const chat of ['models/flash', 'models/mini', 'models/sonnet', 'models/cheap']) {
      expect(actions.get(chat)).toContain('generateContent');
      expect(actions.get(chat)).not.toContain('embedContent');
    }
    for (const embedder of ['models/gembed', 'models/oembed']) {
      expect(actions.get(embedder)).toContain('embedContent');
      expect(actions.get(embedder)).not.toContain('generateContent');
    }
    expect((await genai().models.get({ model: 'gembed' })).supportedActions).toEqual(['embedContent', 'countTokens']);
  });

  it('pages models.list by pageSize and pageToken, as Google does', async () => {
    const all: string[] = [];
    for await (const model of await genai().models.list()) all.push(model.name ?? '');
    // The SDK's pager asks for pages of two and follows nextPageToken to the same models.
    const pager = await genai().models.list({ config: { pageSize: 2 } });
    expect(pager.page).toHaveLength(2);
    const paged: string[] = [];
    for await (const model of pager) paged.push(model.name ?? '');
    expect(paged).toEqual(all);
    const raw = (query: string) => fetch(`${h.gateway.url}/v1beta/models?${query}`, { headers: { 'x-goog-api-key': 'sk-sy-gem' } });
    const last = (await (await raw(`pageSize=2&pageToken=${all.at(-3)!.slice('models/'.length)}`)).json()) as { models: { name: string }[]; nextPageToken?: string };
    expect(last.models.map((m) => m.name)).toEqual(all.slice(-2));
    expect(last).not.toHaveProperty('nextPageToken');
    for (const [query, field] of [['pageSize=ten', 'pageSize'], ['pageToken=nope', 'pageToken']]) {
      const refused = await raw(query!);
      expect(refused.status).toBe(400);
      expect(((await refused.json()) as { error: { status: string; message: string } }).error).toMatchObject({ status: 'INVALID_ARGUMENT', message: expect.stringContaining(field!) });
    }
  });
});

describe("errors Google sends mid-stream, mapped as the other providers' are", () => {
  /** Reads a stream to its end; resolves to what it threw. */
  const failure = async (stream: AsyncIterable<unknown>): Promise<unknown> => {
    try {
      for await (const _ of stream);
    } catch (error) {
      return error;
    }
    throw new Error('the stream did not fail');
  };
  const fault = (status: number) => h.sim.addFault({ kind: 'status', status, afterChunks: 2, model: 'gemini-2.5-flash', times: 3 });

  it.each([
    [429, 'RESOURCE_EXHAUSTED', 'Resource has been exhausted (e.g. check quota).'],
    [503, 'UNAVAILABLE', 'The model is overloaded. Please try again later.'],
  ])('%i reaches a Gemini client as Google wrote it (its status and name, not 502 INTERNAL), and is traced with that status', async (status, name, said) => {
    fault(status);
    try {
      let headers: Record<string, string> | undefined;
      let error: unknown;
      try {
        for await (const chunk of await genai().models.generateContentStream({ model: 'flash', contents: 'Tell me a long story' })) headers ??= chunk.sdkHttpResponse?.headers;
      } catch (caught) {
        error = caught;
      }
      // The answer had begun (a 200 and its first events) when the error came.
      expect(headers).toBeDefined();
      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).status).toBe(status);
      const body = JSON.parse((error as ApiError).message.replace(/^got status: \w+\. /, '')) as { error: unknown };
      expect(body.error).toEqual({ code: status, status: name, message: said });
      const trace = await h.traceOf(headers?.['x-switchyard-trace-id']);
      expect(trace).toMatchObject({ stream: true, status, errorCode: 'upstream_error' });
      expect(trace.errorMessage).toBe(`provider "gem" sent an error mid-stream: ${said} (${name})`);
    } finally {
      h.sim.clearFaults();
    }
  });

  it('reaches OpenAI and Anthropic clients with the type its status stands for, naming the provider', async () => {
    const openai = h.openai('sk-sy-gem');
    const anthropic = h.anthropic('sk-sy-gem');
    const ask = { model: 'flash', max_tokens: 300, messages: [{ role: 'user' as const, content: 'Tell me a long story' }] };
    try {
      fault(429);
      const limited = await failure(await openai.chat.completions.create({ ...ask, stream: true }));
      expect(limited).toMatchObject({ status: undefined, type: 'requests', code: 'rate_limit_exceeded', message: expect.stringContaining('provider "gem" sent an error mid-stream: Resource has been exhausted') });
      expect(await failure(anthropic.messages.stream(ask))).toMatchObject({ type: 'rate_limit_error', error: { error: { type: 'rate_limit_error', message: expect.stringContaining('(RESOURCE_EXHAUSTED)') } } });
      h.sim.clearFaults();
      fault(503);
      expect(await failure(anthropic.messages.stream(ask))).toMatchObject({ type: 'overloaded_error' });
      // Google's UNAVAILABLE is an overload: OpenAI's own type and code for one.
      expect(await failure(await openai.chat.completions.create({ ...ask, stream: true }))).toMatchObject({ type: 'service_unavailable_error', code: 'server_is_overloaded' });
    } finally {
      h.sim.clearFaults();
    }
  });
});

describe('an overload Google reports in-band before it answers', () => {
  it('is retried unheard: the Gemini client streams the retry’s answer, no error, and the trace has both attempts', async () => {
    // Google's 200, then its error object before any event: nothing was said, so the attempt can
    // still be retried as a whole answer's 503 is (the client got the error before).
    h.sim.addFault({ kind: 'status', status: 503, afterChunks: 0, model: 'gemini-2.5-flash', times: 1 });
    try {
      let headers: Record<string, string> | undefined;
      let text = '';
      for await (const chunk of await genai().models.generateContentStream({ model: 'flash', contents: 'Tell me a short story' })) {
        headers ??= chunk.sdkHttpResponse?.headers;
        text += chunk.text ?? '';
      }
      expect(text.length).toBeGreaterThan(0);
      const trace = await h.traceOf(headers?.['x-switchyard-trace-id']);
      expect(trace).toMatchObject({ status: 200, stream: true });
      expect(trace.attempts.map((attempt) => attempt.status)).toEqual([503, 200]);
    } finally {
      h.sim.clearFaults();
    }
  });
});

describe('countTokens: asked of Google for a Gemini provider, counted by the gateway for the others', () => {
  it("counts an image at the rate of the model's vendor: Claude's 28 px patches, Gemini's 258-token tiles, OpenAI's patches", async () => {
    const ai = genai();
    const image = { inlineData: { mimeType: 'image/png', data: pngImage(1000, 1000).toString('base64') } };
    const tokens = async (model: string, withImage: boolean) =>
      (await ai.models.countTokens({ model, contents: [{ role: 'user', parts: [...(withImage ? [image] : []), { text: 'What is in this picture?' }] }] })).totalTokens ?? 0;
    expect((await tokens('sonnet', true)) - (await tokens('sonnet', false))).toBe(36 * 36);
    expect((await tokens('flash', true)) - (await tokens('flash', false))).toBe(4 * 258);
    expect((await tokens('mini', true)) - (await tokens('mini', false))).toBe(Math.ceil(32 * 32 * 1.62));
  });

  it("forwards a Gemini model's count to Google, cachedContent and all, and answers Google's own body; refuses for the others what a local count cannot see", async () => {
    const count = (model: string, body: unknown) =>
      fetch(`${h.gateway.url}/v1beta/models/${model}:countTokens`, { method: 'POST', headers: { 'x-goog-api-key': 'sk-sy-gem', 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const contents = [{ role: 'user', parts: [{ text: 'And the rest?' }] }];
    // flash is served by a Gemini provider: Google (here the simulator) counts, and its body comes through.
    const forwarded = await count('flash', { generateContentRequest: { model: 'models/flash', contents, cachedContent: 'cachedContents/abc123' } });
    expect(forwarded.status).toBe(200);
    const counted = (await forwarded.json()) as { totalTokens: number; promptTokensDetails?: unknown };
    expect(counted.totalTokens).toBeGreaterThan(0);
    expect(counted.promptTokensDetails).toEqual([{ modality: 'TEXT', tokenCount: counted.totalTokens }]);
    // Google refuses a field its countTokens does not take, in its words, and the gateway passes that on.
    const unknownAtGoogle = await count('flash', { contents, config: { cachedContent: 'cachedContents/abc123' } });
    expect(unknownAtGoogle.status).toBe(400);
    expect(((await unknownAtGoogle.json()) as { error: { message: string; status: string } }).error).toMatchObject({ status: 'INVALID_ARGUMENT', message: expect.stringContaining('Unknown name "config"') });
    // sonnet is Claude's: counted locally (only totalTokens), and a cached content it cannot see is refused by name.
    const cached = await count('sonnet', { generateContentRequest: { model: 'models/sonnet', contents, cachedContent: 'cachedContents/abc123' } });
    expect(cached.status).toBe(400);
    expect(((await cached.json()) as { error: unknown }).error).toEqual({
      code: 400,
      status: 'INVALID_ARGUMENT',
      message: expect.stringMatching(/^generateContentRequest\.cachedContent: this model is not served by Google, so the gateway counts its tokens itself and cannot see the tokens of a cached content \("cachedContents\/abc123"\)/),
    });
    const unknown = await count('sonnet', { contents, config: { cachedContent: 'cachedContents/abc123' } });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { error: { message: string } }).error.message).toContain('Unknown name "config"');
    // The same request without the cache counts.
    const plain = await count('sonnet', { generateContentRequest: { model: 'models/sonnet', contents } });
    expect(await plain.json()).toEqual({ totalTokens: expect.any(Number) });
  });

});

describe('an empty stopSequences, as LangChain\'s ChatGoogleGenerativeAI sends on every call', () => {
  it.each(MODELS)('is no stop list on %s (gpt-5.4-mini refuses stop, so it was a 400)', async (model) => {
    const answer = await genai().models.generateContent({ model, contents: 'Say hello', config: { stopSequences: [] } });
    expect(answer.text?.length).toBeGreaterThan(0);
    expect(answer.candidates?.[0]?.finishReason).toBe('STOP');
  });
});
