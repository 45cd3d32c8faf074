import { describe, expect, it } from 'vitest';
import { OpenedSoFar } from './release-on-failure.js';

describe('OpenedSoFar', () => {
  it("gives the step's result and releases nothing when the step succeeds", async () => {
    const released: string[] = [];
    const start = new OpenedSoFar();
    start.opened('stores', () => void released.push('stores'));
    expect(await start.step(async () => 42)).toBe(42);
    expect(released).toEqual([]);
  });

  it("releases what is open last-first, each release finished before the next, then rethrows the step's own error", async () => {
    const order: string[] = [];
    const start = new OpenedSoFar();
    start.opened('telemetry', () => void order.push('telemetry'));
    start.opened('stores', async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      order.push('stores');
    });
    start.opened('redis', () => void order.push('redis'));
    const failure = new Error('trace writer: cannot open');
    const started = start.step(async () => {
      throw failure;
    });
    await expect(started.catch((error: unknown) => (order.push('rejected'), error))).resolves.toBe(failure);
    expect(order).toEqual(['redis', 'stores', 'telemetry', 'rejected']);
  });

  it("keeps releasing past a release that fails, logs it, and still rethrows the step's error", async () => {
    const released: string[] = [];
    const lines: string[] = [];
    const start = new OpenedSoFar((line) => void lines.push(line));
    start.opened('stores', () => void released.push('stores'));
    start.opened('key sync', () => {
      throw new Error('timer already gone');
    });
    start.opened('cache', () => void released.push('cache'));
    await expect(start.step(() => Promise.reject(new Error('guardrails: policy strict cannot load')))).rejects.toThrow('guardrails: policy strict cannot load');
    expect(released).toEqual(['cache', 'stores']);
    expect(lines).toEqual(['start-up failed; releasing key sync failed too: timer already gone']);
  });

  it('releases a synchronous step that throws, and releases each thing once', async () => {
    let closes = 0;
    const start = new OpenedSoFar();
    start.opened('stores', () => void closes++);
    await expect(
      start.step(() => {
        throw new Error('limits: bad');
      }),
    ).rejects.toThrow('limits: bad');
    await start.releaseAll();
    expect(closes).toBe(1);
  });
});
