import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { type RoutesConfig, routesSchema } from './route-schema.js';
import { routeReferences, validateRoutes } from './validate-routes.js';
import { cpuMs } from '../test-support/cpu-clock.js';

const routes = (yaml: string): RoutesConfig => routesSchema.parse(parseYaml(yaml));
const MODELS = ['small', 'claude'];

describe('validateRoutes', () => {
  it('accepts nested routes that end at models', () => {
    const config = routes(`
front: { policy: split, arms: [ { target: inner, weight: 1 }, { target: claude, weight: 1 } ] }
inner: { policy: conditional, rules: [ { when: { tools: true }, target: claude } ], default: small }
`);
    expect(validateRoutes(config, MODELS)).toEqual([]);
  });

  it('names an unknown target with its path and lists the known models and routes', () => {
    const config = routes(`
front: { policy: conditional, rules: [ { when: { tools: true }, target: claud } ], default: small }
cheap-first:
  policy: cascade
  targets: [small, claude]
  escalate_on: { judge: { model: gpt-judge, min_score: 0.5 } }
`);
    expect(validateRoutes(config, MODELS)).toEqual([
      'routes.front.rules[0].target: unknown target "claud" (did you mean "claude"?) (models: claude, small; routes: cheap-first, front)',
      'routes.cheap-first.escalate_on.judge.model: unknown target "gpt-judge" (models: claude, small; routes: cheap-first, front)',
    ]);
  });

  it("refuses a target written in parentheses, as route reports name the gateway's own branches", () => {
    const config = routes(`
front: { policy: split, arms: [ { target: "(local)", weight: 1 }, { target: small, weight: 1 } ] }
graded:
  policy: cascade
  targets: [small, claude]
  escalate_on: { judge: { model: "(judge)", min_score: 0.5 } }
`);
    expect(validateRoutes(config, [...MODELS, '(local)', '(judge)'])).toEqual([
      `routes.front.arms[0].target: "(local)" is written in parentheses, as route reports name the gateway's own branches ((local) for a local model's answers, (cache), (shadow), (failed), (judge)), so its calls could not be told from those; rename model "(local)" (e.g. "local") under models: and here`,
    ]);
    // Plain words are targets like any other: a model named "local" is its own branch, apart from `(local)`.
    expect(validateRoutes(routes('front: { policy: static, target: local }'), ['local', 'cache', 'shadow', 'failed'])).toEqual([]);
  });

  it('names a routing loop along its whole path, once', () => {
    const config = routes(`
a: { policy: split, arms: [ { target: b, weight: 1 } ] }
b: { policy: conditional, rules: [ { when: { tools: true }, target: c } ], default: small }
c: { policy: learned, router: r.json, cheap: small, strong: a }
`);
    expect(validateRoutes(config, MODELS)).toEqual(['routes.a → routes.b → routes.c → routes.a: routing loop; a route may not reach itself']);
  });

  it('finds a loop through a cascade judge and a route that targets itself', () => {
    const config = routes(`
self: { policy: split, arms: [ { target: self, weight: 1 } ] }
judged:
  policy: cascade
  targets: [small, claude]
  escalate_on: { judge: { model: judged, min_score: 0.5 } }
`);
    expect(validateRoutes(config, MODELS)).toEqual([
      'routes.judged → routes.judged: routing loop; a route may not reach itself',
      'routes.self → routes.self: routing loop; a route may not reach itself',
    ]);
  });

  it('reports every other problem at once', () => {
    const config = routes(`
small: { policy: split, arms: [ { target: claude, weight: 1 } ] }
twice: { policy: cascade, targets: [small, claude, small], escalate_on: { validation: { labels: [a] } } }
same: { policy: learned, router: r.json, cheap: claude, strong: claude }
`);
    const found = validateRoutes(config, MODELS);
    expect(found).toContain('routes.small: "small" is already a model name; give the route a name of its own');
    expect(found).toContain('routes.twice.targets[2]: "small" is already targets[0]; escalating to the same target cannot improve the answer');
    expect(found).toContain('routes.same.strong: the same target as "cheap" ("claude"); a learned route chooses between two targets');
  });

  it('refuses route names that cannot go into a header, quoting them safely', () => {
    const config = { 'bad name\r\n': routes('x: { policy: split, arms: [ { target: small, weight: 1 } ] }').x } as RoutesConfig;
    expect(validateRoutes(config, MODELS)).toEqual(['routes: route name "bad name\\r\\n" must be 1–128 letters, digits or . _ : / @ - (it goes into headers and traces)']);
  });

  it('cuts a long route name between whole characters when it names it', () => {
    const name = `r${'\u{1F9EA}'.repeat(100)}`;
    const config = { [name]: routes('x: { policy: split, arms: [ { target: small, weight: 1 } ] }').x } as RoutesConfig;
    const [message = ''] = validateRoutes(config, MODELS);
    expect(message).toContain(`route name "r${'\u{1F9EA}'.repeat(69)}…" must be`);
    expect(message).not.toMatch(/\\ud83e/);
  });

  it('walks a chain of 12,000 nested routes without overflowing the stack', () => {
    const config: RoutesConfig = {};
    const template = routes('x: { policy: split, arms: [ { target: small, weight: 1 } ] }').x;
    for (let i = 0; i < 12_000; i++) config[`r${i}`] = { ...template, arms: [{ target: i === 11_999 ? 'r0' : `r${i + 1}`, weight: 1 }] } as RoutesConfig[string];
    const found = validateRoutes(config, MODELS);
    expect(found).toHaveLength(1);
    // The loop's first routes, how many between and its last: the whole path was one line of 180,000 characters.
    expect(found[0]).toBe('routes.r0 → routes.r1 → routes.r2 → routes.r3 → routes.r4 → routes.r5 → routes.r6 → routes.r7 → routes.r8 → routes.r9 → … (11,989 more routes) → routes.r11999 → routes.r0: routing loop; a route may not reach itself');
  });

  it('names the first 50 of thousands of loops and counts the rest, in time linear in the routes', () => {
    // 5,000 cascades, each escalating to the next and back to the first: 5,000 loops, the longest through every route.
    const config: RoutesConfig = {};
    const template = routes('x: { policy: cascade, targets: [a, b], escalate_on: { confidence: { min_mean_logprob: -0.5 } } }').x;
    for (let i = 0; i < 5_000; i++) config[`r${i}`] = { ...template, targets: i === 4_999 ? ['r0', 'small'] : [`r${i + 1}`, 'r0'] } as RoutesConfig[string];
    const started = cpuMs();
    const found = validateRoutes(config, MODELS);
    // Each loop found was the walk's path scanned and copied whole: 14 s and 781 MB for these (2,500 routes: 5.9 s).
    expect(cpuMs() - started).toBeLessThan(5_000);
    expect(found).toHaveLength(51);
    expect(found[0]).toBe('routes.r0 → routes.r1 → routes.r2 → routes.r3 → routes.r4 → routes.r5 → routes.r6 → routes.r7 → routes.r8 → routes.r9 → … (4,989 more routes) → routes.r4999 → routes.r0: routing loop; a route may not reach itself');
    expect(found.at(-1)).toBe('routes: 4,950 more routing loops past these 50; a route may not reach itself');
    expect(Math.max(...found.map((line) => line.length))).toBeLessThan(400);
  });

  it('says a loop once when a route names the next one twice', () => {
    const config = routes(`
a: { policy: split, arms: [ { target: b, weight: 1 }, { target: b, weight: 2 } ] }
b: { policy: static, target: a }
`);
    expect(validateRoutes(config, MODELS)).toEqual(['routes.a → routes.b → routes.a: routing loop; a route may not reach itself']);
  });
});

describe('routeReferences', () => {
  it('lists where each policy sends requests', () => {
    const config = routes(`
l: { policy: learned, router: r.json, cheap: small, strong: claude }
s: { policy: split, arms: [ { target: small, weight: 1 } ] }
`);
    expect(routeReferences(config.l as RoutesConfig[string])).toEqual([
      { path: 'cheap', name: 'small' },
      { path: 'strong', name: 'claude' },
    ]);
    expect(routeReferences(config.s as RoutesConfig[string])).toEqual([{ path: 'arms[0].target', name: 'small' }]);
  });
});
