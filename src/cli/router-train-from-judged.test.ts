import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { routesSchema } from '../config/route-schema.js';
import { makeSignal } from '../monitor/test-signals.js';
import { makeTrace } from '../monitor/test-traces.js';
import { loadRouter } from '../routing/learned/router-file.js';
import { decideLearned } from '../routing/policies/learned.js';
import { requestFeatures } from '../routing/policies/request-features.js';
import { routerPrompts, storePerBackend } from './__fixtures__/store-per-backend.js';
import { trainFromStore } from './router-train-from-store.js';

const { dir, backends, withStores } = storePerBackend('sy-router-judged-');
const { easy, hard } = routerPrompts;

const HOUR = 3_600_000;

/**
 * A call through the cascade `extract` (mini, then large) as the gateway traces it: mini's step
 * with the judge's score, accepted at or above the route's 0.5, else escalated to large.
 */
function judgedCall(id: string, prompt: string, score: number, hoursAgo = 1) {
  const accepted = score >= 0.5;
  const cascade = [
    { target: 'mini', model: 'mini', action: accepted ? 'accept' : 'escalate', judge: { score, traceId: `${id}_judge`, costUsd: 0.0002 } },
    ...(accepted ? [] : [{ target: 'large', model: 'large', action: 'final' }]),
  ];
  const answered = accepted ? 'mini' : 'large';
  return makeTrace({
    id,
    ts: Date.now() - hoursAgo * HOUR,
    requestedModel: 'extract',
    upstreamModel: answered,
    decisions: { route: { steps: cascade.map((s) => ({ route: 'extract', policy: 'cascade', target: s.target, reason: 'r' })), model: answered, cascade } },
    request: { model: 'extract', messages: [{ role: 'user', content: prompt }] },
  });
}

/** A call of the static route `support` to mini that online evaluation's judge scored. */
function onlineScored(id: string, prompt: string, score: number) {
  const trace = makeTrace({
    id,
    ts: Date.now() - HOUR,
    requestedModel: 'support',
    upstreamModel: 'mini',
    decisions: { route: { steps: [{ route: 'support', policy: 'static', target: 'mini', reason: 'static route' }], model: 'mini' } },
    request: { model: 'support', messages: [{ role: 'user', content: prompt }] },
  });
  return { trace, signal: makeSignal({ traceId: id, ts: trace.ts, route: 'support', prompt, scores: { judge: score, contains: 1 - score } }) };
}

const flags = (db: string, out: string) => ({ db, out, fromJudged: true, weak: 'mini', strong: 'large', minScore: '4', judgeMinScore: '0.75', judgeScorer: 'judge', promptField: 'prompt', weakField: 'weakScore', strongField: 'strongScore', minQuality: '0.95', confidence: '0.9', validation: '0.25', seed: '1' });

/** What trainFromStore said on stderr, and what it threw (a refusal) if it did. */
async function said(run: () => Promise<void>): Promise<{ lines: string[]; error: string }> {
  const err = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
  try {
    let error = '';
    await run().catch((e: Error) => (error = e.message));
    return { lines: err.mock.calls.map((c) => String(c[0])), error };
  } finally {
    err.mockRestore();
    log.mockRestore();
  }
}

describe('switchyard router train --from-judged', () => {
  for (const [backend, newDb] of backends) {
    describe(backend, () => {
      it('learns from a cascade judge’s scores and online evaluation’s: high-scored cheap answers route cheap, low-scored strong', async () => {
        const db = newDb();
        await withStores(db, async (stores) => {
          // The judge passes mini's password answers (5 of 5) and fails its proofs (2 of 5).
          await stores.traces.insertTraces([...Array.from({ length: 18 }, (_, i) => judgedCall(`tr_e${i}`, easy(i), 1)), ...Array.from({ length: 18 }, (_, i) => judgedCall(`tr_h${i}`, hard(i), 0.25))]);
          const online = [onlineScored('tr_oe', easy(50), 1), onlineScored('tr_oh', hard(50), 0.25)];
          await stores.traces.insertTraces(online.map((o) => o.trace));
          await stores.monitor.putSignals(online.map((o) => o.signal));
        });
        const out = join(dir, `${backend}.judged.router.json`);
        const { lines, error } = await said(() => trainFromStore(flags(db, out)));
        expect(error).toBe('');
        expect(lines[0]).toBe(
          'training a router on 38 outcome records of judged calls (38 records; cheap mini: cascade judge 18 at or above 0.75, 18 below; online scorer "judge" 1 at or above, 1 below; strong large: 0 scored (0 paired with a cheap answer); other models 0; 0 overruled by a review) (25% of the prompts held out to choose thresholds)…',
        );
        const router = loadRouter(out);
        const route = routesSchema.parse({ extract: { policy: 'learned', router: out, cheap: 'mini', strong: 'large', threshold: 0.25 } }).extract;
        if (route?.policy !== 'learned') throw new Error('expected a learned route');
        const ask = (text: string) => decideLearned(route, router, requestFeatures({ model: 'extract', messages: [{ role: 'user', content: text }] })).target;
        expect(ask(easy(99))).toBe('mini');
        expect(ask(hard(99))).toBe('large');
      }, 60_000);

      it('learns a prompt people reviewed from the review, not the judge, and says how many it overruled', async () => {
        const db = newDb();
        await withStores(db, async (stores) => {
          // The judge failed both answers; a reviewer accepted the first one's twin (same prompt).
          await stores.traces.insertTraces([judgedCall('tr_j1', easy(1), 0), judgedCall('tr_j2', easy(2), 0), onlineScored('tr_r1', easy(1), 0.25).trace]);
          const [item] = await stores.reviews.enqueue([{ traceId: 'tr_r1', source: 'sample', reason: 'sampled' }]);
          await stores.reviews.addReview(item?.id as string, 'ana', { score: 5, pass: null, corrected: null, comment: null });
        });
        const { error } = await said(() => trainFromStore({ ...flags(db, join(dir, 'x.json')), fromReviews: true }));
        expect(error).toContain(
          '--from-reviews and --from-judged: 2 usable outcome records, a router needs at least 20: reviews (1 record; cheap mini: 1 accepted, 0 rejected; strong large: 0 reviewed (0 paired with a cheap answer); other models: none; 0 pending; 0 without a stored answer); judged calls (1 record; cheap mini: cascade judge 0 at or above 0.75, 2 below; online scorer "judge" 0 at or above, 0 below; strong large: 0 scored (0 paired with a cheap answer); other models 0; 1 overruled by a review)',
        );
      });

      it('takes only the calls since --since, and says how many older ones a source’s cap left out', async () => {
        const db = newDb();
        await withStores(db, async (stores) => {
          await stores.traces.insertTraces([...Array.from({ length: 3 }, (_, i) => judgedCall(`tr_new${i}`, easy(i), 1, 1)), ...Array.from({ length: 4 }, (_, i) => judgedCall(`tr_old${i}`, hard(i), 0, 24 * 10))]);
        });
        const recent = await said(() => trainFromStore({ ...flags(db, join(dir, 'x.json')), since: '2d' }));
        expect(recent.error).toContain('--from-judged: 3 usable outcome records, a router needs at least 20: judged calls since 2d (3 records; cheap mini: cascade judge 3 at or above 0.75, 0 below;');
        expect(recent.error).toContain(', or widen --since, or add --from-run');
        // All seven, read through a cap of 5: the two oldest are left out, and said.
        const capped = await said(() => trainFromStore(flags(db, join(dir, 'x.json')), { cap: 5 }));
        expect(capped.lines[0]).toBe('--from-judged: read the newest 5 of 7 judged calls; the 2 older ones are left out: narrow the range with --since (e.g. --since 30d) to choose which');
        expect(capped.error).toContain('judged calls (5 records; cheap mini: cascade judge 3 at or above 0.75, 2 below;');
      });
    });
  }

  it('says how many reviewed answers the reviews’ cap left out', async () => {
    const db = backends[0]?.[1]() as string;
    await withStores(db, async (stores) => {
      await stores.traces.insertTraces(Array.from({ length: 4 }, (_, i) => onlineScored(`tr_${i}`, easy(i), 1).trace));
      const items = await stores.reviews.enqueue(Array.from({ length: 4 }, (_, i) => ({ traceId: `tr_${i}`, source: 'sample' as const, reason: 'sampled' })));
      for (const item of items) await stores.reviews.addReview(item.id, 'ana', { score: 5, pass: null, corrected: null, comment: null });
    });
    const { lines } = await said(() => trainFromStore({ ...flags(db, join(dir, 'x.json')), fromJudged: false, fromReviews: true, since: '1h' }, { cap: 3 }));
    expect(lines[0]).toBe('--from-reviews: read the newest 3 of 4 reviewed answers since 1h; the 1 older one is left out: narrow the range with --since (e.g. --since 30d) to choose which');
  });
});
