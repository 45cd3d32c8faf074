import { describe, expect, it } from 'vitest';
import { openSqliteStores, SQLITE_FEATURES } from './open-sqlite-stores.js';
import { openDatabase } from './open-database.js';

describe('opening the SQLite store', () => {
  it('names the path and the fix when the file cannot be opened', () => {
    expect(() => openDatabase('/etc/hostname/nope.db')).toThrow(/store\.sqlite: cannot open \/etc\/hostname\/nope\.db: .*pick a writable path/);
  });

  it('applies every feature\'s schema steps once and records them', async () => {
    const stores = openSqliteStores(':memory:');
    expect(stores.migrated).toEqual(SQLITE_FEATURES.map((f) => ({ feature: f.feature, version: 1 })));
    expect(stores.db.prepare('SELECT feature, version FROM schema_migrations ORDER BY feature').all()).toEqual([
      { feature: 'evals', version: 1 },
      { feature: 'keys', version: 1 },
      { feature: 'local_examples', version: 1 },
      { feature: 'local_models', version: 1 },
      { feature: 'monitor', version: 1 },
      { feature: 'monitor_rollups', version: 1 },
      { feature: 'responses', version: 1 },
      { feature: 'review', version: 1 },
      { feature: 'sessions', version: 1 },
      { feature: 'traces', version: 1 },
    ]);
    await stores.close();
  });
});
