import { forEachBackend } from './backends.js';
import { reviewerStoreContract } from './reviewer-store.contract.js';

forEachBackend((backend) =>
  reviewerStoreContract(
    async () => (await backend.fresh()).reviewers,
    async () => {
      const db = await backend.shared();
      return async () => (await db.open()).reviewers;
    },
  ),
);
