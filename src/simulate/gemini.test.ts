/**
 * The simulator's Gemini mode as Google's official `@google/genai` SDK and a plain HTTP client
 * see it: generation, SSE streaming framed as Google frames it, function calling with thought
 * signatures, structured output, thinking, embeddings, token counting, models, auth and faults.
 */
import { ApiError, FunctionCallingConfigMode, GoogleGenAI, MediaResolution, Type } from '@google/genai';
import { describe, expect, it } from 'vitest';
import { pdfDocument } from '../test-support/pdf-document.js';
import { pngImage } from '../test-support/png-image.js';
import { satisfiesSchema } from '../test-support/satisfies-schema.js';
import { simulatorPerFile } from '../test-support/simulator-per-file.js';
import type { Simulator } from './types.js';

let sim: Simulator;
let ai: GoogleGenAI;

simulatorPerFile((started) => {
  sim = started;
  ai = new GoogleGenAI({ apiKey: 'AIza-test', httpOptions: { baseUrl: sim.url } });
}, { clearBetweenTests: true });

const post = (path: string, body: unknown, headers: Record<string, string> = { 'x-goog-api-key': 'AIza-test' }) =>
  fetch(`${sim.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
const user = (text: string) => ({ role: 'user', parts: [{ text }] });

const weather = {
  name: 'get_weather',
  description: 'Current weather for a city',
  parameters: {
    type: Type.OBJECT,
    properties: { city: { type: Type.STRING }, unit: { type: Type.STRING, format: 'enum', enum: ['celsius', 'fahrenheit'] }, days: { type: Type.INTEGER, minimum: 1, maximum: 7 } },
    required: ['city', 'unit', 'days'],
  },
};
const weatherJsonSchema = { type: 'object', properties: { city: { type: 'string' }, unit: { enum: ['celsius', 'fahrenheit'] }, days: { type: 'integer', minimum: 1, maximum: 7 } }, required: ['city', 'unit', 'days'] };

describe('generateContent', () => {
  it('answers deterministically with text, a responseId and Gemini usage', async () => {
    const request = { model: 'gemini-2.0-flash', contents: 'Tell me about rate limits' };
    const first = await ai.models.generateContent(request);
    const second = await ai.models.generateContent(request);
    expect(first.text).toMatch(/rate limits/);
    expect(second.text).toBe(first.text);
    expect(first.responseId).not.toBe(second.responseId);
    expect(first.modelVersion).toBe('gemini-2.0-flash');
    expect(first.candidates?.[0]?.finishReason).toBe('STOP');
    const usage = first.usageMetadata!;
    expect(usage.totalTokenCount).toBe(usage.promptTokenCount! + usage.candidatesTokenCount!);
    expect(usage.thoughtsTokenCount).toBeUndefined();
  });

  it('reports thoughts apart on thinking models, shows them when asked, and stops thinking at budget 0', async () => {
    const thinking = await ai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'Why is the sky blue?', config: { thinkingConfig: { includeThoughts: true } } });
    const parts = thinking.candidates![0]!.content!.parts!;
    expect(parts[0]).toMatchObject({ thought: true });
    const usage = thinking.usageMetadata!;
    expect(usage.thoughtsTokenCount).toBeGreaterThan(0);
    expect(usage.totalTokenCount).toBe(usage.promptTokenCount! + usage.candidatesTokenCount! + usage.thoughtsTokenCount!);
    const off = await ai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'Why is the sky blue?', config: { thinkingConfig: { thinkingBudget: 0 } } });
    expect(off.usageMetadata?.thoughtsTokenCount).toBeUndefined();
    const level = await ai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'x', config: { thinkingConfig: { thinkingLevel: 'LOW' as never } } }).catch((e: unknown) => e);
    expect(level).toBeInstanceOf(ApiError);
    expect((level as ApiError).message).toMatch(/Thinking level is not supported for this model/);
    // A level is read in any case, but only its ASCII letters: "hıgh" (a dotless ı) is no level.
    expect((await ai.models.generateContent({ model: 'gemini-3-flash-preview', contents: 'x', config: { thinkingConfig: { thinkingLevel: 'high' as never } } })).usageMetadata?.thoughtsTokenCount).toBeGreaterThan(0);
    const dotless = await ai.models.generateContent({ model: 'gemini-3-flash-preview', contents: 'x', config: { thinkingConfig: { thinkingLevel: 'hıgh' as never } } }).catch((e: unknown) => e);
    expect((dotless as ApiError).message).toContain("Invalid value at 'generation_config.thinking_config.thinking_level'");
    // JSON null is a field left unset, as proto JSON reads it; includeThoughts is a bool (helper hostile15).
    const unset = await ai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'x', config: { thinkingConfig: { thinkingLevel: null as never, thinkingBudget: 0 } } });
    expect(unset.usageMetadata?.thoughtsTokenCount).toBeUndefined();
    const yes = await ai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'x', config: { thinkingConfig: { includeThoughts: 'yes' as never } } }).catch((e: unknown) => e);
    expect(yes).toBeInstanceOf(ApiError);
    // The SDK's message is the error body's JSON: the quotes come escaped.
    expect((yes as ApiError).message).toContain(JSON.stringify(`Invalid value at 'generation_config.thinking_config.include_thoughts' (TYPE_BOOL), "yes"`).slice(1, -1));
  });

  it('counts thinking toward maxOutputTokens on Gemini 2.5, whole and streamed, and answers nothing when thinking used it all', async () => {
    const config = { maxOutputTokens: 40, thinkingConfig: { includeThoughts: true } };
    const whole = await ai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'Write a long essay about trains', config });
    const usage = whole.usageMetadata!;
    expect(usage.thoughtsTokenCount).toBeGreaterThan(0);
    expect(usage.candidatesTokenCount! + usage.thoughtsTokenCount!).toBe(40);
    expect(usage.totalTokenCount).toBe(usage.promptTokenCount! + usage.candidatesTokenCount! + usage.thoughtsTokenCount!);
    expect(whole.candidates?.[0]?.finishReason).toBe('MAX_TOKENS');
    let last: (typeof whole)['usageMetadata'];
    let finish: string | undefined;
    for await (const chunk of await ai.models.generateContentStream({ model: 'gemini-2.5-flash', contents: 'Write a long essay about trains', config })) {
      last = chunk.usageMetadata ?? last;
      finish = chunk.candidates?.[0]?.finishReason ?? finish;
    }
    expect(last).toEqual(usage);
    expect(finish).toBe('MAX_TOKENS');
    const spent = await ai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'Write a long essay about trains', config: { maxOutputTokens: 10, thinkingConfig: { thinkingBudget: 1024 } } });
    // A budget the client set is spent even when it leaves the answer nothing, and so is dynamic thinking.
    expect(spent.usageMetadata).toMatchObject({ thoughtsTokenCount: 10 });
    expect(spent.usageMetadata?.candidatesTokenCount ?? 0).toBe(0);
    expect(spent.candidates?.[0]?.finishReason).toBe('MAX_TOKENS');
    expect(spent.text).toBeUndefined();
    const dynamic = await ai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'Write a long essay about trains', config: { maxOutputTokens: 10 } });
    expect(dynamic.usageMetadata).toMatchObject({ thoughtsTokenCount: 10 });
    expect(dynamic.usageMetadata?.candidatesTokenCount ?? 0).toBe(0);
    expect(dynamic.candidates?.[0]?.finishReason).toBe('MAX_TOKENS');
  });

  it('stops at maxOutputTokens with MAX_TOKENS, and gives each of several candidates its own text', async () => {
    const short = await ai.models.generateContent({ model: 'gemini-2.0-flash', contents: 'Write a lot', config: { maxOutputTokens: 3 } });
    expect(short.candidates?.[0]?.finishReason).toBe('MAX_TOKENS');
    expect(short.usageMetadata?.candidatesTokenCount).toBe(3);
    const two = await ai.models.generateContent({ model: 'gemini-2.0-flash', contents: 'Two takes on caching', config: { candidateCount: 2 } });
    expect(two.candidates?.map((c) => c.index)).toEqual([0, 1]);
    expect(two.candidates?.[0]?.content?.parts?.[0]?.text).not.toBe(two.candidates?.[1]?.content?.parts?.[0]?.text);
  });

  it("refuses maxOutputTokens above the model's outputTokenLimit as INVALID_ARGUMENT, in Google's words", async () => {
    const error = await ai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'x', config: { maxOutputTokens: 100_000 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(400);
    const raw = await post('/v1beta/models/gemini-2.0-flash:generateContent', { contents: [user('x')], generationConfig: { maxOutputTokens: 8193 } });
    expect(raw.status).toBe(400);
    expect(await raw.json()).toMatchObject({
      error: { code: 400, status: 'INVALID_ARGUMENT', message: 'Unable to submit request because it has a maxOutputTokens value of 8193 but the supported range is from 1 (inclusive) to 8193 (exclusive). Update the value and try again.' },
    });
    const atLimit = await ai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'x', config: { maxOutputTokens: 65_536 } });
    expect(atLimit.candidates?.[0]?.finishReason).toBe('STOP');
    expect((await ai.models.get({ model: 'gemini-2.0-flash' })).outputTokenLimit).toBe(8192);
  });

  it('returns JSON that satisfies responseSchema or responseJsonSchema', async () => {
    const schema = { type: Type.OBJECT, properties: { verdict: { type: Type.STRING, format: 'enum', enum: ['pass', 'fail'] }, score: { type: Type.NUMBER, minimum: 0, maximum: 1 } }, required: ['verdict', 'score'] };
    const typed = await ai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'Grade this', config: { responseMimeType: 'application/json', responseSchema: schema } });
    expect(satisfiesSchema({ type: 'object', properties: { verdict: { enum: ['pass', 'fail'] }, score: { type: 'number', minimum: 0, maximum: 1 } }, required: ['verdict', 'score'] }, JSON.parse(typed.text!))).toBe(true);
    const raw = await ai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'Forecast', config: { responseMimeType: 'application/json', responseJsonSchema: weatherJsonSchema } });
    expect(satisfiesSchema(weatherJsonSchema, JSON.parse(raw.text!))).toBe(true);
  });

  it('reports implicit cache hits on a repeated long prefix', async () => {
    const system = 'Policy handbook. '.repeat(400);
    const ask = (text: string) => post('/v1beta/models/gemini-2.5-flash:generateContent', { systemInstruction: { parts: [{ text: system }] }, contents: [user(text)] }).then((r) => r.json() as Promise<{ usageMetadata: Record<string, number> }>);
    const first = await ask('question one');
    const second = await ask('question two');
    expect(first.usageMetadata['cachedContentTokenCount']).toBeUndefined();
    expect(second.usageMetadata['cachedContentTokenCount']).toBeGreaterThanOrEqual(1024);
  });

  it('rejects fields Gemini does not know, in Google words', async () => {
    const response = await post('/v1beta/models/gemini-2.5-flash:generateContent', { contents: [user('hi')], user: 'u-1' });
    expect(response.status).toBe(400);
    const message = 'Invalid JSON payload received. Unknown name "user": Cannot find field.';
    expect(await response.json()).toEqual({
      error: { code: 400, message, status: 'INVALID_ARGUMENT', details: [{ '@type': 'type.googleapis.com/google.rpc.BadRequest', fieldViolations: [{ description: message }] }] },
    });
    const config = await post('/v1beta/models/gemini-2.5-flash:generateContent', { contents: [user('hi')], generation_config: { max_tokens: 5 } });
    const nested = 'Invalid JSON payload received. Unknown name "max_tokens" at \'generation_config\': Cannot find field.';
    expect(((await config.json()) as { error: { message: string; details: unknown } }).error).toMatchObject({ message: nested, details: [{ fieldViolations: [{ field: 'generation_config', description: nested }] }] });
    const empty = await post('/v1beta/models/gemini-2.5-flash:generateContent', { contents: [] });
    expect(((await empty.json()) as { error: { message: string } }).error.message).toMatch(/contents is not specified/);
  });
});

describe('streamGenerateContent', () => {
  it('streams the same text as generateContent, framed data: …\\r\\n\\r\\n, usage final on the last event', async () => {
    const request = { model: 'gemini-2.0-flash', contents: 'Stream me something about gateways' };
    const plain = await ai.models.generateContent(request);
    let text = '';
    let last: Awaited<ReturnType<typeof ai.models.generateContent>> | undefined;
    for await (const chunk of await ai.models.generateContentStream(request)) {
      text += chunk.text ?? '';
      last = chunk;
    }
    expect(text).toBe(plain.text);
    expect(last?.candidates?.[0]?.finishReason).toBe('STOP');
    expect(last?.usageMetadata?.candidatesTokenCount).toBe(plain.usageMetadata?.candidatesTokenCount);

    const raw = await post('/v1beta/models/gemini-2.0-flash:streamGenerateContent?alt=sse', { contents: [user('Stream me something about gateways')] });
    expect(raw.headers.get('content-type')).toBe('text/event-stream');
    const body = await raw.text();
    const events = body.split('\r\n\r\n').filter(Boolean);
    expect(events.length).toBeGreaterThan(1);
    expect(events.every((event) => event.startsWith('data: {"candidates":'))).toBe(true);
    expect(body.endsWith('\r\n\r\n')).toBe(true);
  });

  it('streams logprobsResult with each event for its own tokens, adding up to what generateContent gives', async () => {
    const request = { model: 'gemini-2.5-flash', contents: 'Stream me something about gateways', config: { responseLogprobs: true, logprobs: 2, thinkingConfig: { thinkingBudget: 0 } } };
    const whole = (await ai.models.generateContent(request)).candidates?.[0]?.logprobsResult;
    expect(whole?.chosenCandidates?.length).toBeGreaterThan(6);
    const chosen: unknown[] = [];
    const top: unknown[] = [];
    let events = 0;
    for await (const chunk of await ai.models.generateContentStream(request)) {
      const result = chunk.candidates?.[0]?.logprobsResult;
      events++;
      // Each event's entries are its text's tokens, one each.
      expect(result?.chosenCandidates?.map((c) => c.token).join('')).toBe(chunk.text);
      chosen.push(...(result?.chosenCandidates ?? []));
      top.push(...(result?.topCandidates ?? []));
    }
    expect(events).toBeGreaterThan(1);
    expect(chosen).toEqual(whole?.chosenCandidates);
    expect(top).toEqual(whole?.topCandidates);
  });

  it('paces the tokens of its multi-token events, not the events, at x-sim-tokens-per-second', async () => {
    const started = Date.now();
    const raw = await post('/v1beta/models/gemini-2.0-flash:streamGenerateContent?alt=sse', { contents: [user('Pace me a story')] }, { 'x-goog-api-key': 'AIza-test', 'x-sim-tokens-per-second': '200' });
    const events = (await raw.text()).split('\r\n\r\n').filter(Boolean).map((event) => JSON.parse(event.slice(6)) as { usageMetadata: { candidatesTokenCount: number } });
    const tokens = events.at(-1)!.usageMetadata.candidatesTokenCount;
    expect(events.length).toBeLessThan(tokens); // several tokens per event
    // Timers never fire early: the last event (six tokens at most) leaves once the tokens before it
    // are due, (N - 6) × 5 ms at 200/s; paced by events, it left after (events - 1) × 5 ms.
    expect(Date.now() - started).toBeGreaterThanOrEqual((tokens - 6) * 5 - 2);
  });

  it('streams one JSON array without alt=sse', async () => {
    const raw = await post('/v1beta/models/gemini-2.0-flash:streamGenerateContent', { contents: [user('An array please')] });
    const items = JSON.parse(await raw.text()) as { candidates: unknown[] }[];
    expect(items.length).toBeGreaterThan(1);
    expect(items.every((item) => Array.isArray(item.candidates))).toBe(true);
  });

  it("reads alt as Google does: any case is SSE, and a format it does not serve is Google's 400 INVALID_ARGUMENT before the key check", async () => {
    // Before: ?alt=SSE got the JSON array and ?alt=xml was answered as if it were JSON.
    const upper = await (await post('/v1beta/models/gemini-2.0-flash:streamGenerateContent?alt=SSE', { contents: [user('Stream in capitals')] })).text();
    expect(upper.startsWith('data: ')).toBe(true);
    for (const [query, message] of [
      ['alt=xml', `Invalid value "xml" for query parameter 'alt'`],
      ['alt=media', 'Unsupported alt type "media" for non byte stream request.'],
      ['alt=proto', 'alt=proto (protocol buffers) is not served by the simulator: use alt=json or alt=sse'],
    ] as const) {
      for (const method of ['generateContent', 'streamGenerateContent', 'countTokens']) {
        // No key sent: the format is refused first, as Google does.
        const answer = await post(`/v1beta/models/gemini-2.0-flash:${method}?${query}`, { contents: [user('hi')] }, {});
        expect(answer.status, `${method}?${query}`).toBe(400);
        expect(((await answer.json()) as { error: unknown }).error, `${method}?${query}`).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT', message });
      }
    }
    expect((await post('/v1beta/models/gemini-2.0-flash:generateContent?alt=JSON', { contents: [user('hi')] })).status).toBe(200);
  });
});

describe('function calling', () => {
  it('calls a mentioned function with arguments that satisfy its schema, and answers the result in text', async () => {
    const config = { tools: [{ functionDeclarations: [weather] }] };
    const first = await ai.models.generateContent({ model: 'gemini-2.0-flash', contents: 'Use get_weather for Oslo', config });
    const call = first.functionCalls?.[0];
    expect(call?.name).toBe('get_weather');
    expect(satisfiesSchema(weatherJsonSchema, call?.args)).toBe(true);
    expect(first.candidates?.[0]?.finishReason).toBe('STOP');
    const followUp = await ai.models.generateContent({
      model: 'gemini-2.0-flash',
      config,
      contents: [user('Use get_weather for Oslo'), first.candidates![0]!.content!, { role: 'user', parts: [{ functionResponse: { name: 'get_weather', response: { output: 'snow' } } }] }],
    });
    expect(followUp.functionCalls).toBeUndefined();
    expect(followUp.text?.length).toBeGreaterThan(0);
  });

  it('takes an agent’s tagged context beside the question for context: no call for a word of it', async () => {
    // Claude Code's reminder (here naming the weather tool) as the gateway sends it on to Gemini,
    // a part of the user turn: its words called get_weather before, as they called every tool
    // of Claude Code's that its reminders named.
    const reminder = '<system-reminder>\nThe get_weather tool reports the current weather of any city.\n</system-reminder>';
    const response = await ai.models.generateContent({
      model: 'gemini-2.0-flash',
      config: { tools: [{ functionDeclarations: [weather] }] },
      contents: [{ role: 'user', parts: [{ text: reminder }, { text: 'Tell me about rate limits' }] }],
    });
    expect(response.functionCalls).toBeUndefined();
    expect(response.text).toMatch(/rate limits/);
  });

  it('forces the one allowed function in ANY mode and never calls in NONE mode', async () => {
    const other = { name: 'get_time', parameters: { type: Type.OBJECT, properties: { zone: { type: Type.STRING } } } };
    const forced = await ai.models.generateContent({
      model: 'gemini-2.0-flash',
      contents: 'Hello there',
      config: { tools: [{ functionDeclarations: [weather, other] }], toolConfig: { functionCallingConfig: { mode: FunctionCallingConfigMode.ANY, allowedFunctionNames: ['get_time'] } } },
    });
    expect(forced.functionCalls?.map((c) => c.name)).toEqual(['get_time']);
    const none = await ai.models.generateContent({
      model: 'gemini-2.0-flash',
      contents: 'Use get_weather please',
      config: { tools: [{ functionDeclarations: [weather] }], toolConfig: { functionCallingConfig: { mode: FunctionCallingConfigMode.NONE } } },
    });
    expect(none.functionCalls).toBeUndefined();
  });

  it('signs Gemini 3 function calls and refuses the next turn when the signature is dropped', async () => {
    const contents = [user('Use get_weather for Paris')];
    const first = (await (await post('/v1beta/models/gemini-3-flash-preview:generateContent', { contents, tools: [{ functionDeclarations: [weather] }] })).json()) as {
      candidates: { content: { role: string; parts: Record<string, unknown>[] } }[];
    };
    const modelTurn = first.candidates[0]!.content;
    expect(typeof modelTurn.parts[0]!['thoughtSignature']).toBe('string');
    const reply = { role: 'user', parts: [{ functionResponse: { name: 'get_weather', response: { output: 'sunny' } } }] };
    const unsigned = { role: 'model', parts: modelTurn.parts.map(({ thoughtSignature: _s, ...part }) => part) };
    const refused = await post('/v1beta/models/gemini-3-flash-preview:generateContent', { contents: [...contents, unsigned, reply], tools: [{ functionDeclarations: [weather] }] });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/^Function call is missing a thought_signature in functionCall parts\..*`default_api:get_weather` , position 2\./);
    const accepted = await post('/v1beta/models/gemini-3-flash-preview:generateContent', { contents: [...contents, modelTurn, reply], tools: [{ functionDeclarations: [weather] }] });
    expect(accepted.status).toBe(200);
    const sentinel = { role: 'model', parts: [{ ...unsigned.parts[0], thoughtSignature: 'skip_thought_signature_validator' }] };
    expect((await post('/v1beta/models/gemini-3-flash-preview:generateContent', { contents: [...contents, sentinel, reply], tools: [{ functionDeclarations: [weather] }] })).status).toBe(200);
  });

  it('refuses a function declared with an empty OBJECT, as Gemini does', async () => {
    const response = await post('/v1beta/models/gemini-2.0-flash:generateContent', { contents: [user('x')], tools: [{ functionDeclarations: [{ name: 'noop', parameters: { type: 'OBJECT', properties: {} } }] }] });
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/parameters\.properties: should be non-empty for OBJECT type/);
  });
});

describe('embeddings, token counting and models', () => {
  it('embeds through the SDK (batchEmbedContents) and through embedContent, with outputDimensionality', async () => {
    const sdk = await ai.models.embedContent({ model: 'gemini-embedding-001', contents: ['cats purr', 'cats purr'], config: { outputDimensionality: 64 } });
    expect(sdk.embeddings?.map((e) => e.values?.length)).toEqual([64, 64]);
    expect(sdk.embeddings?.[0]?.values).toEqual(sdk.embeddings?.[1]?.values);
    const single = (await (await post('/v1beta/models/gemini-embedding-001:embedContent', { content: { parts: [{ text: 'cats purr' }] } })).json()) as { embedding: { values: number[] } };
    expect(single.embedding.values).toHaveLength(3072);
    const mismatch = await post('/v1beta/models/gemini-embedding-001:batchEmbedContents', { requests: [{ model: 'models/other', content: { parts: [{ text: 'x' }] } }] });
    expect(mismatch.status).toBe(400);
  });

  it("refuses to generate with an embedding model, in Google's words, naming the method asked for", async () => {
    for (const [method, call] of [
      ['generateContent', () => ai.models.generateContent({ model: 'gemini-embedding-001', contents: 'hi' })],
      ['streamGenerateContent', () => ai.models.generateContentStream({ model: 'gemini-embedding-001', contents: 'hi' })],
    ] as const) {
      const error = await (call as () => Promise<unknown>)().then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).status).toBe(404);
      expect((error as ApiError).message).toContain(`models/gemini-embedding-001 is not found for API version v1beta, or is not supported for ${method}. Call ListModels`);
    }
  });

  it('counts tokens exactly as usageMetadata.promptTokenCount', async () => {
    const contents = 'How many tokens is this sentence?';
    const counted = await ai.models.countTokens({ model: 'gemini-2.0-flash', contents });
    const generated = await ai.models.generateContent({ model: 'gemini-2.0-flash', contents });
    expect(counted.totalTokens).toBe(generated.usageMetadata?.promptTokenCount);
  });

  it('counts an image as Gemini does, by its size, and reports it under the IMAGE modality in usageMetadata', async () => {
    const image = (width: number, height: number) => ({ inlineData: { mimeType: 'image/png', data: pngImage(width, height).toString('base64') } });
    const contents = (...media: object[]) => [{ role: 'user', parts: [...media, { text: 'What is in this picture?' }] }];
    const count = (model: string, ...media: object[]) => ai.models.countTokens({ model, contents: contents(...media) });
    const text = (await count('gemini-2.5-flash')).totalTokens ?? 0;
    // Within 384 × 384: one 258-token tile; 1,000 × 1,000: tiles of 666 px (the short side ÷ 1.5), 2 × 2.
    expect(((await count('gemini-2.5-flash', image(300, 200))).totalTokens ?? 0) - text).toBe(258);
    const large = await count('gemini-2.5-flash', image(1000, 1000));
    expect((large.totalTokens ?? 0) - text).toBe(4 * 258);
    // Gemini 3 at its default media resolution: a fixed 1,120 an image; a file by reference, not fetched, the same.
    const text3 = (await count('gemini-3-flash-preview')).totalTokens ?? 0;
    expect(((await count('gemini-3-flash-preview', image(1000, 1000))).totalTokens ?? 0) - text3).toBe(1120);
    const generated = await ai.models.generateContent({ model: 'gemini-2.5-flash', contents: contents(image(1000, 1000)) });
    expect(generated.usageMetadata?.promptTokenCount).toBe(large.totalTokens);
    expect(generated.usageMetadata?.promptTokensDetails).toEqual([{ modality: 'TEXT', tokenCount: text }, { modality: 'IMAGE', tokenCount: 4 * 258 }]);
    // Other media: one tile, under its own modality.
    const withPdf = await ai.models.generateContent({ model: 'gemini-2.5-flash', contents: contents({ fileData: { mimeType: 'application/pdf', fileUri: 'https://example.com/a.pdf' } }) });
    expect(withPdf.usageMetadata?.promptTokensDetails).toContainEqual({ modality: 'DOCUMENT', tokenCount: 258 });
  });

  it("refuses inline data that is not base64, in Google's words (it answered 'notbase64!!' as an image)", async () => {
    const ask = (data: string) => post('/v1beta/models/gemini-2.5-flash:generateContent', { contents: [user('hi'), { role: 'model', parts: [{ text: 'Hello' }] }, { role: 'user', parts: [{ text: 'What is it?' }, { inlineData: { mimeType: 'image/png', data } }] }] });
    const response = await ask('notbase64!!');
    expect(response.status).toBe(400);
    const message = `Invalid value at 'contents[2].parts[1].inline_data.data' (TYPE_BYTES), Base64 decoding failed for "notbase64!!"`;
    expect(await response.json()).toEqual({
      error: { code: 400, message, status: 'INVALID_ARGUMENT', details: [{ '@type': 'type.googleapis.com/google.rpc.BadRequest', fieldViolations: [{ field: 'contents[2].parts[1].inline_data.data', description: message }] }] },
    });
    expect((await ask('data:image/png;base64,AAAA')).status).toBe(400);
    // A number is no bytes (helper hostile15: a PDF whose data was 5 was answered).
    const five = (await (await ask(5 as unknown as string)).json()) as { error: { message: string } };
    expect(five.error.message).toBe("Invalid value at 'contents[2].parts[1].inline_data.data' (TYPE_BYTES), 5");
    // Google's bytes fields take the URL-safe alphabet too.
    const png = pngImage(64, 48);
    expect((await ask(png.toString('base64'))).status).toBe(200);
    expect((await ask(png.toString('base64url'))).status).toBe(200);
  });

  it("refuses a blob with no bytes or a mimeType that is no MIME type, as Google does (both were answered as an image)", async () => {
    const ask = (inlineData: Record<string, unknown>) => post('/v1beta/models/gemini-2.5-flash:generateContent', { contents: [{ role: 'user', parts: [{ text: 'What is it?' }, { inlineData }] }] });
    const png = pngImage(64, 48).toString('base64');
    const refusals: [Record<string, unknown>, string][] = [
      [{ mimeType: 'png', data: png }, 'Unsupported MIME type: png'],
      [{ mimeType: 'not a mime type', data: png }, 'Unsupported MIME type: not a mime type'],
      [{ mimeType: 'image/png', data: null }, 'Unable to submit request because it has an empty inlineData parameter. Add a value to the parameter and try again.'],
      [{ mimeType: 'image/png' }, 'Unable to submit request because it has an empty inlineData parameter. Add a value to the parameter and try again.'],
      [{ mimeType: 'image/png', data: '' }, 'Unable to submit request because it has an empty inlineData parameter. Add a value to the parameter and try again.'],
    ];
    for (const [inlineData, message] of refusals) {
      const response = await ask(inlineData);
      expect({ inlineData, status: response.status, body: await response.json() }).toEqual({ inlineData, status: 400, body: { error: { code: 400, message, status: 'INVALID_ARGUMENT' } } });
    }
    const five = (await (await ask({ mimeType: 5, data: png })).json()) as { error: { message: string; status: string } };
    expect(five.error).toMatchObject({ message: "Invalid value at 'contents[0].parts[1].inline_data.mime_type' (TYPE_STRING), 5", status: 'INVALID_ARGUMENT' });
    for (const mimeType of ['image/png', 'IMAGE/PNG', 'image/png; charset=binary']) expect((await ask({ mimeType, data: png })).status).toBe(200);
    // As Google's own SDKs and REST samples write it.
    const snake = await post('/v1beta/models/gemini-2.5-flash:generateContent', { contents: [{ role: 'user', parts: [{ inline_data: { mime_type: 'png', data: png } }] }] });
    expect(snake.status).toBe(400);
  });

  it('counts an inlined PDF by its pages: 258 a page under DOCUMENT before Gemini 3, 560 a page under IMAGE on Gemini 3', async () => {
    const pdf = { inlineData: { mimeType: 'application/pdf', data: pdfDocument(['One', 'Two', 'Three'], { compressed: true }).toString('base64') } };
    const contents = (...media: object[]) => [{ role: 'user', parts: [...media, { text: 'Sum this up.' }] }];
    for (const [model, tokens, modality] of [['gemini-2.5-flash', 3 * 258, 'DOCUMENT'], ['gemini-3-flash-preview', 3 * 560, 'IMAGE']] as const) {
      const text = (await ai.models.countTokens({ model, contents: contents() })).totalTokens ?? 0;
      const generated = await ai.models.generateContent({ model, contents: contents(pdf) });
      expect(generated.usageMetadata?.promptTokenCount).toBe(text + tokens);
      expect(generated.usageMetadata?.promptTokensDetails).toContainEqual({ modality, tokenCount: tokens });
    }
  });

  it('counts images and PDF pages at the request’s media resolution, and a Gemini 3 part at its own', async () => {
    const image = { inlineData: { mimeType: 'image/png', data: pngImage(1000, 1000).toString('base64') } };
    const pdf = { inlineData: { mimeType: 'application/pdf', data: pdfDocument(['One', 'Two'], { compressed: true }).toString('base64') } };
    const media = async (model: string, mediaResolution: string | undefined, ...parts: object[]) => {
      const generationConfig = mediaResolution ? { mediaResolution } : {};
      const count = async (...p: object[]) => (await (await post(`/v1beta/models/${model}:countTokens`, { generateContentRequest: { contents: [{ role: 'user', parts: [...p, { text: 'Describe.' }] }], generationConfig } })).json()) as { totalTokens: number };
      return (await count(...parts)).totalTokens - (await count()).totalTokens;
    };
    // Gemini 2.5: tiles by default and at HIGH, one tile at MEDIUM, 66 at LOW; a PDF page 258, 66 at LOW.
    expect(await media('gemini-2.5-flash', undefined, image)).toBe(4 * 258);
    expect(await media('gemini-2.5-flash', 'MEDIA_RESOLUTION_HIGH', image)).toBe(4 * 258);
    expect(await media('gemini-2.5-flash', 'MEDIA_RESOLUTION_MEDIUM', image)).toBe(258);
    expect(await media('gemini-2.5-flash', 'MEDIA_RESOLUTION_LOW', image)).toBe(66);
    expect(await media('gemini-2.5-flash', 'MEDIA_RESOLUTION_LOW', pdf)).toBe(2 * 66);
    // Gemini 3: an image 1,120 by default and at HIGH, 560 at MEDIUM, 280 at LOW; a page 560, 280, 1,120.
    expect(await media('gemini-3-flash-preview', 'MEDIA_RESOLUTION_MEDIUM', image)).toBe(560);
    expect(await media('gemini-3-flash-preview', 'MEDIA_RESOLUTION_LOW', image)).toBe(280);
    expect(await media('gemini-3-flash-preview', 'MEDIA_RESOLUTION_HIGH', pdf)).toBe(2 * 1120);
    expect(await media('gemini-3-flash-preview', 'MEDIA_RESOLUTION_LOW', pdf)).toBe(2 * 280);
    // A part's own level wins on Gemini 3 (ULTRA_HIGH is per part only); an earlier model counts the request's.
    const ultra = { ...image, mediaResolution: { level: 'MEDIA_RESOLUTION_ULTRA_HIGH' } };
    expect(await media('gemini-3-flash-preview', 'MEDIA_RESOLUTION_LOW', ultra)).toBe(2240);
    expect(await media('gemini-2.5-flash', 'MEDIA_RESOLUTION_LOW', ultra)).toBe(66);
    // generateContent reports the same as countTokens.
    const generated = await ai.models.generateContent({ model: 'gemini-3-flash-preview', contents: [{ role: 'user', parts: [image, { text: 'Describe.' }] }], config: { mediaResolution: MediaResolution.MEDIA_RESOLUTION_LOW } });
    expect(generated.usageMetadata?.promptTokensDetails).toContainEqual({ modality: 'IMAGE', tokenCount: 280 });
  });

  it('refuses a media resolution Google does not define, naming the field and the value', async () => {
    const response = await post('/v1beta/models/gemini-2.5-flash:generateContent', { contents: [user('x')], generationConfig: { mediaResolution: 'LOWEST' } });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toBe(
      `Invalid value at 'generation_config.media_resolution' (type.googleapis.com/google.ai.generativelanguage.v1beta.GenerationConfig.MediaResolution), "LOWEST"`,
    );
  });

  it('lists and gets models in Gemini shape', async () => {
    const names: string[] = [];
    for await (const model of await ai.models.list()) names.push(model.name ?? '');
    expect(names).toContain('models/gemini-2.5-flash');
    const one = await ai.models.get({ model: 'gemini-2.5-pro' });
    expect(one.name).toBe('models/gemini-2.5-pro');
  });
});

describe('auth and faults', () => {
  it('checks the key like Google: 403 without one, 400 API_KEY_INVALID for a bad one, ?key= accepted', async () => {
    const missing = await post('/v1beta/models/gemini-2.0-flash:generateContent', { contents: [user('x')] }, {});
    expect(missing.status).toBe(403);
    expect(((await missing.json()) as { error: { status: string } }).error.status).toBe('PERMISSION_DENIED');
    const bad = await post('/v1beta/models/gemini-2.0-flash:generateContent', { contents: [user('x')] }, { 'x-goog-api-key': 'invalid-key' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { status: 'INVALID_ARGUMENT', details: [{ reason: 'API_KEY_INVALID' }] } });
    expect((await post('/v1beta/models/gemini-2.0-flash:generateContent?key=AIza-q', { contents: [user('x')] }, {})).status).toBe(200);
  });

  it('renders a 429 fault as RESOURCE_EXHAUSTED with RetryInfo, and a 503 as UNAVAILABLE', async () => {
    sim.addFault({ kind: 'status', status: 429, retryAfter: 7, times: 1 });
    const limited = await post('/v1beta/models/gemini-2.0-flash:generateContent', { contents: [user('x')] });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect(await limited.json()).toMatchObject({ error: { code: 429, status: 'RESOURCE_EXHAUSTED', details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '7s' }] } });
    sim.addFault({ kind: 'status', status: 503, times: 1 });
    const overloaded = await ai.models.generateContent({ model: 'gemini-2.0-flash', contents: 'x' }).catch((e: unknown) => e);
    expect(overloaded).toBeInstanceOf(ApiError);
    expect((overloaded as ApiError).status).toBe(503);
  });

  it("ends a stream with Google's bare error object after some events, and the SDK stream fails", async () => {
    sim.addFault({ kind: 'status', status: 503, afterChunks: 2, times: 1 });
    const raw = await (await post('/v1beta/models/gemini-2.0-flash:streamGenerateContent?alt=sse', { contents: [user('A long story please')] })).text();
    const [first, second, rest] = raw.split('\r\n\r\n');
    expect(first).toMatch(/^data: /);
    expect(second).toMatch(/^data: /);
    expect(JSON.parse(rest!)).toMatchObject({ error: { code: 503, status: 'UNAVAILABLE' } });
    sim.addFault({ kind: 'status', status: 503, afterChunks: 1, times: 1 });
    const stream = await ai.models.generateContentStream({ model: 'gemini-2.0-flash', contents: 'A long story please' });
    // The SDK names the error when it arrives in its own read, and reports an incomplete
    // segment when the read also held events; either way the stream fails.
    await expect((async () => {
      for await (const _ of stream) void _;
    })()).rejects.toThrow(/UNAVAILABLE|Incomplete JSON segment/);
  });

  it('makes the SDK stream throw when the connection is cut, and honours the latency knobs', async () => {
    sim.addFault({ kind: 'stream_cut', afterChunks: 1, times: 1 });
    const stream = await ai.models.generateContentStream({ model: 'gemini-2.0-flash', contents: 'A long story please' });
    await expect((async () => {
      for await (const _ of stream) void _;
    })()).rejects.toThrow();
    const started = Date.now();
    await post('/v1beta/models/gemini-2.0-flash:generateContent', { contents: [user('x')] }, { 'x-goog-api-key': 'k', 'x-sim-ttft-ms': '120' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
    expect(sim.stats().byModel['gemini-2.0-flash']).toBeGreaterThan(0);
  });
});
