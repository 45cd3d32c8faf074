import { describe, expect, it } from 'vitest';
import { LazyAbortController, ServedInput } from './data-plane.js';

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

  it('lends its signal to a served input: nothing is made until it is read, then the same signal', () => {
    const controller = new LazyAbortController();
    const input = new ServedInput(controller, { endpoint: 'chat', format: 'openai', bodyText: '{}', metadata: null });
    expect(input.bodyText).toBe('{}');
    expect((controller as unknown as { controller?: AbortController }).controller).toBeUndefined();
    const signal = input.signal;
    expect(input.signal).toBe(signal);
    expect(controller.signal).toBe(signal);
    controller.abort('gone');
    expect(input.signal.aborted).toBe(true);
  });
});
