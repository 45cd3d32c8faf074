import { describe } from 'vitest';
import { MemorySessionStore } from '../../core/memory-session-store.js';
import { forEachBackend } from './backends.js';
import { sessionStoreContract } from './session-store.contract.js';

describe('memory', () => sessionStoreContract(async () => new MemorySessionStore()));
forEachBackend((backend) => sessionStoreContract(async () => (await backend.fresh()).sessions));
