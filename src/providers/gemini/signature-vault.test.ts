import { describe, expect, it } from 'vitest';
import { SIGNATURE_KEY_LENGTH, SignatureVault } from './signature-vault.js';

describe('the thought signature vault', () => {
  it('keeps a signature under the digest of its text and gives it back', () => {
    const vault = new SignatureVault();
    const key = vault.keep('c2lnbmF0dXJl');
    expect(key).toHaveLength(SIGNATURE_KEY_LENGTH);
    expect(vault.keep('c2lnbmF0dXJl')).toBe(key);
    expect(vault.get(key!)).toBe('c2lnbmF0dXJl');
    expect(vault.size).toEqual({ entries: 1, chars: 12 });
    expect(vault.get('A'.repeat(SIGNATURE_KEY_LENGTH))).toBeUndefined();
  });

  it('holds at most its characters, dropping the least recently used first', () => {
    const vault = new SignatureVault(30, 20);
    const a = vault.keep('a'.repeat(10))!;
    const b = vault.keep('b'.repeat(10))!;
    const c = vault.keep('c'.repeat(10))!;
    // a read again is the most recent: d then pushes b out, not a.
    expect(vault.get(a)).toBe('a'.repeat(10));
    const d = vault.keep('d'.repeat(10))!;
    expect([vault.get(a), vault.get(b), vault.get(c), vault.get(d)].map((s) => s?.[0])).toEqual(['a', undefined, 'c', 'd']);
    expect(vault.size).toEqual({ entries: 3, chars: 30 });
    // Past the bound for one signature: not kept, and nothing else dropped for it.
    expect(vault.keep('e'.repeat(21))).toBeUndefined();
    expect(vault.size).toEqual({ entries: 3, chars: 30 });
  });
});
