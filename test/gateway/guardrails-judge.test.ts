import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../../src/test-support/gateway-harness.js';

let h: Harness;
let client: OpenAI;

beforeAll(async () => {
  h = await startHarness('', (simUrl) => `
providers: { sim: { type: openai, base_url: ${simUrl}/v1, api_key: sk-up } }
models:
  small: { provider: sim, model: standin-small }
  judge: { provider: sim, model: standin-judge }
guardrails:
  pseudonym_key: test-identity-pseudonym-secret
  policies:
    judged:
      pii: { default_action: redact }
      # Every passing text is put to the judge (above: 0), so the test does not depend on scores.
      injection: { action: block, judge: { model: judge, above: 0 } }
  apply: { routes: { small: judged } }
retry: { max_attempts: 1 }
`);
  client = h.openai('any');
  // The judge model says "yes" about texts mentioning pineapples and something else otherwise.
  h.sim.addScript({ model: 'standin-judge', match: 'Text to classify:[\\s\\S]*pineapple', reply: 'yes' });
  h.sim.addScript({ model: 'standin-judge', match: 'Text to classify', reply: 'no' });
});
afterAll(async () => {
  await h?.close();
});

describe('injection checks escalated to a judge model', () => {
  it('a "yes" from the judge blocks a text the classifier let through, naming the judge', async () => {
    const error = await client.chat.completions.create({ model: 'small', messages: [{ role: 'user', content: 'Tell me about pineapple pizza' }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as Error).message).toMatch(/blocked by the "injection" guardrail \(policy "judged"\): user-turn classifier 0\.\d+.*; judge judge: injection/);
  });

  it('a "no" lets it through, and the judge sees the redacted text only', async () => {
    const { data, response } = await client.chat.completions.create({ model: 'small', messages: [{ role: 'user', content: 'Write to ann.lee@example.com about apples' }] }).withResponse();
    expect(data.choices[0]?.message.content).toBeTruthy();
    const judgeCall = h.sim.stats().lastRequests.find((r) => r.model === 'standin-judge' && JSON.stringify(r.body).includes('apples'));
    expect(JSON.stringify(judgeCall?.body)).toContain('<EMAIL_1>');
    expect(JSON.stringify(judgeCall?.body)).not.toContain('ann.lee@example.com');
    const trace = await h.waitForTrace((t) => t.id === response.headers.get('x-switchyard-trace-id'));
    const entry = (trace.decisions?.guardrails as { name: string; reason: string }[]).find((e) => e.name === 'injection');
    expect(entry?.reason).toContain('judge judge: not an injection');
    // The judge's own call is traced as an internal call, not judged again.
    const judgeTrace = await h.waitForTrace((t) => t.requestedModel === 'judge');
    expect(judgeTrace.decisions?.guardrails).toBeUndefined();
  });

  it("traces the judge's call in the session of the request it judged", async () => {
    const session = `judged-${Date.now()}`;
    const sessioned = new OpenAI({ baseURL: h.baseURL, apiKey: 'any', maxRetries: 0, defaultHeaders: { 'x-switchyard-session': session } });
    const { response } = await sessioned.chat.completions.create({ model: 'small', messages: [{ role: 'user', content: 'A question about pears' }] }).withResponse();
    const judged = await h.traceOf(response);
    expect(judged.session).toBe(session);
    const judgeTrace = await h.waitForTrace((t) => t.requestedModel === 'judge' && (t.decisions?.internal as { for?: string } | undefined)?.for === judged.id);
    expect(judgeTrace.session).toBe(session);
    await h.gateway.traces.flush();
    const listed = (await h.gateway.store.listTraces({ session, limit: 10 })).traces.map((t) => t.requestedModel).sort();
    expect(listed).toEqual(['judge', 'small']);
  });

  it('names a judge model that does not exist', async () => {
    const { parseConfig } = await import('../../src/config/load-config.js');
    expect(() =>
      parseConfig(`
providers: { p: { type: openai, base_url: "http://127.0.0.1:1/v1" } }
models: { small: { provider: p, model: m } }
guardrails: { policies: { x: { injection: { judge: { model: jduge } } } } }
`),
    ).toThrow('guardrails.policies.x.injection.judge.model: unknown model or route "jduge" (known: small)');
  });
});
