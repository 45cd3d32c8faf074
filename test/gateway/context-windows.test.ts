/**
 * Context windows through the gateway, as the official SDKs see it: a target that answers
 * `context_length_exceeded` (before any byte of a stream) hands the call to the next target with a
 * larger window; a target the prompt is clearly past is passed over before anything is sent
 * (`decisions.context_window`, and in `x-switchyard-route` on a route); when no target can take
 * the prompt the client gets the provider's 400, in its own API's shape, naming the limit.
 */
import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness, threeVendorProviders } from '../../src/test-support/gateway-harness.js';
import { pngImage } from '../../src/test-support/png-image.js';

let h: Harness;
let openai: OpenAI;
let claude: Anthropic;

beforeAll(async () => {
  h = await startHarness('', (sim) => `
${threeVendorProviders(sim, `  oai-native: { type: openai, base_url: "${sim}/v1", api_key: sk-up, responses: native }`)}
models:
  chat:                          # 128,000 → 200,000 → 1,047,576 tokens
    fallbacks: [ { provider: oai, model: gpt-4o-mini }, { provider: anth, model: claude-haiku-4-5 }, { provider: oai, model: gpt-4.1-mini } ]
  small-only:                    # 128,000 → 200,000
    fallbacks: [ { provider: oai, model: gpt-4o-mini }, { provider: anth, model: claude-haiku-4-5 } ]
  claude-first:                  # 200,000 → 1,047,576
    fallbacks: [ { provider: anth, model: claude-haiku-4-5 }, { provider: oai, model: gpt-4.1-mini } ]
  claude-only: { provider: anth, model: claude-haiku-4-5 }
  mini-native: { provider: oai-native, model: gpt-4o-mini }
  native-chain:                  # 128,000 → 1,047,576, both over the Responses API as sent
    fallbacks: [ { provider: oai-native, model: gpt-4o-mini }, { provider: oai-native, model: gpt-4.1-mini } ]
  mini: { provider: oai, model: gpt-4o-mini }
  big: { provider: oai, model: gpt-4.1-mini }
  sized: { provider: oai, model: llama-local, context_window: 1000 }
routes:
  by-tier:
    policy: conditional
    rules: [ { when: { metadata: { tier: { equals: free } } }, target: mini } ]
    default: big
  mini-only: { policy: static, target: mini }
  mini-arm: { policy: split, arms: [ { target: mini, weight: 1 } ] }
  small-tiers:
    policy: conditional
    rules: [ { when: { metadata: { tier: { equals: free } } }, target: mini } ]
    default: sized
keys:
  - { key: sk-sy-open, name: open }
retry: { base_delay_ms: 5, max_delay_ms: 50 }
`);
  openai = h.openai('sk-sy-open');
  claude = new Anthropic({ apiKey: 'sk-sy-open', baseURL: h.baseURL.replace(/\/v1$/, ''), maxRetries: 0 });
});
afterAll(() => h.close());

/**
 * Long runs of letters: the simulator counts 4 characters a token, the gateway's estimate one token
 * per 8 letters, so the estimate is well under any window and only the provider's count refuses.
 */
const letters = (simTokens: number) => 'abcd'.repeat(simTokens);
/** Short words: the estimate (6 a repeat) is a little over the simulator's count (5.25). */
const words = (estimatedTokens: number) => 'the cat sat on a mat '.repeat(Math.ceil(estimatedTokens / 6));

interface WindowStep {
  target: string;
  action: string;
  window: number | null;
  estimatedTokens?: number;
}

describe('after context_length_exceeded', () => {
  it.each([false, true])('the OpenAI SDK gets the next target with a larger window, the 400 on the trace (stream: %s)', async (stream) => {
    const request = { model: 'chat', messages: [{ role: 'user' as const, content: letters(130_000) }], max_tokens: 5 };
    let traceSource: Response;
    let text = '';
    if (stream) {
      const { data, response } = await openai.chat.completions.create({ ...request, stream: true }).withResponse();
      for await (const chunk of data) text += chunk.choices[0]?.delta.content ?? '';
      traceSource = response;
    } else {
      const { data, response } = await openai.chat.completions.create(request).withResponse();
      text = data.choices[0]?.message.content ?? '';
      traceSource = response;
    }
    expect(text.length).toBeGreaterThan(0);
    const trace = await h.traceOf(traceSource);
    expect(trace.attempts.map((a) => `${a.model}:${a.status}`)).toEqual(['gpt-4o-mini:400', 'claude-haiku-4-5:200']);
    expect(trace.attempts[0]?.error).toContain("This model's maximum context length is 128000 tokens");
    expect((trace.decisions?.context_window as { targets: WindowStep[] }).targets).toEqual([expect.objectContaining({ target: 'oai/gpt-4o-mini', action: 'refused', window: 128_000 })]);
  });

  it.each([false, true])('the Anthropic SDK is carried past two windows to the third (stream: %s)', async (stream) => {
    const request = { model: 'chat', max_tokens: 5, messages: [{ role: 'user' as const, content: letters(210_000) }] };
    let traceSource: Response;
    if (stream) {
      const { data, response } = await claude.messages.create({ ...request, stream: true }).withResponse();
      const types: string[] = [];
      for await (const event of data) types.push(event.type);
      expect(types.at(-1)).toBe('message_stop');
      traceSource = response;
    } else {
      const { data, response } = await claude.messages.create(request).withResponse();
      expect(data.type).toBe('message');
      traceSource = response;
    }
    const trace = await h.traceOf(traceSource);
    expect(trace.attempts.map((a) => `${a.model}:${a.status}`)).toEqual(['gpt-4o-mini:400', 'claude-haiku-4-5:400', 'gpt-4.1-mini:200']);
  });

  it.each([false, true])('a prompt that fits but leaves Claude too little of the window for max_tokens moves on to a larger window, as a prompt past it does (stream: %s)', async (stream) => {
    const request = { model: 'claude-first', max_tokens: 8192, messages: [{ role: 'user' as const, content: letters(195_000) }] };
    const { response } = stream
      ? await openai.chat.completions.create({ ...request, stream: true }).withResponse().then(async (r) => {
          for await (const _ of r.data) void _;
          return r;
        })
      : await openai.chat.completions.create(request).withResponse();
    const trace = await h.traceOf(response);
    expect(trace.attempts.map((a) => `${a.model}:${a.status}`)).toEqual(['claude-haiku-4-5:400', 'gpt-4.1-mini:200']);
    expect(trace.attempts[0]?.error).toMatch(/input length and `max_tokens` exceed context limit: \d+ \+ 8192 > 200000/);
    expect((trace.decisions?.context_window as { targets: WindowStep[] }).targets).toEqual([expect.objectContaining({ target: 'anth/claude-haiku-4-5', action: 'refused', window: 200_000 })]);
  });

  it.each([false, true])("an OpenAI client that set no cap is answered by Claude in the room its prompt leaves, as OpenAI would answer it, not refused for the gateway's default max_tokens (stream: %s)", async (stream) => {
    const request = { model: 'claude-only', messages: [{ role: 'user' as const, content: letters(198_000) }] };
    const { response } = stream
      ? await openai.chat.completions.create({ ...request, stream: true }).withResponse().then(async (r) => {
          for await (const _ of r.data) void _;
          return r;
        })
      : await openai.chat.completions.create(request).withResponse();
    const trace = await h.traceOf(response);
    expect(trace.attempts.map((a) => `${a.model}:${a.status}`)).toEqual(['claude-haiku-4-5:200']);
    const cap = trace.decisions?.output_cap as { requested: null; sent: number; reason: string };
    expect(cap.requested).toBeNull();
    expect(cap.sent).toBeGreaterThan(1000);
    expect(cap.sent).toBeLessThan(4096);
    expect(cap.reason).toMatch(/refused the default 4096 as the \d+-token prompt left \d+ of its 200000-token window/);
    // What Claude was sent the second time: the room, not the default.
    expect((h.sim.stats().lastRequests.at(-1)?.body as { max_tokens: number }).max_tokens).toBe(cap.sent);
  });

  it('a prompt leaving Claude under a quarter of the default cap moves on to a larger window rather than be answered in a few tokens', async () => {
    const { response } = await openai.chat.completions.create({ model: 'claude-first', messages: [{ role: 'user', content: letters(199_800) }] }).withResponse();
    const trace = await h.traceOf(response);
    expect(trace.attempts.map((a) => `${a.model}:${a.status}`)).toEqual(['claude-haiku-4-5:400', 'gpt-4.1-mini:200']);
    expect(trace.decisions?.output_cap).toBeUndefined();
  });

  it('a client that chose its cap gets Claude\'s refusal of it, not a smaller cap', async () => {
    const error = await openai.chat.completions.create({ model: 'claude-only', max_tokens: 4096, messages: [{ role: 'user', content: letters(198_000) }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).message).toMatch(/input length and `max_tokens` exceed context limit: \d+ \+ 4096 > 200000/);
    expect(error).toMatchObject({ code: 'context_length_exceeded' });
  });

  it("gives the client the last provider's 400 when every window is too small: Anthropic's words to an Anthropic client", async () => {
    const error = await claude.messages.create({ model: 'small-only', max_tokens: 5, messages: [{ role: 'user', content: letters(210_000) }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    const body = (error as InstanceType<typeof Anthropic.BadRequestError>).error as { error: { type: string; message: string } };
    expect(body.error.type).toBe('invalid_request_error');
    expect(body.error.message).toMatch(/^prompt is too long: \d+ tokens > 200000 maximum$/);
  });

  it("and OpenAI's code to an OpenAI client, streamed too", async () => {
    for (const stream of [false, true]) {
      const error = await openai.chat.completions.create({ model: 'small-only', stream, messages: [{ role: 'user', content: letters(210_000) }] }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OpenAI.BadRequestError);
      const e = error as InstanceType<typeof OpenAI.BadRequestError>;
      expect(e.code).toBe('context_length_exceeded');
      expect(e.param).toBe('messages');
      expect(e.message).toContain('> 200000 maximum');
    }
  });
});

describe('the model listing', () => {
  it("gives Anthropic's max_input_tokens as the largest window a prompt can fall back to, null where one is unknown", async () => {
    const windows = Object.fromEntries((await claude.models.list()).data.map((m) => [m.id, m.max_input_tokens]));
    expect(windows).toEqual({ chat: 1_047_576, 'small-only': 200_000, 'claude-first': 1_047_576, 'claude-only': 200_000, 'mini-native': 128_000, 'native-chain': 1_047_576, mini: 128_000, big: 1_047_576, sized: 1000, 'by-tier': null, 'mini-only': null, 'mini-arm': null, 'small-tiers': null });
  });
});

describe("the model listing in Google's shape", () => {
  it('gives inputTokenLimit as Anthropic gives max_input_tokens, and leaves it out where a window is unknown', async () => {
    const gemini = new GoogleGenAI({ apiKey: 'sk-sy-open', httpOptions: { baseUrl: h.baseURL.replace(/\/v1$/, '') } });
    expect(await gemini.models.get({ model: 'chat' })).toMatchObject({ name: 'models/chat', inputTokenLimit: 1_047_576, outputTokenLimit: 16_384 });
    expect(await gemini.models.get({ model: 'sized' })).toMatchObject({ inputTokenLimit: 1000 });
    const listed = Object.fromEntries((await gemini.models.list()).page.map((m) => [m.name, m.inputTokenLimit]));
    expect(listed).toMatchObject({ 'models/small-only': 200_000, 'models/mini': 128_000, 'models/by-tier': undefined });
  });
});

describe('a prompt clearly past a window', () => {
  it.each([false, true])('passes the target over before sending, on the trace with the estimate (stream: %s)', async (stream) => {
    const request = { model: 'chat', messages: [{ role: 'user' as const, content: words(190_000) }], max_tokens: 5 };
    const { response } = stream ? await openai.chat.completions.create({ ...request, stream: true }).withResponse() : await openai.chat.completions.create(request).withResponse();
    const trace = await h.traceOf(response);
    // Nothing went to gpt-4o-mini.
    expect(trace.attempts.map((a) => `${a.model}:${a.status}`)).toEqual(['claude-haiku-4-5:200']);
    const [step] = (trace.decisions?.context_window as { targets: WindowStep[] }).targets;
    expect(step).toMatchObject({ target: 'oai/gpt-4o-mini', action: 'skipped', window: 128_000 });
    expect(step?.estimatedTokens).toBeGreaterThan(179_200);
  });

  it('refuses with a 400 naming the limit when no target can take it, nothing sent, in the client\'s shape', async () => {
    const sentBefore = h.sim.stats().lastRequests.length;
    const viaOpenAI = await openai.chat.completions.create({ model: 'sized', messages: [{ role: 'user', content: words(2_000) }] }).catch((e: unknown) => e);
    expect(viaOpenAI).toBeInstanceOf(OpenAI.BadRequestError);
    const e = viaOpenAI as InstanceType<typeof OpenAI.BadRequestError>;
    expect(e.code).toBe('context_length_exceeded');
    expect(e.param).toBe('messages');
    expect(e.message).toMatch(/^400 This model's maximum context length is 1000 tokens\. However, your messages resulted in \d+ tokens\./);
    const viaAnthropic = await claude.messages.create({ model: 'sized', max_tokens: 5, messages: [{ role: 'user', content: words(2_000) }] }).catch((e: unknown) => e);
    expect(viaAnthropic).toBeInstanceOf(Anthropic.BadRequestError);
    expect(((viaAnthropic as InstanceType<typeof Anthropic.BadRequestError>).error as { error: { message: string } }).error.message).toMatch(/^prompt is too long: \d+ tokens > 1000 maximum/);
    expect(h.sim.stats().lastRequests.length).toBe(sentBefore);
  });

  it('names the largest window among the targets skipped, the most the prompt may be trimmed to', async () => {
    const sentBefore = h.sim.stats().lastRequests.length;
    const { data, response } = await openai.chat.completions.create({ model: 'small-only', messages: [{ role: 'user', content: words(300_000) }] }).withResponse().catch((e: unknown) => ({ data: e, response: undefined }));
    expect(response).toBeUndefined();
    const e = data as InstanceType<typeof OpenAI.BadRequestError>;
    expect(e).toBeInstanceOf(OpenAI.BadRequestError);
    expect(e.message).toContain("This model's maximum context length is 200000 tokens.");
    expect(e.message).toContain('claude-haiku-4-5 takes at most 200000 tokens');
    expect(h.sim.stats().lastRequests.length).toBe(sentBefore);
    const trace = await h.traceOf(e);
    expect((trace.decisions?.context_window as { targets: WindowStep[] }).targets.map((t) => `${t.target} ${t.action} ${t.window}`)).toEqual(['oai/gpt-4o-mini skipped 128000', 'anth/claude-haiku-4-5 skipped 200000']);
  });

  it('leaves a prompt near the window to the provider (the estimate must be clearly over)', async () => {
    const { response } = await openai.chat.completions.create({ model: 'sized', messages: [{ role: 'user', content: words(1_100) }], max_tokens: 5 }).withResponse();
    const trace = await h.traceOf(response);
    expect(trace.attempts.map((a) => a.status)).toEqual([200]);
    expect(trace.decisions?.context_window).toBeUndefined();
  });

  it('counts message text only: a large image in a short prompt does not pass a small window over', async () => {
    // 200 kB of base64 with a few words of text: the body is long, the prompt's text is not.
    const image = `data:image/png;base64,${Buffer.concat([pngImage(64, 64), Buffer.alloc(150_000, 7)]).toString('base64')}`;
    const { response } = await openai.chat.completions
      .create({ model: 'sized', max_tokens: 5, messages: [{ role: 'user', content: [{ type: 'text', text: 'What is in this picture?' }, { type: 'image_url', image_url: { url: image } }] }] })
      .withResponse();
    const trace = await h.traceOf(response);
    expect(trace.attempts.map((a) => a.status)).toEqual([200]);
    expect(trace.decisions?.context_window).toBeUndefined();
  });

  it('on a route, walks on to the next choice and says so in x-switchyard-route', async () => {
    const { response } = await openai.chat.completions
      .create({ model: 'by-tier', messages: [{ role: 'user', content: words(190_000) }], max_tokens: 5 }, { headers: { 'x-switchyard-metadata': '{"tier":"free"}' } })
      .withResponse();
    expect(response.headers.get('x-switchyard-route')).toMatch(/^by-tier>big \(default, after 1 matching rule; skipped mini \(cannot honour messages\)\)/);
    const trace = await h.traceOf(response);
    expect(trace.attempts.map((a) => `${a.model}:${a.status}`)).toEqual(['gpt-4.1-mini:200']);
  });

  it.each(['mini-only', 'mini-arm', 'small-tiers'])('on route %s whose every target is too small, the 400 keeps the code and says to shorten the prompt', async (model) => {
    const sentBefore = h.sim.stats().lastRequests.length;
    const error = await openai.chat.completions
      .create({ model, messages: [{ role: 'user', content: words(190_000) }], max_tokens: 5 }, { headers: { 'x-switchyard-metadata': '{"tier":"free"}' } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    const e = error as InstanceType<typeof OpenAI.BadRequestError>;
    expect(e.code).toBe('context_length_exceeded');
    expect(e.param).toBe('messages');
    expect(e.message).toContain(`route "${model}"`);
    expect(e.message).toContain('shorten the prompt');
    expect(e.message).not.toContain('without "messages"');
    expect(h.sim.stats().lastRequests.length).toBe(sentBefore);
  });

  it.each([false, true])("on a route, a provider's own length refusal moves the call to the route's next choice (stream: %s)", async (stream) => {
    // The estimate is far under gpt-4o-mini's window (letters count low), so only the provider refuses.
    const request = { model: 'by-tier', messages: [{ role: 'user' as const, content: letters(130_000) }], max_tokens: 5 };
    const options = { headers: { 'x-switchyard-metadata': '{"tier":"free"}' } };
    const { response } = stream ? await openai.chat.completions.create({ ...request, stream: true }, options).withResponse() : await openai.chat.completions.create(request, options).withResponse();
    expect(response.headers.get('x-switchyard-route')).toMatch(/^by-tier>big \(default, after 1 matching rule; skipped mini \(cannot honour messages\)\)/);
    const trace = await h.traceOf(response);
    expect(trace.attempts.map((a) => `${a.model}:${a.status}`)).toEqual(['gpt-4o-mini:400', 'gpt-4.1-mini:200']);
  });

  it("on a route with nothing larger, the provider's length refusal is a 400 that keeps the code and says to shorten the prompt", async () => {
    const error = await openai.chat.completions.create({ model: 'mini-only', messages: [{ role: 'user', content: letters(130_000) }], max_tokens: 5 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    const e = error as InstanceType<typeof OpenAI.BadRequestError>;
    expect(e.code).toBe('context_length_exceeded');
    expect(e.message).toContain('route "mini-only"');
    expect(e.message).toContain('shorten the prompt');
  });
});

describe('a streamed Responses request past every window', () => {
  /** The events a Responses stream gave before it threw, and what it threw. */
  async function streamed(model: string, input: string): Promise<{ types: string[]; error: unknown }> {
    const types: string[] = [];
    const error = await (async () => {
      for await (const event of await openai.responses.create({ model, input, stream: true })) types.push(event.type);
    })().catch((e: unknown) => e);
    return { types, error };
  }

  it('is refused as OpenAI refuses it: the stream opens, then an error event the SDK throws with context_length_exceeded and param input (a translated target)', async () => {
    const { types, error } = await streamed('claude-only', letters(210_000));
    expect(types).toEqual(['response.created', 'response.in_progress']);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect(error).toMatchObject({ status: undefined, code: 'context_length_exceeded', param: 'input', type: 'invalid_request_error' });
    expect((error as InstanceType<typeof OpenAI.APIError>).message).toMatch(/prompt is too long: \d+ tokens > 200000 maximum/);

    const raw = await fetch(`${h.baseURL}/responses`, { method: 'POST', headers: { authorization: 'Bearer sk-sy-open', 'content-type': 'application/json' }, body: JSON.stringify({ model: 'claude-only', input: letters(210_000), stream: true }) });
    expect(raw.status).toBe(200);
    expect(raw.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events = (await raw.text()).trim().split('\n\n').map((block) => JSON.parse(block.split('\n')[1]?.slice('data: '.length) ?? '') as { type: string; sequence_number: number });
    expect(events.map((e) => `${e.type}:${e.sequence_number}`)).toEqual(['response.created:0', 'response.in_progress:1', 'error:2']);
    const trace = await h.traceOf(raw);
    expect(trace.attempts.map((a) => `${a.model}:${a.status}`)).toEqual(['claude-haiku-4-5:400']);
  });

  it('unstreamed, is the HTTP 400 naming input', async () => {
    const error = await openai.responses.create({ model: 'claude-only', input: letters(210_000) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error).toMatchObject({ status: 400, code: 'context_length_exceeded', param: 'input' });
  });

  it('and from an OpenAI target the call reached through Chat Completions, naming its limit', async () => {
    const { types, error } = await streamed('mini', letters(130_000));
    expect(types).toEqual(['response.created', 'response.in_progress']);
    expect(error).toMatchObject({ status: undefined, code: 'context_length_exceeded', param: 'input' });
    expect((error as InstanceType<typeof OpenAI.APIError>).message).toContain("This model's maximum context length is 128000 tokens");
  });

  it("from an OpenAI target spoken to natively, OpenAI's own stream and words reach the client as sent", async () => {
    const { types, error } = await streamed('mini-native', letters(130_000));
    expect(types).toEqual(['response.created', 'response.in_progress']);
    expect(error).toMatchObject({ status: undefined, code: 'context_length_exceeded', param: 'input', message: 'Your input exceeds the context window of this model. Please adjust your input and try again.' });
  });

  it('from a native target, ends with that one error event: no response.failed after it (the stream OpenAI sends, byte for byte in its fields)', async () => {
    const raw = await fetch(`${h.baseURL}/responses`, { method: 'POST', headers: { authorization: 'Bearer sk-sy-open', 'content-type': 'application/json' }, body: JSON.stringify({ model: 'mini-native', input: letters(130_000), stream: true }) });
    expect(raw.status).toBe(200);
    const events = dataOf(await raw.text());
    expect(events.map((e) => `${e.type}:${e.sequence_number}`)).toEqual(['response.created:0', 'response.in_progress:1', 'error:2']);
    expect(events[2]).toEqual({
      type: 'error',
      error: { type: 'invalid_request_error', code: 'context_length_exceeded', message: 'Your input exceeds the context window of this model. Please adjust your input and try again.', param: 'input' },
      sequence_number: 2,
    });
    const trace = await h.traceOf(raw);
    expect(trace.attempts.map((a) => `${a.model}:${a.status}`)).toEqual(['gpt-4o-mini:400']);
  });

  it('and through responses.stream(), which throws the same APIError', async () => {
    const error = await openai.responses
      .stream({ model: 'mini-native', input: letters(130_000) })
      .finalResponse()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect(error).toMatchObject({ code: 'context_length_exceeded', param: 'input' });
  });
});

describe('a streamed Responses request past a native target\'s window, with a larger one next', () => {
  it('falls back before the client heard anything: the stream it gets is the larger model\'s, whole (responses.create, stream: true)', async () => {
    const { data, response } = await openai.responses.create({ model: 'native-chain', input: letters(130_000), max_output_tokens: 16, stream: true }).withResponse();
    const events: { type: string; sequence_number: number; response?: { model: string } }[] = [];
    for await (const event of data) events.push(event);
    expect(events.map((e) => e.type)).not.toContain('error');
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
    // 16 tokens may cut the answer short: `response.incomplete`, the larger model's own ending either way.
    expect(events.at(-1)).toMatchObject({ type: expect.stringMatching(/^response\.(completed|incomplete)$/), response: { model: 'gpt-4.1-mini' } });
    expect(events.filter((e) => e.type === 'response.created')).toHaveLength(1);
    const trace = await h.traceOf(response);
    expect(trace.attempts.map((a) => `${a.model}:${a.status}`)).toEqual(['gpt-4o-mini:400', 'gpt-4.1-mini:200']);
    expect(trace.attempts[0]?.error).toContain('Your input exceeds the context window of this model');
    expect((trace.decisions?.context_window as { targets: WindowStep[] }).targets).toEqual([expect.objectContaining({ target: 'oai-native/gpt-4o-mini', action: 'refused' })]);
  });

  it('and through responses.stream(), whose final response has the text', async () => {
    const stream = openai.responses.stream({ model: 'native-chain', input: letters(130_000), max_output_tokens: 16 });
    let deltas = '';
    stream.on('response.output_text.delta', (event) => {
      deltas += event.delta;
    });
    const final = await stream.finalResponse();
    expect(final.status === 'completed' || final.status === 'incomplete').toBe(true);
    expect(final.output_text.length).toBeGreaterThan(0);
    expect(deltas).toBe(final.output_text);
  });

  it('a prompt that fits the first target streams from it as before, its opening events included', async () => {
    const raw = await fetch(`${h.baseURL}/responses`, { method: 'POST', headers: { authorization: 'Bearer sk-sy-open', 'content-type': 'application/json' }, body: JSON.stringify({ model: 'native-chain', input: 'Say hi', stream: true }) });
    const events = dataOf(await raw.text());
    expect(events.slice(0, 3).map((e) => e.type)).toEqual(['response.created', 'response.in_progress', 'response.output_item.added']);
    expect(events.at(-1)?.type).toBe('response.completed');
    const trace = await h.traceOf(raw);
    expect(trace.attempts.map((a) => `${a.model}:${a.status}`)).toEqual(['gpt-4o-mini:200']);
  });
});

/** The JSON of each event of an SSE body (the gateway's cost comment skipped). */
function dataOf(body: string): { type: string; sequence_number: number; [field: string]: unknown }[] {
  return body
    .split('\n\n')
    .map((block) => block.split('\n').find((line) => line.startsWith('data: ')))
    .filter((line): line is string => line !== undefined)
    .map((line) => JSON.parse(line.slice('data: '.length)) as { type: string; sequence_number: number });
}
