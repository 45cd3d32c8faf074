import { describe, expect, it } from 'vitest';
import { UNKNOWN_MODEL, requestedModelLabel } from './requested-model.js';

describe('requestedModelLabel', () => {
  it('shows a configured name as it is', () => {
    expect(requestedModelLabel({ requestedModel: 'small', decisions: null })).toBe('small');
  });

  it('shows the name asked for when it is not configured, quoted and bounded', () => {
    expect(requestedModelLabel({ requestedModel: UNKNOWN_MODEL, decisions: { model: { requested: 'gpt-9' } } })).toBe('"gpt-9" (not configured)');
    const hostile = requestedModelLabel({ requestedModel: UNKNOWN_MODEL, decisions: { model: { requested: 'x'.repeat(100) } } });
    expect(hostile).toBe(`"${'x'.repeat(40)}…" (not configured)`);
    expect(requestedModelLabel({ requestedModel: UNKNOWN_MODEL, decisions: { model: { requested: 'x'.repeat(100) } } }, 100)).toContain('x'.repeat(100));
  });

  it('falls back to the bucket for traces written before the name was kept', () => {
    expect(requestedModelLabel({ requestedModel: UNKNOWN_MODEL, decisions: null })).toBe(UNKNOWN_MODEL);
    expect(requestedModelLabel({ requestedModel: UNKNOWN_MODEL, decisions: { model: { requested: 42 } } })).toBe(UNKNOWN_MODEL);
  });
});
