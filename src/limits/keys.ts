import { sha256 } from '../core/sha256.js';
import type { KeyConfig } from '../config/schema.js';
import type { StoredKey, StoredTeam } from './key-store.js';

export interface Budget {
  usd: number;
  period: 'total' | 'monthly' | 'daily';
}

/** Requests and tokens per sliding minute; null = no limit on that. */
export interface RateLimit {
  requestsPerMinute: number | null;
  tokensPerMinute: number | null;
}

/**
 * A rate limit as the config writes it, or null when it sets none.
 *
 * @example toRateLimit({ requests_per_minute: 60 }) // { requestsPerMinute: 60, tokensPerMinute: null }
 */
export function toRateLimit(config: { requests_per_minute?: number; tokens_per_minute?: number } | undefined): RateLimit | null {
  return config ? { requestsPerMinute: config.requests_per_minute ?? null, tokensPerMinute: config.tokens_per_minute ?? null } : null;
}

/** A virtual key as the gateway holds it: only the hash of the secret is kept. */
export interface VirtualKey {
  /**
   * The key's own identity (`configKeyId`, `storedKeyId`), which its traces record: what it may
   * read back. Never its name, which a later key can take (a config key removed, another made
   * under its name); the same through a rotation of a runtime key.
   */
  id: string;
  name: string;
  hash: string;
  team: string | null;
  /** The team's budget, which every key of the team counts against too; null when it has none. */
  teamBudget?: Budget | null;
  /** The team's rate limit, shared by every key of the team on top of their own; null when it has none. */
  teamRateLimit?: RateLimit | null;
  /** Allowed model names; null = all. */
  models: ReadonlySet<string> | null;
  budget: Budget | null;
  rateLimit: RateLimit | null;
  /** `config`: from the config file (fixed); `store`: created at runtime through the API or CLI. */
  source?: 'config' | 'store';
  /**
   * When a runtime key was made (ms): traces written before keys had an identity name the key
   * only, and those older than this are another key's (one removed before it took the name).
   */
  createdAt?: number;
}

/**
 * The sha256 of a secret, in hex: what the gateway keeps and looks keys up by. Hashed on every
 * request, so in one call (`sha256`), a fifth of a Hash object's create, update and digest.
 */
export function hashKey(secret: string): string {
  return sha256(secret, 'hex');
}

/**
 * A short, non-reversible name for a secret, so a wrong key can be told apart on traces and in
 * errors without storing any part of it.
 *
 * @example fingerprintSecret('sk-wrong') // 'a1b2c3d4' (the first 8 hex digits of a salted hash)
 */
export function fingerprintSecret(secret: string): string {
  return sha256(`switchyard-key-fingerprint:${secret}`, 'hex').slice(0, 8);
}

/**
 * A config file's key is its secret: another secret under the same name is another key (whoever
 * held the first must not read the second's calls). Derived from the secret's hash, so every
 * replica and every restart names it alike, with nothing stored.
 *
 * @example configKeyId(hashKey('sk-sy-app')) // 'kc_' and 24 hex digits
 */
export function configKeyId(hash: string): string {
  return `kc_${sha256(`switchyard-key-id:config:${hash}`, 'hex').slice(0, 24)}`;
}

/**
 * A runtime key is its row: a name is never stored twice (a revoked key keeps it), and the
 * creation time sets apart a key made after the store was emptied. The same through rotations,
 * team moves and revocation; computed when keys are loaded, never per request.
 *
 * @example storedKeyId('ci', 1796502727612) // 'ks_' and 24 hex digits
 */
export function storedKeyId(name: string, createdAt: number): string {
  return `ks_${sha256(`switchyard-key-id:store:${createdAt}:${name}`, 'hex').slice(0, 24)}`;
}

export function toVirtualKey(config: KeyConfig): VirtualKey {
  const hash = hashKey(config.key);
  return {
    id: configKeyId(hash),
    name: config.name,
    hash,
    team: config.team ?? null,
    teamBudget: null,
    source: 'config',
    models: config.models ? new Set(config.models) : null,
    budget: config.budget ?? null,
    rateLimit: toRateLimit(config.rate_limit),
  };
}

/** A team's shared limits, from the config file or created at runtime. */
export interface Team {
  name: string;
  budget: Budget | null;
  rateLimit?: RateLimit | null;
  source: 'config' | 'store';
}

/** A stored key as the registry serves it. */
export function storedVirtualKey(stored: StoredKey, teamBudget: Budget | null): VirtualKey {
  return {
    id: storedKeyId(stored.name, stored.createdAt),
    createdAt: stored.createdAt,
    name: stored.name,
    hash: stored.hash,
    team: stored.team,
    teamBudget,
    source: 'store',
    models: stored.models ? new Set(stored.models) : null,
    budget: stored.budget,
    rateLimit: stored.rateLimit,
  };
}

/**
 * Finds the virtual key for a presented secret: the config file's keys, plus the keys created at
 * runtime (kept in the store, swapped in whole by `replaceStored` when any replica changed them).
 * With no keys at all the gateway is open (the embedded default, on loopback); it says so at start.
 */
export class KeyRegistry {
  private byHash = new Map<string, VirtualKey>();
  /** Hashes a rotation retired, still accepted until their grace period ends (ms since the epoch). */
  private retiring = new Map<string, { key: VirtualKey; until: number }>();
  /**
   * Secrets that were a runtime key's and no longer are (revoked, or replaced by a rotation whose
   * grace ended), by hash: read only for a refused key's 401, so its client is told why.
   */
  private retired = new Map<string, RetiredSecret>();
  private teamList: Team[] = [];
  /** Whether the store holds any runtime key, revoked ones included. */
  private anyStored = false;
  private readonly configKeys: readonly VirtualKey[];
  private readonly configTeams: readonly Team[];

  constructor(
    keys: readonly VirtualKey[],
    teams: readonly Team[] = [],
    private readonly now: () => number = Date.now,
  ) {
    this.configKeys = keys;
    this.configTeams = teams;
    this.replaceStored([], []);
  }

  /** Swaps in the runtime keys and teams (revoked ones are left out by the caller). */
  replaceStored(keys: readonly StoredKey[], teams: readonly StoredTeam[]): void {
    const teamList: Team[] = [...this.configTeams];
    const configTeamNames = new Set(teamList.map((t) => t.name));
    for (const team of teams) if (!configTeamNames.has(team.name)) teamList.push({ name: team.name, budget: team.budget, rateLimit: team.rateLimit ?? null, source: 'store' });
    const budgets = new Map(teamList.map((t) => [t.name, t.budget]));
    const rateLimits = new Map(teamList.map((t) => [t.name, t.rateLimit ?? null]));
    const withTeam = (key: VirtualKey): VirtualKey => ({ ...key, teamBudget: key.team ? (budgets.get(key.team) ?? null) : null, teamRateLimit: key.team ? (rateLimits.get(key.team) ?? null) : null });
    const byHash = new Map<string, VirtualKey>();
    const retiring = new Map<string, { key: VirtualKey; until: number }>();
    const retired = new Map<string, RetiredSecret>();
    for (const key of this.configKeys) byHash.set(key.hash, withTeam(key));
    for (const stored of keys) {
      if (stored.revokedAt !== null) {
        // Every secret a revoked key had is the revoked key's, those of a rotation's grace too.
        const revoked = { name: stored.name, why: 'revoked', at: stored.revokedAt } as const;
        retired.set(stored.hash, revoked);
        if (stored.previousHash) retired.set(stored.previousHash, revoked);
        for (const older of stored.olderSecrets) retired.set(older.hash, revoked);
        continue;
      }
      for (const older of stored.olderSecrets) retired.set(older.hash, { name: stored.name, why: 'rotated', at: older.until });
      if (stored.previousHash && stored.previousValidUntil !== null) retired.set(stored.previousHash, { name: stored.name, why: 'rotated', at: stored.previousValidUntil });
      const key = withTeam(storedVirtualKey(stored, null));
      byHash.set(key.hash, key);
      if (stored.previousHash && stored.previousValidUntil !== null) retiring.set(stored.previousHash, { key, until: stored.previousValidUntil });
    }
    this.byHash = byHash;
    this.retiring = retiring;
    this.retired = retired;
    this.teamList = teamList;
    this.anyStored = keys.length > 0;
  }

  /**
   * Open (any key accepted) only while no key was ever configured or created: revoking the last
   * runtime key must not open the gateway to everyone.
   */
  get open(): boolean {
    return this.configKeys.length === 0 && !this.anyStored;
  }

  /** Runtime keys in force (not revoked). */
  get runtimeCount(): number {
    let count = 0;
    for (const key of this.byHash.values()) if (key.source === 'store') count++;
    return count;
  }

  get all(): VirtualKey[] {
    return [...this.byHash.values()];
  }

  get teams(): readonly Team[] {
    return this.teamList;
  }

  /**
   * The key for a presented secret. Hashing a secret costs a few microseconds, so nothing is
   * cached: no plaintext secret (and no wrong guess) is ever kept in memory.
   */
  find(secret: string): VirtualKey | undefined {
    const hash = hashKey(secret);
    const key = this.byHash.get(hash);
    if (key) return key;
    const old = this.retiring.get(hash);
    return old && this.now() < old.until ? old.key : undefined;
  }

  /**
   * Whose a secret `find` refused once was, and since when it is not: a revoked key, or the old
   * secret of a rotated one. Only on the 401's path, after `find`; undefined for any other secret.
   *
   * @example registry.retiredSecret('sk-sy-…') // { name: 'sales-bot', why: 'revoked', at: 1796502727612 }
   */
  retiredSecret(secret: string): RetiredSecret | undefined {
    const retired = this.retired.get(hashKey(secret));
    // A rotation's old secret is retired only once its grace is over (until then `find` takes it).
    return retired && (retired.why === 'revoked' || this.now() >= retired.at) ? retired : undefined;
  }
}

/** A secret that was a runtime key's: its key's name, and when it was revoked or its rotation's grace ended. */
export interface RetiredSecret {
  name: string;
  why: 'revoked' | 'rotated';
  at: number;
}

/** The secret from `Authorization: Bearer …` (OpenAI SDKs) or `x-api-key` (Anthropic SDKs). */
export function presentedSecret(headers: { authorization?: string | undefined; 'x-api-key'?: string | string[] | undefined }): string | undefined {
  const auth = headers.authorization;
  if (auth && auth.length > 7 && auth.slice(0, 7).toLowerCase() === 'bearer ') return auth.slice(7).trim();
  const apiKey = headers['x-api-key'];
  return typeof apiKey === 'string' && apiKey !== '' ? apiKey : undefined;
}

/** Schemes named back in the 401: a word from this list is no part of a key. */
const OTHER_SCHEMES = /^(basic|digest|token|apikey|api-key|key|oauth|negotiate|ntlm)\s+\S/i;

/**
 * Why the headers gave presentedSecret no key, for the 401, never quoting the key: the key in
 * Authorization without its scheme (`Authorization: sk-…`, which curl users and hand-written
 * clients send), another scheme (`Basic …`, `Token …`), "Bearer" with nothing after it (an unset
 * variable in `"Bearer $KEY"`), or another API's key header (Azure OpenAI's `api-key`, Google's
 * `x-goog-api-key` off the Gemini API's paths, the portkey-ai SDK's `x-portkey-api-key`). Undefined
 * when no header holds one.
 *
 * @example unreadKey({ authorization: 'sk-sy-abc' }) // 'the Authorization header holds a key without the "Bearer " scheme in front of it'
 */
export function unreadKey(headers: {
  authorization?: string | undefined;
  'api-key'?: string | string[] | undefined;
  'x-goog-api-key'?: string | string[] | undefined;
  'x-portkey-api-key'?: string | string[] | undefined;
}): string | undefined {
  const auth = headers.authorization?.trim();
  if (!auth) {
    if (headers['api-key']) return 'the key is in an "api-key" header (Azure OpenAI\'s), which the gateway does not read';
    // The portkey-ai SDK sends its apiKey there and no Authorization unless given one.
    if (headers['x-portkey-api-key']) return 'the key is in "x-portkey-api-key" (the portkey-ai SDK\'s apiKey), which the gateway does not read; give the SDK Authorization: "Bearer <key>"';
    if (headers['x-goog-api-key']) return 'the key is in "x-goog-api-key", which the gateway reads on the Gemini API\'s paths only';
    return undefined;
  }
  if (/^bearer$/i.test(auth)) return 'the Authorization header is "Bearer" with no key after it (an empty variable in "Bearer $KEY"?)';
  if (/^bearer\s/i.test(auth)) return undefined;
  const scheme = OTHER_SCHEMES.exec(auth)?.[1];
  return scheme ? `the Authorization header uses the "${scheme}" scheme, which the gateway does not read` : 'the Authorization header holds a key without the "Bearer " scheme in front of it';
}
