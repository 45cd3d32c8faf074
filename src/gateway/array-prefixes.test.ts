import { describe, expect, it } from 'vitest';
import { listsCutTo, longestList } from './array-prefixes.js';

describe('lists cut to their first items', () => {
  it('finds the longest list at any depth', () => {
    expect(longestList({ model: 'm', messages: [{ content: [1, 2, 3, 4] }], tools: [1, 2] })).toBe(4);
    expect(longestList({ a: 'no lists' })).toBe(0);
  });

  it('cuts every list, keeps each item at its index, and copies only what holds a longer list', () => {
    const untouched = { role: 'user', content: 'q' };
    const body = { messages: [untouched, { role: 'assistant', tool_calls: [0, 1, 2, 3] }], stop: ['a'] };
    const view = listsCutTo(body, 2);
    expect(view).toEqual({ messages: [untouched, { role: 'assistant', tool_calls: [0, 1] }], stop: ['a'] });
    expect(view.messages[0]).toBe(untouched);
    expect(view.stop).toBe(body.stop);
    expect(body.messages[1]).toEqual({ role: 'assistant', tool_calls: [0, 1, 2, 3] }); // the body is left as it was
    expect(listsCutTo(body, 4)).toBe(body);
  });

  it('keeps a body\'s own "__proto__" field a field', () => {
    const body = JSON.parse('{"__proto__": {"list": [1, 2, 3]}, "x": 1}') as Record<string, unknown>;
    const view = listsCutTo(body, 1);
    expect(Object.getPrototypeOf(view)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(view, '__proto__')?.value).toEqual({ list: [1] });
  });
});
