import { describe, expect, it } from 'vitest';
import { releaseOnFailure } from './release-on-failure.js';

describe('releaseOnFailure', () => {
  it("gives the step's result and releases nothing when the step succeeds", async () => {
    const released: string[] = [];
    expect(await releaseOnFailure(async () => 42, () => void released.push('stores'))).toBe(42);
    expect(released).toEqual([]);
  });

  it("releases once the release has finished, then rethrows the step's own error", async () => {
    const order: string[] = [];
    const failure = new Error('trace writer: cannot open');
    const started = releaseOnFailure(
      async () => {
        throw failure;
      },
      async () => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        order.push('released');
      },
    );
    await expect(started.catch((error: unknown) => (order.push('rejected'), error))).resolves.toBe(failure);
    expect(order).toEqual(['released', 'rejected']);
  });
});
