import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../../src/test-support/gateway-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

describe('/health trace_backlog', () => {
  it('counts the traces whose writing is not over, views included, and is 0 once they are written (what bench:gateway waits for)', async () => {
    const client = h.openai('sk-sy-test');
    const { response } = await client.chat.completions.create({ model: 'small', messages: [{ role: 'user', content: 'hi' }] }).withResponse();
    const during = (await (await fetch(`${h.gateway.url}/health`)).json()) as { pending_traces: number; trace_backlog: number };
    expect(during.trace_backlog).toBeGreaterThanOrEqual(during.pending_traces);
    await h.traceOf(response);
    await h.gateway.traces.flush();
    const after = (await (await fetch(`${h.gateway.url}/health`)).json()) as { trace_backlog: number };
    expect(after.trace_backlog).toBe(0);
  });
});

describe('/health body', () => {
  it('is one line of JSON ending in a newline, so curl leaves the prompt on its own line', async () => {
    const text = await (await fetch(`${h.gateway.url}/health`)).text();
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.slice(0, -1)).not.toContain('\n');
    expect((JSON.parse(text) as { status: string }).status).toBeTypeOf('string');
  });
});
