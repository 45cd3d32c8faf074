import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSqliteStores } from '../../store/sqlite/open-sqlite-stores.js';
import { openStore } from './kb-flags.js';

// Every other command's --db (traces, datasets, local train) names the gateway's store; `kb add
// --db .switchyard/switchyard.db` wrote its bases into that file, where neither the gateway nor a
// `kb` without --db looks (they read knowledge.db beside it).
describe('kb --db given the gateway store', () => {
  it('is refused naming the knowledge store beside it, and writes nothing into it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sy-kb-db-'));
    const gateway = join(dir, 'switchyard.db');
    await openSqliteStores(gateway).close();
    await expect(openStore({ db: gateway })).rejects.toThrow(
      `--db ${gateway} is the gateway's store (it holds traces), not a knowledge store: knowledge bases live beside it, in ${join(dir, 'knowledge.db')}, where the gateway reads them; pass --db ${join(dir, 'knowledge.db')}`,
    );
    expect(existsSync(join(dir, 'knowledge.db'))).toBe(false);
    // The knowledge file itself, and a new one, open as before.
    const knowledge = await openStore({ db: join(dir, 'knowledge.db') });
    await knowledge.close();
    expect(existsSync(join(dir, 'knowledge.db'))).toBe(true);
  });
});
