import { describe, expect, it } from 'vitest';
import { parseConfig } from './load-config.js';

const base = `
providers: { p: { type: openai, base_url: "http://127.0.0.1:1/v1" } }
models: { small: { provider: p, model: m } }
keys: [ { key: sk-sy-support-1, name: support, team: care } ]
`;

function problems(guardrails: string): string {
  try {
    parseConfig(`${base}guardrails:\n${guardrails}`, 'test');
    return '';
  } catch (error) {
    return (error as Error).message;
  }
}

describe('guardrails config', () => {
  it('accepts policies applied by key, team, route and default', () => {
    const config = parseConfig(
      `${base}guardrails:
  policies:
    strict: { pii: { entities: { EMAIL: redact, CREDIT_CARD: block } }, injection: { action: flag, threshold: 0.8 } }
    out: { output: { regex: { patterns: ["[Pp]assword"] }, json_schema: { schema: { type: object } } } }
  apply: { keys: { support: strict }, teams: { care: strict }, routes: { small: out }, default: out }
`,
      'test',
    );
    expect(config.guardrails.policies.strict?.pii?.entities).toEqual({ EMAIL: 'redact', CREDIT_CARD: 'block' });
    expect(config.guardrails.policies.out?.output?.stream).toBe('buffer');
    expect(config.guardrails.policies.strict?.on_error).toBe('closed');
  });

  it('names an unknown entity type and action, with the known ones', () => {
    expect(problems('  policies: { p: { pii: { entities: { EMAIL: mask } } } }\n')).toContain('guardrails.policies.p.pii.entities.EMAIL: "mask" is not one of "redact", "block", "allow", "flag"');
    expect(problems('  policies: { p: { pii: { entities: { PASSPORT: redact } } } }\n')).toMatch(
      /guardrails\.policies\.p\.pii\.entities\.PASSPORT: unknown PII entity type "PASSPORT" \(known: EMAIL, PHONE/,
    );
  });

  it('names unknown fields, bad actions, thresholds and regexes', () => {
    const message = problems(`  policies:
    p:
      injection: { action: redact, threshold: 2 }
      output: { regex: { patterns: ["(unclosed"] }, pii: { entities: [EMAIL, SHOE_SIZE] }, stream: later }
      colour: red
`);
    expect(message).toContain('guardrails.policies.p.injection.action');
    expect(message).toContain('guardrails.policies.p.injection.threshold');
    expect(message).toMatch(/guardrails\.policies\.p\.output\.regex\.patterns\[0\]: invalid regular expression/);
    expect(message).toContain('unknown PII entity type "SHOE_SIZE"');
    expect(message).toContain('guardrails.policies.p.output.stream');
    expect(message).toMatch(/guardrails\.policies\.p.*colour/);
  });

  it('names a bad re-ask count', () => {
    const schema = 'schema: { type: object }';
    expect(problems(`  policies: { p: { output: { json_schema: { ${schema}, max_reasks: 5 } } } }\n`)).toMatch(/guardrails\.policies\.p\.output\.json_schema\.max_reasks: .*(3|too big)/i);
    expect(problems(`  policies: { p: { output: { json_schema: { ${schema}, max_reasks: -1 } } } }\n`)).toContain('guardrails.policies.p.output.json_schema.max_reasks');
    expect(problems(`  policies: { p: { output: { json_schema: { ${schema}, max_reasks: once } } } }\n`)).toContain('guardrails.policies.p.output.json_schema.max_reasks');
    expect(problems(`  policies: { p: { output: { json_schema: { ${schema}, on_fail: reask } } } }\n`)).toMatch(/guardrails\.policies\.p\.output\.json_schema.*on_fail/);
    expect(problems(`  policies: { p: { output: { json_schema: { ${schema}, max_reasks: 2 } } } }\n`)).toBe('');
  });

  it('names unknown policies and routes in apply, and key or team names no key can have', () => {
    const message = problems(`  policies: { p: { injection: {} } }
  apply: { keys: { nobody: p, "ops bot": p }, teams: { care: q, "a/b": p }, routes: { large: p }, default: z }
`);
    // A key or team created at runtime gets its policy by name: not in the config file is no error.
    expect(message).not.toContain('guardrails.apply.keys.nobody');
    expect(message).toContain('guardrails.apply.keys.ops bot: key name must be 1–100 letters or digits');
    expect(message).toContain('guardrails.apply.teams.a/b: team must be 1–100 letters or digits');
    expect(message).toContain('guardrails.apply.teams.care: unknown guardrail policy "q" (known: p)');
    expect(message).toContain('guardrails.apply.routes.large: unknown model or route "large" (known: small)');
    expect(message).toContain('guardrails.apply.default: unknown guardrail policy "z" (known: p)');
  });
});
