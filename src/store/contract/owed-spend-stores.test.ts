import { describe } from 'vitest';
import { MemoryOwedSpendStore } from '../../limits/owed-spend.js';
import { forEachBackend } from './backends.js';
import { owedSpendStoreContract } from './owed-spend-store.contract.js';

describe('memory', () => owedSpendStoreContract(async () => new MemoryOwedSpendStore()));
forEachBackend((backend) =>
  owedSpendStoreContract(
    async () => (await backend.fresh()).owed,
    async () => {
      const db = await backend.shared();
      return async () => (await db.open()).owed;
    },
  ),
);
