import { openKnowledgeBase, type KnowledgeBase } from '../../knowledge/knowledge-base.js';
import type { KnowledgeStore } from '../../knowledge/store/knowledge-store.js';
import type { Embedder } from '../../knowledge/types.js';
import type { OnBehalfOf } from '../call.js';
import type { ModelClient } from '../model-client.js';
import type { Log } from '../../core/log.js';
import { namingTheStore } from '../../knowledge/missing-base.js';

/** How often an open base re-reads its record, so a `kb add` in another process is picked up. */
const REFRESH_MS = 2_000;

/**
 * The knowledge bases routes ground in, opened once and kept. A base's record (its published
 * version) is re-read in the background at most every two seconds: a request never waits for
 * that, and a new version is searched from the next request on.
 */
export class OpenBases {
  private readonly open = new Map<string, Promise<KnowledgeBase>>();
  private readonly refreshedAt = new Map<string, number>();
  private store: Promise<KnowledgeStore> | undefined;

  /**
   * `openStore` runs on the first retrieval, not at startup; `file` is the store's SQLite file
   * (undefined for PostgreSQL), named when a route's base is missing.
   */
  constructor(
    private readonly openStore: () => Promise<KnowledgeStore>,
    private readonly log: Log = () => undefined,
    readonly file?: string,
  ) {}

  private storeOnce(): Promise<KnowledgeStore> {
    if (!this.store) {
      this.store = this.openStore();
      this.store.catch(() => (this.store = undefined));
    }
    return this.store;
  }

  /** The named base; throws (not found, listing the known ones) when it does not exist. */
  async get(name: string): Promise<KnowledgeBase> {
    let opening = this.open.get(name);
    if (!opening) {
      opening = namingTheStore(this.storeOnce().then((store) => openKnowledgeBase({ store, name })), this.file);
      this.open.set(name, opening);
      // A base that does not exist yet may be created later: do not cache the failure.
      opening.catch(() => this.open.delete(name));
      this.refreshedAt.set(name, Date.now());
    }
    const kb = await opening;
    const last = this.refreshedAt.get(name) ?? 0;
    if (Date.now() - last > REFRESH_MS) {
      this.refreshedAt.set(name, Date.now());
      kb.refresh().catch((error: unknown) => this.log(`knowledge base "${name}": refresh failed: ${(error as Error).message}`, { level: 'warn' }));
    }
    return kb;
  }

  /**
   * Re-reads an open base's record now, not within {@link REFRESH_MS}: after the admin API removed
   * documents from it, the next request searches the version without them.
   */
  async refreshNow(name: string): Promise<void> {
    const opening = this.open.get(name);
    if (!opening) return;
    this.refreshedAt.set(name, Date.now());
    await (await opening).refresh();
  }

  /** The store the bases live in (opened on first use), for reading them outside a request: the admin API. */
  readStore(): Promise<KnowledgeStore> {
    return this.storeOnce();
  }

  /** Closes the store if it was opened. */
  async close(): Promise<void> {
    const store = await this.store?.catch(() => undefined);
    this.store = undefined;
    this.open.clear();
    await store?.close();
  }
}

/**
 * An Embedder over the gateway's own pipeline: query embeddings are routed, costed and traced
 * (as feature `knowledge`) like any call, and paid by the client's key when they serve its call.
 *
 * @example const embedder = pipelineEmbedder(() => models, 'embed');
 */
export function pipelineEmbedder(models: () => ModelClient, model: string, onBehalfOf?: OnBehalfOf): Embedder {
  return {
    model,
    async embed(texts) {
      const answer = await models().embed({ model, input: texts }, { feature: 'knowledge', ...(onBehalfOf ? { onBehalfOf } : {}) });
      return [...answer.value.data].sort((a, b) => a.index - b.index).map((d) => d.embedding as number[]);
    },
  };
}
