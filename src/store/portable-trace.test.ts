import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { JsonText } from '../core/json-text.js';
import type { TraceRecord } from '../core/trace.js';
import { makeTrace } from '../monitor/test-traces.js';
import { type PortableTrace, portableTrace, revivedTrace } from './portable-trace.js';

/** What the trace-write thread gets: the portable form through a real structured clone. */
function acrossThreads(trace: TraceRecord): TraceRecord {
  const { port1, port2 } = new MessageChannel();
  port1.postMessage(portableTrace(trace));
  const received = receiveMessageOnPort(port2)?.message as PortableTrace;
  port1.close();
  return revivedTrace(received);
}

// Every field set to a value no default has, so a field dropped or two fields swapped shows.
const full: TraceRecord = {
  id: 'tr_full', ts: 1_767_268_800_123, requestId: 'req_9', endpoint: 'responses', keyName: 'app-7', team: 'team-3', requestedModel: 'support', provider: 'anthropic',
  upstreamModel: 'claude-haiku-4-5', status: 502, errorCode: 'upstream_error', errorMessage: 'upstream answered 502', stream: true, inputTokens: 401, outputTokens: 151,
  cachedTokens: 12, reasoningTokens: 3, usageEstimated: true, costUsd: 0.0042, ttftMs: 210.5, latencyMs: 812,
  attempts: [{ provider: 'anthropic', model: 'claude-haiku-4-5', status: 502, latencyMs: 800, error: 'bad gateway' }],
  metadata: { feature: 'refund', user: 'u1' }, decisions: { cache: { hit: false } }, otel: { traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), parentSpanId: null },
  request: new JsonText('{"model":"support","input":"caf\\u00e9"}'), response: new JsonText('{"output":[]}'),
};

describe('portableTrace', () => {
  it('carries every field of a trace to the thread in place, bodies as the JSON text they were kept as', () => {
    const revived = acrossThreads(full);
    expect(revived).toEqual(full);
    expect(revived.request).toBeInstanceOf(JsonText);
    expect((revived.request as JsonText).text).toBe('{"model":"support","input":"caf\\u00e9"}');
  });

  it('serialises bodies held as values (a captured stream resolves through its toJSON) and keeps null ones null', () => {
    const stream = { toJSON: () => ({ choices: [{ message: { content: 'streamed' } }] }) };
    const revived = acrossThreads(makeTrace({ id: 'tr_v', request: { messages: [{ role: 'user', content: 'hi' }] }, response: stream }));
    expect((revived.request as JsonText).text).toBe('{"messages":[{"role":"user","content":"hi"}]}');
    expect((revived.response as JsonText).text).toBe('{"choices":[{"message":{"content":"streamed"}}]}');
    expect(acrossThreads(makeTrace({ id: 'tr_n', request: null, response: null }))).toMatchObject({ request: null, response: null });
  });

  it('leaves a trace without a span without one', () => {
    expect(acrossThreads(makeTrace({ id: 'tr_o' })).otel).toBeUndefined();
    expect(acrossThreads(makeTrace({ id: 'tr_p', otel: null })).otel).toBeNull();
  });
});
