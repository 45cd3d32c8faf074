import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../../src/test-support/gateway-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness('', (simUrl) => `
providers:
  real: { type: openai, base_url: "${simUrl}/v1", api_key: sk-real }
  stand-in: { type: openai, base_url: "${simUrl}/v1", api_key: sk-sim, simulated: true }
models:
  real: { provider: real, model: standin-small }
  sim: { provider: stand-in, model: gpt-5.4-mini }
`);
});
afterAll(() => h.close());

describe('simulated answers', () => {
  it('are labelled on the trace; answers of real providers are not', async () => {
    const client = h.openai('any');
    const simulated = await client.chat.completions.create({ model: 'sim', messages: [{ role: 'user', content: 'Hello from the simulator' }] }).withResponse();
    const real = await client.chat.completions.create({ model: 'real', messages: [{ role: 'user', content: 'Hello from a real provider' }] }).withResponse();
    const simTrace = await h.waitForTrace((t) => t.id === simulated.response.headers.get('x-switchyard-trace-id'));
    const realTrace = await h.waitForTrace((t) => t.id === real.response.headers.get('x-switchyard-trace-id'));
    expect(simTrace.decisions).toMatchObject({ simulated: { provider: 'stand-in', reason: 'answered by the built-in simulator, not a real model' } });
    expect(realTrace.decisions?.simulated).toBeUndefined();
    // And to the client, which may keep no store with the trace (`eval run --gateway URL`).
    expect(simulated.response.headers.get('x-switchyard-simulated')).toBe('stand-in');
    expect(real.response.headers.has('x-switchyard-simulated')).toBe(false);
  });
});
