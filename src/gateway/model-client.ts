import { CallAbort, type AbortLike } from '../core/call-abort.js';
import { SwitchyardError } from '../core/errors.js';
import { parseBlocks, SseBlocks } from '../core/sse-blocks.js';
import type { ChatCompletion, ChatCompletionChunk, ChatCompletionRequest, EmbeddingsRequest, EmbeddingsResponse, JsonObject } from '../core/openai-wire.js';
import type { Usage } from '../tokens/usage.js';
import type { Call, CallInput, CallOverrides, OnBehalfOf } from './call.js';
import type { HandledCall } from './gateway.js';

export interface ModelCallOptions {
  /** Which Switchyard feature makes the call (`judge`, `guard`, `eval`, …); named on the trace. */
  feature: string;
  metadata?: Record<string, unknown>;
  signal?: AbortLike;
  /** Call as this virtual key (its limits and budget apply) instead of as an internal feature. */
  apiKey?: string;
  /**
   * The client's call this one serves: its key's budget and limits pay for it, while it stays an
   * internal call (no key check, and the guard policy an internal call gets, not the key's).
   */
  onBehalfOf?: OnBehalfOf;
  /** Route behaviour to change for this call (see `CallInput.overrides`). */
  overrides?: CallOverrides;
  /**
   * The conversation the call belongs to, for one that serves a client's call without its key
   * paying (a local model's shadow check); otherwise `onBehalfOf`'s session is taken.
   */
  session?: string | null;
}

/** A whole answer with what the gateway learned about it. */
export interface ModelAnswer<T> {
  value: T;
  traceId: string;
  usage: Usage | undefined;
  costUsd: number;
  /** Provider and upstream model that answered. */
  provider: string | null;
  upstreamModel: string | null;
  latencyMs: number;
  /** What the pipeline's stages decided (route, knowledge, groundedness, local model), as traced. */
  decisions: Record<string, unknown> | null;
}

/**
 * How Switchyard's own features call models: straight into the request pipeline, without a
 * loopback HTTP server, so judges, guards, retrieval and evaluations are routed, limited, costed
 * and traced like any client's call.
 *
 * @example
 * const answer = await models.chat({ model: 'judge', messages: [{ role: 'user', content: 'Score 1–5: …' }] }, { feature: 'judge' });
 * answer.value.choices[0]?.message.content;
 */
export class ModelClient {
  constructor(private readonly gateway: { handle(input: CallInput): Promise<HandledCall> }) {}

  async chat(request: ChatCompletionRequest, options: ModelCallOptions): Promise<ModelAnswer<ChatCompletion>> {
    const { call, text } = await this.whole('chat', { ...request, stream: false }, options);
    return this.answer(call, JSON.parse(text) as ChatCompletion);
  }

  /** Streams canonical chunks; the trace is written once the stream has been read to its end. */
  async *stream(request: ChatCompletionRequest, options: ModelCallOptions): AsyncGenerator<ChatCompletionChunk, ModelAnswer<null>> {
    const { call, outcome } = await this.gateway.handle(this.input('chat', { ...request, stream: true }, options));
    if (outcome.kind === 'error') {
      await call.settle({ status: outcome.error.status, clientClosed: false });
      throw outcome.error;
    }
    if (outcome.kind !== 'stream') {
      await call.settle({ status: 200, clientClosed: false });
      throw new SwitchyardError('internal', 'asked for a stream, got a whole answer');
    }
    const blocks = new SseBlocks();
    let completed = false;
    try {
      for await (const piece of outcome.events) {
        for (const event of parseBlocks(blocks.take(piece))) {
          if (event.data !== '[DONE]') yield JSON.parse(event.data) as ChatCompletionChunk;
        }
      }
      completed = true;
    } finally {
      await call.settle({ status: 200, clientClosed: !completed && call.error === null });
    }
    return this.answer(call, null);
  }

  async embed(request: EmbeddingsRequest, options: ModelCallOptions): Promise<ModelAnswer<EmbeddingsResponse>> {
    const { call, text } = await this.whole('embeddings', request as unknown as JsonObject, options);
    return this.answer(call, JSON.parse(text) as EmbeddingsResponse);
  }

  private input(endpoint: CallInput['endpoint'], body: JsonObject, options: ModelCallOptions): CallInput {
    return {
      endpoint,
      format: 'openai',
      body,
      bodyText: JSON.stringify(body),
      secret: options.apiKey,
      metadata: options.metadata ?? null,
      // A call made for a client's request is listed with the request's session.
      session: options.session ?? options.onBehalfOf?.session ?? null,
      signal: options.signal ?? new CallAbort(),
      internal: options.apiKey ? undefined : { feature: options.feature, ...(options.onBehalfOf ? { onBehalfOf: { key: options.onBehalfOf.key, traceId: options.onBehalfOf.traceId, ...(options.onBehalfOf.route ? { route: options.onBehalfOf.route } : {}) } } : {}) },
      overrides: options.overrides,
    };
  }

  private async whole(endpoint: CallInput['endpoint'], body: JsonObject, options: ModelCallOptions): Promise<{ call: Call; text: string }> {
    const { call, outcome } = await this.gateway.handle(this.input(endpoint, body, options));
    if (outcome.kind === 'json') {
      await call.settle({ status: outcome.status, clientClosed: false });
      return { call, text: outcome.body };
    }
    if (outcome.kind === 'error') {
      await call.settle({ status: outcome.error.status, clientClosed: false });
      throw outcome.error;
    }
    await call.settle({ status: 200, clientClosed: true });
    throw new SwitchyardError('internal', 'asked for a whole answer, got a stream');
  }

  private answer<T>(call: Call, value: T): ModelAnswer<T> {
    return {
      value,
      traceId: call.traceId,
      usage: call.totalUsage(),
      costUsd: call.costUsd,
      provider: call.provider,
      upstreamModel: call.upstreamModel,
      latencyMs: performance.now() - call.t0,
      decisions: call.decisions,
    };
  }
}
