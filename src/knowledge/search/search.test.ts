import { describe, expect, it } from 'vitest';
import { hashedEmbedder } from '../embed/hashed-embedder.js';
import { paragraphBlocks } from '../ingest/paragraph-blocks.js';
import { documentSet } from '../ingest/source-item.js';
import { indexDocuments } from '../index-documents.js';
import { openKnowledgeBase } from '../knowledge-base.js';
import { openSqliteKnowledgeStore } from '../../store/sqlite/knowledge/sqlite-knowledge-store.js';
import { fts5OrQuery, queryTerms } from '../text/query-terms.js';
import type { LoadedDocument } from '../types.js';
import { reciprocalRankFusion } from './fusion.js';
import { search } from './search.js';

const doc = (id: string, text: string): LoadedDocument => ({ id, title: id, text, blocks: paragraphBlocks(text), metadata: {} });

async function handbook() {
  const kb = await openKnowledgeBase({ store: openSqliteKnowledgeStore(':memory:'), name: 'h', create: true, embedder: hashedEmbedder(128) });
  await indexDocuments(kb, documentSet('s', [
    doc('refunds', 'Refunds reach the original card within five business days.'),
    doc('exchanges', 'Exchanges ship once the original item is scanned.'),
    doc('hours', 'The shop opens at nine on weekdays.'),
  ]));
  return kb;
}

describe('reciprocal rank fusion', () => {
  it('adds 1/(60 + rank) per list, so agreement beats one first place', () => {
    const fused = reciprocalRankFusion([['a', 'b', 'c'], ['b', 'c', 'a'], ['b', 'd']], (x) => x);
    expect(fused.map((f) => f.item)).toEqual(['b', 'a', 'c', 'd']);
    expect(fused[0]?.score).toBeCloseTo(1 / 62 + 1 / 61 + 1 / 61, 12);
  });
});

describe('query terms', () => {
  it('keeps content words, drops stopwords unless nothing else is left, and quotes FTS5 strings', () => {
    expect(queryTerms('What is the refund window for a card?')).toEqual(['refund', 'window', 'card']);
    expect(queryTerms('to be or not to be')).toEqual(['to', 'be', 'or', 'not']);
    expect(queryTerms(Array.from({ length: 200 }, (_, i) => `w${i}`).join(' '))).toHaveLength(64);
    expect(fts5OrQuery(['a"b', 'c'])).toBe('"a""b" OR "c"');
  });
});

describe('search', () => {
  it('fuses BM25 and dense in hybrid mode and reranks with the hook', async () => {
    const kb = await handbook();
    const hybrid = await search(kb, 'original card refunds', { k: 3, mode: 'hybrid' });
    expect(hybrid.chunks[0]?.docId).toBe('refunds');
    expect(hybrid.chunks.map((c) => c.docId)).toContain('exchanges');
    const seen: string[][] = [];
    const reranked = await search(kb, 'original card refunds', {
      k: 2,
      mode: 'hybrid',
      reranker: async (_query, candidates) => {
        seen.push(candidates.map((c) => c.docId));
        return candidates.map((c) => (c.docId === 'exchanges' ? 10 : 1));
      },
    });
    expect(seen[0]?.length).toBeGreaterThanOrEqual(2);
    expect(reranked.chunks.map((c) => [c.docId, c.score])).toEqual([['exchanges', 10], [expect.any(String), 1]]);
    await expect(search(kb, 'card', { reranker: async () => [Number.NaN] })).rejects.toThrow(/reranker returned 1 scores for 1 candidates \(expected one finite number each\)/);
  });

  it('cuts an overlong query with a warning, and rejects bad k, mode and types with the field named', async () => {
    const kb = await handbook();
    const long = `refunds ${'padding '.repeat(2000)}`;
    const response = await search(kb, long, { k: 1 });
    expect(response.chunks[0]?.docId).toBe('refunds');
    expect(response.warnings).toEqual([`query of ${long.length} characters was cut to 3999 (the limit is 4000)`]);
    await expect(search(kb, 'x', { k: 0 })).rejects.toThrow(/k must be an integer from 1 to 1000, got 0/);
    await expect(search(kb, 'x', { mode: 'fuzzy' as 'bm25' })).rejects.toThrow(/mode must be bm25, dense or hybrid, got "fuzzy"/);
    await expect(search(kb, 42 as unknown as string)).rejects.toThrow(/query must be a string, got number/);
  });

  it('says an empty base is empty, and that dense search needs an embedder', async () => {
    const kb = await openKnowledgeBase({ store: openSqliteKnowledgeStore(':memory:'), name: 'e', create: true });
    expect(await search(kb, 'anything')).toEqual({ chunks: [], mode: 'bm25', version: 0, warnings: ['knowledge base "e" is empty'] });
    await indexDocuments(kb, documentSet('s', [doc('a', 'alpha')]));
    await expect(search(kb, 'alpha', { mode: 'dense' })).rejects.toThrow(/dense and hybrid search need an embedding model: pass an embedder \(on the CLI: --gateway URL --api-key KEY --embed-model MODEL\)/);
  });
});
