import { describe, expect, it } from 'vitest';
import { traceSelection } from './loadtest-cli.js';

describe('loadtest --from-traces filter', () => {
  it('reads field=value pairs', () => {
    expect(traceSelection('model=small,key=ci,status=429,limit=20')).toEqual({ limit: 20, status: 429, model: 'small', keyName: 'ci' });
    expect(traceSelection('')).toEqual({ limit: 1_000, status: 'ok' });
  });

  it('refuses a field given twice, which kept the last value without a word', () => {
    expect(() => traceSelection('model=small,model=claude')).toThrow('--from-traces: "model" given twice ("small", then "claude"); a filter takes one value per field');
  });

  it('keeps a value whole past a second "=", where the rest was dropped', () => {
    expect(traceSelection('model=a=b').model).toBe('a=b');
  });

  it('names an unknown field escaped and clipped, with the field a typo meant', () => {
    expect(() => traceSelection('modle=small')).toThrow('--from-traces: unknown field "modle" (did you mean "model"?) (model, key, status, since, limit)');
    const message = (() => {
      try {
        traceSelection(`\u202e${'x'.repeat(5_000)}=1`);
      } catch (error) {
        return (error as Error).message;
      }
      return '';
    })();
    expect(message).toContain('unknown field "\\u202exxx');
    expect(message.length).toBeLessThan(200);
  });
});
