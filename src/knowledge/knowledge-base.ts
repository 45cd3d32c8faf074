import { quoteClipped } from '../core/clip.js';
import { type Clock, systemClock } from '../core/clock.js';
import { SwitchyardError } from '../core/errors.js';
import { closestName } from '../core/format-issues.js';
import { DEFAULT_CHUNKING } from './chunk/chunk-document.js';
import type { KnowledgeBaseRecord, KnowledgeStore } from './store/knowledge-store.js';
import type { ChunkingOptions, Embedder, Reranker } from './types.js';

/** An open knowledge base: its store, its stored record, and the models it searches with. */
export interface KnowledgeBase {
  readonly store: KnowledgeStore;
  readonly name: string;
  /** As last read from the store; `refresh()` re-reads it (another process may have indexed). */
  record: KnowledgeBaseRecord;
  embedder: Embedder | undefined;
  reranker: Reranker | undefined;
  clock: Clock;
  refresh(): Promise<KnowledgeBaseRecord>;
}

export interface OpenKnowledgeBaseOptions {
  store: KnowledgeStore;
  name: string;
  /** Create the base when it does not exist (default false: a typo should not make a new one). */
  create?: boolean;
  /** Chunking of a new base; an existing base keeps its own and refuses a different one. */
  chunking?: Partial<ChunkingOptions>;
  embedder?: Embedder;
  reranker?: Reranker;
  clock?: Clock;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/**
 * Opens (or creates) a knowledge base by name.
 *
 * @example const kb = await openKnowledgeBase({ store, name: 'handbook', create: true, embedder });
 */
export async function openKnowledgeBase(options: OpenKnowledgeBaseOptions): Promise<KnowledgeBase> {
  const { store, name } = options;
  if (typeof name !== 'string' || !NAME.test(name)) {
    throw new SwitchyardError('invalid_request', `knowledge base name ${quoteClipped(name, 80)} must be 1–64 letters, digits, ".", "_" or "-", starting with a letter or digit`, { param: 'name' });
  }
  const clock = options.clock ?? systemClock;
  let record = await store.getKnowledgeBase(name);
  if (!record) {
    if (!options.create) {
      const known = (await store.listKnowledgeBases()).map((kb) => kb.name);
      // A name one typo from a base that exists was most likely meant: say so, not "create it".
      const meant = closestName(name, known);
      const next = meant === undefined ? `; create it with \`switchyard kb add ${name} PATH…\`` : '';
      throw new SwitchyardError('not_found', `knowledge base "${name}" does not exist${meant === undefined ? '' : `; did you mean "${meant}"?`} (known: ${known.join(', ') || 'none'})${next}`);
    }
    record = await store.createKnowledgeBase(name, { ...DEFAULT_CHUNKING, ...options.chunking }, clock.now());
  } else if (options.chunking) {
    const wanted = { ...record.chunking, ...options.chunking };
    if (wanted.maxChars !== record.chunking.maxChars || wanted.overlapChars !== record.chunking.overlapChars) {
      throw new SwitchyardError('invalid_request', `knowledge base "${name}" chunks at maxChars ${record.chunking.maxChars}, overlapChars ${record.chunking.overlapChars}; other chunking needs a new knowledge base`, { param: 'chunking' });
    }
  }
  const kb: KnowledgeBase = {
    store,
    name,
    record,
    embedder: options.embedder,
    reranker: options.reranker,
    clock,
    async refresh() {
      const fresh = await store.getKnowledgeBase(name);
      if (!fresh) throw new SwitchyardError('not_found', `knowledge base "${name}" was deleted`);
      kb.record = fresh;
      return fresh;
    },
  };
  return kb;
}

/**
 * Refuses an embedder whose model differs from the one the base's vectors came from: cosine
 * scores between two models' vectors mean nothing.
 *
 * @example assertSameEmbeddingModel(kb.record, embedder)
 */
export function assertSameEmbeddingModel(record: KnowledgeBaseRecord, embedder: Embedder): void {
  if (record.embeddingModel === null || record.embeddingModel === embedder.model) return;
  throw new SwitchyardError(
    'invalid_request',
    `knowledge base "${record.name}" holds vectors from embedding model "${record.embeddingModel}" (${record.dimensions} dimensions), not "${embedder.model}": ` +
      `mixing models would make scores meaningless. Re-embed it with the new model (\`switchyard kb add ${record.name} --reembed --embed-model ${embedder.model} …\`, or reembed() in code), or use "${record.embeddingModel}"`,
    { param: 'embedModel' },
  );
}
