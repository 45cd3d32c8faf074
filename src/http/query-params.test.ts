import { describe, expect, it } from 'vitest';
import { param, readQuery } from './query-params.js';

const SPEC = {
  limit: param.int(1, 500),
  since: param.time(),
  order: param.oneOf(['desc', 'asc'] as const),
  force: param.bool(),
  'meta.*': param.text(20),
  stage: param.list(param.oneOf(['a', 'b', 'c'] as const), 2),
};
const read = (query: string, options?: { unknown?: 'refuse' | 'ignore' }) => readQuery(new URLSearchParams(query), SPEC, options);
const refusal = (query: string) => {
  try {
    read(query);
  } catch (error) {
    return { message: (error as Error).message, param: (error as { param?: string }).param };
  }
  throw new Error(`${query} was read`);
};

describe('readQuery', () => {
  it('reads each declared kind, an empty value as absent', () => {
    expect(read('limit=5&since=2026-12-05T10:00:00Z&order=asc&force=false&meta.tier=gold&meta.app=web&stage[]=a&stage[]=c')).toEqual({
      limit: 5,
      since: Date.UTC(2026, 11, 5, 10),
      order: 'asc',
      force: false,
      'meta.*': { tier: 'gold', app: 'web' },
      stage: ['a', 'c'],
    });
    expect(read('limit=&order=')).toEqual({});
    expect(read('stage=b')).toEqual({ stage: ['b'] });
  });

  it('refuses an unknown name with the one meant and the known list, or leaves it alone when asked to', () => {
    expect(refusal('limt=5')).toEqual({ message: 'unknown query parameter "limt" (did you mean "limit"?); known: limit, since, order, force, meta.*, stage', param: 'limt' });
    expect(read('limt=5&limit=2&beta=true', { unknown: 'ignore' })).toEqual({ limit: 2 });
    // Ignored names may repeat (a list the reader does not know, such as include[]); known ones may not.
    expect(read('x[]=1&x[]=2', { unknown: 'ignore' })).toEqual({});
    expect(() => read('limit=1&limit=2', { unknown: 'ignore' })).toThrow('"limit" is given 2 times ("1", "2"); give it once: only one value is read');
  });

  it('names the parameter, the value and what was expected for a bad value', () => {
    expect(refusal('limit=0x10')).toEqual({ message: 'limit must be an integer from 1 to 500, got "0x10"', param: 'limit' });
    expect(refusal('since=soon')).toEqual({ message: 'since must be ms since the epoch or an ISO date, got "soon"', param: 'since' });
    expect(refusal('order=dsc').message).toBe('order must be one of desc, asc, got "dsc" (did you mean "desc"?)');
    expect(refusal('force=yes')).toEqual({ message: 'force must be true or false, got "yes"', param: 'force' });
    expect(refusal('meta.tier=' + 'x'.repeat(30)).param).toBe('meta.tier');
    expect(refusal('stage[]=a&stage[]=zz')).toEqual({ message: 'stage[1] must be one of a, b, c, got "zz"', param: 'stage[1]' });
    expect(refusal('stage[]=a&stage[]=b&stage[]=c').message).toBe('stage takes at most 2 values, got 3');
    expect(refusal('meta.=x').message).toBe('meta. needs a field after the dot (meta.feature=…), got "meta.=x"');
    expect(read(`meta.${'k'.repeat(64)}=x`)).toEqual({ 'meta.*': { ['k'.repeat(64)]: 'x' } });
    const long = refusal(`meta.${'k'.repeat(5000)}=x`);
    expect(long.message).toMatch(/^"meta\.k+…": the field after "meta\." has 5000 characters; a metadata key has 1 to 64$/);
    expect(long.param).toHaveLength(100);
  });

  it('refuses a single value given twice, or in list form, and clips hostile names and values', () => {
    expect(refusal('order=asc&order=desc').message).toBe('"order" is given 2 times ("asc", "desc"); give it once: only one value is read');
    expect(refusal('order[]=asc')).toEqual({ message: '"order[]" is not a parameter: each takes one value, as "order=…" (lists in the form a[]=… are not read)', param: 'order[]' });
    const long = refusal(`${'n'.repeat(100_000)}=1`);
    expect(long.message.length).toBeLessThan(400);
    expect(long.param).toHaveLength(100);
    expect(refusal(`limit=${'9'.repeat(100_000)}`).message.length).toBeLessThan(200);
  });

  it('takes no parameter where none is declared', () => {
    expect(() => readQuery(new URLSearchParams('x=1'), {})).toThrow('unknown query parameter "x"; this endpoint takes no query parameters');
  });
});
