import { createHmac } from 'node:crypto';

/**
 * What an identity field holding PII becomes: a keyed pseudonym of the whole value. `kind` is
 * the readable part of it (`user` for who the user is, `cache` for a prompt cache key).
 */
export type Pseudonymizer = (value: string, kind: PseudonymKind) => string;
export type PseudonymKind = 'user' | 'cache' | 'meta';

/** Hex digits kept of the HMAC: 96 bits, no collision between users in practice, well under OpenAI's 64-character limit. */
const DIGITS = 24;

/** Binds derived keys to this use, so the gateway secret they come from is never used as is. */
const LABEL = 'switchyard-identity-pseudonym:v1';

/**
 * Stable keyed pseudonyms: HMAC-SHA256 of the value under a key derived from `secret`, hex
 * truncated, with a readable prefix. The same value under the same secret gets the same
 * pseudonym in every request, after restarts and on every replica, so a provider keeps its
 * per-user abuse tracking (OpenAI asks for a hashed `safety_identifier`) and prompt caching keeps
 * working per key, while the value itself never leaves. Without the secret a pseudonym cannot be
 * tested against guessed e-mail addresses. The kind is part of the prefix, not the HMAC: `user`
 * and `safety_identifier` holding the same address name the same user.
 *
 * @example pseudonymizer('a long random secret')('ann@example.com', 'user') // 'sy-user-5c0e…' (24 hex digits)
 */
export function pseudonymizer(secret: string | Buffer): Pseudonymizer {
  const key = createHmac('sha256', secret).update(LABEL).digest();
  return (value, kind) => `sy-${kind}-${createHmac('sha256', key).update(value).digest('hex').slice(0, DIGITS)}`;
}
