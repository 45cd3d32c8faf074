/** The Responses API's conversation stage, driven through the whole pipeline in-process (no socket). */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/load-config.js';
import { systemClock } from '../../core/clock.js';
import { SwitchyardError } from '../../core/errors.js';
import type { ChatCompletionChunk, ChatCompletionRequest, ThinkingBlock } from '../../core/openai-wire.js';
import { KeyRegistry, toVirtualKey } from '../../limits/keys.js';
import { MemoryLimitStore } from '../../limits/memory-limit-store.js';
import type { CanonicalStream, ChatProvider, GenerateResult } from '../../providers/spec.js';
import { ModelCatalog } from '../../routing/catalog.js';
import type { TraceRecord } from '../../core/trace.js';
import type { CallInput } from '../call.js';
import { Gateway } from '../gateway.js';
import { MemoryResponseStore } from './memory-response-store.js';
import type { ResponseStore } from './response-store.js';

const usage = { inputTokens: 10, outputTokens: 4, cachedTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0, estimated: false };

/** Answers every request with the text of its last message, and remembers what it was sent. */
class EchoProvider implements ChatProvider {
  readonly name = 'echo';
  readonly simulated = true;
  readonly native = new Set<never>();
  readonly seen: ChatCompletionRequest[] = [];

  async generate(request: ChatCompletionRequest): Promise<GenerateResult> {
    this.seen.push(request);
    const content = `echo: ${String(request.messages.at(-1)?.content)}`;
    return {
      completion: { id: 'c', object: 'chat.completion', created: 1, model: 'up', choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }], usage: { prompt_tokens: 10, completion_tokens: 4, total_tokens: 14 } },
      usage,
    };
  }

  async stream(request: ChatCompletionRequest): Promise<CanonicalStream> {
    this.seen.push(request);
    const chunk = (delta: ChatCompletionChunk['choices'][number]['delta'], finish: 'stop' | null = null): ChatCompletionChunk => ({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'up', choices: [{ index: 0, delta, finish_reason: finish }] });
    async function* chunks(): AsyncGenerator<ChatCompletionChunk[]> {
      yield [chunk({ role: 'assistant', content: 'streamed' })];
      yield [chunk({}, 'stop')];
    }
    return { chunks: chunks(), usage: () => usage, cancel: () => undefined };
  }

  networkError(error: unknown): SwitchyardError {
    return new SwitchyardError('upstream_unreachable', String(error));
  }

  async close(): Promise<void> {}
}

/** Claude with extended thinking: the first turn thinks (signed) and calls a tool; later turns echo. */
class ThinkingProvider extends EchoProvider {
  static readonly blocks: ThinkingBlock[] = [{ type: 'thinking', thinking: 'Call get_weather.', signature: 'EqQBCgIYAh' }];

  override async generate(request: ChatCompletionRequest): Promise<GenerateResult> {
    if (request.messages.length > 1) return super.generate(request);
    this.seen.push(request);
    const call = { id: 'toolu_1', type: 'function' as const, function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } };
    const message = { role: 'assistant' as const, content: null, reasoning_content: 'Call get_weather.', thinking_blocks: ThinkingProvider.blocks, tool_calls: [call] };
    return { completion: { id: 'c', object: 'chat.completion', created: 1, model: 'up', choices: [{ index: 0, message, finish_reason: 'tool_calls' }] }, usage };
  }
}

function setup(store: ResponseStore = new MemoryResponseStore(systemClock), provider = new EchoProvider()) {
  const config = parseConfig(`
providers: { echo: { type: openai, base_url: "http://127.0.0.1:1/v1" } }
models: { small: { provider: echo, model: up } }
keys: [ { key: sk-sy-alpha-key, name: alpha }, { key: sk-sy-bravo-key, name: bravo } ]`);
  const traces: TraceRecord[] = [];
  const logged: string[] = [];
  const gateway = new Gateway({
    catalog: new ModelCatalog(config, new Map([['echo', provider]])),
    keys: new KeyRegistry(config.keys.map(toVirtualKey)),
    limits: new MemoryLimitStore(),
    traces: { write: (t) => void traces.push(t) },
    keepBodies: true,
    clock: systemClock,
    random: () => 0,
    responses: store,
    log: (line) => logged.push(line),
  });
  async function create(body: object, secret = 'sk-sy-alpha-key') {
    const input: CallInput = { endpoint: 'responses', format: 'responses', bodyText: JSON.stringify(body), secret, signal: new AbortController().signal };
    const handled = await gateway.handle(input);
    if (handled.outcome.kind === 'json') await handled.call.settle({ status: 200, clientClosed: false });
    return handled;
  }
  return { gateway, provider, traces, logged, store, create };
}

function json(outcome: Awaited<ReturnType<ReturnType<typeof setup>['create']>>['outcome']): { id: string; previous_response_id: string | null; output: unknown[] } {
  if (outcome.kind !== 'json') throw new Error(`expected a whole answer, got ${outcome.kind}`);
  return JSON.parse(outcome.body);
}

describe('conversation state in the pipeline', () => {
  it('puts the stored turn in front of the next input, echoes previous_response_id and records the decision', async () => {
    const { create, provider, traces } = setup();
    const first = json((await create({ model: 'small', instructions: 'Be brief.', input: 'one' })).outcome);
    const second = json((await create({ model: 'small', previous_response_id: first.id, input: 'two' })).outcome);
    expect(provider.seen[1]?.messages).toEqual([
      { role: 'user', content: 'one' },
      { role: 'assistant', content: 'echo: one' },
      { role: 'user', content: 'two' },
    ]);
    expect(second.previous_response_id).toBe(first.id);
    expect(traces[1]?.decisions).toMatchObject({ conversation: { previous_response_id: first.id, earlier_items: 2 } });
    // The trace keeps the request as the client sent it, not the expanded one.
    expect(traces[1]?.request).toMatchObject({ text: expect.stringContaining('"previous_response_id"') });
  });

  it("names the client's input items in an error about the expanded input, and a stored item as previous_response_id", async () => {
    class Refusing extends EchoProvider {
      override async generate(request: ChatCompletionRequest): Promise<GenerateResult> {
        if (request.messages.length === 1) return super.generate(request);
        throw new SwitchyardError('invalid_request', 'input[3] is refused; input[1] too', { status: 400, param: request.messages.length === 4 ? 'input[3].content' : 'input[1].content' });
      }
    }
    const { create } = setup(undefined, new Refusing());
    const first = json((await create({ model: 'small', input: 'one' })).outcome);
    const input = [{ role: 'user', content: 'two' }, { role: 'user', content: 'three' }];
    const refused = (await create({ model: 'small', previous_response_id: first.id, input })).outcome;
    if (refused.kind !== 'error') throw new Error(refused.kind);
    // Upstream input[3] is the client's input[1]; input[1] is the stored answer.
    expect(refused.error.message).toContain("input[1] is refused; previous_response_id's item 1 too");
    expect(refused.error.param).toBe('input[1].content');
    const stored = (await create({ model: 'small', previous_response_id: first.id, input: 'two' })).outcome;
    if (stored.kind !== 'error') throw new Error(stored.kind);
    expect(stored.error.param).toBe('previous_response_id');
  });

  it('stores a streamed answer before the event that completes it is handed on', async () => {
    const { gateway, store } = setup();
    const { call, outcome } = await gateway.handle({ endpoint: 'responses', format: 'responses', bodyText: JSON.stringify({ model: 'small', input: 'hi', stream: true }), secret: 'sk-sy-alpha-key', signal: new AbortController().signal });
    if (outcome.kind !== 'stream') throw new Error(outcome.kind);
    let storedWhenCompleted: unknown;
    for await (const piece of outcome.events) {
      const completed = /"type":"response.completed".*?"id":"(resp_[^"]+)"/.exec(piece);
      if (completed) storedWhenCompleted = await store.get(completed[1] as string);
    }
    await call.settle({ status: 200, clientClosed: false });
    expect(storedWhenCompleted).toMatchObject({ owner: toVirtualKey({ key: 'sk-sy-alpha-key', name: 'alpha' }).id, input: [{ type: 'message', role: 'user', content: 'hi' }], response: { status: 'completed' } });
  });

  it("treats another key's response as unknown", async () => {
    const { create } = setup();
    const first = json((await create({ model: 'small', input: 'mine' })).outcome);
    const { outcome } = await create({ model: 'small', previous_response_id: first.id, input: 'yours?' }, 'sk-sy-bravo-key');
    expect(outcome.kind === 'error' && outcome.error).toMatchObject({ status: 400, param: 'previous_response_id' });
  });

  it('answers even when the store fails, and logs why the response was not kept', async () => {
    const broken: ResponseStore = {
      put: () => Promise.reject(new Error('disk full')),
      get: () => Promise.resolve(undefined),
      delete: () => Promise.resolve(false),
      forgetConversations: () => Promise.resolve(0),
      conversations: () => Promise.resolve([]),
      echoing: () => Promise.resolve([]),
      holdingItem: () => Promise.resolve(undefined),
    };
    const { create, logged, traces } = setup(broken);
    const answer = json((await create({ model: 'small', input: 'hi' })).outcome);
    expect(answer.output).toHaveLength(1);
    expect(traces[0]?.status).toBe(200);
    expect(logged.join('\n')).toContain('disk full');
  });

  it("resolves an item_reference to an earlier answer's item, as clients that keep turns on the server send it", async () => {
    const { create, provider, traces } = setup();
    const first = json((await create({ model: 'small', input: 'one' })).outcome) as { id: string; output: { id: string }[] };
    const reference = { type: 'item_reference', id: first.output[0]?.id };
    const second = await create({ model: 'small', input: [{ role: 'user', content: 'one' }, reference, { role: 'user', content: 'two' }] });
    expect(second.outcome.kind).toBe('json');
    expect(provider.seen[1]?.messages).toEqual([
      { role: 'user', content: 'one' },
      { role: 'assistant', content: 'echo: one' },
      { role: 'user', content: 'two' },
    ]);
    // The stored conversation keeps what the client sent; the trace the request as sent.
    expect(traces[1]?.request).toMatchObject({ text: expect.stringContaining('item_reference') });
  });

  it("refuses a reference to another key's answer, or to an item the answer does not hold, naming the input item", async () => {
    const { create } = setup();
    const first = json((await create({ model: 'small', input: 'mine' })).outcome) as { id: string; output: { id: string }[] };
    const itemId = first.output[0]?.id as string;
    const theirs = await create({ model: 'small', input: [{ type: 'item_reference', id: itemId }] }, 'sk-sy-bravo-key');
    expect(theirs.outcome.kind === 'error' && theirs.outcome.error).toMatchObject({ status: 400, param: 'input[0].id' });
    const missing = await create({ model: 'small', input: [{ type: 'item_reference', id: itemId.replace(/_\d+$/, '_9') }] });
    expect(missing.outcome.kind === 'error' && missing.outcome.error.message).toMatch(/^input\[0\]: item_reference "msg_\w+_9" names an item of response "resp_\w+", which is not stored here/);
  });
});

describe('Claude’s signed thinking kept server-side for a stored conversation', () => {
  const answered = (id: string) => ({ type: 'function_call_output', call_id: 'toolu_1', output: `4°C (${id})` });

  it('goes back to Claude on every later turn named by previous_response_id, never to the client or its stored items', async () => {
    const { create, provider, store } = setup(undefined, new ThinkingProvider());
    const first = json((await create({ model: 'small', input: 'Weather in Oslo?' })).outcome) as { id: string; output: { id: string; type: string }[] };
    const reasoningId = first.output.find((item) => item.type === 'reasoning')?.id as string;
    const second = json((await create({ model: 'small', previous_response_id: first.id, input: [answered('1')] })).outcome);
    const third = json((await create({ model: 'small', previous_response_id: second.id, input: 'And Bergen?' })).outcome);
    for (const seen of [provider.seen[1], provider.seen[2]]) {
      expect(seen?.messages[1]).toMatchObject({ role: 'assistant', thinking_blocks: ThinkingProvider.blocks, tool_calls: [{ id: 'toolu_1' }] });
    }
    for (const shown of [first, second, third]) expect(JSON.stringify(shown)).not.toContain('encrypted_content');
    const kept = [await store.get(first.id), await store.get(second.id), await store.get(third.id)];
    for (const record of kept) {
      expect(JSON.stringify([record?.input, record?.response])).not.toContain('encrypted_content');
      expect(Object.keys(record?.serverReasoning ?? {})).toEqual([reasoningId]);
    }
  });

  it('goes back with an item_reference to the reasoning item, as the AI SDK sends stored turns', async () => {
    const { create, provider } = setup(undefined, new ThinkingProvider());
    const first = json((await create({ model: 'small', input: 'Weather in Oslo?' })).outcome) as { id: string; output: { id: string; type: string; call_id?: string }[] };
    const references = first.output.filter((item) => item.type !== 'function_call').map((item) => ({ type: 'item_reference', id: item.id }));
    const call = first.output.find((item) => item.type === 'function_call');
    await create({ model: 'small', input: [{ role: 'user', content: 'Weather in Oslo?' }, ...references, call, answered('1')] });
    expect(provider.seen[1]?.messages[1]).toMatchObject({ role: 'assistant', thinking_blocks: ThinkingProvider.blocks });
  });

  it('keeps only what the upstream signed, for items the conversation holds: a client cannot grow it or overwrite it', async () => {
    const { create, provider, store } = setup(undefined, new ThinkingProvider());
    const first = json((await create({ model: 'small', input: 'Weather in Oslo?' })).outcome) as { id: string; output: { id: string; type: string }[] };
    const reasoningId = first.output.find((item) => item.type === 'reasoning')?.id as string;
    // A thousand made-up reasoning items, one claiming the real id with content of its own.
    const forged = Array.from({ length: 1_000 }, (_, i) => ({ type: 'reasoning', id: `rs_forged_${i}`, summary: [] }));
    const claimed = { type: 'reasoning', id: reasoningId, summary: [], encrypted_content: 'gAAAA-not-ours' };
    const second = json((await create({ model: 'small', previous_response_id: first.id, input: [...forged, claimed, answered('1')] })).outcome);
    expect(Object.keys((await store.get(second.id))?.serverReasoning ?? {})).toEqual([reasoningId]);
    // The client's own content for an item is what goes upstream (here: none Claude can read).
    expect(provider.seen[1]?.messages.filter((message) => message.thinking_blocks !== undefined)).toHaveLength(1);
  });

  it('keeps nothing for store: false, which has nowhere to keep it', async () => {
    const { create, store } = setup(undefined, new ThinkingProvider());
    const first = json((await create({ model: 'small', input: 'Weather in Oslo?', store: false })).outcome);
    expect(await store.get(first.id)).toBeUndefined();
    expect(JSON.stringify(first)).not.toContain('encrypted_content');
  });
});
