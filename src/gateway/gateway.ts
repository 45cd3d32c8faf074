import { StringDecoder } from 'node:string_decoder';
import type { AnthropicMessagesRequest } from '../core/anthropic-wire.js';
import type { Clock, Random } from '../core/clock.js';
import { SwitchyardError } from '../core/errors.js';
import type { JsonObject } from '../core/openai-wire.js';
import type { VirtualKey } from '../limits/keys.js';
import type { LimitStore } from '../limits/limit-store.js';
import { fromAnthropicRequest } from '../providers/anthropic/index.js';
import type { UpstreamResponse } from '../providers/upstream-client.js';
import { upstreamError } from '../providers/upstream-error.js';
import type { ModelCatalog, ModelPlan, Target } from '../routing/catalog.js';
import { orderTargets } from '../routing/order-targets.js';
import { computeCost } from '../tokens/cost.js';
import { tokenCounter } from '../tokens/count-tokens.js';
import { convertChatResponse, type PreparedChat, prepareChat, usageOf } from './chat-exchange.js';
import { estimateUsage } from './estimate-usage.js';
import type { RequestContext } from './request-context.js';
import { runAttempts } from './run-attempts.js';
import { createStreamRelay, streamErrorEvent } from './stream-relay.js';
import { validateChatBody } from './validate-chat-body.js';

export interface GatewayDeps {
  catalog: ModelCatalog;
  limits: LimitStore;
  clock: Clock;
  random: Random;
}

interface Answer {
  upstream: UpstreamResponse;
  prepared: PreparedChat;
  /** The whole body, for non-streamed answers. */
  text?: string;
}

/**
 * The request pipeline for model calls: model → key permissions → limits → targets with
 * retries and fallbacks → answer (converted between API formats when needed) → usage and cost.
 * Everything it learns is written on the RequestContext, which becomes the trace.
 */
export class Gateway {
  constructor(private readonly deps: GatewayDeps) {}

  get catalog(): ModelCatalog {
    return this.deps.catalog;
  }

  /** Chat completions (OpenAI) and messages (Anthropic), streamed or not. */
  async chat(ctx: RequestContext, body: JsonObject, bodyBytes: number): Promise<void> {
    validateChatBody(ctx.format, body);
    ctx.stream = body.stream === true;
    const plan = this.admitModel(ctx, body.model);
    const estimatedTokens = Math.ceil(bodyBytes / 4);
    if (ctx.key) await this.deps.limits.admit(ctx.key, estimatedTokens, this.deps.clock.now());
    const clientWantsUsage = (body.stream_options as { include_usage?: boolean } | undefined)?.include_usage === true;
    try {
      const { value, target } = await runAttempts(plan.name, orderTargets(plan, this.deps.random), plan.retry, this.deps, ctx.signal, ctx.attempts, (t) =>
        this.send(ctx, t, plan, body),
      );
      ctx.provider = target.provider.name;
      ctx.upstreamModel = target.model;
      if (value.text !== undefined) this.answerJson(ctx, target, value.text, value.prepared);
      else await this.relayStream(ctx, target, value, clientWantsUsage);
      if (!ctx.usage) {
        ctx.usage = await estimateUsage(ctx.format, body, ctx.response);
        ctx.costUsd = computeCost(target.price, ctx.usage);
      }
    } finally {
      if (ctx.key) {
        const used = ctx.usage ? ctx.usage.inputTokens + ctx.usage.outputTokens : 0;
        await this.deps.limits.record(ctx.key, estimatedTokens, used, ctx.costUsd, this.deps.clock.now());
      }
    }
  }

  /** OpenAI embeddings; only OpenAI-compatible providers have them. */
  async embeddings(ctx: RequestContext, body: JsonObject, bodyBytes: number): Promise<void> {
    if (body.input === undefined || body.input === null || body.input === '') {
      throw new SwitchyardError('invalid_request', '"input" is required: a string or an array of strings or token ids', { param: 'input' });
    }
    const plan = this.admitModel(ctx, body.model);
    const estimatedTokens = Math.ceil(bodyBytes / 4);
    if (ctx.key) await this.deps.limits.admit(ctx.key, estimatedTokens, this.deps.clock.now());
    try {
      const { value, target } = await runAttempts(plan.name, orderTargets(plan, this.deps.random), plan.retry, this.deps, ctx.signal, ctx.attempts, async (t) => {
        const path = t.provider.embeddingsPath;
        if (path === null) {
          throw new SwitchyardError('unsupported', `model "${plan.name}" is served by provider "${t.provider.name}" (${t.provider.wire}), which has no embeddings endpoint; use a model on an OpenAI-compatible provider`, { param: 'model' });
        }
        const upstream = await t.provider.client.post(path, JSON.stringify({ ...body, model: t.model }), t.provider.headers, {
          signal: ctx.signal,
          timeoutMs: plan.timeouts.attempt_ms,
        });
        const text = await upstream.body.text();
        if (upstream.status >= 400) throw upstreamError(t.provider.name, upstream.status, upstream.headers, text);
        return text;
      });
      ctx.provider = target.provider.name;
      ctx.upstreamModel = target.model;
      const json = JSON.parse(value) as { usage?: unknown; data?: unknown[] };
      ctx.usage = usageOf('openai', json) ?? (await estimateUsage('openai', body, null));
      ctx.response = { ...json, data: `[${json.data?.length ?? 0} embeddings]` };
      ctx.costUsd = computeCost(target.price, ctx.usage);
      sendJson(ctx, value);
    } finally {
      if (ctx.key) await this.deps.limits.record(ctx.key, estimatedTokens, ctx.usage?.inputTokens ?? 0, ctx.costUsd, this.deps.clock.now());
    }
  }

  /**
   * Anthropic's `POST /v1/messages/count_tokens` (Claude Code and the SDK call it before long
   * requests): forwarded to an Anthropic provider, counted locally for any other.
   */
  async countTokens(key: VirtualKey | null, body: JsonObject, signal: AbortSignal): Promise<string> {
    if (!Array.isArray(body.messages)) {
      throw new SwitchyardError('invalid_request', `"messages" is required: an array of messages, got ${JSON.stringify(body.messages) ?? 'nothing'}`, { param: 'messages' });
    }
    const plan = this.deps.catalog.resolve(body.model);
    assertAllowed(key, plan.name);
    const target = orderTargets(plan, this.deps.random)[0] as Target;
    if (target.provider.wire === 'anthropic') {
      const upstream = await target.provider.client.post(`${target.provider.chatPath}/count_tokens`, JSON.stringify({ ...body, model: target.model }), target.provider.headers, {
        signal,
        timeoutMs: plan.timeouts.attempt_ms,
      });
      const text = await upstream.body.text();
      if (upstream.status >= 400) throw upstreamError(target.provider.name, upstream.status, upstream.headers, text);
      return text;
    }
    const count = await tokenCounter();
    const request = fromAnthropicRequest({ max_tokens: 1, ...body } as AnthropicMessagesRequest);
    const tools = request.tools ? count.text(JSON.stringify(request.tools)) : 0;
    return JSON.stringify({ input_tokens: count.chat(request.messages) + tools });
  }

  private admitModel(ctx: RequestContext, model: unknown): ModelPlan {
    const plan = this.deps.catalog.resolve(model);
    ctx.requestedModel = plan.name;
    assertAllowed(ctx.key, plan.name);
    return plan;
  }

  private async send(ctx: RequestContext, target: Target, plan: ModelPlan, body: JsonObject): Promise<Answer> {
    const prepared = prepareChat(ctx.format, target.provider, body, target.model, ctx.stream);
    const headers = ctx.anthropicBeta && target.provider.wire === 'anthropic' ? { ...target.provider.headers, 'anthropic-beta': ctx.anthropicBeta } : target.provider.headers;
    const upstream = await target.provider.client.post(target.provider.chatPath, prepared.body, headers, {
      signal: ctx.signal,
      timeoutMs: plan.timeouts.attempt_ms,
    });
    if (upstream.status >= 400) {
      const text = await upstream.body.text().catch(() => '');
      throw upstreamError(target.provider.name, upstream.status, upstream.headers, text);
    }
    if (ctx.stream) return { upstream, prepared };
    // Reading the whole body inside the attempt means a connection cut mid-body is retried too.
    const text = await upstream.body.text().catch((error: unknown) => {
      throw target.provider.client.networkError(error, { signal: ctx.signal, timeoutMs: plan.timeouts.attempt_ms });
    });
    return { upstream, prepared, text };
  }

  private answerJson(ctx: RequestContext, target: Target, text: string, prepared: PreparedChat): void {
    const converted = convertChatResponse(ctx.format, target.provider, text, prepared.jsonTool);
    ctx.usage = converted.usage;
    if (ctx.usage) ctx.costUsd = computeCost(target.price, ctx.usage);
    ctx.response = converted.json;
    ctx.ttftMs = performance.now() - ctx.t0;
    sendJson(ctx, converted.text);
  }

  /**
   * Streams the upstream's events to the client as they arrive. Once the first byte has gone
   * out there is no retry: a failure becomes an error event in the client's format.
   */
  private async relayStream(ctx: RequestContext, target: Target, answer: Answer, clientWantsUsage: boolean): Promise<void> {
    const relay = createStreamRelay(ctx.format, target.provider.wire, target.provider.name, clientWantsUsage, answer.prepared.jsonTool);
    const res = ctx.res;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      'x-request-id': ctx.requestId,
      'x-switchyard-trace-id': ctx.traceId,
    });
    let pending = '';
    let failure: SwitchyardError | undefined;
    const decoder = new StringDecoder('utf8');
    try {
      for await (const chunk of answer.upstream.body) {
        pending += relay.push(decoder.write(chunk));
        if (pending !== '') {
          if (ctx.ttftMs === null) ctx.ttftMs = performance.now() - ctx.t0;
          const flushed = res.write(pending);
          pending = '';
          if (!flushed) await waitForDrain(ctx);
        }
      }
      pending += relay.end();
    } catch (error) {
      if (error instanceof SwitchyardError) failure = error;
      else if (!ctx.signal.aborted) failure = target.provider.client.networkError(error, { signal: ctx.signal, timeoutMs: 0 });
    }
    ctx.usage = relay.usage;
    if (ctx.usage) ctx.costUsd = computeCost(target.price, ctx.usage);
    if (failure) {
      answer.upstream.body.destroy();
      ctx.error = failure;
      pending += streamErrorEvent(ctx.format, failure, ctx.requestId);
    }
    if (!ctx.signal.aborted) res.end(pending);
    try {
      ctx.response = relay.response();
    } catch {
      ctx.response = null;
    }
  }
}

function waitForDrain(ctx: RequestContext): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      ctx.res.off('drain', done);
      ctx.signal.removeEventListener('abort', done);
      resolve();
    };
    ctx.res.on('drain', done);
    ctx.signal.addEventListener('abort', done, { once: true });
  });
}

/** A whole answer; its cost rides along as a header when usage is already known, for callers such as evals. */
function sendJson(ctx: RequestContext, text: string): void {
  const headers: Record<string, string | number> = {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'x-request-id': ctx.requestId,
    'x-switchyard-trace-id': ctx.traceId,
  };
  if (ctx.usage) headers['x-switchyard-cost-usd'] = ctx.costUsd.toFixed(8);
  ctx.res.writeHead(200, headers);
  ctx.res.end(text);
}

function assertAllowed(key: VirtualKey | null, model: string): void {
  if (key?.models && !key.models.has(model)) {
    const allowed = [...key.models].join(', ') || 'none';
    throw new SwitchyardError('forbidden', `key "${key.name}" may not use model "${model}" (allowed: ${allowed})`, { param: 'model' });
  }
}
