import { describe, expect, it } from 'vitest';
import { AttemptWindow } from './attempt-window.js';

/** The entries as a plain list, read through the public counts only: (size, failures) after each drop. */
function drain(window: AttemptWindow, times: number[]): [number, number][] {
  return times.map((t) => {
    window.dropBefore(t);
    return [window.size, window.failures];
  });
}

describe('AttemptWindow', () => {
  it('counts attempts and failures, and drops the oldest first, in arrival order across its growth', () => {
    const window = new AttemptWindow(1_000);
    // 40 attempts (past its first sizes), every third one failed.
    for (let t = 0; t < 40; t++) window.push(t, t % 3 === 0);
    expect([window.size, window.failures]).toEqual([40, 14]);
    expect(drain(window, [1, 3, 4, 39, 40])).toEqual([
      [39, 13],
      [37, 13],
      [36, 12],
      [1, 1],
      [0, 0],
    ]);
  });

  it('keeps at most its capacity, forgetting the oldest attempt (and its failure) for each new one', () => {
    const window = new AttemptWindow(5);
    for (let t = 0; t < 5; t++) window.push(t, t < 2);
    expect([window.size, window.failures]).toEqual([5, 2]);
    window.push(5, false);
    expect([window.size, window.failures]).toEqual([5, 1]);
    window.push(6, true);
    window.push(7, false);
    expect([window.size, window.failures]).toEqual([5, 1]);
    // What is left is 3..7: dropping before 7 leaves one.
    expect(drain(window, [3, 4, 7])).toEqual([
      [5, 1],
      [4, 1],
      [1, 0],
    ]);
  });

  it('starts over when cleared', () => {
    const window = new AttemptWindow(100);
    for (let t = 0; t < 30; t++) window.push(t, true);
    window.clear();
    expect([window.size, window.failures]).toEqual([0, 0]);
    window.push(100, false);
    window.push(101, true);
    expect(drain(window, [0, 101])).toEqual([
      [2, 1],
      [1, 1],
    ]);
  });
});
