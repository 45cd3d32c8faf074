import { describe, expect, it } from 'vitest';
import { shared, sharingScans } from './shared-scans.js';

/** A pure computation that counts how often it ran. */
function counted() {
  const texts: string[] = [];
  const compute = (text: string) => {
    texts.push(text);
    return { length: text.length };
  };
  return { compute, texts };
}

describe('sharingScans', () => {
  it('computes each text once inside a scope and answers the same value again', () => {
    const { compute, texts } = counted();
    sharingScans(() => {
      const first = shared(compute, 'the user turn');
      expect(shared(compute, 'the user turn')).toBe(first);
      expect(shared(compute, 'the user turn'.slice(0))).toBe(first); // equal text, not only the same string
      shared(compute, 'a tool result');
    });
    expect(texts).toEqual(['the user turn', 'a tool result']);
  });

  it('keeps computations apart: another function on the same text runs', () => {
    const a = counted();
    const b = counted();
    sharingScans(() => {
      shared(a.compute, 'text');
      shared(b.compute, 'text');
    });
    expect([a.texts, b.texts]).toEqual([['text'], ['text']]);
  });

  it('remembers nothing outside a scope, nor after it ends (no text kept between requests)', () => {
    const { compute, texts } = counted();
    shared(compute, 'text');
    shared(compute, 'text');
    sharingScans(() => shared(compute, 'text'));
    sharingScans(() => shared(compute, 'text'));
    expect(texts).toHaveLength(4);
  });

  it('shares one scope when nested, returns the work’s value, and ends the scope when the work throws', () => {
    const { compute, texts } = counted();
    const value = sharingScans(() => {
      shared(compute, 'text');
      return sharingScans(() => shared(compute, 'text').length);
    });
    expect(value).toBe(4);
    expect(texts).toHaveLength(1);
    expect(() =>
      sharingScans(() => {
        shared(compute, 'text');
        throw new Error('boom');
      }),
    ).toThrow('boom');
    shared(compute, 'text');
    expect(texts).toHaveLength(3);
  });
});
