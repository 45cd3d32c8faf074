import { credentialNotFound, keyNameTaken, keyNotFound, keyRevoked, teamNotFound } from '../../limits/key-errors.js';
import { type KeySnapshot, type KeyStore, olderAfterRotation, type StoredCredential, type StoredKey, type StoredTeam } from '../../limits/key-store.js';
import type { SqliteMigrations } from './migrations.js';
import type { SqliteDatabase } from './open-database.js';

/** Runtime keys and teams; one row of `key_revision` counts every change. */
export const KEY_MIGRATIONS: SqliteMigrations = {
  feature: 'keys',
  steps: [
    `CREATE TABLE virtual_keys (
       name TEXT PRIMARY KEY,
       hash TEXT NOT NULL UNIQUE,
       prefix TEXT NOT NULL,
       team TEXT,
       models TEXT,
       budget TEXT,
       rate_limit TEXT,
       created_at INTEGER NOT NULL,
       previous_hash TEXT,
       previous_valid_until INTEGER,
       rotated_at INTEGER,
       revoked_at INTEGER
     );
     CREATE TABLE key_teams (name TEXT PRIMARY KEY, budget TEXT, created_at INTEGER NOT NULL);
     CREATE TABLE key_revision (id INTEGER PRIMARY KEY CHECK (id = 1), revision INTEGER NOT NULL);
     INSERT INTO key_revision (id, revision) VALUES (1, 0);`,
    `CREATE TABLE provider_credentials (provider TEXT PRIMARY KEY, sealed TEXT NOT NULL, hint TEXT NOT NULL, updated_at INTEGER NOT NULL);`,
    `ALTER TABLE key_teams ADD COLUMN rate_limit TEXT;`,
    // Secrets replaced by later rotations (JSON [{hash, until}]): their 401 says whose they were.
    `ALTER TABLE virtual_keys ADD COLUMN older_secrets TEXT;`,
  ],
};

interface TeamRow {
  name: string;
  budget: string | null;
  rate_limit: string | null;
  created_at: number;
}

const toTeam = (row: TeamRow): StoredTeam => ({ name: row.name, budget: parse(row.budget), rateLimit: parse(row.rate_limit), createdAt: row.created_at });

interface KeyRow {
  name: string;
  hash: string;
  prefix: string;
  team: string | null;
  models: string | null;
  budget: string | null;
  rate_limit: string | null;
  created_at: number;
  previous_hash: string | null;
  previous_valid_until: number | null;
  older_secrets: string | null;
  rotated_at: number | null;
  revoked_at: number | null;
}

const parse = <T>(text: string | null): T | null => (text === null ? null : (JSON.parse(text) as T));
const text = (value: unknown): string | null => (value === null || value === undefined ? null : JSON.stringify(value));

const toKey = (row: KeyRow): StoredKey => ({
  name: row.name,
  hash: row.hash,
  prefix: row.prefix,
  team: row.team,
  models: parse(row.models),
  budget: parse(row.budget),
  rateLimit: parse(row.rate_limit),
  createdAt: row.created_at,
  previousHash: row.previous_hash,
  previousValidUntil: row.previous_valid_until,
  olderSecrets: parse(row.older_secrets) ?? [],
  rotatedAt: row.rotated_at,
  revokedAt: row.revoked_at,
});

/** Runtime keys and teams in SQLite: each change and its revision bump in one transaction. */
export class SqliteKeyStore implements KeyStore {
  constructor(private readonly db: SqliteDatabase) {}

  private bump(): void {
    this.db.prepare('UPDATE key_revision SET revision = revision + 1 WHERE id = 1').run();
  }

  private row(name: string): KeyRow | undefined {
    return this.db.prepare('SELECT * FROM virtual_keys WHERE name = ?').get(name) as KeyRow | undefined;
  }

  async revision(): Promise<number> {
    return (this.db.prepare('SELECT revision FROM key_revision WHERE id = 1').get() as { revision: number }).revision;
  }

  async snapshot(): Promise<KeySnapshot> {
    return this.db.transaction(() => ({
      revision: (this.db.prepare('SELECT revision FROM key_revision WHERE id = 1').get() as { revision: number }).revision,
      keys: (this.db.prepare('SELECT * FROM virtual_keys ORDER BY name').all() as KeyRow[]).map(toKey),
      teams: (this.db.prepare('SELECT name, budget, rate_limit, created_at FROM key_teams ORDER BY name').all() as TeamRow[]).map(toTeam),
    }))();
  }

  async createKey(key: Omit<StoredKey, 'previousHash' | 'previousValidUntil' | 'olderSecrets' | 'rotatedAt' | 'revokedAt'>): Promise<StoredKey> {
    return this.db.transaction(() => {
      if (this.row(key.name)) throw keyNameTaken(key.name);
      this.db
        .prepare('INSERT INTO virtual_keys (name, hash, prefix, team, models, budget, rate_limit, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
        .run(key.name, key.hash, key.prefix, key.team, text(key.models), text(key.budget), text(key.rateLimit), key.createdAt);
      this.bump();
      return toKey(this.row(key.name) as KeyRow);
    })();
  }

  async rotateKey(name: string, hash: string, prefix: string, at: number, graceUntil: number): Promise<StoredKey> {
    return this.db.transaction(() => {
      const row = this.row(name);
      if (!row) throw keyNotFound(name);
      if (row.revoked_at !== null) throw keyRevoked(name);
      this.db
        .prepare('UPDATE virtual_keys SET previous_hash = hash, previous_valid_until = ?, older_secrets = ?, hash = ?, prefix = ?, rotated_at = ? WHERE name = ?')
        .run(graceUntil, text(olderAfterRotation(parse(row.older_secrets) ?? [], row.previous_hash, row.previous_valid_until, at)), hash, prefix, at, name);
      this.bump();
      return toKey(this.row(name) as KeyRow);
    })();
  }

  async moveKey(name: string, team: string | null): Promise<StoredKey> {
    return this.db.transaction(() => {
      const row = this.row(name);
      if (!row) throw keyNotFound(name);
      if (row.revoked_at !== null) throw keyRevoked(name, 'moving it');
      if (row.team !== team) {
        this.db.prepare('UPDATE virtual_keys SET team = ? WHERE name = ?').run(team, name);
        this.bump();
      }
      return toKey(this.row(name) as KeyRow);
    })();
  }

  async revokeKey(name: string, at: number): Promise<StoredKey> {
    return this.db.transaction(() => {
      const row = this.row(name);
      if (!row) throw keyNotFound(name);
      if (row.revoked_at === null) {
        this.db.prepare('UPDATE virtual_keys SET revoked_at = ? WHERE name = ?').run(at, name);
        this.bump();
      }
      return toKey(this.row(name) as KeyRow);
    })();
  }

  async putTeam(team: StoredTeam): Promise<StoredTeam> {
    this.db.transaction(() => {
      this.db
        .prepare('INSERT INTO key_teams (name, budget, rate_limit, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET budget = excluded.budget, rate_limit = excluded.rate_limit')
        .run(team.name, text(team.budget), text(team.rateLimit ?? null), team.createdAt);
      this.bump();
    })();
    return toTeam(this.db.prepare('SELECT name, budget, rate_limit, created_at FROM key_teams WHERE name = ?').get(team.name) as TeamRow);
  }

  async deleteTeam(name: string): Promise<void> {
    this.db.transaction(() => {
      if (this.db.prepare('DELETE FROM key_teams WHERE name = ?').run(name).changes === 0) throw teamNotFound(name);
      this.bump();
    })();
  }

  async credentials(): Promise<StoredCredential[]> {
    const rows = this.db.prepare('SELECT provider, sealed, hint, updated_at FROM provider_credentials ORDER BY provider').all() as { provider: string; sealed: string; hint: string; updated_at: number }[];
    return rows.map((row) => ({ provider: row.provider, sealed: row.sealed, hint: row.hint, updatedAt: row.updated_at }));
  }

  async putCredential(credential: StoredCredential): Promise<void> {
    this.db.transaction(() => {
      this.db
        .prepare('INSERT INTO provider_credentials (provider, sealed, hint, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (provider) DO UPDATE SET sealed = excluded.sealed, hint = excluded.hint, updated_at = excluded.updated_at')
        .run(credential.provider, credential.sealed, credential.hint, credential.updatedAt);
      this.bump();
    })();
  }

  async deleteCredential(provider: string): Promise<void> {
    this.db.transaction(() => {
      if (this.db.prepare('DELETE FROM provider_credentials WHERE provider = ?').run(provider).changes === 0) throw credentialNotFound(provider);
      this.bump();
    })();
  }
}
