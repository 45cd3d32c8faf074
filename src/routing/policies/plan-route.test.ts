import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { ChatCompletionRequest } from '../../core/openai-wire.js';
import { type LearnedRoute, type RoutesConfig, routesSchema } from '../../config/route-schema.js';
import { decideLearned, type RouterScorer } from './learned.js';
import { MAX_ROUTE_HEADER, planRoute, routeHeader } from './plan-route.js';
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
});
