import { describe, expect, it } from 'vitest';
import { resolveRunReference } from './run-reference.js';

const empty = { list: async () => [], get: async () => { throw new Error('not called'); } };

describe('resolveRunReference on a store with no runs', () => {
  it('says "last" names the most recent run (it said "names the run most recent") and how to make one', async () => {
    await expect(resolveRunReference(empty, 'last')).rejects.toThrow('"last" names the most recent run, but the store has no runs yet (switchyard eval run SUITE --config FILE)');
    await expect(resolveRunReference(empty, 'last~1')).rejects.toThrow('"last~1" names the run 1 before the most recent, but the store has no runs yet');
  });
});
