import { describe, expect, it } from 'vitest';
import type { ExampleStore, StoredExample } from '../examples/example-store.js';
import { ExampleBuffer } from './example-buffer.js';

const example = (text: string): StoredExample => ({ route: 'intent', text, label: 'unlock', source: 'teacher', traceId: `tr_${text}`, at: 1 });

/** A store whose writes wait until the test lets them through. */
function gatedStore() {
  const written: StoredExample[] = [];
  let release = () => {};
  const gate = new Promise<void>((resolve) => (release = resolve));
  const store = { add: async (batch: readonly StoredExample[]) => (await gate, written.push(...batch)) } as unknown as ExampleStore;
  return { store, written, release: () => release() };
}

describe('example buffer', () => {
  it('written() resolves only once the batch another flush is writing is stored, and what was queued behind it', async () => {
    const { store, written, release } = gatedStore();
    const buffer = new ExampleBuffer({ store, route: 'intent', log: () => {}, stored: 0, onFlushed: () => {} });
    buffer.add(example('first'));
    // The flush the add started holds it; the second waits behind it.
    buffer.add(example('second'));
    let done = false;
    const waiting = buffer.written().then(() => (done = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(done).toBe(false);
    release();
    await waiting;
    expect(written.map((e) => e.text)).toEqual(['first', 'second']);
    expect(buffer.stored).toBe(2);
  });
});
