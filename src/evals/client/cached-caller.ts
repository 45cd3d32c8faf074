import { newId } from '../../core/ids.js';
import type { TraceRecord } from '../../core/trace.js';
import { contentHash } from '../datasets/content-hash.js';
import type { ResponseCache } from '../store/response-cache.js';
import type { CallTags, ChatCall, ChatResult, EmbedResult, ModelCaller } from './model-caller.js';

/** Where a cache hit is recorded: a trace per answer served without a model call. */
export type HitRecorder = (trace: TraceRecord) => void;

export interface CachedCallerOptions {
  /**
   * `read` (default) answers from the cache when it can; `refresh` always calls the model and
   * replaces the cached answer, so the next cached run serves the newest one (`--no-cache`).
   */
  mode?: 'read' | 'refresh';
  /** Called with a trace for every hit, so repeat runs leave a trace like any call. */
  recordHit?: HitRecorder;
  now?: () => number;
}

/**
 * A ModelCaller that answers repeated requests from the response cache. The key is the request
 * itself (model, messages, parameters, trial number), never the run or case, so a re-run or a
 * second suite asking the same thing pays once. A cached answer keeps its original cost and
 * latency (what the variant costs) and is marked `cached` (what this run paid: nothing); its
 * hit is traced with the original trace's id.
 *
 * @example const caller = new CachedCaller(new GatewayClient(url), stores.responseCache, { recordHit });
 */
export class CachedCaller implements ModelCaller {
  hits = 0;
  private readonly mode: 'read' | 'refresh';
  private readonly now: () => number;

  constructor(
    private readonly inner: ModelCaller,
    private readonly cache: ResponseCache,
    private readonly options: CachedCallerOptions = {},
  ) {
    this.mode = options.mode ?? 'read';
    this.now = options.now ?? Date.now;
  }

  async chat(call: ChatCall): Promise<ChatResult> {
    const key = `chat:${contentHash({ model: call.model, messages: call.messages, params: call.params ?? {}, trial: call.trial ?? 0, ...(call.overrides ? { overrides: call.overrides } : {}) })}`;
    const hit = this.mode === 'read' ? await this.cache.get<ChatResult>(key) : undefined;
    if (hit) {
      this.hits++;
      this.options.recordHit?.(this.hitTrace(call.model, call.tags, hit.traceId, { request: { model: call.model, messages: call.messages, ...call.params }, text: hit.text, inputTokens: hit.inputTokens, outputTokens: hit.outputTokens, upstreamModel: hit.upstreamModel }));
      return { ...hit, cached: true };
    }
    const result = await this.inner.chat(call);
    await this.cache.put(key, { ...result, cached: false });
    return result;
  }

  async embed(model: string, inputs: string[], tags: CallTags, signal?: AbortSignal): Promise<EmbedResult> {
    const key = `embed:${contentHash({ model, inputs })}`;
    const hit = this.mode === 'read' ? await this.cache.get<EmbedResult>(key) : undefined;
    if (hit) {
      this.hits++;
      this.options.recordHit?.(this.hitTrace(model, tags, null, { request: { model, input: inputs }, text: null, inputTokens: 0, outputTokens: 0, upstreamModel: null }));
      return { ...hit, cached: true };
    }
    const result = await this.inner.embed(model, inputs, tags, signal);
    await this.cache.put(key, { ...result, cached: false });
    return result;
  }

  private hitTrace(model: string, tags: CallTags, originalTraceId: string | null, body: { request: unknown; text: string | null; inputTokens: number; outputTokens: number; upstreamModel: string | null }): TraceRecord {
    const ts = this.now();
    const id = newId('tr', ts);
    return {
      id,
      ts,
      requestId: id,
      endpoint: body.text === null ? 'embeddings' : 'chat',
      keyName: null,
      team: null,
      requestedModel: model,
      provider: 'eval-cache',
      upstreamModel: body.upstreamModel,
      status: 200,
      errorCode: null,
      errorMessage: null,
      stream: false,
      inputTokens: body.inputTokens,
      outputTokens: body.outputTokens,
      cachedTokens: 0,
      reasoningTokens: 0,
      usageEstimated: false,
      costUsd: 0,
      ttftMs: null,
      latencyMs: 0,
      attempts: [],
      metadata: { ...tags, cache: 'hit', ...(originalTraceId ? { original_trace: originalTraceId } : {}) },
      decisions: { cache: { hit: true, source: 'eval response cache', original_trace_id: originalTraceId } },
      request: body.request,
      response: body.text === null ? null : { choices: [{ message: { role: 'assistant', content: body.text } }] },
    };
  }
}
