import type { TraceRecord } from '../core/trace.js';

/**
 * A plausible trace with overridable fields, for tests and the dashboard benchmark.
 *
 * @example makeTrace({ id: 'tr_1', requestedModel: 'gpt-4o', latencyMs: 120 })
 */
export function makeTrace(fields: Partial<TraceRecord> & { id: string }): TraceRecord {
  return {
    ts: Date.UTC(2026, 0, 1, 12),
    requestId: `req_${fields.id}`,
    endpoint: 'chat',
    keyName: 'app',
    team: null,
    requestedModel: 'gpt-4o-mini',
    provider: 'openai',
    upstreamModel: 'gpt-4o-mini',
    status: 200,
    errorCode: null,
    errorMessage: null,
    stream: false,
    inputTokens: 10,
    outputTokens: 20,
    cachedTokens: 0,
    reasoningTokens: 0,
    usageEstimated: false,
    costUsd: 0.001,
    ttftMs: null,
    latencyMs: 100,
    attempts: [],
    metadata: null,
    decisions: null,
    request: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hello' }] },
    response: { choices: [{ index: 0, message: { role: 'assistant', content: 'hi there' }, finish_reason: 'stop' }] },
    ...fields,
  };
}
