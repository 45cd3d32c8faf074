import { randomBytes } from 'node:crypto';
import { SwitchyardError } from '../core/errors.js';
import { closestName } from '../core/format-issues.js';
import { assertLabelName } from '../core/label-name.js';
import { CLI } from '../core/cli-command.js';
import type { KeyStore, StoredKey, StoredTeam } from './key-store.js';
import { type Budget, hashKey, type RateLimit } from './keys.js';

/** What a person asks for when creating a key (API body or CLI flags, already typed). */
export interface NewKey {
  name: string;
  team?: string | null;
  models?: string[] | null;
  budget?: Budget | null;
  rateLimit?: { requestsPerMinute: number | null; tokensPerMinute: number | null } | null;
}

/** A key as shown to people: never the secret or its hash. */
export interface KeyView {
  name: string;
  prefix: string;
  team: string | null;
  models: string[] | null;
  budget: Budget | null;
  rateLimit: StoredKey['rateLimit'];
  createdAt: number;
  rotatedAt: number | null;
  previousValidUntil: number | null;
  revokedAt: number | null;
  status: 'active' | 'revoked';
}

/**
 * A new secret: 32 random bytes, base64url, with a prefix that secret scanners recognise
 * (`sk-sy-` a virtual key, `sk-rv-` a reviewer's personal key).
 */
export function newSecret(prefix: 'sk-sy-' | 'sk-rv-' = 'sk-sy-'): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

/** The part of a secret that may be shown again: enough to tell keys apart, far too little to guess. */
export const secretPrefix = (secret: string): string => secret.slice(0, 10);

/**
 * The teams keys belong to that are not among `defined` (no limits of their own yet), with how
 * many of the keys name each, in name order: a team is a team as soon as a key names it.
 *
 * @example teamsNamedByKeys([{ team: 'ops' }, { team: 'ops' }, { team: null }], []) // Map { 'ops' => 2 }
 */
export function teamsNamedByKeys(keys: Iterable<{ team: string | null }>, defined: Iterable<string>): Map<string, number> {
  const known = new Set(defined);
  const named = new Map<string, number>();
  for (const { team } of keys) if (team && !known.has(team)) named.set(team, (named.get(team) ?? 0) + 1);
  return new Map([...named].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export function keyView(key: StoredKey): KeyView {
  return {
    name: key.name,
    prefix: key.prefix,
    team: key.team,
    models: key.models,
    budget: key.budget,
    rateLimit: key.rateLimit,
    createdAt: key.createdAt,
    rotatedAt: key.rotatedAt,
    previousValidUntil: key.previousValidUntil,
    revokedAt: key.revokedAt,
    status: key.revokedAt === null ? 'active' : 'revoked',
  };
}

/**
 * Creates, rotates and revokes runtime keys and teams on a KeyStore: the one place that makes
 * secrets, used by the admin API and the CLI alike. A secret is returned once, at creation or
 * rotation; the store keeps its SHA-256 and a 10-character prefix.
 *
 * @example const { secret } = await new KeyManager(stores.keys, configNames).create({ name: 'ci' });
 */
export class KeyManager {
  constructor(
    private readonly store: KeyStore,
    /** Key names the config file defines: a runtime key may not shadow one. */
    private readonly configKeyNames: ReadonlySet<string> = new Set(),
    private readonly now: () => number = Date.now,
    /**
     * Team names the config file defines: the file's limits are the ones in force, so a runtime
     * team of the same name was stored, answered 200 and never applied.
     */
    private readonly configTeamNames: ReadonlySet<string> = new Set(),
  ) {}

  async create(input: NewKey): Promise<{ secret: string; key: KeyView }> {
    assertLabelName('key name', input.name, 'name');
    if (this.configKeyNames.has(input.name)) throw new SwitchyardError('invalid_request', `a key named "${input.name}" is defined in the config file; choose another name`, { status: 409, param: 'name' });
    if (input.team !== undefined && input.team !== null) assertLabelName('team', input.team, 'team');
    const secret = newSecret();
    const stored = await this.store.createKey({
      name: input.name,
      hash: hashKey(secret),
      prefix: secretPrefix(secret),
      team: input.team ?? null,
      models: input.models ?? null,
      budget: input.budget ?? null,
      rateLimit: input.rateLimit ?? null,
      createdAt: this.now(),
    });
    return { secret, key: keyView(stored) };
  }

  /** A new secret; the old one keeps working for `graceMs` so clients can switch without a gap. */
  async rotate(name: string, graceMs: number): Promise<{ secret: string; key: KeyView }> {
    // Whole milliseconds are stored: PostgreSQL's BIGINT refused `grace_seconds: 0.0001` (a 500).
    if (!Number.isFinite(graceMs) || graceMs < 0 || graceMs > 30 * 86_400_000) {
      // Said in seconds, as both callers take it (grace_seconds, --grace): "got -5000 ms" answered a -5.
      const sent = Number.isFinite(graceMs) ? String(graceMs / 1000) : 'a number past 1e305';
      throw new SwitchyardError('invalid_request', `grace_seconds must be from 0 to 2592000 (30 days), got ${sent}`, { param: 'grace_seconds' });
    }
    const secret = newSecret();
    const at = this.now();
    const stored = await this.namingKnown(() => this.store.rotateKey(name, hashKey(secret), secretPrefix(secret), at, at + Math.round(graceMs)), name, 'keys');
    return { secret, key: keyView(stored) };
  }

  async revoke(name: string): Promise<KeyView> {
    if (this.configKeyNames.has(name)) throw new SwitchyardError('invalid_request', `key "${name}" is defined in the config file; remove it there`, { status: 409 });
    return keyView(await this.namingKnown(() => this.store.revokeKey(name, this.now()), name, 'keys'));
  }

  /**
   * Puts a runtime key in another team (`null`: in none) from now on. Its calls so far stay booked
   * to the team they were made in (each trace names its team; a team's spend and budget are read
   * from them), and its next calls count against the new team's budget and rate limit on every
   * replica once it has reloaded its keys. The team must be one there is: created at runtime, in
   * the config file (`knownTeams`) or named by another active key; a typo is a 404 naming the team
   * most likely meant, not a key quietly counted against no team.
   *
   * @example await manager.move('care-bot', 'support', []) // { key: { team: 'support', … }, from: 'care' }
   */
  async move(name: string, team: string | null, knownTeams: Iterable<string> = []): Promise<{ key: KeyView; from: string | null }> {
    if (this.configKeyNames.has(name)) throw new SwitchyardError('invalid_request', `key "${name}" is defined in the config file; change its team there`, { status: 409 });
    if (team !== null) assertLabelName('team', team, 'team');
    const { keys, teams } = await this.list();
    const before = keys.find((key) => key.name === name);
    if (team !== null && before?.status !== 'revoked' && before !== undefined) {
      const known = [...new Set([...teams.map((t) => t.name), ...this.configTeamNames, ...knownTeams, ...keys.filter((k) => k.status === 'active' && k.team).map((k) => k.team as string)])].sort();
      if (!known.includes(team)) {
        const meant = closestName(team, known);
        const listed = known.slice(0, 20).join(', ') + (known.length > 20 ? `, … ${known.length - 20} more` : '');
        throw new SwitchyardError(
          'not_found',
          `no team named "${team}"${meant ? `; did you mean "${meant}"?` : ''} (teams: ${listed || 'none'}); create it first (${CLI} teams create ${team}, or PUT /api/teams/${encodeURIComponent(team)}) to move key "${name}" into it`,
          { param: 'team' },
        );
      }
    }
    const moved = await this.namingKnown(() => this.store.moveKey(name, team), name, 'keys');
    return { key: keyView(moved), from: before?.team ?? null };
  }

  async list(): Promise<{ keys: KeyView[]; teams: StoredTeam[] }> {
    const snapshot = await this.store.snapshot();
    return { keys: snapshot.keys.map(keyView), teams: snapshot.teams };
  }

  async putTeam(name: string, budget: Budget | null, rateLimit: RateLimit | null = null): Promise<StoredTeam> {
    assertLabelName('team name', name, 'name');
    if (this.configTeamNames.has(name)) {
      throw new SwitchyardError('invalid_request', `team "${name}" is defined in the config file, whose budget and rate limit are the ones in force; change them there`, { status: 409, param: 'name' });
    }
    return this.store.putTeam({ name, budget, rateLimit, createdAt: this.now() });
  }

  /**
   * Deletes a team's limits. Its active keys keep naming it and, once it is gone, count against
   * no team budget or rate limit: a team with active keys is kept (a 409 naming them) unless
   * `force`, since a deleted $20 cap over five bots left them spending without one, unsaid.
   * Returns the active keys left without the team's limits.
   *
   * @example await manager.deleteTeam('sales', { force: true }) // { keys: ['sales-bot'] }
   */
  async deleteTeam(name: string, options: { force?: boolean } = {}): Promise<{ keys: string[] }> {
    if (this.configTeamNames.has(name)) throw new SwitchyardError('invalid_request', `team "${name}" is defined in the config file; remove it there`, { status: 409 });
    const { keys, teams } = await this.list();
    const members = keys.filter((key) => key.team === name && key.status === 'active').map((key) => key.name);
    const team = teams.find((t) => t.name === name);
    if (team && members.length > 0 && !options.force) {
      const listed = members.slice(0, 20).join(', ') + (members.length > 20 ? `, … ${members.length - 20} more` : '');
      const limits = [team.budget ? `its $${team.budget.usd} ${team.budget.period} budget` : '', team.rateLimit ? 'its rate limit' : ''].filter(Boolean).join(' and ') || 'its limits';
      throw new SwitchyardError(
        'invalid_request',
        `team "${name}" has ${members.length} active key${members.length === 1 ? '' : 's'} (${listed}): deleting it lifts ${limits} from them, and their calls count against no team limit; revoke them first, or delete it anyway with --force (DELETE /api/teams/${encodeURIComponent(name)}?force=true)`,
        { status: 409, param: 'name' },
      );
    }
    await this.namingKnown(() => this.store.deleteTeam(name), name, 'teams');
    return { keys: members };
  }

  /** A key or team that is not there, named with the one most likely meant and the runtime ones there are. */
  private async namingKnown<T>(work: () => Promise<T>, name: string, kind: 'keys' | 'teams'): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof SwitchyardError) || error.code !== 'not_found') throw error;
      const { keys, teams } = await this.list();
      const known = kind === 'keys' ? keys.filter((k) => k.status === 'active').map((k) => k.name) : teams.map((t) => t.name);
      const listed = (names: readonly string[]) => names.slice(0, 20).join(', ') + (names.length > 20 ? `, … ${names.length - 20} more` : '');
      // Revoked keys are named apart: "(runtime keys: none)" beside a mistyped name of a revoked one read as if the store were empty.
      const revoked = kind === 'keys' ? keys.filter((k) => k.status === 'revoked').map((k) => k.name) : [];
      // The closest of all, active first on a tie: "fn-bot", a typo of the revoked "fin-bot", was
      // answered "did you mean ml-bot?", an invitation to revoke the wrong key.
      const meant = name.length <= 100 ? closestName(name, [...known, ...revoked]) : undefined;
      const hint = meant === undefined ? '' : known.includes(meant) ? `; did you mean "${meant}"?` : `; did you mean "${meant}" (revoked)?`;
      throw new SwitchyardError('not_found', `${error.message}${hint} (runtime ${kind}: ${listed(known) || 'none'}${kind === 'keys' && revoked.length > 0 ? `; revoked: ${listed(revoked)}` : ''})`, { status: error.status });
    }
  }
}

/**
 * What a move means, said where it is made (the API's answer, the CLI's line).
 *
 * @example moveNote('bot', 'care', 'ops') // 'key "bot" moved from team "care" to team "ops": …'
 */
export function moveNote(name: string, from: string | null, to: string | null): string {
  const team = (t: string | null) => (t === null ? 'no team' : `team "${t}"`);
  if (from === to) return `key "${name}" is already in ${team(to)}; nothing changed`;
  const past = from === null ? 'its spend so far stays booked to no team' : `its spend so far stays booked to team "${from}"`;
  const next = to === null ? 'its calls from now on count against no team\'s budget or rate limit' : `its calls from now on count against team "${to}"'s budget and rate limit`;
  return `key "${name}" moved from ${team(from)} to ${team(to)}: ${past}; ${next} (every replica within limits.keys_poll_ms)`;
}
