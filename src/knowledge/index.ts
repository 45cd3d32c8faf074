/**
 * Knowledge bases for grounding: ingestion (Markdown, text, HTML, PDF, JSONL), structural
 * chunking with citation offsets, versioned incremental indexing, BM25 / dense / hybrid
 * retrieval behind a storage port (SQLite, PostgreSQL), retrieval metrics and groundedness.
 *
 * @example
 * const store = stores.knowledge; // from openStores(config.store) in the composition root
 * const kb = await openKnowledgeBase({ store, name: 'handbook', create: true, embedder });
 * await indexDocuments(kb, walkPaths(['docs']));
 * const { chunks } = await search(kb, 'how long do refunds take?', { k: 5, mode: 'hybrid' });
 */
export type { Block, ChunkDraft, ChunkingOptions, Embedder, LoadedDocument, Metadata, MetadataFilter, MetadataValue, Reranker, RetrievedChunk, SearchMode } from './types.js';
export { openKnowledgeBase, assertSameEmbeddingModel, type KnowledgeBase, type OpenKnowledgeBaseOptions } from './knowledge-base.js';
export { indexDocuments, reembed, type IndexOptions, type IndexProgress, type IndexReport } from './index-documents.js';
export { deleteKnowledgeBase } from './delete-base.js';
export { removeDocuments, type RemoveOptions, type RemoveReport } from './remove-documents.js';
export { search, MAX_QUERY_CHARS, type SearchOptions, type SearchResponse } from './search/search.js';
export { reciprocalRankFusion, RRF_K } from './search/fusion.js';
export { chunkDocument, DEFAULT_CHUNKING } from './chunk/chunk-document.js';
export { walkPaths, type WalkOptions } from './ingest/walk-paths.js';
export { readJsonl, type JsonlFields } from './ingest/load-jsonl.js';
export { loadFile } from './ingest/load-file.js';
export { documentSet, type DocumentSet, type SourceItem, type SkippedItem, type LoadResult } from './ingest/source-item.js';
export type { KnowledgeStore, KnowledgeBaseRecord, KnowledgeBaseVersion, DocumentWrite, StoreHit, StoreSearchOptions, StoredDocument, StoredDocumentHead } from './store/knowledge-store.js';
export { hashedEmbedder, meaningHashedEmbedder } from './embed/hashed-embedder.js';
export { gatewayEmbedder, type GatewayEmbedderOptions } from './embed/gateway-embedder.js';
export { recallAtK, reciprocalRank, ndcgAtK, retrievalMetrics, distinctInOrder, type RankedQuery, type RetrievalMetrics } from './metrics/retrieval-metrics.js';
export { scoreGroundednessLexical, DEFAULT_LEXICAL_THRESHOLD, type LexicalOptions } from './groundedness/lexical.js';
export { modelReranker, readScores, rerankPrompt, type ModelRerankerOptions, type RerankCall } from './rerank/model-reranker.js';
export { judgeGroundedness, type JudgeCall, type JudgeOptions } from './groundedness/judge.js';
export { buildGroundednessPrompt } from './groundedness/judge-prompt.js';
export { parseJudgeReply, type JudgedSentence } from './groundedness/parse-judge-reply.js';
export type { GroundednessResult, SentenceVerdict } from './groundedness/types.js';
