import { describe, expect, it } from 'vitest';
import { billingLabel } from './billing-decision.js';

describe('billingLabel', () => {
  it('names the tier, fast mode and US-only inference a call was billed at, and a tier billed at standard', () => {
    expect(billingLabel({ decisions: null })).toBeUndefined();
    expect(billingLabel({ decisions: { billing: { service_tier: 'priority', priced_as: 'priority' } } })).toBe('priority tier');
    expect(billingLabel({ decisions: { billing: { speed: 'fast', inference_geo: 'us', priced_as: 'fast', multiplier: 1.1 } } })).toBe('fast mode · US-only inference ×1.1');
    expect(billingLabel({ decisions: { billing: { service_tier: 'flex', priced_as: 'standard' } } })).toBe('flex tier, billed at standard prices (no flex price)');
    expect(billingLabel({ decisions: { billing: 'flex' } })).toBeUndefined();
  });
});
