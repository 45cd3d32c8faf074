import { createHash } from 'node:crypto';
import type { KeyConfig } from '../config/schema.js';

/** A virtual key as the gateway holds it: only the hash of the secret is kept. */
export interface VirtualKey {
  name: string;
  hash: string;
  team: string | null;
  /** Allowed model names; null = all. */
  models: ReadonlySet<string> | null;
  budget: { usd: number; period: 'total' | 'monthly' | 'daily' } | null;
  rateLimit: { requestsPerMinute: number | null; tokensPerMinute: number | null } | null;
}

export function hashKey(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/**
 * A short, non-reversible name for a secret, so a wrong key can be told apart on traces and in
 * errors without storing any part of it.
 *
 * @example fingerprintSecret('sk-wrong') // 'a1b2c3d4' (the first 8 hex digits of a salted hash)
 */
export function fingerprintSecret(secret: string): string {
  return createHash('sha256').update('switchyard-key-fingerprint:').update(secret).digest('hex').slice(0, 8);
}

export function toVirtualKey(config: KeyConfig): VirtualKey {
  return {
    name: config.name,
    hash: hashKey(config.key),
    team: config.team ?? null,
    models: config.models ? new Set(config.models) : null,
    budget: config.budget ?? null,
    rateLimit: config.rate_limit
      ? {
          requestsPerMinute: config.rate_limit.requests_per_minute ?? null,
          tokensPerMinute: config.rate_limit.tokens_per_minute ?? null,
        }
      : null,
  };
}

/**
 * Finds the virtual key for a presented secret. With no keys configured the gateway is open
 * (the embedded default, on loopback); it says so at start.
 */
export class KeyRegistry {
  private readonly byHash = new Map<string, VirtualKey>();

  constructor(keys: readonly VirtualKey[]) {
    for (const key of keys) this.byHash.set(key.hash, key);
  }

  get open(): boolean {
    return this.byHash.size === 0;
  }

  get all(): VirtualKey[] {
    return [...this.byHash.values()];
  }

  /**
   * The key for a presented secret. Hashing a secret costs about a microsecond, so nothing is
   * cached: no plaintext secret (and no wrong guess) is ever kept in memory.
   */
  find(secret: string): VirtualKey | undefined {
    return this.byHash.get(hashKey(secret));
  }
}

/** The secret from `Authorization: Bearer …` (OpenAI SDKs) or `x-api-key` (Anthropic SDKs). */
export function presentedSecret(headers: { authorization?: string | undefined; 'x-api-key'?: string | string[] | undefined }): string | undefined {
  const auth = headers.authorization;
  if (auth && auth.length > 7 && auth.slice(0, 7).toLowerCase() === 'bearer ') return auth.slice(7).trim();
  const apiKey = headers['x-api-key'];
  return typeof apiKey === 'string' && apiKey !== '' ? apiKey : undefined;
}
