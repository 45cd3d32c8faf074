import { describe, expect, it } from 'vitest';
import type { RetrievedChunk } from '../types.js';
import { modelReranker, readScores } from './model-reranker.js';

const chunk = (text: string): RetrievedChunk => ({ docId: 'd', chunkId: text, score: 1, text, title: 't', headingPath: [], start: 0, end: text.length, metadata: {} });
const candidates = [chunk('shipping costs'), chunk('refunds take 5 days'), chunk('waxing jackets')];

describe('model reranker', () => {
  it('scores candidates from the model\'s JSON, and shows it every candidate', async () => {
    const prompts: string[] = [];
    const rerank = modelReranker(async (prompt) => (prompts.push(prompt), '```json\n{"scores": [2, 9, 0]}\n```'));
    const scores = await rerank('how long do refunds take?', candidates);
    expect(scores.indexOf(Math.max(...scores))).toBe(1);
    expect(prompts[0]).toContain('Query: how long do refunds take?');
    expect(prompts[0]).toContain('[2] refunds take 5 days');
  });

  it('keeps the retrieval order when the reply is unreadable or the call fails, and says why', async () => {
    const reasons: string[] = [];
    const order = (scores: number[]) => scores.map((s, i) => [s, i]).sort((a, b) => (b[0] as number) - (a[0] as number)).map(([, i]) => i);
    expect(order(await modelReranker(async () => 'I think the second one', { onFallback: (r) => reasons.push(r) })('q', candidates))).toEqual([0, 1, 2]);
    expect(order(await modelReranker(async () => Promise.reject(new Error('429')), { onFallback: (r) => reasons.push(r) })('q', candidates))).toEqual([0, 1, 2]);
    // The reason is a trace decision: it describes the reply (which restates the passages), never quotes it.
    expect(reasons[0]).toBe('could not read 3 scores from the reranker\'s reply, retrieval order kept: expected {"scores": [3 numbers]} (22 characters: no list of 3 numbers in it)');
    expect(reasons[1]).toMatch(/the reranker failed, retrieval order kept: 429/);
    expect(readScores('[1, 2]', 3)).toBeUndefined();
    expect(readScores('{"scores": [1, "x", 3]}', 3)).toBeUndefined();
  });
});
