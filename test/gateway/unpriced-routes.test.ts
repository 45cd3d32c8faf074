import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routellmRecords } from '../../src/routing/learned/__fixtures__/routellm.js';
import { serializeRouter } from '../../src/routing/learned/router-file.js';
import { trainRouter } from '../../src/routing/learned/train-router.js';
import { type Harness, startHarness } from '../../src/test-support/gateway-harness.js';

// A budgeted key (limits.unpriced: refuse) calling a route: a cascade passes an unpriced step over
// as a fallback list passes an unpriced target; a route whose choice is its policy (a split's arm,
// a conditional rule) keeps it, and the 403 names the route, the branch and the model it chose.

const say = (content: string) => ({ messages: [{ role: 'user' as const, content }] });
type ApiError = InstanceType<typeof OpenAI.APIError>;
type Step = { target: string; action: string; reason: string };

let h: Harness;
beforeAll(async () => {
  // A learned router whose threshold 0 sends everything to its cheap target.
  const routerFile = join(mkdtempSync(join(tmpdir(), 'sy-router-')), 'router.json');
  writeFileSync(routerFile, serializeRouter(trainRouter(routellmRecords('gsm8k').slice(0, 400), { seed: 1, clock: { now: () => 0, sleep: async () => {} } })));
  h = await startHarness('', (sim) => `
providers:
  sim: { type: openai, base_url: ${sim}/v1, api_key: sk-up }
models:
  local:  { provider: sim, model: my-vllm-model }
  local2: { provider: sim, model: my-other-vllm }
  priced: { provider: sim, model: standin-small, price: { input_per_mtok: 1, output_per_mtok: 2 } }
routes:
  tiered:
    policy: conditional
    rules: [ { when: { metadata: { tier: { equals: premium } } }, target: local } ]
    default: priced
  ab:
    policy: split
    arms: [ { target: local, weight: 1 }, { target: priced, weight: 0 } ]
  outer: { policy: static, target: tiered }
  fallthrough:
    policy: conditional
    rules: [ { when: { metadata: { tier: { equals: premium } } }, target: priced } ]
    default: local
  picks-local:
    policy: learned
    router: ${routerFile}
    cheap: local
    strong: priced
    threshold: 0
  triage:
    policy: cascade
    targets: [ local, priced ]
    escalate_on: { validation: { labels: [billing, other] } }
  tail:
    policy: cascade
    targets: [ priced, local ]
    escalate_on: { validation: { labels: [billing, other] } }
  nothing:
    policy: cascade
    targets: [ local, local2 ]
    escalate_on: { validation: { labels: [billing, other] } }
keys:
  - { key: sk-sy-budget, name: budgeted, budget: { usd: 1, period: monthly } }
retry: { max_attempts: 1 }
`);
  h.sim.addScript({ match: 'invoice', model: 'standin-small', reply: 'billing' });
  h.sim.addScript({ match: 'story', model: 'standin-small', reply: 'Once upon a time' });
});
afterAll(() => h.close());
const client = () => h.openai('sk-sy-budget');
const refusal = async (request: Promise<unknown>) => (await request.catch((e: unknown) => e)) as ApiError;

describe('limits.unpriced: refuse, through routes', () => {
  it('a cascade passes its unpriced step over to the next priced one, and says so on the trace', async () => {
    const before = h.sim.stats().requests;
    const { data, response } = await client().chat.completions.create({ model: 'triage', ...say('my invoice is wrong') }).withResponse();
    expect(data.choices[0]?.message.content).toBe('billing');
    expect(Number(response.headers.get('x-switchyard-cost-usd'))).toBeGreaterThan(0);
    expect(h.sim.stats().requests).toBe(before + 1);
    const trace = await h.traceOf(response.headers.get('x-switchyard-trace-id'));
    const steps = (trace.decisions?.route as { cascade: Step[] }).cascade;
    expect(steps.map((s) => [s.target, s.action])).toEqual([['local', 'skip'], ['priced', 'final']]);
    expect(steps[0]?.reason).toBe("step 1 skipped: local has no price, which this key's dollar budget needs");
  });

  it('an unpriced last step delivers the earlier answer that only failed its check, rather than a 403', async () => {
    const { data, response } = await client().chat.completions.create({ model: 'tail', ...say('tell me a story') }).withResponse();
    expect(data.choices[0]?.message.content).toBe('Once upon a time');
    const trace = await h.traceOf(response.headers.get('x-switchyard-trace-id'));
    const steps = (trace.decisions?.route as { cascade: Step[] }).cascade;
    expect(steps.map((s) => [s.target, s.action])).toEqual([['priced', 'delivered'], ['local', 'skip']]);
    expect(steps[0]?.reason).toContain('delivered all the same: the last target "local" has no price');
  });

  it('a cascade with no priced step left answers 403 naming the route and its last step', async () => {
    const error = await refusal(client().chat.completions.create({ model: 'nothing', ...say('my invoice is wrong') }));
    expect(error).toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect(error.code).toBe('unpriced_model');
    expect(error.message).toContain('route "nothing" (cascade, step 2 (last)) chose "local2": model "local2" is served by "my-other-vllm", which has no price');
  });

  it('a split keeps the arm it drew: 403 naming the route, the arm and the model', async () => {
    const before = h.sim.stats().requests;
    const error = await refusal(client().chat.completions.create({ model: 'ab', ...say('my invoice is wrong') }));
    expect(error).toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect(error.code).toBe('unpriced_model');
    expect(error.message).toMatch(/^403 route "ab" \(split, arm 1\) chose "local": model "local" is served by "my-vllm-model", which has no price/);
    expect(error.message).toContain('add a price for "my-vllm-model" under models.local.price');
    expect(h.sim.stats().requests).toBe(before);
  });

  it('a conditional rule keeps its target, and a nested route names every decision on the way', async () => {
    const error = await refusal(client().chat.completions.create({ model: 'outer', ...say('my invoice is wrong'), metadata: { tier: 'premium' } }));
    expect(error).toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect(error.message).toMatch(/^403 route "outer" \(static\) chose "tiered", then route "tiered" \(conditional, rule 1\) chose "local": model "local"/);
    // The rule that does not match leaves the priced default, which answers.
    const answer = await client().chat.completions.create({ model: 'outer', ...say('my invoice is wrong') });
    expect(answer.choices[0]?.message.content).toBe('billing');
  });

  it("a conditional route's default keeps its target too: 403 naming the default branch", async () => {
    const before = h.sim.stats().requests;
    const error = await refusal(client().chat.completions.create({ model: 'fallthrough', ...say('my invoice is wrong') }));
    expect(error).toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect(error.code).toBe('unpriced_model');
    expect(error.message).toMatch(/^403 route "fallthrough" \(conditional, default\) chose "local": model "local" is served by "my-vllm-model", which has no price/);
    expect(h.sim.stats().requests).toBe(before);
    // The rule that matches picks the priced target, which answers.
    const answer = await client().chat.completions.create({ model: 'fallthrough', ...say('my invoice is wrong'), metadata: { tier: 'premium' } });
    expect(answer.choices[0]?.message.content).toBe('billing');
  });

  it("a learned router's pick is its policy: not swapped for the priced target, 403 naming the route and the pick", async () => {
    const before = h.sim.stats().requests;
    const error = await refusal(client().chat.completions.create({ model: 'picks-local', ...say('my invoice is wrong') }));
    expect(error).toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect(error.code).toBe('unpriced_model');
    expect(error.message).toMatch(/^403 route "picks-local" \(learned\) chose "local": model "local" is served by "my-vllm-model", which has no price/);
    expect(h.sim.stats().requests).toBe(before);
  });
});
