/**
 * The gateway's Gemini API on the wire, with plain fetch: the requests Google's SDKs were recorded
 * sending (@ai-sdk/google 4 under /v1beta, @google/genai 3 under /v1) replayed, a Gemini model's
 * exchange forwarded byte for byte, the JSON-array stream Google sends without `?alt=sse`, the
 * key in `?key=`, errors in Google's shape, the response cache and a guardrail on this API.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeUpstream, startFakeUpstream } from '../../src/test-support/fake-upstream.js';
import { type Harness, startHarness, threeVendorProviders } from '../../src/test-support/gateway-harness.js';

interface Recorded {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
}

/** A Gemini upstream that answers fixed text and keeps the body text it got, to see bytes pass untouched. */
const UPSTREAM_ANSWER = '{\n  "candidates": [ {"content": {"role": "model", "parts": [{"text": "Hi from upstream"}]}, "finishReason": "STOP", "index": 0} ],\n  "usageMetadata": {"promptTokenCount": 7, "candidatesTokenCount": 4, "totalTokenCount": 11},\n  "modelVersion": "gemini-2.5-flash", "responseId": "abc" , "someNewField": {"kept": true}\n}';
const UPSTREAM_STREAM = [
  'data: {"candidates": [{"content": {"role": "model","parts": [{"text": "Hi "}]},"index": 0}],"usageMetadata": {"promptTokenCount": 7,"totalTokenCount": 7},"modelVersion": "gemini-2.5-flash"}\n\n',
  'data: {"candidates": [{"content": {"role": "model","parts": [{"text": "there"}]},"finishReason": "STOP","index": 0}],"usageMetadata": {"promptTokenCount": 7,"candidatesTokenCount": 2,"totalTokenCount": 9},"modelVersion": "gemini-2.5-flash"}\n\n',
];
let upstream: FakeUpstream;

let h: Harness;
beforeAll(async () => {
  upstream = await startFakeUpstream((req, _body, res) => {
    if ((req.url ?? '').includes(':streamGenerateContent')) {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(UPSTREAM_STREAM.join(''));
    } else {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(UPSTREAM_ANSWER);
    }
  });
  const fixed = upstream.url;
  h = await startHarness('', (sim) => `${threeVendorProviders(sim, `  fixed: { type: gemini, base_url: "${fixed}", api_key: AIza-fixed }`)}
models:
  gemini-2.5-flash: { provider: gem, model: gemini-2.5-flash, price: { input_per_mtok: 0.30, output_per_mtok: 2.50 } }
  gemini-embedding-001: { provider: gem, model: gemini-embedding-001 }
  mini: { provider: oai, model: gpt-5.4-mini, price: { input_per_mtok: 0.25, output_per_mtok: 2.00 } }
  sonnet: { provider: anth, model: claude-sonnet-4-6 }
  pinned: { provider: fixed, model: gemini-2.5-flash }
keys:
  - { key: sk-sy-gem, name: gem }
cache:
  routes:
    mini: {}
guardrails:
  pseudonym_key: test-identity-pseudonym-secret
  policies:
    private:
      pii: { entities: { CREDIT_CARD: block }, default_action: redact }
  apply:
    default: private
`);
});
afterAll(async () => {
  await h.close();
  await upstream.close();
});

const KEY = { 'x-goog-api-key': 'sk-sy-gem', 'content-type': 'application/json' };
const hello = { contents: [{ role: 'user', parts: [{ text: 'Say hello' }] }] };
const post = (path: string, body: unknown, headers: Record<string, string> = KEY) => fetch(`${h.gateway.url}${path}`, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });

describe('countTokens on a Gemini provider', () => {
  it("goes to Google's countTokens with the upstream model named in generateContentRequest, cachedContent kept, and Google's body comes back as sent", async () => {
    const body = { generateContentRequest: { model: 'models/pinned', contents: hello.contents, cachedContent: 'cachedContents/abc123' } };
    const res = await post('/v1beta/models/pinned:countTokens', body);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(UPSTREAM_ANSWER);
    const sent = upstream.requests.at(-1);
    expect(sent?.url).toBe('/v1beta/models/gemini-2.5-flash:countTokens');
    expect(JSON.parse(sent?.body ?? '{}')).toEqual({ generateContentRequest: { model: 'models/gemini-2.5-flash', contents: hello.contents, cachedContent: 'cachedContents/abc123' } });
  });
});

describe("the Gemini API's requests as Google's SDKs send them", () => {
  it('answers each request @ai-sdk/google 4 and @google/genai 3 were recorded sending (they got a 404 before)', async () => {
    const fixture = JSON.parse(readFileSync(new URL('./__fixtures__/google-clients-gemini-api.json', import.meta.url), 'utf8')) as Record<string, Recorded | string>;
    for (const [name, recorded] of Object.entries(fixture)) {
      if (typeof recorded === 'string') continue;
      const res = await post(recorded.path, recorded.body, { ...recorded.headers, 'x-goog-api-key': 'sk-sy-gem' });
      expect(res.status, name).toBe(200);
      const text = await res.text();
      if (name === 'aiSdkEmbed') expect((JSON.parse(text) as { embedding: { values: number[] } }).embedding.values.length, name).toBeGreaterThan(0);
      else if (recorded.path.includes('alt=sse')) expect(text, name).toMatch(/^data: \{"candidates"/);
      else expect((JSON.parse(text) as { candidates: unknown[] }).candidates, name).toHaveLength(1);
    }
  });

  it('answers the @google/genai 3 requests under /v1: a function result with its thought signature, countTokens, batchEmbedContents, models.list and models.get with a Google key', async () => {
    const { requests } = JSON.parse(readFileSync(new URL('../../src/simulate/__fixtures__/genai3-v1-requests.json', import.meta.url), 'utf8')) as { requests: Recorded[] };
    for (const recorded of requests) {
      const headers = { ...recorded.headers, 'x-goog-api-key': 'sk-sy-gem' };
      const init: RequestInit = { method: recorded.method, headers };
      if (recorded.body !== null) init.body = JSON.stringify(recorded.body);
      const res = await fetch(`${h.gateway.url}${recorded.path}`, init);
      expect(res.status, recorded.path).toBe(200);
      if (recorded.path.includes('alt=sse')) {
        expect(await res.text()).toMatch(/^data: \{"candidates"/);
        continue;
      }
      const body = (await res.json()) as Record<string, unknown>;
      if (recorded.path.endsWith(':countTokens')) expect(body.totalTokens).toBeGreaterThan(0);
      else if (recorded.path.endsWith(':batchEmbedContents')) expect((body.embeddings as { values: number[] }[])[0]?.values).toHaveLength(256);
      else if (recorded.path === '/v1/models') expect((body.models as { name: string }[]).map((m) => m.name)).toContain('models/gemini-2.5-flash');
      else if (recorded.path === '/v1/models/gemini-2.5-flash') expect(body.name).toBe('models/gemini-2.5-flash');
      else expect(body.candidates).toBeDefined();
    }
    // The function result went on to Gemini with the signature Gemini 2.5 and 3 want back, as sent.
    const upstreamCall = h.sim.stats().lastRequests.find((r) => JSON.stringify(r.body).includes('thoughtSignature'));
    expect(JSON.stringify(upstreamCall?.body)).toContain('c2ltLXRob3VnaHQtc2lnbmF0dXJlOjczNjhmNzIyOmdlbWluaS0yLjUtZmxhc2g=');
  });
});

describe("media parts on a model of another vendor, as @google/genai 3.6 sends them", () => {
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF').toString('base64');
  const wav = 'UklGRiQAAABXQVZFZm10IBAAAAABAAEAQB8AAIA+AAACABAAZGF0YQAAAAA=';

  it('sends a PDF as a named file (OpenAI refuses file_data without a filename), WAV as input_audio, and names the part settings it drops', async () => {
    const res = await post('/v1beta/models/mini:generateContent', {
      contents: [{ role: 'user', parts: [
        { text: 'Summarise both.' },
        // 3.6 added documentMetadata (pages, content layers) and audioMetadata (offsets) beside the data.
        { inlineData: { mimeType: 'application/pdf', data: pdf }, documentMetadata: { startPage: 1, endPage: 1, contentLayers: ['PAGE_TEXT'] } },
        { inlineData: { mimeType: 'audio/wav', data: wav }, audioMetadata: { startOffset: '0s', endOffset: '1s' } },
        { inlineData: { mimeType: 'application/pdf', data: pdf, displayName: 'terms.pdf' } },
      ] }],
    });
    expect(res.status).toBe(200);
    const sent = h.sim.stats().lastRequests.at(-1)?.body as { messages: { content: unknown[] }[] };
    expect(sent.messages[0]?.content.slice(1)).toEqual([
      { type: 'file', file: { filename: 'document.pdf', file_data: `data:application/pdf;base64,${pdf}` } },
      { type: 'input_audio', input_audio: { data: wav, format: 'wav' } },
      { type: 'file', file: { filename: 'terms.pdf', file_data: `data:application/pdf;base64,${pdf}` } },
    ]);
    expect((await h.traceOf(res)).decisions?.dropped_params).toEqual({ chat: ['contents[0].parts[1].documentMetadata', 'contents[0].parts[2].audioMetadata'] });
  });

  it("refuses what the target cannot take naming the client's own part, not the chat message it became", async () => {
    const res = await post('/v1beta/models/sonnet:generateContent', {
      contents: [
        { role: 'user', parts: [{ text: 'Hi' }] },
        { role: 'model', parts: [{ text: 'Hello.' }] },
        { role: 'user', parts: [{ text: 'Listen.' }, { inlineData: { mimeType: 'audio/wav', data: wav } }] },
      ],
      systemInstruction: { parts: [{ text: 'Be brief.' }] },
    });
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: { message: string; status: string } };
    expect(error.status).toBe('INVALID_ARGUMENT');
    // The chat request had the system message first: this was messages[3].content[1].
    expect(error.message).toBe('contents[2].parts[1]: content part type "input_audio" has no Anthropic equivalent');
  });
});

describe("Gemini's code execution parts in a conversation sent to a model of another vendor", () => {
  // What Gemini answers with tools: [{ codeExecution: {} }]: the code it ran and what it printed.
  const ran = [
    { text: 'Let me compute it.' },
    { executableCode: { language: 'PYTHON', code: 'print(6 * 7)' } },
    { codeExecutionResult: { outcome: 'OUTCOME_OK', output: '42\n' } },
    { text: 'It is 42.' },
  ];

  it('keeps the code and its output as Markdown in the model turn, and names no part as dropped', async () => {
    const res = await post('/v1beta/models/mini:generateContent', {
      contents: [
        { role: 'user', parts: [{ text: 'What is 6 times 7? Use code.' }] },
        { role: 'model', parts: ran },
        { role: 'user', parts: [{ text: 'And times 8?' }] },
      ],
    });
    expect(res.status).toBe(200);
    const sent = h.sim.stats().lastRequests.at(-1)?.body as { messages: { role: string; content: unknown }[] };
    expect(sent.messages[1]).toEqual({ role: 'assistant', content: 'Let me compute it.\n\n```python\nprint(6 * 7)\n```\n\nOutput:\n```\n42\n```\n\nIt is 42.' });
    expect((await h.traceOf(res)).decisions?.dropped_params).toBeUndefined();
  });

  it('answers a turn of only code execution parts on Claude (it reached Anthropic empty and was refused naming no part)', async () => {
    const res = await post('/v1beta/models/sonnet:generateContent', {
      contents: [
        { role: 'user', parts: [{ text: 'What is 6 times 7? Use code.' }] },
        { role: 'model', parts: ran.slice(1, 3) },
        { role: 'user', parts: [{ text: 'Explain the result.' }] },
      ],
    });
    expect(res.status).toBe(200);
    const sent = h.sim.stats().lastRequests.at(-1)?.body as { messages: { role: string; content: unknown }[] };
    expect(JSON.stringify(sent.messages[1])).toContain('print(6 * 7)');
  });

  it('refuses a code part whose code is no string, naming the part', async () => {
    const res = await post('/v1beta/models/mini:generateContent', {
      contents: [{ role: 'user', parts: [{ text: 'Hi' }] }, { role: 'model', parts: [{ executableCode: { language: 'PYTHON', code: 42 } }] }, { role: 'user', parts: [{ text: 'Go on' }] }],
    });
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: { message: string; status: string } };
    expect(error.status).toBe('INVALID_ARGUMENT');
    expect(error.message).toContain('contents[1].parts[0].executableCode must be an ExecutableCode object');
  });
});

describe('a Gemini model through the Gemini API: the native exchange', () => {
  it("sends the client's body as it came and returns the upstream's answer byte for byte, usage read from it", async () => {
    const sent = '{ "contents" : [ {"role":"user","parts":[{"text":"Hi"}]} ],\n "generationConfig": {"temperature": 0.5} }';
    upstream.requests.length = 0;
    const res = await post('/v1beta/models/pinned:generateContent', sent);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(UPSTREAM_ANSWER);
    expect(upstream.requests.map(({ url, body }) => ({ url, body }))).toEqual([{ url: '/v1beta/models/gemini-2.5-flash:generateContent', body: sent }]);
    const trace = await h.traceOf(res.headers.get('x-switchyard-trace-id'));
    expect(trace).toMatchObject({ endpoint: 'gemini', provider: 'fixed', inputTokens: 7, outputTokens: 4 });
  });

  it('relays a stream event for event, with the usage of its last event', async () => {
    upstream.requests.length = 0;
    const res = await post('/v1/models/pinned:streamGenerateContent?alt=sse', hello);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const text = await res.text();
    expect(upstream.requests[0]?.url).toBe('/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse');
    expect(JSON.parse(upstream.requests[0]?.body ?? '')).toEqual(hello);
    const trace = await h.traceOf(res.headers.get('x-switchyard-trace-id'));
    // The upstream's events as sent and nothing else: no cost comment, which Google's older SDK
    // (`@google/generative-ai`) cannot read past; the cost is on the trace.
    expect(text).toBe(UPSTREAM_STREAM.join(''));
    expect(trace.costUsd).toBeGreaterThan(0);
    expect(trace).toMatchObject({ stream: true, inputTokens: 7, outputTokens: 2 });
    expect(trace.response).toMatchObject({ candidates: [{ content: { parts: [{ text: 'Hi there' }] }, finishReason: 'STOP' }] });
  });
});

describe('a model of another vendor streamed through the Gemini API', () => {
  // Google puts `usageMetadata` on every event (the counts so far). BAML's Gemini client (0.226)
  // requires the field and read nothing from a stream without it: its streamed answer from a
  // Claude or OpenAI model behind the gateway was "".
  it.each(['mini', 'sonnet'])('%s: every event carries usageMetadata, the last one the whole count', async (model) => {
    const res = await post(`/v1beta/models/${model}:streamGenerateContent?alt=sse`, hello);
    expect(res.status).toBe(200);
    const events = (await res.text()).split('\n\n').filter(Boolean).map((event) => JSON.parse(event.replace(/^data: /, '')) as { usageMetadata?: { totalTokenCount?: number } });
    expect(events.length).toBeGreaterThan(2);
    expect(events.filter((event) => event.usageMetadata === undefined)).toEqual([]);
    expect(events.at(-1)?.usageMetadata?.totalTokenCount).toBeGreaterThan(0);
  });
});

describe('the rest of the Gemini API', () => {
  it.each(['gemini-2.5-flash', 'mini'])('streams %s as one JSON array without ?alt=sse, as Google does', async (model) => {
    const res = await post(`/v1beta/models/${model}:streamGenerateContent`, hello);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    const items = (await res.json()) as { candidates?: { finishReason?: string }[]; usageMetadata?: { totalTokenCount: number } }[];
    expect(items.length).toBeGreaterThan(1);
    expect(items.at(-1)?.candidates?.[0]?.finishReason).toBe('STOP');
    expect(items.at(-1)?.usageMetadata?.totalTokenCount).toBeGreaterThan(0);
  });

  it("refuses an alt other than json or sse with Google's 400 naming the value, ahead of the key, as Google does", async () => {
    // Before: ?alt=xml was served as the JSON array a bare call gets.
    for (const [query, message] of [
      ['alt=xml', 'Invalid value "xml" for query parameter \'alt\''],
      ['alt=XML&key=sk-sy-gem', 'Invalid value "XML" for query parameter \'alt\''],
      ['alt=media', 'Unsupported alt type "media" for non byte stream request.'],
      ['alt=proto', 'alt=proto (protocol buffers) is not served by this gateway: use alt=json or alt=sse'],
    ] as const) {
      const res = await post(`/v1beta/models/mini:streamGenerateContent?${query}`, hello, { 'content-type': 'application/json' });
      expect(res.status, query).toBe(400);
      expect(await res.json(), query).toEqual({ error: { code: 400, message, status: 'INVALID_ARGUMENT' } });
    }
    const long = await post(`/v1beta/models/mini:generateContent?alt=${'x'.repeat(5_000)}`, hello);
    expect(((await long.json()) as { error: { message: string } }).error.message.length).toBeLessThan(200);
    // What Google takes: json and sse in any case, and an empty alt, which is no value at all.
    const sse = await post('/v1beta/models/mini:streamGenerateContent?alt=SSE', hello);
    expect(sse.headers.get('content-type')).toContain('text/event-stream');
    for (const query of ['alt=json', 'alt=JSON', 'alt=']) {
      const res = await post(`/v1beta/models/mini:streamGenerateContent?${query}`, hello);
      expect(res.status, query).toBe(200);
      expect(Array.isArray(await res.json()), query).toBe(true);
    }
    expect((await post('/v1beta/models/mini:countTokens?alt=xml', hello)).status).toBe(400);
  });

  it('takes the key in ?key=, and answers a missing one with 401 UNAUTHENTICATED', async () => {
    const res = await post('/v1beta/models/mini:generateContent?key=sk-sy-gem', hello, { 'content-type': 'application/json' });
    expect(res.status).toBe(200);
    const none = await post('/v1beta/models/mini:generateContent', hello, { 'content-type': 'application/json' });
    expect(none.status).toBe(401);
    expect(((await none.json()) as { error: { status: string } }).error.status).toBe('UNAUTHENTICATED');
  });

  it('answers a malformed request with 400 INVALID_ARGUMENT naming the field, and a GET with 405', async () => {
    for (const [body, field] of [
      [{ contents: [] }, 'contents'],
      [{ contents: [{ role: 'user', parts: 'hi' }] }, 'contents[0].parts'],
      [{ ...hello, generationConfig: { temperature: 'warm' } }, 'generationConfig.temperature'],
    ] as const) {
      const res = await post('/v1beta/models/mini:generateContent', body);
      expect(res.status, field).toBe(400);
      const { error } = (await res.json()) as { error: { status: string; message: string } };
      expect(error.status, field).toBe('INVALID_ARGUMENT');
      expect(error.message, field).toContain(field);
    }
    const get = await fetch(`${h.gateway.url}/v1beta/models/mini:generateContent`, { headers: KEY });
    expect(get.status).toBe(405);
    expect(((await get.json()) as { error: { status: string } }).error.status).toBeDefined();
  });

  it('answers a repeated temperature-0 request from the cache, whole and streamed, in Gemini shape', async () => {
    const ask = { contents: [{ role: 'user', parts: [{ text: 'A question only the cache test asks' }] }], generationConfig: { temperature: 0 } };
    const first = await post('/v1beta/models/mini:generateContent', ask);
    expect(first.headers.get('x-switchyard-cache')).toBe('miss');
    const text = ((await first.json()) as { candidates: { content: { parts: { text: string }[] } }[] }).candidates[0]?.content.parts[0]?.text;
    await h.waitForTrace((t) => t.id === first.headers.get('x-switchyard-trace-id'));
    const again = await post('/v1beta/models/mini:generateContent', ask);
    expect(again.headers.get('x-switchyard-cache')).toBe('hit');
    expect(((await again.json()) as { candidates: { content: { parts: { text: string }[] } }[] }).candidates[0]?.content.parts[0]?.text).toBe(text);
    const streamed = await post('/v1beta/models/mini:streamGenerateContent?alt=sse', ask);
    expect(streamed.headers.get('x-switchyard-cache')).toBe('hit');
    expect(await streamed.text()).toContain(JSON.stringify(text).slice(1, 20));
  });

  it('keeps PII from a Gemini model and puts it back in the answer, whole and streamed; blocks a card number in Google shape', async () => {
    h.sim.addScript({ match: 'jo\\.smith@example\\.com', reply: 'LEAKED' }, true);
    h.sim.addScript({ match: 'mail <EMAIL_1> now', reply: 'I will write to <EMAIL_1> today.' }, true);
    const ask = { contents: [{ role: 'user', parts: [{ text: 'Please mail jo.smith@example.com now' }] }] };
    try {
      const whole = await post('/v1beta/models/gemini-2.5-flash:generateContent', ask);
      const answer = (await whole.json()) as { candidates: { content: { parts: { text: string }[] } }[] };
      expect(answer.candidates[0]?.content.parts.map((p) => p.text).join('')).toBe('I will write to jo.smith@example.com today.');
      expect(JSON.stringify(h.sim.stats().lastRequests.at(-1)?.body)).not.toContain('jo.smith');
      const streamed = await post('/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse', ask);
      const text = (await streamed.text())
        .split('\n\n')
        .filter((e) => e.startsWith('data: '))
        .map((e) => (JSON.parse(e.slice(6)) as { candidates: { content?: { parts?: { text?: string }[] } }[] }).candidates[0]?.content?.parts?.map((p) => p.text ?? '').join('') ?? '')
        .join('');
      expect(text).toBe('I will write to jo.smith@example.com today.');
    } finally {
      h.sim.clearScripts();
    }
    const card = await post('/v1beta/models/sonnet:generateContent', { contents: [{ role: 'user', parts: [{ text: 'My card is 4111 1111 1111 1111' }] }] });
    expect(card.status).toBe(400);
    const { error } = (await card.json()) as { error: { status: string; message: string } };
    expect(error.status).toBe('INVALID_ARGUMENT');
    const trace = await h.traceOf(card.headers.get('x-switchyard-trace-id'));
    expect(trace.endpoint).toBe('gemini');
  });
});
