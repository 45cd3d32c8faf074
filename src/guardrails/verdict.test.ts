import { describe, expect, it } from 'vitest';
import { strongestAction, verdict } from './verdict.js';

describe('verdicts', () => {
  it('take the configured action only when triggered', () => {
    expect(verdict('x', true, 'warn', 'why', 0.4)).toEqual({ check: 'x', action: 'warn', score: 0.4, reason: 'why' });
    expect(verdict('x', false, 'block', 'fine')).toEqual({ check: 'x', action: 'pass', reason: 'fine' });
  });

  it('summarise to the most severe action', () => {
    const v = (action: 'pass' | 'warn' | 'flag' | 'block') => ({ check: action, action, reason: '' });
    expect(strongestAction([])).toBe('pass');
    expect(strongestAction([v('warn'), v('pass')])).toBe('warn');
    expect(strongestAction([v('warn'), v('flag'), v('pass')])).toBe('flag');
    expect(strongestAction([v('flag'), v('block'), v('warn')])).toBe('block');
  });
});
