import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { formatIssues } from '../core/format-issues.js';
import { routesSchema } from './route-schema.js';

function problems(yaml: string): string[] {
  const raw = parseYaml(yaml);
  const result = routesSchema.safeParse(raw);
  if (result.success) return [];
  return formatIssues(result.error, raw).map((line) => line);
}

const VALID = `
support-intent:
  policy: conditional
  rules:
    - when: { metadata: { tier: { in: [gold, platinum] } }, prompt_tokens: { gt: 4000 } }
      target: claude
    - when: { last_user_message: { regex: "refund|chargeback", ignore_case: true } }
      target: small
    - when: { tools: true }
      target: claude
  default: small
experiment:
  policy: split
  sticky: metadata.account
  arms: [ { target: small, weight: 9 }, { target: claude, weight: 1 } ]
cheap-first:
  policy: cascade
  targets: [small, claude]
  escalate_on:
    validation: { json_schema: { type: object, required: [intent] } }
    confidence: { min_mean_logprob: -0.4 }
    judge: { model: claude, min_score: 0.7 }
smart:
  policy: learned
  router: routers/smart.router.json
  cheap: small
  strong: claude
`;

describe('routesSchema', () => {
  it("a judge's min_score written as a grade (4 of 5) is given back as the score it meant", () => {
    // Before 2026-12-07: "must be at most 1 (got 4)", with nothing on how a 1–5 grade reads.
    expect(problems(VALID.replace('min_score: 0.7', 'min_score: 4'))).toEqual([
      "cheap-first.escalate_on.judge.min_score: must be at most 1: the judge's grade of 1 to 5 is read as 0 to 1 ((grade − 1) / 4: a 4 is 0.75, a 3 is 0.5), so a grade of at least 4 is min_score 0.75 (got 4)",
    ]);
    expect(problems(VALID.replace('min_score: 0.7', 'min_score: 70'))[0]).toMatch(/must be at most 1: .*a 3 is 0\.5\) \(got 70\)$/);
  });

  it('a metadata value written bare (tier: enterprise) is named with the matcher it meant', () => {
    const yaml = 'r:\n  policy: conditional\n  rules:\n    - when: { metadata: { tier: enterprise, seats: 5 } }\n      target: small\n  default: small\n';
    expect(problems(yaml)).toEqual([
      'r.rules[0].when.metadata.tier: expected object, got "enterprise": write { equals: "enterprise" } (or in: [...], exists: true)',
      'r.rules[0].when.metadata.seats: expected object, got 5: write { equals: 5 } (or in: [...], exists: true)',
    ]);
    // Anything else stays zod's type error alone.
    expect(problems(yaml.replace('tier: enterprise, seats: 5', 'tier: [gold]'))).toEqual(['r.rules[0].when.metadata.tier: expected object, got ["gold"]']);
  });

  it('accepts each policy and fills defaults', () => {
    const routes = routesSchema.parse(parseYaml(VALID));
    expect(Object.keys(routes)).toEqual(['support-intent', 'experiment', 'cheap-first', 'smart']);
    expect(routes.smart).toMatchObject({ policy: 'learned', min_quality: 0.95, options: { expose_header: true } });
    expect(routes.experiment).toMatchObject({ salt: '', sticky: 'metadata.account' });
    expect(routes['cheap-first']).toMatchObject({ escalate_on: { confidence: { when_missing: 'accept' } } });
  });

  it('reports every problem at once, each with its path', () => {
    const found = problems(`
a:
  policy: conditional
  rules:
    - when: { metadata: { tier: { equals: gold, exists: true } } }
      target: x
    - when: {}
      target: y
    - when: { prompt_tokens: { gt: 100, lt: 50 }, colour: red }
      target: z
b:
  policy: split
  sticky: session
  arms: [ { target: x, weight: 0 } ]
c:
  policy: cascade
  targets: [x]
  escalate_on: {}
d:
  policy: learned
  router: r.json
  cheap: x
  strong: y
  min_quality: 1.5
`);
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringContaining('a.default: expected string'),
        expect.stringContaining('a.rules[0].when.metadata.tier: give exactly one of "equals", "in", "exists" (got equals, exists)'),
        expect.stringContaining('a.rules[1].when: a rule needs at least one condition'),
        expect.stringContaining('a.rules[2].when: unknown field "colour"'),
        expect.stringContaining('a.rules[2].when.prompt_tokens: no token count is > 100 and < 50'),
        expect.stringContaining('b.sticky: expected "user", "key" or "metadata.<field>" (got "session")'),
        expect.stringContaining('b.arms: at least one arm needs a weight above 0'),
        expect.stringContaining('c.targets'),
        expect.stringContaining('c.escalate_on: give at least one of "validation", "confidence", "judge"'),
        expect.stringContaining('d.min_quality'),
      ]),
    );
  });

  it('refuses a metadata field longer than a request may send (it could never match)', () => {
    const long = 'k'.repeat(65);
    const found = problems(`
a:
  policy: conditional
  rules:
    - when: { metadata: { ${long}: { equals: x } } }
      target: x
  default: x
b:
  policy: split
  sticky: metadata.${long}
  arms: [ { target: x, weight: 1 } ]
`);
    expect(found).toEqual(expect.arrayContaining([expect.stringContaining('a metadata key is at most 64 characters'), expect.stringContaining('b.sticky: expected')]));
    expect(problems(VALID.replace('metadata.account', `metadata.${'k'.repeat(64)}`))).toEqual([]);
  });

  it('names a bad regular expression and an unusable JSON schema', () => {
    const found = problems(`
a: { policy: conditional, rules: [ { when: { last_user_message: { regex: "(unclosed" } }, target: x } ], default: x }
b:
  policy: cascade
  targets: [x, y]
  escalate_on: { validation: { regex: "[z-a]", json_schema: { type: 42 } } }
`);
    expect(found.join('\n')).toMatch(/a\.rules\[0\]\.when\.last_user_message\.regex: invalid regular expression: .*unclosed|a\.rules\[0\]\.when\.last_user_message\.regex: invalid regular expression/);
    expect(found.join('\n')).toContain('b.escalate_on.validation.regex: invalid regular expression');
    expect(found.join('\n')).toContain('b.escalate_on.validation.json_schema: not a usable JSON Schema');
  });

  it('rejects an unknown policy and unknown options, naming them', () => {
    const found = problems(`
a: { policy: roundrobin, targets: [x] }
b: { policy: split, arms: [ { target: x, weight: 1 } ], options: { shadow: true } }
`);
    expect(found.join('\n')).toContain('a.policy');
    expect(found.join('\n')).toContain('b.options: unknown field "shadow"');
  });
});
