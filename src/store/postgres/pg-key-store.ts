import { credentialNotFound, keyNameTaken, keyNotFound, keyRevoked, teamNotFound } from '../../limits/key-errors.js';
import { type KeySnapshot, type KeyStore, olderAfterRotation, type StoredCredential, type StoredKey, type StoredTeam } from '../../limits/key-store.js';
import { inTransaction, type PgClient, type PgPool } from './connect.js';
import type { PostgresMigrations } from './migrate.js';
import { jsonb } from './pg-values.js';

/** Runtime keys and teams; one row of `key_revision` counts every change. */
export const KEY_TABLES: PostgresMigrations = {
  feature: 'keys',
  steps: [
    `CREATE TABLE virtual_keys (
       name TEXT COLLATE "C" PRIMARY KEY,
       hash TEXT NOT NULL UNIQUE,
       prefix TEXT NOT NULL,
       team TEXT,
       models JSONB,
       budget JSONB,
       rate_limit JSONB,
       created_at BIGINT NOT NULL,
       previous_hash TEXT,
       previous_valid_until BIGINT,
       rotated_at BIGINT,
       revoked_at BIGINT
     );
     CREATE TABLE key_teams (name TEXT COLLATE "C" PRIMARY KEY, budget JSONB, created_at BIGINT NOT NULL);
     CREATE TABLE key_revision (id INTEGER PRIMARY KEY CHECK (id = 1), revision BIGINT NOT NULL);
     INSERT INTO key_revision (id, revision) VALUES (1, 0);`,
    `CREATE TABLE provider_credentials (provider TEXT COLLATE "C" PRIMARY KEY, sealed TEXT NOT NULL, hint TEXT NOT NULL, updated_at BIGINT NOT NULL);`,
    `ALTER TABLE key_teams ADD COLUMN rate_limit JSONB;`,
    // Secrets replaced by later rotations ([{hash, until}]): their 401 says whose they were.
    `ALTER TABLE virtual_keys ADD COLUMN IF NOT EXISTS older_secrets JSONB;`,
  ],
};

interface TeamRow {
  name: string;
  budget: StoredTeam['budget'];
  rate_limit: StoredTeam['rateLimit'];
  created_at: string | number;
}

const toTeam = (row: TeamRow): StoredTeam => ({ name: row.name, budget: row.budget, rateLimit: row.rate_limit ?? null, createdAt: Number(row.created_at) });

interface KeyRow {
  name: string;
  hash: string;
  prefix: string;
  team: string | null;
  models: string[] | null;
  budget: StoredKey['budget'];
  rate_limit: StoredKey['rateLimit'];
  created_at: string;
  previous_hash: string | null;
  previous_valid_until: string | null;
  older_secrets: StoredKey['olderSecrets'] | null;
  rotated_at: string | null;
  revoked_at: string | null;
}

const num = (value: string | null): number | null => (value === null ? null : Number(value));

const toKey = (row: KeyRow): StoredKey => ({
  name: row.name,
  hash: row.hash,
  prefix: row.prefix,
  team: row.team,
  models: row.models,
  budget: row.budget,
  rateLimit: row.rate_limit,
  createdAt: Number(row.created_at),
  previousHash: row.previous_hash,
  previousValidUntil: num(row.previous_valid_until),
  olderSecrets: row.older_secrets ?? [],
  rotatedAt: num(row.rotated_at),
  revokedAt: num(row.revoked_at),
});

const bump = (client: PgClient) => client.query('UPDATE key_revision SET revision = revision + 1 WHERE id = 1');

/**
 * Runtime keys and teams in PostgreSQL, shared by every replica on the database. Each change
 * locks its row (`FOR UPDATE`) and bumps the revision in one transaction, so a replica that
 * reads the revision and then the snapshot never misses a change.
 */
export class PgKeyStore implements KeyStore {
  constructor(private readonly pool: PgPool) {}

  async revision(): Promise<number> {
    const { rows } = await this.pool.query<{ revision: string }>('SELECT revision FROM key_revision WHERE id = 1');
    return Number(rows[0]?.revision ?? 0);
  }

  async snapshot(): Promise<KeySnapshot> {
    // One statement-consistent read per table inside a repeatable-read transaction: all three agree.
    return inTransaction(
      this.pool,
      async (client) => {
        await client.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
        const revision = await client.query<{ revision: string }>('SELECT revision FROM key_revision WHERE id = 1');
        const keys = await client.query<KeyRow>('SELECT * FROM virtual_keys ORDER BY name');
        const teams = await client.query<TeamRow>('SELECT name, budget, rate_limit, created_at FROM key_teams ORDER BY name');
        return {
          revision: Number(revision.rows[0]?.revision ?? 0),
          keys: keys.rows.map(toKey),
          teams: teams.rows.map(toTeam),
        };
      },
      { relaxed: true },
    );
  }

  async createKey(key: Omit<StoredKey, 'previousHash' | 'previousValidUntil' | 'olderSecrets' | 'rotatedAt' | 'revokedAt'>): Promise<StoredKey> {
    return inTransaction(this.pool, async (client) => {
      const { rows } = await client.query<KeyRow>(
        `INSERT INTO virtual_keys (name, hash, prefix, team, models, budget, rate_limit, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (name) DO NOTHING RETURNING *`,
        [key.name, key.hash, key.prefix, key.team, jsonb(key.models), jsonb(key.budget), jsonb(key.rateLimit), key.createdAt],
      );
      if (!rows[0]) throw keyNameTaken(key.name);
      await bump(client);
      return toKey(rows[0]);
    });
  }

  private async locked(client: PgClient, name: string): Promise<KeyRow> {
    const { rows } = await client.query<KeyRow>('SELECT * FROM virtual_keys WHERE name = $1 FOR UPDATE', [name]);
    if (!rows[0]) throw keyNotFound(name);
    return rows[0];
  }

  async rotateKey(name: string, hash: string, prefix: string, at: number, graceUntil: number): Promise<StoredKey> {
    return inTransaction(this.pool, async (client) => {
      const row = await this.locked(client, name);
      if (row.revoked_at !== null) throw keyRevoked(name);
      const { rows } = await client.query<KeyRow>(
        'UPDATE virtual_keys SET previous_hash = hash, previous_valid_until = $1, older_secrets = $6, hash = $2, prefix = $3, rotated_at = $4 WHERE name = $5 RETURNING *',
        [graceUntil, hash, prefix, at, name, jsonb(olderAfterRotation(row.older_secrets ?? [], row.previous_hash, num(row.previous_valid_until), at))],
      );
      await bump(client);
      return toKey(rows[0] as KeyRow);
    });
  }

  async moveKey(name: string, team: string | null): Promise<StoredKey> {
    return inTransaction(this.pool, async (client) => {
      const row = await this.locked(client, name);
      if (row.revoked_at !== null) throw keyRevoked(name, 'moving it');
      if (row.team === team) return toKey(row);
      const { rows } = await client.query<KeyRow>('UPDATE virtual_keys SET team = $1 WHERE name = $2 RETURNING *', [team, name]);
      await bump(client);
      return toKey(rows[0] as KeyRow);
    });
  }

  async revokeKey(name: string, at: number): Promise<StoredKey> {
    return inTransaction(this.pool, async (client) => {
      const row = await this.locked(client, name);
      if (row.revoked_at !== null) return toKey(row);
      const { rows } = await client.query<KeyRow>('UPDATE virtual_keys SET revoked_at = $1 WHERE name = $2 RETURNING *', [at, name]);
      await bump(client);
      return toKey(rows[0] as KeyRow);
    });
  }

  async putTeam(team: StoredTeam): Promise<StoredTeam> {
    return inTransaction(this.pool, async (client) => {
      const { rows } = await client.query<TeamRow>(
        'INSERT INTO key_teams (name, budget, rate_limit, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (name) DO UPDATE SET budget = excluded.budget, rate_limit = excluded.rate_limit RETURNING *',
        [team.name, jsonb(team.budget), jsonb(team.rateLimit ?? null), team.createdAt],
      );
      await bump(client);
      return toTeam(rows[0] as TeamRow);
    });
  }

  async deleteTeam(name: string): Promise<void> {
    await inTransaction(this.pool, async (client) => {
      const { rowCount } = await client.query('DELETE FROM key_teams WHERE name = $1', [name]);
      if (!rowCount) throw teamNotFound(name);
      await bump(client);
    });
  }

  async credentials(): Promise<StoredCredential[]> {
    const { rows } = await this.pool.query<{ provider: string; sealed: string; hint: string; updated_at: string }>('SELECT provider, sealed, hint, updated_at FROM provider_credentials ORDER BY provider');
    return rows.map((row) => ({ provider: row.provider, sealed: row.sealed, hint: row.hint, updatedAt: Number(row.updated_at) }));
  }

  async putCredential(credential: StoredCredential): Promise<void> {
    await inTransaction(this.pool, async (client) => {
      await client.query(
        `INSERT INTO provider_credentials (provider, sealed, hint, updated_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (provider) DO UPDATE SET sealed = excluded.sealed, hint = excluded.hint, updated_at = excluded.updated_at`,
        [credential.provider, credential.sealed, credential.hint, credential.updatedAt],
      );
      await bump(client);
    });
  }

  async deleteCredential(provider: string): Promise<void> {
    await inTransaction(this.pool, async (client) => {
      const { rowCount } = await client.query('DELETE FROM provider_credentials WHERE provider = $1', [provider]);
      if (!rowCount) throw credentialNotFound(provider);
      await bump(client);
    });
  }
}
