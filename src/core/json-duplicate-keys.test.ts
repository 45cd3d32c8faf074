import { describe, expect, it } from 'vitest';
import { firstDuplicateKey } from './json-duplicate-keys.js';

describe('firstDuplicateKey', () => {
  it('names the first key an object repeats, with its path, at any depth and in arrays', () => {
    expect(firstDuplicateKey('{"user":"a","user":"b"}')).toMatchObject({ path: 'user', key: 'user' });
    expect(firstDuplicateKey('{"a":[{"x":1},{"x":1, "y":2 , "y" :3}]}')).toEqual({ path: 'a[1].y', key: 'y', keys: ['a', 1, 'y'] });
    expect(firstDuplicateKey('{"m":{"k\\u0020":1,"k ":2}}')).toMatchObject({ path: 'm.k ', key: 'k ' });
  });

  it('finds none where keys repeat only across objects, or in string values', () => {
    expect(firstDuplicateKey('{"a":{"x":1},"b":{"x":1},"c":["x","x"],"d":"\\"x\\":1,\\"x\\":2"}')).toBeUndefined();
    expect(firstDuplicateKey('[{"x":1},{"x":2}]')).toBeUndefined();
  });
});
