import type { DatasetStore } from './dataset-store.js';
import type { JudgeStore } from './judge-store.js';
import type { ResponseCache } from './response-cache.js';
import type { RunStore } from './run-store.js';

/** The storage evaluation needs; the composition root (server, CLI) opens it and passes it in. */
export interface EvalStores {
  datasets: DatasetStore;
  runs: RunStore;
  judges: JudgeStore;
  responseCache: ResponseCache;
}
