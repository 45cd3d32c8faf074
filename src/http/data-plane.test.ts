import { describe, expect, it } from 'vitest';
import { LazyAbortController } from './data-plane.js';

describe('LazyAbortController', () => {
  it('gives one signal, aborted with the reason, however the read and the abort are ordered', () => {
    const readFirst = new LazyAbortController();
    const signal = readFirst.signal;
    expect(readFirst.signal).toBe(signal);
    expect(signal.aborted).toBe(false);
    readFirst.abort('gone');
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBe('gone');

    const abortedFirst = new LazyAbortController();
    abortedFirst.abort('timeout');
    expect(abortedFirst.signal.aborted).toBe(true);
    expect(abortedFirst.signal.reason).toBe('timeout');
  });
});
