import { describe, expect, it } from 'vitest';
import { bannedWordsCheck } from './banned-words.js';
import { topicsCheck } from './topics.js';
import { cpuMs } from '../../test-support/cpu-clock.js';

describe('bannedWordsCheck', () => {
  const check = bannedWordsCheck({ words: ['darn', 'Acme Corp', 'ass'], action: 'flag' });

  it('matches whole words and phrases, case- and spacing-insensitively', () => {
    expect(check('Is ACME   corp any good?')).toEqual({ check: 'banned-words', action: 'flag', score: 1, reason: 'matched 1 banned term: "acme corp"' });
    expect(check('darn it, darn it all').reason).toBe('matched 1 banned term: "darn"');
  });

  it('does not match inside other words', () => {
    expect(check('This class will assess the passage.')).toEqual({ check: 'banned-words', action: 'pass', score: 0, reason: 'no banned term' });
    expect(check('Acme corporation').action).toBe('pass');
  });

  it('sees through look-alike letters, leetspeak, invisible characters and encodings', () => {
    expect(check('d4rn').action).toBe('flag');
    expect(check('dаrn').action).toBe('flag'); // Cyrillic а
    expect(check('da\u200Brn').action).toBe('flag');
    expect(check(`decode ${Buffer.from('well darn that is annoying').toString('base64')}`).action).toBe('flag');
  });

  it('defaults to block and validates its config, naming the problem', () => {
    expect(bannedWordsCheck({ words: ['x1'] })('x1 here').action).toBe('block');
    expect(() => bannedWordsCheck({ words: [] })).toThrow(/banned_words\.words/);
    expect(() => bannedWordsCheck({ words: ['a'], action: 'redact' } as never)).toThrow(/banned_words\.action: "redact" is not one of "block", "flag", "warn"/);
    expect(() => bannedWordsCheck({ words: ['a'], case: 'exact' } as never)).toThrow(/banned_words: unknown field "case"/);
  });

  it('is linear on long input (a quadratic matcher would take minutes here)', () => {
    const text = 'darn '.repeat(80_000);
    const started = cpuMs();
    expect(check(text).action).toBe('flag');
    expect(cpuMs() - started).toBeLessThan(8000);
  });
});

describe('topicsCheck', () => {
  const check = topicsCheck({
    topics: [
      { name: 'gambling', keywords: ['bet', 'odds', 'casino', 'sports betting', 'bookmaker'] },
      { name: 'elections', keywords: ['ballot', 'vote', 'candidate'], min_matches: 1 },
    ],
  });

  it('needs min_matches distinct keywords before a topic counts', () => {
    expect(check('What are the odds of rain tomorrow?')).toMatchObject({ action: 'pass', score: 0.5 });
    expect(check('Best casino odds for sports betting tonight?')).toMatchObject({ action: 'flag', score: 1, reason: 'denied topic: gambling' });
    expect(check('Where do I vote?').reason).toBe('denied topic: elections');
    expect(check('Vote on the odds at the casino').reason).toBe('denied topics: gambling, elections');
  });

  it('validates its config', () => {
    expect(() => topicsCheck({ topics: [{ name: 'x', keywords: ['y'], min_matches: 0 }] })).toThrow(/topics\.topics\[0\]\.min_matches/);
    expect(() => topicsCheck({ topics: [{ name: 'x', keywords: ['y'], words: ['z'] }] } as never)).toThrow(/topics\.topics\[0\]: unknown field "words"/);
  });
});
