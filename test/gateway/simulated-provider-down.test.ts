import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../../src/test-support/gateway-harness.js';

let h: Harness;
let dead = 0;

beforeAll(async () => {
  h = await startHarness('', (_sim, deadPort) => {
    dead = deadPort;
    return `
providers:
  standin: { type: openai, base_url: "http://127.0.0.1:${deadPort}/v1", api_key: sk-simulated, simulated: true }
  real: { type: openai, base_url: "http://127.0.0.1:${deadPort}/v1", api_key: sk-real }
models:
  small: { provider: standin, model: gpt-5.4-mini }
  other: { provider: real, model: gpt-5.4-mini }
retry: { max_attempts: 1 }
`;
  });
});
afterAll(() => h.close());

describe('a simulated provider whose simulator is not running', () => {
  it('answers 502 saying how to start the simulator, on its port', async () => {
    const client = h.openai('any');
    const error = (await client.chat.completions.create({ model: 'small', messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e)) as InstanceType<typeof OpenAI.APIError>;
    expect(error.status).toBe(502);
    expect(error.message).toContain(`ECONNREFUSED (a simulated provider: is the simulator running? start it with switchyard simulate --port ${dead})`);
    // A real provider's refusal says nothing about a simulator.
    const real = (await client.chat.completions.create({ model: 'other', messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e)) as Error;
    expect(real.message).toMatch(/ECONNREFUSED$/);
  });
});
