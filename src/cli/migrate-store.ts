import type { MigrateFlags } from './commands/migrate.js';
import { withStores } from './open-cli-stores.js';
import { countOf } from '../core/plural.js';
import { describeSchemaAhead } from '../store/schema-ahead.js';

/**
 * Opens the store (which applies every pending step under a lock) and prints what was applied.
 *
 * @example await migrate({ config: 'switchyard.yaml' }) // "postgres postgres://sy@db/sy: applied traces v1, …"
 */
export async function migrate(flags: MigrateFlags): Promise<void> {
  await withStores(flags, async (stores) => {
    const where = `${stores.backend} ${stores.location}`;
    const ahead = stores.ahead ?? [];
    if (flags.json) return void console.log(JSON.stringify({ backend: stores.backend, location: stores.location, applied: stores.migrated, ahead }, null, 2));
    const aheadLine = describeSchemaAhead(ahead);
    if (stores.migrated.length === 0) {
      console.log(`${where}: ${aheadLine ? 'nothing to apply for this build' : 'up to date, nothing to apply'}`);
      if (aheadLine) console.log(`  ${aheadLine}`);
      return;
    }
    console.log(`${where}: applied ${countOf(stores.migrated.length, 'migration')}`);
    for (const step of stores.migrated) console.log(`  ${step.feature} v${step.version}`);
    if (aheadLine) console.log(`  ${aheadLine}`);
  });
}
