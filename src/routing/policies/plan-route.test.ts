import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { ChatCompletionRequest } from '../../core/openai-wire.js';
import { type LearnedRoute, type RoutesConfig, routesSchema } from '../../config/route-schema.js';
import { decideLearned, type RouterScorer } from './learned.js';
import { MAX_ROUTE_HEADER, planRoute, RouteRefusal, routeHeader } from './plan-route.js';
import { requestFeatures } from './request-features.js';

const routes = routesSchema.parse(
  parseYaml(`
support:
  policy: conditional
  rules:
    - when: { metadata: { tier: { equals: gold } } }
      target: claude
    - when: { last_user_message: { regex: "invoice" } }
      target: billing-cascade
  default: experiment
experiment:
  policy: split
  sticky: user
  arms: [ { target: smart, weight: 1 }, { target: small, weight: 1 } ]
smart:
  policy: learned
  router: smart.router.json
  cheap: small
  strong: claude
billing-cascade:
  policy: cascade
  targets: [small, claude]
  escalate_on: { validation: { labels: [paid, unpaid] } }
`),
);

// A stand-in router: prompts mentioning "prove" are hard.
const scorer: RouterScorer = { score: (p) => (p.includes('prove') ? 0.2 : 0.8), thresholdFor: (q) => ({ threshold: q >= 0.99 ? 0.9 : 0.5 }) };
const ask = (text: string, extra: Partial<ChatCompletionRequest> = {}) => requestFeatures({ model: 'support', messages: [{ role: 'user', content: text }], ...extra });

describe('planRoute', () => {
  const deps = { random: () => 0, routerFor: (name: string) => (name === 'smart' ? scorer : undefined) };

  it('follows nested routes to a model, recording each decision', () => {
    const user = ['u1', 'u2', 'u3', 'u4', 'u5'].find((u) => planRoute('experiment', routes, ask('hi', { user: u }), deps).steps[0]?.target === 'smart') as string;
    const plan = planRoute('support', routes, ask('please prove this lemma', { user }), deps);
    expect(plan).toEqual({
      model: 'claude',
      steps: [
        { route: 'support', policy: 'conditional', target: 'experiment', reason: 'no rule matched (2 tried): default' },
        { route: 'experiment', policy: 'split', target: 'smart', arm: 0, reason: 'arm 1 of 2 (50%), sticky on user' },
        { route: 'smart', policy: 'learned', target: 'claude', score: 0.2, threshold: 0.5, reason: 'router score 0.200 < 0.500 (min_quality 0.95): strong' },
      ],
    });
    expect(routeHeader(plan.steps)).toBe(
      'support>experiment (no rule matched (2 tried): default); experiment>smart (arm 1 of 2 (50%), sticky on user); smart>claude (router score 0.200 < 0.500 (min_quality 0.95): strong)',
    );
  });

  it('stops at a cascade, which needs answers before it can decide', () => {
    const plan = planRoute('support', routes, ask('where is my invoice'), deps);
    expect(plan).toMatchObject({ cascade: { route: 'billing-cascade', config: { policy: 'cascade' } }, steps: [{ route: 'support', target: 'billing-cascade', rule: 1 }] });
  });

  it('returns a model name unchanged, with no steps', () => {
    expect(planRoute('claude', routes, ask('hi'), deps)).toEqual({ model: 'claude', steps: [] });
  });

  it('stops a loop in a config that skipped validation', () => {
    const loop = { a: { policy: 'split', arms: [{ target: 'a', weight: 1 }], salt: '', options: { expose_header: true } } } as RoutesConfig;
    expect(() => planRoute('a', loop, ask('hi'), deps)).toThrow('routes.a: more than 32 nested routes');
  });

  it('bounds the header', () => {
    const steps = Array.from({ length: 50 }, (_, i) => ({ route: `r${i}`, target: `r${i + 1}`, reason: 'x'.repeat(150) }));
    expect(routeHeader(steps).length).toBe(MAX_ROUTE_HEADER);
  });
});

describe('planRoute with models that cannot honour the request', () => {
  const deps = { random: () => 0, routerFor: (name: string) => (name === 'smart' ? scorer : undefined) };
  const refusing = (...models: string[]) => new Map(models.map((m) => [m, { param: 'logprobs', reason: `${m} returns no log-probs` }]));
  const userOn = (arm: string) => ['u1', 'u2', 'u3', 'u4', 'u5', 'u6'].find((u) => planRoute('experiment', routes, ask('hi', { user: u }), deps).steps[0]?.target === arm) as string;

  it('conditional: passes a refusing rule over for the next matching one, then the default, and says so on the step', () => {
    const user = userOn('smart');
    const plan = planRoute('support', routes, ask('hi', { user, metadata: { tier: 'gold' } }), { ...deps, refused: refusing('claude') });
    expect(plan).toMatchObject({ model: 'small' });
    expect(plan.steps[0]).toEqual({
      route: 'support',
      policy: 'conditional',
      target: 'experiment',
      reason: 'default, after 1 matching rule; skipped claude (cannot honour logprobs)',
      skipped: [{ target: 'claude', param: 'logprobs' }],
    });
    // Without the refusal, rule 1 wins as before.
    expect(planRoute('support', routes, ask('hi', { user, metadata: { tier: 'gold' } }), deps)).toMatchObject({ model: 'claude', steps: [{ rule: 0 }] });
  });

  it('learned: takes the other target when the one the router picked refuses', () => {
    const cheapRefuses = planRoute('smart', routes, ask('hi'), { ...deps, refused: refusing('small') });
    expect(cheapRefuses).toMatchObject({ model: 'claude', steps: [{ target: 'claude', reason: 'router score 0.800 >= 0.500 (min_quality 0.95): cheap; strong target instead; skipped small (cannot honour logprobs)' }] });
    const strongRefuses = planRoute('smart', routes, ask('prove it'), { ...deps, refused: refusing('claude') });
    expect(strongRefuses).toMatchObject({ model: 'small', steps: [{ target: 'small', skipped: [{ target: 'claude' }] }] });
  });

  it('refuses with a 400 naming the route and every target when none can honour the request', () => {
    const error = catchError(() => planRoute('smart', routes, ask('hi'), { ...deps, refused: refusing('small', 'claude') }));
    expect(error).toBeInstanceOf(RouteRefusal);
    expect(error).toMatchObject({ code: 'unsupported', status: 400, param: 'logprobs' });
    expect((error as Error).message).toMatch(/^route "smart": none of its targets \(small, claude\) can honour this request \(model "small" cannot honour this request: small returns no log-probs\): send the request without "logprobs"/);
  });

  it('split: never swaps the drawn arm, and no route above passes the split over', () => {
    const user = userOn('small');
    for (const name of ['experiment', 'support']) {
      const error = catchError(() => planRoute(name, routes, ask('hi', { user }), { ...deps, refused: refusing('small') }));
      expect(error).not.toBeInstanceOf(RouteRefusal);
      expect(error).toMatchObject({ code: 'unsupported', param: 'logprobs' });
      expect((error as Error).message).toContain('route "experiment" put this request on arm 2 ("small"), which cannot honour it');
      expect((error as Error).message).toContain('a split never swaps the arm it drew');
    }
  });

  it('split: a re-plan keeps the arm drawn before, even without a sticky value', () => {
    const draws = [0.1, 0.9];
    const drawing = { ...deps, random: () => draws.shift() as number };
    const first = planRoute('experiment', routes, ask('hi'), drawing);
    expect(first).toMatchObject({ model: 'small', steps: [{ target: 'smart', arm: 0 }, { target: 'small' }] });
    // smart's cheap target refuses; the split must not draw again (0.9 would be arm 2).
    const again = planRoute('experiment', routes, ask('hi'), { ...drawing, refused: refusing('small'), earlier: first.steps });
    expect(again).toMatchObject({ model: 'claude', steps: [{ target: 'smart', arm: 0 }, { route: 'smart', target: 'claude' }] });
    expect(draws).toEqual([0.9]);
  });
});

function catchError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('decideLearned', () => {
  const route = routes.smart as LearnedRoute;

  it('sends everything to the strong target while no router is loaded, and says so', () => {
    expect(decideLearned(route, undefined, ask('hi'))).toEqual({ target: 'claude', reason: 'no router model loaded: strong target' });
  });

  it('uses the threshold for min_quality, or the configured one', () => {
    expect(decideLearned(route, scorer, ask('hi'))).toMatchObject({ target: 'small', score: 0.8, threshold: 0.5 });
    expect(decideLearned({ ...route, min_quality: 0.99 }, scorer, ask('hi'))).toMatchObject({ target: 'claude', threshold: 0.9 });
    expect(decideLearned({ ...route, threshold: 0.1 }, scorer, ask('prove it'))).toMatchObject({ target: 'small', reason: 'router score 0.200 >= 0.100 (configured threshold): cheap' });
  });

  it('shows an all-strong threshold as inf', () => {
    const never: RouterScorer = { score: () => 0.99, thresholdFor: () => ({ threshold: Number.POSITIVE_INFINITY }) };
    expect(decideLearned(route, never, ask('hi')).reason).toBe('router score 0.990 < inf (min_quality 0.95): strong');
  });

  it('writes as many places as tell a score from a threshold it rounds to', () => {
    const near = (score: number): RouterScorer => ({ score: () => score, thresholdFor: () => ({ threshold: 0.43541 }) });
    expect(decideLearned(route, near(0.43538), ask('hi')).reason).toBe('router score 0.43538 < 0.43541 (min_quality 0.95): strong');
    expect(decideLearned(route, near(0.43541), ask('hi')).reason).toBe('router score 0.435 >= 0.435 (min_quality 0.95): cheap');
    expect(decideLearned(route, near(0.8), ask('hi')).reason).toBe('router score 0.800 >= 0.435 (min_quality 0.95): cheap');
  });
});
