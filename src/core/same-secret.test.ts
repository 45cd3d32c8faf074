import { describe, expect, it } from 'vitest';
import { sameSecret } from './same-secret.js';
import { sha256 } from './sha256.js';

describe('sameSecret', () => {
  const kept = sha256('sk-admin-0123456789', 'hex');

  it('accepts the secret whose digest is kept', () => {
    expect(sameSecret('sk-admin-0123456789', kept)).toBe(true);
  });

  it('refuses another secret, a prefix of it and the empty string', () => {
    expect(sameSecret('sk-admin-0123456788', kept)).toBe(false);
    expect(sameSecret('sk-admin', kept)).toBe(false);
    expect(sameSecret('', kept)).toBe(false);
  });

  it('refuses, rather than throws, when the kept digest is not 64 hex digits', () => {
    expect(sameSecret('sk-admin-0123456789', kept.slice(0, 62))).toBe(false);
    expect(sameSecret('sk-admin-0123456789', '')).toBe(false);
  });
});

describe('sha256', () => {
  it('gives the standard digest of text and of the same bytes', () => {
    const hello = '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824';
    expect(sha256('hello', 'hex')).toBe(hello);
    expect(sha256(Buffer.from('hello'), 'hex')).toBe(hello);
    expect(sha256('hello', 'base64url')).toBe(Buffer.from(hello, 'hex').toString('base64url'));
  });
});
