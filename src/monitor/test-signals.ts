import type { TraceSignal } from './signals/trace-signal.js';

/**
 * A plausible trace signal with overridable fields, for tests and the drift benchmark.
 *
 * @example makeSignal({ traceId: 'tr_1', prompt: 'where is my card?' })
 */
export function makeSignal(fields: Partial<TraceSignal> & { traceId: string }): TraceSignal {
  const prompt = fields.prompt === undefined ? 'hello' : fields.prompt;
  return {
    ts: Date.UTC(2026, 0, 1, 12),
    route: 'support',
    keyName: 'app',
    team: null,
    status: 200,
    latencyMs: 100,
    ttftMs: null,
    costUsd: 0.001,
    inputTokens: 10,
    outputTokens: 20,
    answer: 'Sure, here is how.',
    inputChars: prompt === null ? null : prompt.length,
    outputChars: 18,
    refused: false,
    finishReason: 'stop',
    servedBy: null,
    localLabel: null,
    localConfidence: null,
    topic: null,
    scores: null,
    ...fields,
    prompt,
  };
}
