import { afterEach, describe, expect, it, vi } from 'vitest';
import { watchParent } from './parent-watch.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('watchParent', () => {
  it('calls back once, with the old and the new parent, when the parent pid changes', () => {
    vi.useFakeTimers();
    let parent = 4242;
    const calls: [number, number][] = [];
    watchParent((was, now) => calls.push([was, now]), { parentPid: () => parent });
    vi.advanceTimersByTime(5_000);
    expect(calls).toEqual([]);
    parent = 1;
    vi.advanceTimersByTime(1_000);
    expect(calls).toEqual([[4242, 1]]);
    parent = 77;
    vi.advanceTimersByTime(5_000);
    expect(calls).toEqual([[4242, 1]]);
  });

  it('counts adoption by a subreaper (not PID 1) as the parent gone too', () => {
    vi.useFakeTimers();
    let parent = 500;
    const calls: [number, number][] = [];
    watchParent((was, now) => calls.push([was, now]), { parentPid: () => parent });
    parent = 31;
    vi.advanceTimersByTime(1_000);
    expect(calls).toEqual([[500, 31]]);
  });

  it('watches nothing when started by PID 1 (a service manager, a container init) or as PID 1', () => {
    vi.useFakeTimers();
    for (const start of [1, 0]) {
      let parent = start;
      const onOrphaned = vi.fn();
      watchParent(onOrphaned, { parentPid: () => parent });
      expect(vi.getTimerCount()).toBe(0);
      parent = 999;
      vi.advanceTimersByTime(5_000);
      expect(onOrphaned).not.toHaveBeenCalled();
    }
  });

  it('counts a parent gone before the watch began (a slow start) from the one the command began with', () => {
    vi.useFakeTimers();
    const calls: [number, number][] = [];
    watchParent((was, now) => calls.push([was, now]), { startedBy: 4242, parentPid: () => 1 });
    vi.advanceTimersByTime(1_000);
    expect(calls).toEqual([[4242, 1]]);
  });

  it('stops watching when asked', () => {
    vi.useFakeTimers();
    let parent = 4242;
    const onOrphaned = vi.fn();
    const stop = watchParent(onOrphaned, { parentPid: () => parent });
    stop();
    parent = 1;
    vi.advanceTimersByTime(5_000);
    expect(onOrphaned).not.toHaveBeenCalled();
  });
});
