import { describe, expect, it } from 'vitest';
import { JsonText } from '../../core/json-text.js';
import { sampleTrace } from '../../test-support/sample-trace.js';
import { openSqliteStores } from '../../store/sqlite/open-sqlite-stores.js';
import { backfillSignals } from './backfill-signals.js';
import { signalSink } from './monitor-store.js';
import { hasMetadataTag } from '../rollup.js';
import { traceSignal } from './trace-signal.js';

describe('trace signal', () => {
  it('keeps what served the call and the local model\'s label and confidence, for drift', () => {
    const routed = traceSignal(sampleTrace({ decisions: { route: { steps: [] }, local: { answered: false, reason: 'confidence 0.41 below the threshold', label: 'card_arrival', confidence: 0.41, version: 3 } } }));
    expect(routed).toMatchObject({ servedBy: 'standin-small', localLabel: 'card_arrival', localConfidence: 0.41 });
    // A local answer, with decisions kept as the JSON text the writer receives.
    const local = traceSignal(sampleTrace({ provider: 'local', upstreamModel: 'local:support@v3', decisions: new JsonText('{"local":{"answered":true,"label":"pin_blocked","confidence":0.97}}') as never }));
    expect(local).toMatchObject({ servedBy: '(local)', localLabel: 'pin_blocked', localConfidence: 0.97 });
    // A provider model named "local" (a self-hosted one) is a model like any other, not the local model.
    const named = traceSignal(sampleTrace({ provider: 'ollama', upstreamModel: 'local' }));
    expect(named.servedBy).toBe('local');
    const failed = traceSignal(sampleTrace({ provider: null, upstreamModel: null, status: 502, decisions: '{"cache":{"hit":false}}' as never }));
    expect(failed).toMatchObject({ servedBy: null, localLabel: null, localConfidence: null });
  });
});

describe('trace signal timing', () => {
  it('keeps the first token of streamed answers only, as the metrics do', () => {
    expect(traceSignal(sampleTrace({ stream: true, ttftMs: 180, latencyMs: 900 })).ttftMs).toBe(180);
    expect(traceSignal(sampleTrace({ stream: false, ttftMs: 700, latencyMs: 700 })).ttftMs).toBeNull();
  });
});

describe('monitoring signals', () => {
  it("leave out calls refused before the gateway knew whose they were, so anyone reaching the port cannot page the error_rate alert", async () => {
    const stores = openSqliteStores(':memory:');
    try {
      const ts = Date.now();
      const refused = { provider: null, upstreamModel: null, attempts: [], response: null };
      const traces = [
        sampleTrace({ id: 'tr_ok', ts, requestedModel: 'support' }),
        // A made-up key (401) and a body read before any key (400 invalid_json): nobody's traffic.
        sampleTrace({ id: 'tr_nokey', ts, requestedModel: 'support', ...refused, keyName: null, team: null, status: 401, errorCode: 'unauthorized' }),
        sampleTrace({ id: 'tr_badjson', ts, requestedModel: '', ...refused, keyName: null, team: null, status: 400, errorCode: 'invalid_json' }),
        // A key's own mistakes and an upstream failure with no key are the applications' to see.
        sampleTrace({ id: 'tr_keyed404', ts, requestedModel: '(unknown model)', ...refused, keyName: 'support', status: 404, errorCode: 'model_not_found' }),
        sampleTrace({ id: 'tr_open502', ts, requestedModel: 'support', keyName: null, team: null, provider: null, status: 502, errorCode: 'all_targets_failed', attempts: [{ provider: 'openai', model: 'gpt-4o-mini', status: 0, latencyMs: 3, error: 'ECONNREFUSED' }] }),
      ];
      await signalSink(stores.monitor).write(traces);
      expect((await stores.monitor.listSignals({ since: ts - 1, until: ts + 1 })).map((s) => s.traceId).sort()).toEqual(['tr_keyed404', 'tr_ok', 'tr_open502']);
    } finally {
      await stores.close();
    }
  });

  it('read a tag from stored metadata text as a key holding a string, spaced as PostgreSQL writes it or not', () => {
    expect(hasMetadataTag({ metadata: '{"eval_run": "run_1", "case": "card"}' }, 'eval_run')).toBe(true);
    expect(hasMetadataTag({ metadata: '{"case":"card","loadtest":"lt_1"}' }, 'loadtest')).toBe(true);
    expect(hasMetadataTag({ metadata: '{"source": "loadtest"}' }, 'loadtest')).toBe(false);
    expect(hasMetadataTag({ metadata: '{"note":"say \\"loadtest\\": \\"x\\""}' }, 'loadtest')).toBe(false);
    expect(hasMetadataTag({ metadata: { constructor: 'x' } }, 'constructor')).toBe(true);
    expect(hasMetadataTag({ metadata: {} }, 'constructor')).toBe(false);
  });

  it("leave out an eval run's and a load test's calls, so drift and topics describe applications only", async () => {
    const stores = openSqliteStores(':memory:');
    try {
      const ts = Date.now();
      const traces = [
        sampleTrace({ id: 'tr_app', ts, requestedModel: 'support', metadata: { customer: 'acme' } }),
        sampleTrace({ id: 'tr_eval', ts, requestedModel: 'claude', metadata: { eval_run: 'run_1', case: 'card', variant: 'claude' } }),
        sampleTrace({ id: 'tr_judge', ts, requestedModel: 'judge', metadata: { eval_run: 'run_1', case: 'card', variant: 'claude', scorer: 'judge' } }),
        sampleTrace({ id: 'tr_load', ts, requestedModel: 'gpt-4o-mini', metadata: { loadtest: 'lt_1' } }),
        sampleTrace({ id: 'tr_plain', ts, requestedModel: 'support', metadata: null }),
        // A client's own values and keys that merely hold the tags' names are application traffic:
        // a substring test of the stored text left them out of every signal.
        sampleTrace({ id: 'tr_source', ts, requestedModel: 'support', metadata: { source: 'loadtest', note: 'eval_run', 'x"loadtest': 'y', 'a,"eval_run': 'z' } }),
      ];
      const range = { since: ts - 1, until: ts + 1 };
      // As the trace writer derives them…
      await signalSink(stores.monitor).write(traces);
      expect((await stores.monitor.listSignals(range)).map((s) => s.traceId).sort()).toEqual(['tr_app', 'tr_plain', 'tr_source']);
      // …and as `drift --backfill` reads stored traces (their metadata as the store gives it back).
      const other = openSqliteStores(':memory:');
      try {
        await other.traces.insertTraces(traces);
        expect(await backfillSignals(other.traces, other.monitor, range)).toEqual({ read: 6, signals: 3 });
        expect((await other.monitor.listSignals(range)).map((s) => s.traceId).sort()).toEqual(['tr_app', 'tr_plain', 'tr_source']);
      } finally {
        await other.close();
      }
    } finally {
      await stores.close();
    }
  });
});

describe('drift --backfill over many stored traces', () => {
  it('reads their bodies a page at a time, not the whole range at once, and skips traces kept without a body', async () => {
    const stores = openSqliteStores(':memory:');
    try {
      const ts = Date.now();
      const traces = Array.from({ length: 1_203 }, (_, i) => sampleTrace({ id: `tr_${i}`, ts: ts - i, request: i < 3 ? null : { model: 'small', messages: [{ role: 'user', content: `question ${i}` }] } }));
      await stores.traces.insertTraces(traces);
      // The most whole traces (bodies included) any one read of the store returned.
      let most = 0;
      const counted = <T extends unknown[]>(read: (...args: never[]) => Promise<T>) =>
        (async (...args: never[]) => {
          const result = await read(...args);
          most = Math.max(most, result.length);
          return result;
        }) as never;
      const store = Object.assign(Object.create(stores.traces) as typeof stores.traces, {
        getTraces: counted(stores.traces.getTraces.bind(stores.traces)),
        selectTraces: counted(stores.traces.selectTraces.bind(stores.traces)),
      });
      expect(await backfillSignals(store, stores.monitor, { since: ts - 10_000, until: ts + 1 })).toEqual({ read: 1_200, signals: 1_200 });
      expect(most).toBeLessThanOrEqual(500);
      expect(await backfillSignals(store, stores.monitor, { since: ts - 10_000, until: ts + 1, limit: 700 })).toEqual({ read: 700, signals: 700 });
    } finally {
      await stores.close();
    }
  });
});
