import { forEachBackend } from './backends.js';
import { keyStoreContract } from './key-store.contract.js';

forEachBackend((backend) => keyStoreContract(backend));
