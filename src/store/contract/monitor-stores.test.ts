import { forEachBackend } from './backends.js';
import { monitorStoreContract } from './monitor-store.contract.js';

forEachBackend((backend) => monitorStoreContract(backend));
