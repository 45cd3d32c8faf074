/**
 * A team's (or key's) guardrail policy and a route's, on one request: both apply. Before, the
 * team's replaced the route's, so a support team's PII rules silently dropped the JSON schema the
 * route promised its callers (docs/guardrails.md, "Which policy applies").
 */
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, simProviders, startHarness } from '../../src/test-support/gateway-harness.js';

let h: Harness;
const openai = (key: string) => h.openai(key);

beforeAll(async () => {
  h = await startHarness(
    '',
    (sim) => `
${simProviders(sim)}
models:
  small: { provider: sim, model: standin-small, price: { input_per_mtok: 0.15, output_per_mtok: 0.6 } }
routes:
  intent: { policy: static, target: small }
guardrails:
  pseudonym_key: policy-combine-pseudonym-secret
  policies:
    shape:
      pii: { entities: { EMAIL: redact }, default_action: allow }
      output: { json_schema: { schema: { type: object, required: [ intent ] }, action: block } }
    care:
      pii: { entities: { CREDIT_CARD: block, EMAIL: flag }, default_action: allow }
      output: { banned_words: { words: [ "project bluebird" ] } }
  apply:
    teams:  { care: care }
    routes: { intent: shape }
teams: [ { name: care } ]
keys:
  - { key: sk-care-alice-0001, name: alice, team: care }
  - { key: sk-solo-dave-00001, name: dave }
`,
  );
  await fetch(`${h.sim.url}/_sim/scripts`, {
    method: 'POST',
    body: JSON.stringify([
      { match: 'free text please', reply: 'Sure, your card is on its way.' },
      { match: 'json please', reply: { json: { intent: 'card_arrival' } } },
      { match: 'codename please', reply: { json: { intent: 'project bluebird' } } },
      { match: 'my address', reply: { json: { intent: 'echo', seen: 'ECHO' } } },
    ]),
  });
}, 60_000);

afterAll(async () => {
  await h?.close();
});

describe("a team's policy on a route with its own policy", () => {
  it("keeps the route's JSON schema: an answer that is not JSON is blocked for the team's key as for any other", async () => {
    for (const key of ['sk-care-alice-0001', 'sk-solo-dave-00001']) {
      const refused = await openai(key)
        .chat.completions.create({ model: 'intent', messages: [{ role: 'user', content: 'free text please' }] })
        .then(() => undefined, (error: unknown) => error);
      expect(refused).toBeInstanceOf(OpenAI.APIError);
      expect((refused as InstanceType<typeof OpenAI.APIError>).status).toBe(422);
      expect((refused as InstanceType<typeof OpenAI.APIError>).message).toContain('"json-schema" guardrail');
    }
  });

  it("adds the team's checks: both output checks run, under a policy named for both", async () => {
    const { data, response } = await openai('sk-care-alice-0001').chat.completions.create({ model: 'intent', messages: [{ role: 'user', content: 'json please' }] }).withResponse();
    expect(JSON.parse(data.choices[0]?.message.content ?? '')).toEqual({ intent: 'card_arrival' });
    expect(response.headers.get('x-switchyard-guardrails')).toBe('policy=care+shape; pii=pass; json-schema=pass; banned-words=pass');
    const trace = await h.traceOf(response.headers.get('x-switchyard-trace-id'));
    expect(trace.decisions?.guard).toMatchObject({ policy: 'care+shape' });
    // The team's banned word blocks on the route; the route's policy alone does not ban it.
    const banned = await openai('sk-care-alice-0001')
      .chat.completions.create({ model: 'intent', messages: [{ role: 'user', content: 'codename please' }] })
      .then(() => undefined, (error: unknown) => error);
    expect((banned as InstanceType<typeof OpenAI.APIError>).status).toBe(422);
    expect((banned as InstanceType<typeof OpenAI.APIError>).message).toBe('422 answer blocked by the "banned-words" guardrail (policy "care+shape"): matched 1 banned term: "project bluebird"');
    const solo = await openai('sk-solo-dave-00001').chat.completions.create({ model: 'intent', messages: [{ role: 'user', content: 'codename please' }] }).withResponse();
    expect(solo.response.headers.get('x-switchyard-guardrails')).toBe('policy=shape; pii=pass; json-schema=pass');
  });

  it('takes the stricter PII action per type: the team blocks cards, the route redacts the e-mail the team only flags', async () => {
    const card = await openai('sk-care-alice-0001')
      .chat.completions.create({ model: 'intent', messages: [{ role: 'user', content: 'json please, card 4111 1111 1111 1111' }] })
      .then(() => undefined, (error: unknown) => error);
    expect((card as InstanceType<typeof OpenAI.APIError>).status).toBe(400);
    expect((card as InstanceType<typeof OpenAI.APIError>).message).toContain('(policy "care+shape"): the request contains CREDIT_CARD');
    const { response } = await openai('sk-care-alice-0001').chat.completions.create({ model: 'intent', messages: [{ role: 'user', content: 'json please, write to ann@example.com' }] }).withResponse();
    expect(response.headers.get('x-switchyard-guardrails')).toBe('policy=care+shape; pii=redact; json-schema=pass; banned-words=pass');
    const trace = await h.traceOf(response.headers.get('x-switchyard-trace-id'));
    expect(JSON.stringify(trace.request)).toContain('<EMAIL_1>');
    expect(JSON.stringify(trace.request)).not.toContain('ann@example.com');
  });
});
