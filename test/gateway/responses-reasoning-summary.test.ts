import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../../src/test-support/gateway-harness.js';

/**
 * AI SDK 7 (`ai` 7.0 with `@ai-sdk/openai` 4.0, Node 22) asks for reasoning summaries
 * (`reasoning: { effort, summary: "detailed" }`) whenever it sets an effort, and shows them as
 * `reasoningText`. The fixture holds the two requests a logging proxy recorded, `generateText` and
 * a `streamText` tool loop's first step, replayed here through the gateway to an OpenAI-native
 * Responses model on the simulator, which must answer as OpenAI does: a reasoning item with a
 * `summary_text` part, streamed as `response.reasoning_summary_*` events, and the asked-for
 * summary echoed in the response's `reasoning`.
 */
interface Recorded {
  path: string;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}
const fixture = JSON.parse(readFileSync(new URL('./__fixtures__/ai-sdk7-reasoning-summary.json', import.meta.url), 'utf8')) as Record<'generate' | 'stream', Recorded>;
const KEY = 'sk-sy-reasoning';

type Item = { type: string; summary?: { type: string; text: string }[] };
type ResponseBody = { output: Item[]; reasoning: { effort: string | null; summary: string | null } };

let h: Harness;
beforeAll(async () => {
  h = await startHarness('', (sim) => `
providers:
  oai-native: { type: openai, base_url: "${sim}/v1", api_key: sk-up, responses: native }
models:
  gpt-5.4-mini: { provider: oai-native, model: gpt-5.4-mini }
keys:
  - { key: ${KEY}, name: reasoning }
`);
});
afterAll(() => h.close());

function replay(recorded: Recorded): Promise<Response> {
  return fetch(`${h.gateway.url}${recorded.path}`, { method: 'POST', headers: { ...recorded.headers, authorization: `Bearer ${KEY}` }, body: JSON.stringify(recorded.body) });
}

describe("AI SDK 7's reasoning summaries on an OpenAI Responses model", () => {
  it('come back as a summary_text part of the reasoning item, the summary echoed', async () => {
    const response = await replay(fixture.generate);
    expect(response.status).toBe(200);
    const body = (await response.json()) as ResponseBody;
    const reasoning = body.output.find((item) => item.type === 'reasoning');
    expect(reasoning?.summary?.[0]?.type).toBe('summary_text');
    expect(reasoning?.summary?.[0]?.text.length).toBeGreaterThan(20);
    expect(body.reasoning).toEqual({ effort: 'high', summary: 'detailed' });
  });

  it('stream as reasoning_summary events whose deltas make the item summary', async () => {
    const response = await replay(fixture.stream);
    expect(response.status).toBe(200);
    const events = (await response.text())
      .split('\n')
      .filter((line) => line.startsWith('data: '))
      .map((line) => JSON.parse(line.slice(6)) as { type: string; delta?: string; item?: Item; response?: ResponseBody });
    const types = events.map((event) => event.type).filter((type) => type.startsWith('response.reasoning_summary'));
    expect(types[0]).toBe('response.reasoning_summary_part.added');
    expect(types.at(-1)).toBe('response.reasoning_summary_part.done');
    const deltas = events.filter((event) => event.type === 'response.reasoning_summary_text.delta').map((event) => event.delta).join('');
    const done = events.find((event) => event.type === 'response.output_item.done' && event.item?.type === 'reasoning');
    expect(deltas.length).toBeGreaterThan(20);
    expect(done?.item?.summary?.[0]?.text).toBe(deltas);
  });
});
