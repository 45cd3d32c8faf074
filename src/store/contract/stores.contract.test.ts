import { describe } from 'vitest';
import { forEachBackend } from './backends.js';
import { datasetStoreContract, judgeAndCacheContract, runStoreContract } from './eval-stores.contract.js';
import { reviewStoreContract } from './review-store.contract.js';
import { rollupStoreContract } from './rollup-store.contract.js';
import { traceStoreContract } from './trace-store.contract.js';
import { purgeCopiesContract } from './purge-copies.contract.js';
import { eraseCopiesContract } from './erase-copies.contract.js';

// One contract per port, run against every adapter (SQLite in memory, PostgreSQL in a schema of
// its own on the shared server, dropped afterwards).
forEachBackend((backend) => {
  describe('TraceStore', () => traceStoreContract(backend));
  describe('RollupStore', () => rollupStoreContract(backend));
  describe('ReviewStore', () => reviewStoreContract(backend));
  describe('DatasetStore', () => datasetStoreContract(backend));
  describe('RunStore', () => runStoreContract(backend));
  describe('JudgeStore and ResponseCache', () => judgeAndCacheContract(backend));
  describe('a purge of knowledge documents', () => purgeCopiesContract(backend));
  describe("an erasure of a person's data", () => eraseCopiesContract(backend));
});
