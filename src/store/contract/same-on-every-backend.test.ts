import { beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../core/clock.js';
import type { TraceRecord } from '../../core/trace.js';
import type { Stores } from '../stores.js';
import { forEachBackend, type StoreBackend } from './backends.js';
import { sampleResult, sampleRun } from './eval-samples.js';

const clock: Clock = { now: () => Date.UTC(2026, 2, 1, 9, 30), sleep: async () => undefined };

/** A trace with every kind of value a store has to carry: nesting, unicode, floats, nulls, empties. */
const TRACE: TraceRecord = {
  id: 'tr_same_everywhere',
  ts: Date.UTC(2026, 2, 1, 9, 29, 59, 123),
  requestId: 'req_7',
  endpoint: 'messages',
  keyName: 'support',
  team: 'cx',
  requestedModel: 'support-triage',
  provider: 'anthropic',
  upstreamModel: 'claude-haiku-4-5',
  status: 200,
  errorCode: null,
  errorMessage: null,
  stream: true,
  inputTokens: 1234,
  outputTokens: 56,
  cachedTokens: 1024,
  reasoningTokens: 0,
  usageEstimated: false,
  costUsd: 0.000123456789,
  ttftMs: 187.25,
  latencyMs: 942.5,
  attempts: [
    { provider: 'openai', model: 'gpt-4o-mini', status: 429, latencyMs: 12.5, error: 'rate limited; retry in 1 s' },
    { provider: 'anthropic', model: 'claude-haiku-4-5', status: 200, latencyMs: 930 },
  ],
  metadata: { feature: 'refunds', user: 'u-42', ab: 2, flags: [true, false], empty: {}, nothing: null },
  decisions: { route: { target: 'anthropic', reason: 'openai throttled', confidence: 0.87 }, guard: [{ name: 'pii', action: 'redact', found: ['email'] }] },
  request: { model: 'support-triage', system: 'Be brief.', messages: [{ role: 'user', content: [{ type: 'text', text: 'Où est ma carte ? 💳 "quoted" \\ back' }] }], max_tokens: 200, temperature: 0 },
  response: { id: 'msg_1', type: 'message', content: [{ type: 'text', text: 'Elle arrive demain.' }], stop_reason: 'end_turn', usage: { input_tokens: 1234, output_tokens: 56 } },
};

interface Snapshot {
  trace: unknown;
  summary: unknown;
  review: unknown;
  run: unknown;
  results: unknown;
  dataset: unknown;
}

/** Writes the same trace, review and eval run through one backend and reads them back. */
async function roundTrip(stores: Stores): Promise<Snapshot> {
  await stores.traces.insertTraces([TRACE]);
  await stores.rollups.apply([TRACE]);
  const [item] = await stores.reviews.enqueue([{ traceId: TRACE.id, source: 'manual', reason: 'check the French', reviewsWanted: 2 }]);
  const review = await stores.reviews.addReview(item?.id as string, 'ana', { score: 4, pass: true, corrected: 'Elle arrive demain matin.', comment: 'almost' });
  await stores.reviews.addFeedback({ traceId: TRACE.id, keyName: 'support', score: 2, thumbs: null, comment: 'too vague', corrected: null });
  const version = await stores.datasets.commit('fr-support', [{ id: TRACE.id, input: 'Où est ma carte ?', expected: 'demain', humanScore: 4, metadata: { trace_id: TRACE.id } }], 'review');
  const run = sampleRun({ id: 'run_same', dataset: 'fr-support', datasetHash: version.hash, summary: { variants: [{ variant: 'small', quality: { estimate: 0.875, low: 0.5, high: 1 } }], pairs: [] } });
  await stores.runs.create(run);
  await stores.runs.putResult(sampleResult({ runId: run.id, caseId: TRACE.id, traceId: TRACE.id }));
  await stores.runs.reconcileCosts(run.id);
  const annotations = await stores.reviews.forTrace(TRACE.id);
  const results = [];
  for await (const result of stores.runs.results(run.id)) results.push(result);
  const items = [];
  for await (const entry of stores.datasets.items(version.id)) items.push(entry);
  // Generated ids differ per write; everything else must not.
  const anonymous = <T extends { id: string }>(value: T) => ({ ...value, id: '(generated)' });
  return {
    trace: await stores.traces.getTrace(TRACE.id),
    summary: (await stores.traces.listTraces({ metadata: { feature: 'refunds' } })).traces,
    review: {
      item: { ...anonymous((await stores.reviews.getItem(item?.id as string)) as { id: string }) },
      review: { ...anonymous(review), itemId: '(generated)' },
      feedback: annotations.feedback.map(anonymous),
      stats: await stores.reviews.stats(),
    },
    run: await stores.runs.get(run.id),
    results,
    dataset: { version: { ...anonymous(version) }, items },
  };
}

const snapshots = new Map<string, Snapshot>();

describe('a trace, a review and an eval run read back the same through every adapter', () => {
  forEachBackend((backend: StoreBackend) => {
    beforeAll(async () => {
      snapshots.set(backend.name, await roundTrip(await backend.fresh({ clock })));
    });

    it('reads back exactly what was written', () => {
      const got = snapshots.get(backend.name) as Snapshot;
      const { request: _request, response: _response, ...summary } = TRACE;
      expect(got.trace).toEqual(TRACE);
      expect(got.summary).toEqual([summary]);
      expect(got.run).toEqual(sampleRun({ id: 'run_same', dataset: 'fr-support', datasetHash: (got.dataset as { version: { hash: string } }).version.hash, summary: { variants: [{ variant: 'small', quality: { estimate: 0.875, low: 0.5, high: 1 } }], pairs: [] } }));
      expect(got.results).toEqual([sampleResult({ runId: 'run_same', caseId: TRACE.id, traceId: TRACE.id, costUsd: TRACE.costUsd })]);
    });
  });

  it('agrees across adapters, stats and generated fields included', () => {
    const [sqlite, postgres] = [snapshots.get('sqlite'), snapshots.get('postgres')];
    expect(sqlite).toBeDefined();
    expect(postgres).toEqual(sqlite);
  });
});
