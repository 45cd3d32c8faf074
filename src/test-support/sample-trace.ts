import type { TraceRecord } from '../core/trace.js';

/** A complete, plausible trace for tests; override what the test is about. */
export function sampleTrace(overrides: Partial<TraceRecord> = {}): TraceRecord {
  return {
    id: `tr_${Math.random().toString(36).slice(2)}`,
    ts: Date.now(),
    requestId: 'req_1',
    endpoint: 'chat',
    keyName: 'compat',
    team: null,
    requestedModel: 'small',
    provider: 'standin-openai',
    upstreamModel: 'standin-small',
    status: 200,
    errorCode: null,
    errorMessage: null,
    stream: false,
    inputTokens: 10,
    outputTokens: 5,
    cachedTokens: 0,
    reasoningTokens: 0,
    usageEstimated: false,
    costUsd: 0.001,
    ttftMs: null,
    latencyMs: 12.5,
    attempts: [{ provider: 'standin-openai', model: 'standin-small', status: 200, latencyMs: 12 }],
    metadata: { team: 'support' },
    decisions: null,
    request: { model: 'small', messages: [{ role: 'user', content: 'hi' }] },
    response: { choices: [] },
    ...overrides,
  };
}
