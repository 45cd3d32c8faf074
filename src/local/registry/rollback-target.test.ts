import { describe, expect, it } from 'vitest';
import type { ModelVersion } from './model-registry.js';
import { rollbackTarget } from './rollback-target.js';

function version(n: number, status: ModelVersion['status']): ModelVersion {
  return { route: 'support-intent', version: n, dataVersion: 'a'.repeat(64), metrics: { precision: 0.97, coverage: 0.8, accuracy: 0.9, examples: 1000 }, status, createdAt: n, sizeBytes: 1, statusReason: null };
}

describe('rollbackTarget', () => {
  it('goes back to the latest earlier version that was live and not demoted', () => {
    expect(rollbackTarget('support-intent', [1, 2, 3], [version(1, 'retired'), version(2, 'demoted'), version(3, 'live')])).toBe(1);
  });

  it('right after a demotion, says the version pulled was demoted and how to put it back, instead of only "no earlier live version"', () => {
    const demoted = [version(1, 'demoted')];
    expect(() => rollbackTarget('support-intent', [1], demoted)).toThrow(
      'route "support-intent" has no earlier live version to roll back to (version 1 was demoted, which a rollback without --to skips; switchyard models rollback --route support-intent --to 1 makes it live again)',
    );
    expect(rollbackTarget('support-intent', [1], demoted, 1)).toBe(1);
    expect(() => rollbackTarget('support-intent', [], [version(1, 'candidate')])).toThrow(/^route "support-intent" has no earlier live version to roll back to \(no version was ever live\)$/);
  });
});
