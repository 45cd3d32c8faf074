import { describe, expect, it } from 'vitest';
import type { ReviewedCursor, ReviewedItem, ReviewedPage } from './review-store.js';
import type { ReviewItem } from './types.js';
import { type FinetuneExportCounts, finetuneJsonl } from './finetune-export.js';

/** A store of `total` reviewed dataset items made page by page as they are asked for, never held whole. */
function reviewedStore(total: number) {
  const reads = { pages: 0 };
  const item = (i: number): ReviewedItem => {
    const base: ReviewItem = { id: `ri_${i}`, traceId: null, source: 'dataset', reason: 'x', ruleId: null, datasetId: 'd', datasetItemId: `q${i}`, input: `Q${i}?`, output: `A${i}.`, evalCase: null, reviewsWanted: 1, reviewCount: 1, status: i % 1000 === 7 ? 'open' : 'done', createdAt: 0, reasons: [], reasonCount: 1 };
    return { item: base, reviews: [{ id: `rv_${i}`, itemId: base.id, traceId: null, reviewer: 'ana', score: i % 100 === 3 ? 1 : 5, pass: null, corrected: null, comment: null, createdAt: total - i }] };
  };
  const reviews = {
    async reviewedPage(options: { limit: number; after?: ReviewedCursor }): Promise<ReviewedPage> {
      reads.pages++;
      const start = options.after?.seq ?? 0;
      const end = Math.min(total, start + options.limit);
      const items = Array.from({ length: end - start }, (_, j) => item(start + j));
      return { items, next: end < total ? { last: total - end, seq: end } : null };
    },
  };
  return { reviews, traces: { getTraces: async () => [], bodyBytes: async () => new Map<string, number>() }, reads };
}

describe('finetuneJsonl', () => {
  it('exports every reviewed item past 100,000, a page of lines at a time as the pages are read', async () => {
    const total = 100_600;
    const { reviews, traces, reads } = reviewedStore(total);
    const counts: FinetuneExportCounts = { examples: 0, rejected: 0, unusable: 0, pending: 0 };
    let lines = 0;
    let chunks = 0;
    for await (const chunk of finetuneJsonl(reviews, traces, { minScore: 4, includePending: false }, counts)) {
      chunks++;
      // Each chunk is one page's lines, handed out before the next page is read.
      expect(reads.pages).toBe(chunks);
      const last = chunk.slice(0, -1).split('\n');
      lines += last.length;
      expect(last.length).toBeLessThanOrEqual(500);
    }
    // 1 in 1,000 pending (left out), 1 in 100 scored 1 (rejected): the rest, past the old cap of 100,000.
    const pending = Math.ceil((total - 7) / 1000);
    const rejected = Math.ceil((total - 3) / 100);
    expect(counts).toEqual({ examples: total - pending - rejected, rejected, unusable: 0, pending });
    expect(lines).toBe(counts.examples);
    expect(counts.examples).toBeGreaterThan(100_000 - pending - rejected);
    expect(reads.pages).toBe(Math.ceil(total / 500));
  });

  it('adds pending items when asked, and stops reading when the writer stops taking lines', async () => {
    const { reviews, traces, reads } = reviewedStore(5_000);
    // The first page: 500 items, one pending (7) and five scored 1 (3, 103, …).
    const counts: FinetuneExportCounts = { examples: 0, rejected: 0, unusable: 0, pending: 0 };
    const first = await finetuneJsonl(reviews, traces, { minScore: 4, includePending: true }, counts).next();
    // Item 7 is pending and included; item 3 was scored 1.
    expect(first.value).toContain('"A7."');
    expect(counts).toEqual({ examples: 495, rejected: 5, unusable: 0, pending: 1 } satisfies FinetuneExportCounts);
    expect(reads.pages).toBe(1);
  });

  it('gives a page whose lines are long out in more chunks, each of whole lines, not one string past what V8 holds', async () => {
    // 40 traces of 16 MB bodies made one page's string longer than V8's longest: "RangeError: Invalid string length".
    const answer = 'a'.repeat(600_000);
    const reviews = {
      async reviewedPage(): Promise<ReviewedPage> {
        const items = Array.from({ length: 5 }, (_, i): ReviewedItem => {
          const base: ReviewItem = { id: `ri_${i}`, traceId: null, source: 'dataset', reason: 'x', ruleId: null, datasetId: 'd', datasetItemId: `q${i}`, input: `Q${i}?`, output: `${i}${answer}`, evalCase: null, reviewsWanted: 1, reviewCount: 1, status: 'done', createdAt: 0, reasons: [], reasonCount: 1 };
          return { item: base, reviews: [{ id: `rv_${i}`, itemId: base.id, traceId: null, reviewer: 'ana', score: 5, pass: null, corrected: null, comment: null, createdAt: 5 - i }] };
        });
        return { items, next: null };
      },
    };
    const counts: FinetuneExportCounts = { examples: 0, rejected: 0, unusable: 0, pending: 0 };
    const chunks: string[] = [];
    for await (const chunk of finetuneJsonl(reviews, { getTraces: async () => [], bodyBytes: async () => new Map<string, number>() }, { minScore: 4, includePending: false }, counts)) chunks.push(chunk);
    // Two lines pass a chunk's 1 M characters: one line each, whole, in the page's order.
    expect(chunks).toHaveLength(5);
    expect(chunks.map((c) => (JSON.parse(c) as { messages: { content: string }[] }).messages.at(-1)?.content.slice(0, 1))).toEqual(['0', '1', '2', '3', '4']);
    expect(counts.examples).toBe(5);
  });
});

