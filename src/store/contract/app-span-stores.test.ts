import { describe } from 'vitest';
import { appSpanStoreContract } from './app-span-store.contract.js';
import { forEachBackend } from './backends.js';

// Application spans on every backend (SQLite in memory, PostgreSQL in a schema of its own).
forEachBackend((backend) => {
  describe('AppSpanStore', () => appSpanStoreContract(backend));
});
