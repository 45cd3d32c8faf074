import { forEachBackend } from './backends.js';
import { loadtestStoreContract } from './loadtest-store.contract.js';

forEachBackend((backend) => loadtestStoreContract(async () => (await backend.fresh()).loadtests));
