import { unreadReply } from '../../core/unread-reply.js';
import type { Reranker, RetrievedChunk } from '../types.js';

/** Calls a model with a prompt and returns its text (the gateway's model client, adapted). */
export type RerankCall = (prompt: string) => Promise<string>;

export interface ModelRerankerOptions {
  /** Characters of each candidate shown to the model. */
  maxCandidateChars?: number;
  /** Told when the reply could not be read and the retrieval order was kept. */
  onFallback?: (reason: string) => void;
}

/**
 * A reranker that asks a model to rate each candidate's relevance to the query from 0 to 10 in
 * one call. A reply it cannot read keeps the retrieval order (and says so through `onFallback`):
 * a reranker that fails must not lose the chunks BM25 found.
 *
 * @example const reranker = modelReranker((prompt) => ask('gpt-4o-mini', prompt)); await search(kb, q, { reranker, candidates: 20 })
 */
export function modelReranker(ask: RerankCall, options: ModelRerankerOptions = {}): Reranker {
  const max = options.maxCandidateChars ?? 600;
  return async (query: string, candidates: RetrievedChunk[]) => {
    const kept = candidates.map((_, i) => candidates.length - i);
    let reply: string;
    try {
      reply = await ask(rerankPrompt(query, candidates, max));
    } catch (error) {
      options.onFallback?.(`the reranker failed, retrieval order kept: ${(error as Error).message.slice(0, 200)}`);
      return kept;
    }
    const scores = readScores(reply, candidates.length);
    if (!scores) {
      // Said without quoting the reply, which restates the passages (the reason is a trace decision).
      options.onFallback?.(`could not read ${candidates.length} scores from the reranker's reply, retrieval order kept: expected {"scores": [${candidates.length} numbers]} ${unreadReply(reply, `no list of ${candidates.length} numbers in it`)}`);
      return kept;
    }
    // Ties keep the retrieval order: a tiny bonus for earlier candidates.
    return scores.map((s, i) => s + (candidates.length - i) * 1e-6);
  };
}

/** The prompt: the query and numbered candidates; the reply is `{"scores": [n, …]}`. */
export function rerankPrompt(query: string, candidates: readonly RetrievedChunk[], maxChars: number): string {
  const passages = candidates.map((c, i) => `[${i + 1}] ${c.text.length > maxChars ? `${c.text.slice(0, maxChars)} …` : c.text}`).join('\n\n');
  return [
    'Rate how well each passage answers the query, from 0 (irrelevant) to 10 (answers it fully).',
    `Query: ${query}`,
    '',
    passages,
    '',
    `Reply with JSON only: {"scores": [${candidates.map((_, i) => `<score of [${i + 1}]>`).join(', ')}]}`,
  ].join('\n');
}

/** `n` finite scores from a reply (`{"scores": [...]}` or a bare array, fences allowed), else undefined. */
export function readScores(reply: string, n: number): number[] | undefined {
  const text = reply.replace(/```(?:json)?/gi, '');
  const start = text.search(/[[{]/);
  if (start === -1) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text.slice(start, Math.max(text.lastIndexOf('}'), text.lastIndexOf(']')) + 1));
  } catch {
    return undefined;
  }
  const list = Array.isArray(value) ? value : (value as { scores?: unknown } | null)?.scores;
  if (!Array.isArray(list) || list.length !== n) return undefined;
  const scores = list.map(Number);
  return scores.every(Number.isFinite) ? scores : undefined;
}
