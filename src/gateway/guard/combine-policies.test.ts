import { describe, expect, it } from 'vitest';
import { piiPolicySchema } from '../../guardrails/redaction/index.js';
import { combinePii } from './combine-policies.js';

describe('combinePii', () => {
  it('takes the stricter action per type (an unlisted type counts at its default), the stricter default, the lower threshold and the common allow-list', () => {
    const team = piiPolicySchema.parse({ entities: { CREDIT_CARD: 'block', EMAIL: 'flag' }, default_action: 'allow', threshold: 0.7, allow: ['help@acme.example', 'ops@acme.example'] });
    const route = piiPolicySchema.parse({ entities: { EMAIL: 'redact', IP_ADDRESS: 'allow' }, default_action: 'flag', threshold: 0.6, allow: ['HELP@acme.example'] });
    expect(combinePii(team, route)).toEqual({
      entities: { CREDIT_CARD: 'block', EMAIL: 'redact', IP_ADDRESS: 'allow' },
      default_action: 'flag',
      threshold: 0.6,
      allow: ['help@acme.example'],
    });
  });

  it("counts an unset threshold as the detector's default (0.5): a higher one set by the other policy does not raise it", () => {
    const a = piiPolicySchema.parse({ threshold: 0.8 });
    const b = piiPolicySchema.parse({ default_action: 'block' });
    expect(combinePii(a, b)).toEqual({ entities: {}, default_action: 'block', threshold: 0.5, allow: [] });
    expect(combinePii(piiPolicySchema.parse({ threshold: 0.3 }), b).threshold).toBe(0.3);
    expect(combinePii(b, b).threshold).toBeUndefined();
  });
});
