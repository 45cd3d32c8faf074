import { unpricedModel } from '../../core/unpriced.js';
import type { ModelClient } from '../../gateway/model-client.js';
import type { CallTags, ChatCall, ChatResult, EmbedResult, ModelCaller } from './model-caller.js';

/**
 * Evaluation's model calls straight into an in-process gateway's pipeline: routed, limited,
 * costed and traced like any call, without a loopback HTTP server. Costs are the gateway's own.
 *
 * @example const caller = new InProcessCaller(core.models, apiKey); await caller.chat({ model: 'small', messages, tags });
 */
export class InProcessCaller implements ModelCaller {
  constructor(
    private readonly models: ModelClient,
    /** A virtual key to call as (its limits and budget apply); internal calls when absent. */
    private readonly apiKey?: string,
  ) {}

  async chat(call: ChatCall): Promise<ChatResult> {
    const answer = await this.models.chat(
      { ...call.params, model: call.model, messages: call.messages },
      { feature: call.tags.scorer ? 'judge' : 'eval', metadata: { ...call.tags }, signal: call.signal, apiKey: this.apiKey, ...(call.overrides ? { overrides: call.overrides } : {}) },
    );
    const message = answer.value.choices?.[0]?.message;
    const text = typeof message?.content === 'string' ? message.content : message?.tool_calls ? JSON.stringify(message.tool_calls) : '';
    return {
      text,
      inputTokens: answer.usage?.inputTokens ?? 0,
      outputTokens: answer.usage?.outputTokens ?? 0,
      costUsd: answer.costUsd,
      latencyMs: answer.latencyMs,
      traceId: answer.traceId,
      upstreamModel: answer.upstreamModel,
      cached: false,
      unpriced: unpricedModel({ decisions: answer.decisions ?? null }) ?? null,
      decisions: answer.decisions,
    };
  }

  async embed(model: string, inputs: string[], tags: CallTags, signal?: AbortSignal): Promise<EmbedResult> {
    const answer = await this.models.embed({ model, input: inputs }, { feature: 'eval', metadata: { ...tags }, signal, apiKey: this.apiKey });
    const data = answer.value.data ?? [];
    const vectors = inputs.map((_, i) => (data.find((d) => d.index === i) ?? data[i])?.embedding);
    return { vectors: vectors.map((v) => (Array.isArray(v) ? v : [])), costUsd: answer.costUsd, cached: false };
  }
}
