import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/load-config.js';
import { systemClock } from '../core/clock.js';
import { SwitchyardError } from '../core/errors.js';
import type { ChatCompletion, ChatCompletionChunk, ChatCompletionRequest } from '../core/openai-wire.js';
import { KeyRegistry, toVirtualKey } from '../limits/keys.js';
import { MemoryLimitStore } from '../limits/memory-limit-store.js';
import type { CallOptions, CanonicalStream, ChatProvider, GenerateResult } from '../providers/spec.js';
import { ModelCatalog } from '../routing/catalog.js';
import type { TraceRecord } from '../core/trace.js';
import type { CallInput } from './call.js';
import { Gateway } from './gateway.js';
import { ModelClient } from './model-client.js';
import { UNKNOWN_MODEL } from './stages/resolve-model.js';

const usage = { prompt_tokens: 10, completion_tokens: 4, total_tokens: 14 };

function completion(text: string): ChatCompletion {
  return { id: 'c1', object: 'chat.completion', created: 1, model: 'up', choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop', logprobs: null }], usage };
}

function chunk(delta: object, extra: Partial<ChatCompletionChunk> = {}): ChatCompletionChunk {
  return { id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'up', choices: [{ index: 0, delta, finish_reason: null }], ...extra } as ChatCompletionChunk;
}

/** A provider with no HTTP at all: the spec is enough for the pipeline (as a local model will be). */
class FakeProvider implements ChatProvider {
  readonly name = 'fake';
  readonly simulated = true;
  readonly native = new Set<never>();
  cancelled = 0;
  seen: ChatCompletionRequest[] = [];
  /** `true` breaks the connection after the first chunk; an error is thrown there instead (an in-band error). */
  constructor(private readonly failMidStream: boolean | SwitchyardError = false) {}

  async generate(request: ChatCompletionRequest, options: CallOptions): Promise<GenerateResult> {
    this.seen.push(request);
    return { completion: { ...completion(`echo: ${String(request.messages.at(-1)?.content)}`), model: options.model }, usage: { inputTokens: 10, outputTokens: 4, cachedTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0, estimated: false } };
  }

  async stream(request: ChatCompletionRequest): Promise<CanonicalStream> {
    this.seen.push(request);
    const fail = this.failMidStream;
    const provider = this;
    async function* chunks(): AsyncGenerator<ChatCompletionChunk[]> {
      yield [chunk({ role: 'assistant', content: 'Hel' })];
      if (fail instanceof SwitchyardError) throw fail;
      if (fail) throw new SwitchyardError('upstream_error', 'provider "fake" broke the connection', { status: 502 });
      yield [chunk({ content: 'lo' })];
      yield [chunk({}, { choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] }), { ...chunk({}), choices: [], usage }];
    }
    return { chunks: chunks(), usage: () => ({ inputTokens: 10, outputTokens: 4, cachedTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0, estimated: false }), cancel: () => provider.cancelled++ };
  }

  networkError(error: unknown): SwitchyardError {
    return new SwitchyardError('upstream_unreachable', String(error));
  }

  async close(): Promise<void> {}
}

function setup(provider = new FakeProvider(), keysYaml = '') {
  const config = parseConfig(`
providers: { fake: { type: openai, base_url: "http://127.0.0.1:1/v1" } }
models: { small: { provider: fake, model: up, price: { input_per_mtok: 1000, output_per_mtok: 2000 } } }
${keysYaml}`);
  const catalog = new ModelCatalog(config, new Map([['fake', provider]]));
  const traces: TraceRecord[] = [];
  const limits = new MemoryLimitStore();
  const gateway = new Gateway({
    catalog,
    keys: new KeyRegistry(config.keys.map(toVirtualKey)),
    limits,
    traces: { write: (t) => void traces.push(t) },
    keepBodies: true,
    clock: systemClock,
    random: () => 0,
  });
  return { gateway, traces, provider, limits };
}

function input(body: object, extra: Partial<CallInput> = {}): CallInput {
  return { endpoint: 'chat', format: 'openai', bodyText: JSON.stringify(body), signal: new AbortController().signal, ...extra };
}

const ask = { model: 'small', messages: [{ role: 'user', content: 'hi' }] };

describe('the request pipeline, driven without a socket', () => {
  it('answers a whole call, costs it and leaves one trace once settled', async () => {
    const { gateway, traces } = setup();
    const { call, outcome } = await gateway.handle(input(ask));
    expect(outcome.kind).toBe('json');
    if (outcome.kind !== 'json') return;
    expect(JSON.parse(outcome.body).choices[0].message.content).toBe('echo: hi');
    // $1000/Mtok in × 10 + $2000/Mtok out × 4 = 0.018
    expect(outcome.headers['x-switchyard-cost-usd']).toBe('0.01800000');
    expect(traces).toHaveLength(0);
    await call.settle({ status: 200, clientClosed: false });
    expect(traces).toHaveLength(1);
    expect(traces[0]).toMatchObject({ status: 200, requestedModel: 'small', provider: 'fake', upstreamModel: 'up', inputTokens: 10, outputTokens: 4, costUsd: 0.018 });
  });

  it('translates for an Anthropic client through the canonical format', async () => {
    const { gateway, provider } = setup();
    const { outcome } = await gateway.handle(input({ model: 'small', max_tokens: 50, system: 'be brief', messages: [{ role: 'user', content: 'hi' }] }, { endpoint: 'messages', format: 'anthropic' }));
    if (outcome.kind !== 'json') throw new Error(outcome.kind);
    expect(JSON.parse(outcome.body)).toMatchObject({ type: 'message', role: 'assistant', content: [{ type: 'text', text: 'echo: hi' }], stop_reason: 'end_turn' });
    expect(provider.seen[0]?.messages[0]).toMatchObject({ role: 'system', content: 'be brief' });
  });

  it('streams, strips the usage chunk the client did not ask for, and records usage at the end', async () => {
    const { gateway, traces } = setup();
    const { call, outcome } = await gateway.handle(input({ ...ask, stream: true }));
    if (outcome.kind !== 'stream') throw new Error(outcome.kind);
    let text = '';
    for await (const piece of outcome.events) text += piece;
    expect(text).toContain('"content":"Hel"');
    expect(text).not.toContain('"usage"');
    expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
    await call.settle({ status: 200, clientClosed: false });
    expect(traces[0]).toMatchObject({ status: 200, stream: true, outputTokens: 4, costUsd: 0.018 });
    expect(traces[0]?.ttftMs).not.toBeNull();
  });

  it('records a stream that breaks after its first byte as a 502 and rethrows for the edge', async () => {
    const { gateway, traces } = setup(new FakeProvider(true));
    const { call, outcome } = await gateway.handle(input({ ...ask, stream: true }));
    if (outcome.kind !== 'stream') throw new Error(outcome.kind);
    const pieces: string[] = [];
    await expect(
      (async () => {
        for await (const piece of outcome.events) pieces.push(piece);
      })(),
    ).rejects.toThrow('broke the connection');
    expect(pieces).toHaveLength(1);
    await call.settle({ status: 200, clientClosed: false });
    expect(traces[0]).toMatchObject({ status: 502, errorCode: 'upstream_error' });
  });

  it('records a stream that an in-band error broke with that error’s status, as its client would have got it whole', async () => {
    const traced = async (error: SwitchyardError, format: CallInput['format']) => {
      const { gateway, traces } = setup(new FakeProvider(error));
      const anthropic = format === 'anthropic';
      const { call, outcome } = await gateway.handle(input({ ...ask, stream: true, ...(anthropic ? { max_tokens: 64 } : {}) }, { format, endpoint: anthropic ? 'messages' : 'chat' }));
      if (outcome.kind !== 'stream') throw new Error(outcome.kind);
      await expect((async () => {
        for await (const _ of outcome.events);
      })()).rejects.toThrow(error.message);
      // The client got 200 headers and then the error event.
      await call.settle({ status: 200, clientClosed: false });
      return traces[0];
    };
    const limited = new SwitchyardError('upstream_error', 'provider "fake" sent an error mid-stream: slow down', { status: 429 });
    expect(await traced(limited, 'openai')).toMatchObject({ status: 429, errorCode: 'upstream_error' });
    const overloaded = new SwitchyardError('upstream_error', 'provider "fake" sent an error mid-stream: Overloaded', { status: 529 });
    // 529 is Anthropic's own: an OpenAI client's whole error would have been a 503.
    expect(await traced(overloaded, 'anthropic')).toMatchObject({ status: 529 });
    expect(await traced(overloaded, 'openai')).toMatchObject({ status: 503 });
  });

  it('a client that leaves mid-stream is its own outcome (499), and the upstream is released', async () => {
    const { gateway, traces, provider } = setup();
    const { call, outcome } = await gateway.handle(input({ ...ask, stream: true }));
    if (outcome.kind !== 'stream') throw new Error(outcome.kind);
    for await (const _ of outcome.events) break;
    await call.settle({ status: 200, clientClosed: true });
    expect(provider.cancelled).toBe(1);
    expect(traces[0]).toMatchObject({ status: 499, errorCode: 'client_closed' });
  });

  it('refuses a wrong key with a fingerprint only, and still traces the call', async () => {
    const { gateway, traces } = setup(undefined, 'keys: [ { key: sk-sy-right-key, name: team } ]');
    const { call, outcome } = await gateway.handle(input(ask, { secret: 'sk-sy-wrong-guess' }));
    if (outcome.kind !== 'error') throw new Error(outcome.kind);
    expect(outcome.error.status).toBe(401);
    await call.settle({ status: 401, clientClosed: false });
    expect(JSON.stringify(traces[0])).not.toContain('wrong');
    expect(traces[0]?.errorMessage).toMatch(/fingerprint [0-9a-f]{8}/);
  });

  it('a body that names a model but fails its check is traced under that model, not under "no model"', async () => {
    const { gateway, traces } = setup();
    const refused = async (body: object) => {
      const { call, outcome } = await gateway.handle(input(body));
      if (outcome.kind !== 'error') throw new Error(outcome.kind);
      expect(outcome.error.status).toBe(400);
      await call.settle({ status: 400, clientClosed: false });
      return traces.at(-1);
    };
    // Before: requestedModel null, so the dashboard's "(no model)" row counted a request for "small".
    expect(await refused({ model: 'small', messages: 'hi' })).toMatchObject({ status: 400, requestedModel: 'small' });
    // A name nobody configured goes to the one bucket, with the name kept as a decision, as at resolveModel.
    expect(await refused({ model: 'smal', messages: 'hi' })).toMatchObject({ requestedModel: UNKNOWN_MODEL, decisions: { model: { requested: 'smal' } } });
    expect((await refused({ messages: [{ role: 'user', content: 'hi' }] }))?.requestedModel).toBe(''); // none named: none recorded
  });

  it('settles limits with the real cost after the answer, before the trace', async () => {
    const { gateway, limits } = setup(undefined, 'keys: [ { key: sk-sy-right-key, name: team, budget: { usd: 1 } } ]');
    const capped = { ...ask, max_tokens: 100 };
    const { call } = await gateway.handle(input(capped, { secret: 'sk-sy-right-key' }));
    const key = toVirtualKey({ key: 'sk-sy-right-key', name: 'team', budget: { usd: 1, period: 'total' } });
    // Held until settled: every body byte as an input token at $1000/M, 100 output tokens at $2000/M.
    const worstCase = (JSON.stringify(capped).length * 1000 + 100 * 2000) / 1e6;
    expect(await limits.usage(key, Date.now())).toMatchObject({ spendUsd: 0, reservedUsd: worstCase });
    await call.settle({ status: 200, clientClosed: false });
    expect(await limits.usage(key, Date.now())).toMatchObject({ spendUsd: 0.018, reservedUsd: 0 });
  });
});

describe('ModelClient', () => {
  it('calls the pipeline in-process: whole answers and streams, traced as the feature that asked', async () => {
    const { gateway, traces } = setup(undefined, 'keys: [ { key: sk-sy-right-key, name: team } ]');
    const models = new ModelClient(gateway);
    const answer = await models.chat({ model: 'small', messages: [{ role: 'user', content: 'judge this' }] }, { feature: 'judge' });
    expect(answer.value.choices[0]?.message.content).toBe('echo: judge this');
    expect(answer.costUsd).toBeCloseTo(0.018, 10);
    let text = '';
    for await (const c of models.stream({ model: 'small', messages: [{ role: 'user', content: 'x' }] }, { feature: 'guard' })) text += c.choices[0]?.delta.content ?? '';
    expect(text).toBe('Hello');
    expect(traces.map((t) => t.keyName)).toEqual(['switchyard:judge', 'switchyard:guard']);
  });

  it('throws the pipeline error for a failed call', async () => {
    const { gateway } = setup();
    await expect(new ModelClient(gateway).chat({ model: 'nope', messages: [{ role: 'user', content: 'x' }] }, { feature: 'judge' })).rejects.toThrow(/model "nope" is not configured/);
  });
});
