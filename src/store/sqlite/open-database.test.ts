import { describe, expect, it } from 'vitest';
import { openSqliteStores, SQLITE_FEATURES } from './open-sqlite-stores.js';
import { openDatabase } from './open-database.js';

describe('opening the SQLite store', () => {
  it('names the path and the fix when the file cannot be opened', () => {
    expect(() => openDatabase('/etc/hostname/nope.db')).toThrow(/store\.sqlite: cannot open \/etc\/hostname\/nope\.db: .*pick a writable path/);
  });

  it('applies every feature\'s schema steps once and records them', async () => {
    const stores = openSqliteStores(':memory:');
    // Every step of every feature, in order; the table keeps each feature's last version.
    expect(stores.migrated).toEqual(SQLITE_FEATURES.flatMap((f) => f.steps.map((_, i) => ({ feature: f.feature, version: i + 1 }))));
    expect(stores.db.prepare('SELECT feature, version FROM schema_migrations ORDER BY feature').all()).toEqual(
      SQLITE_FEATURES.map((f) => ({ feature: f.feature, version: f.steps.length })).sort((a, b) => (a.feature < b.feature ? -1 : 1)),
    );
    expect(SQLITE_FEATURES.map((f) => f.feature)).toEqual(expect.arrayContaining(['traces', 'monitor_rollups', 'review', 'evals', 'sessions', 'keys', 'app_spans']));
    await stores.close();
  });
});
