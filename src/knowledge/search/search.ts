import { SwitchyardError } from '../../core/errors.js';
import { embedTexts } from '../embed/embed-texts.js';
import { assertSameEmbeddingModel, type KnowledgeBase } from '../knowledge-base.js';
import type { StoreHit, StoreSearchOptions } from '../store/knowledge-store.js';
import type { Embedder, MetadataFilter, Reranker, RetrievedChunk, SearchMode } from '../types.js';
import { reciprocalRankFusion } from './fusion.js';

/** Longer queries are cut (with a warning): past this, extra words only slow BM25 down. */
export const MAX_QUERY_CHARS = 4000;
const MAX_K = 1000;

export interface SearchOptions {
  k?: number;
  mode?: SearchMode;
  filter?: MetadataFilter;
  /** Search an earlier version (one an eval run pinned); default the current one. */
  version?: number;
  embedder?: Embedder;
  reranker?: Reranker;
  /** Candidates each retriever contributes to fusion and reranking (default max(k, 50)). */
  candidates?: number;
  maxQueryChars?: number;
}

export interface SearchResponse {
  chunks: RetrievedChunk[];
  mode: SearchMode;
  version: number;
  warnings: string[];
}

/**
 * Retrieves the k best chunks for a query: BM25, dense (cosine to the query's embedding) or
 * hybrid (both fused by reciprocal rank), optionally reranked, within a metadata filter.
 *
 * @example const { chunks } = await search(kb, 'how long do refunds take?', { k: 5, mode: 'hybrid' });
 */
export async function search(kb: KnowledgeBase, query: string, options: SearchOptions = {}): Promise<SearchResponse> {
  const mode = options.mode ?? 'bm25';
  const k = options.k ?? 10;
  if (mode !== 'bm25' && mode !== 'dense' && mode !== 'hybrid') throw new SwitchyardError('invalid_request', `mode must be bm25, dense or hybrid, got ${JSON.stringify(mode)}`, { param: 'mode' });
  if (!Number.isInteger(k) || k < 1 || k > MAX_K) throw new SwitchyardError('invalid_request', `k must be an integer from 1 to ${MAX_K}, got ${k}`, { param: 'k' });
  if (typeof query !== 'string') throw new SwitchyardError('invalid_request', `query must be a string, got ${typeof query}`, { param: 'query' });
  const warnings: string[] = [];
  const text = cutQuery(query, options.maxQueryChars ?? MAX_QUERY_CHARS, warnings);
  const record = kb.record;
  const version = options.version ?? record.version;
  if (!Number.isInteger(version) || version < 0 || version > record.version) {
    throw new SwitchyardError('invalid_request', `knowledge base "${record.name}" has versions 1–${record.version}; version ${version} does not exist`, { param: 'version' });
  }
  if (version === 0 || !text.trim()) {
    warnings.push(version === 0 ? `knowledge base "${record.name}" is empty` : 'empty query');
    return { chunks: [], mode, version, warnings };
  }
  const reranker = options.reranker ?? kb.reranker;
  const pool = reranker || mode === 'hybrid' ? Math.max(k, options.candidates ?? 50) : k;
  const storeOptions: StoreSearchOptions = { limit: pool, version, filter: options.filter };
  const lists: StoreHit[][] = [];
  if (mode !== 'dense') lists.push(await kb.store.searchText(record.id, text, storeOptions));
  if (mode !== 'bm25') lists.push(await denseHits(kb, text, options.embedder ?? kb.embedder, storeOptions, warnings));
  let ranked = mode === 'hybrid' ? reciprocalRankFusion(lists, (h) => h.chunkId).map(({ item, score }) => ({ ...item, score })) : (lists[0] ?? []);
  if (reranker) ranked = await rerank(reranker, text, ranked.slice(0, pool));
  return { chunks: ranked.slice(0, k).map(toRetrieved), mode, version, warnings };
}

async function denseHits(kb: KnowledgeBase, text: string, embedder: Embedder | undefined, options: StoreSearchOptions, warnings: string[]): Promise<StoreHit[]> {
  const record = kb.record;
  if (!embedder) {
    throw new SwitchyardError('invalid_request', 'dense and hybrid search need an embedding model: pass an embedder (on the CLI: --gateway URL --api-key KEY --embed-model MODEL)', { param: 'embedder' });
  }
  assertSameEmbeddingModel(record, embedder);
  if (record.embeddingModel === null) {
    throw new SwitchyardError('invalid_request', `knowledge base "${record.name}" has no vectors yet: index it with an embedder (\`switchyard kb add ${record.name} … --embed-model ${embedder.model}\`) before dense search`, { param: 'embedModel' });
  }
  if (record.embeddedChunks < record.chunks) warnings.push(`${record.chunks - record.embeddedChunks} of ${record.chunks} chunks have no vector and cannot be found by dense search`);
  const [vector] = await embedTexts(embedder, [text], record.dimensions);
  return kb.store.searchVector(record.id, vector as Float32Array, options);
}

async function rerank(reranker: Reranker, query: string, hits: StoreHit[]): Promise<StoreHit[]> {
  if (hits.length === 0) return hits;
  const scores = await reranker(query, hits.map(toRetrieved));
  if (!Array.isArray(scores) || scores.length !== hits.length || scores.some((s) => typeof s !== 'number' || !Number.isFinite(s))) {
    throw new SwitchyardError('upstream_error', `reranker returned ${Array.isArray(scores) ? `${scores.length} scores` : 'no array'} for ${hits.length} candidates (expected one finite number each)`);
  }
  return hits.map((hit, i) => ({ ...hit, score: scores[i] as number })).sort((a, b) => b.score - a.score);
}

/** Cuts at a word boundary below the limit and says so. */
function cutQuery(query: string, max: number, warnings: string[]): string {
  if (query.length <= max) return query;
  const space = query.lastIndexOf(' ', max);
  const cut = query.slice(0, space > max / 2 ? space : max);
  warnings.push(`query of ${query.length} characters was cut to ${cut.length} (the limit is ${max})`);
  return cut;
}

function toRetrieved(hit: StoreHit): RetrievedChunk {
  return { docId: hit.docId, chunkId: hit.chunkId, score: hit.score, text: hit.text, title: hit.title, headingPath: hit.headingPath, start: hit.start, end: hit.end, metadata: hit.metadata };
}
