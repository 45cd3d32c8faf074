import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { guardrailsSchema } from '../../config/guardrails-schema.js';
import { identityPseudonyms } from './open-guard-policies.js';

const withPii = (extra: Record<string, unknown> = {}) => guardrailsSchema.parse({ policies: { support: { pii: { default_action: 'redact' } } }, ...extra });

describe('the secret identity fields are pseudonymised under', () => {
  it('guardrails.pseudonym_key: the same pseudonym from every gateway holding it (restarts, replicas), another from another key', () => {
    const one = identityPseudonyms(withPii({ pseudonym_key: 'a-secret-of-enough-length' }), {});
    const again = identityPseudonyms(withPii({ pseudonym_key: 'a-secret-of-enough-length' }), {});
    const other = identityPseudonyms(withPii({ pseudonym_key: 'another-secret-of-enough-length' }), {});
    const ann = one?.('ann@example.com', 'user');
    expect(ann).toMatch(/^sy-user-[0-9a-f]{24}$/);
    expect(again?.('ann@example.com', 'user')).toBe(ann);
    expect(one?.('bob@example.com', 'user')).not.toBe(ann);
    expect(other?.('ann@example.com', 'user')).not.toBe(ann);
    // The kind is the readable prefix only: the digits name the value.
    expect(one?.('ann@example.com', 'cache')).toBe(ann?.replace('sy-user-', 'sy-cache-'));
  });

  it('else derived from $SWITCHYARD_SECRET_KEY, never that key used as is', () => {
    const sealing = randomBytes(32).toString('base64');
    const env = { SWITCHYARD_SECRET_KEY: sealing };
    const derived = identityPseudonyms(withPii(), env)?.('ann@example.com', 'user');
    expect(derived).toMatch(/^sy-user-[0-9a-f]{24}$/);
    expect(identityPseudonyms(withPii(), env)?.('ann@example.com', 'user')).toBe(derived);
    expect(identityPseudonyms(withPii({ pseudonym_key: sealing }), {})?.('ann@example.com', 'user')).not.toBe(derived);
    // The explicit key wins.
    expect(identityPseudonyms(withPii({ pseudonym_key: 'a-secret-of-enough-length' }), env)?.('ann@example.com', 'user')).not.toBe(derived);
  });

  it('a pii policy with neither gets a key made at start, and a warning that names the field; no pii policy needs none', () => {
    const warnings: string[] = [];
    const made = identityPseudonyms(withPii(), {}, (message) => warnings.push(message));
    expect(made?.('ann@example.com', 'user')).toMatch(/^sy-user-[0-9a-f]{24}$/);
    expect(made?.('ann@example.com', 'user')).toBe(made?.('ann@example.com', 'user'));
    // Another start, another key: the warning says so and names the fix.
    expect(identityPseudonyms(withPii(), {})?.('ann@example.com', 'user')).not.toBe(made?.('ann@example.com', 'user'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^guardrails\.policies\.support\.pii .* change on each restart .*set guardrails\.pseudonym_key .*SWITCHYARD_SECRET_KEY/);
    expect(identityPseudonyms(guardrailsSchema.parse({ policies: { plain: { injection: { action: 'block' } } } }), {}, (message) => warnings.push(message))).toBeUndefined();
    expect(warnings).toHaveLength(1);
    expect(() => withPii({ pseudonym_key: 'short' })).toThrow(/at least 16 characters/);
  });
});
