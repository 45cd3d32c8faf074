import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../../src/test-support/gateway-harness.js';
import { MODELS, responsesConfig } from './responses-config.js';

/**
 * Google's older SDK, `@google/generative-ai` (0.24, which LangChain's ChatGoogleGenerativeAI
 * 2.3 still uses), reads a `?alt=sse` stream with a pattern anchored at the start of what is left
 * to read, and fails with "Failed to parse stream" when anything but `data:` events is left at the
 * end. The gateway ended every Gemini API stream with its cost as an SSE comment, so
 * `generateContentStream` and ChatGoogleGenerativeAI's `stream()` failed on every model behind it.
 * The request below is the one that SDK sent (recorded by a logging proxy, 2026-12-07).
 */
const sent = { generationConfig: {}, safetySettings: [], contents: [{ role: 'user', parts: [{ text: 'Say hello' }] }] };

/** `getResponseStream` of @google/generative-ai 0.24.1, reduced to its reading rule. */
function readAsLegacySdk(text: string): unknown[] {
  const responseLine = /^data: (.*)(?:\n\n|\r\r|\r\n\r\n)/;
  const events: unknown[] = [];
  let rest = text;
  for (let match = rest.match(responseLine); match; match = rest.match(responseLine)) {
    events.push(JSON.parse(match[1] ?? ''));
    rest = rest.slice(match[0].length);
  }
  if (rest.trim()) throw new Error(`Failed to parse stream: ${JSON.stringify(rest.slice(0, 80))} left`);
  return events;
}

let h: Harness;
beforeAll(async () => {
  h = await startHarness('', responsesConfig);
});
afterAll(() => h.close());

describe("a Gemini API stream, read as Google's older SDK reads it", () => {
  it.each(MODELS)('%s: data events only, the last with the usage; the cost is on the trace', async (model) => {
    const res = await fetch(`${h.gateway.url}/v1beta/models/${model}:streamGenerateContent?alt=sse`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-goog-api-key': 'sk-sy-alpha-key', 'x-goog-api-client': 'genai-js/0.24.1' },
      body: JSON.stringify(sent),
    });
    expect(res.status).toBe(200);
    const events = readAsLegacySdk(await res.text()) as { usageMetadata?: { totalTokenCount: number } }[];
    expect(events.length).toBeGreaterThan(1);
    expect(events.at(-1)?.usageMetadata?.totalTokenCount).toBeGreaterThan(0);
    const trace = await h.traceOf(res.headers.get('x-switchyard-trace-id'));
    expect(trace.costUsd).toBeGreaterThan(0);
  });
});
