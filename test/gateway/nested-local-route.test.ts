/**
 * A route with a local task model reached through another route (front's rule sends classify
 * requests to `intent`): its local model answers only calls that name `intent`, so this call goes
 * to intent's target. Before 2026-12-07 neither the trace nor the header said so: the trace had no
 * `decisions.local` and the header read `front>intent (…); intent>teacher (static route)`, as if
 * the route had no local model. Both SDKs, whole and streamed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../../src/test-support/gateway-harness.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness(
    '',
    (simUrl) => `
providers:
  sim: { type: openai, base_url: ${simUrl}/v1, api_key: sk-up }
models:
  teacher: { provider: sim, model: standin-large }
  small: { provider: sim, model: standin-small }
routes:
  front:
    policy: conditional
    rules: [ { when: { last_user_message: { regex: "^classify:" } }, target: intent } ]
    default: small
  intent:
    policy: static
    target: teacher
    options: { task: { type: classify, labels: [billing, shipping], min_examples: 20 } }
`,
  );
});
afterAll(() => h?.close());

const REASON = 'not asked: reached through route front; a local model answers only calls that name its route';

describe('a local-model route behind another route', () => {
  for (const stream of [false, true]) {
    it(`says on the trace and in the header that its local model was not asked (OpenAI SDK${stream ? ', streamed' : ''})`, async () => {
      const { data, response } = await h.openai('any').chat.completions.create({ model: 'front', stream, messages: [{ role: 'user', content: 'classify: where is my parcel' }] }).withResponse();
      if (stream) for await (const _ of data as AsyncIterable<unknown>);
      expect(response.headers.get('x-switchyard-route')).toBe(`front>intent (rule 1: last user message matches /^classify:/); intent>local (${REASON}); intent>teacher (static route)`);
      const trace = await h.traceOf(response.headers.get('x-switchyard-trace-id'));
      expect(trace.decisions?.local).toEqual({ answered: false, route: 'intent', reason: REASON });
    });
  }

  it('says so to an Anthropic client, and nothing on calls that never reach the route', async () => {
    const { response } = await h.anthropic('any').messages.create({ model: 'front', max_tokens: 50, messages: [{ role: 'user', content: 'classify: refund please' }] }).withResponse();
    expect(response.headers.get('x-switchyard-route')).toContain(`intent>local (${REASON})`);
    const other = await h.openai('any').chat.completions.create({ model: 'front', messages: [{ role: 'user', content: 'hello' }] }).withResponse();
    expect(other.response.headers.get('x-switchyard-route')).toBe('front>small (no rule matched (1 tried): default)');
    expect((await h.traceOf(other.response.headers.get('x-switchyard-trace-id'))).decisions?.local).toBeUndefined();
  });
});
