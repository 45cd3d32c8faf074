import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom, shuffled } from '../../core/seeded-random.js';
import { InProcessCaller } from '../../evals/client/in-process-caller.js';
import { ModelClient } from '../../gateway/model-client.js';
import { banking77 } from '../../local/__fixtures__/banking77-sample.js';
import { openSqliteStores } from '../../store/sqlite/open-sqlite-stores.js';
import { type Harness, startHarness } from '../../test-support/gateway-harness.js';
import { makeSignal } from '../test-signals.js';
import { topicReport } from './topic-report.js';
import { type EmbedTexts, upkeepTopics } from './topic-upkeep.js';

const INTENTS = ['card_arrival', 'exchange_rate', 'pin_blocked'];

describe('topics on embeddings through the model client', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  /** The simulator's embeddings through the in-process gateway, recording each call's batch size. */
  function embedder(batches: number[]): EmbedTexts {
    const caller = new InProcessCaller(new ModelClient(h.gateway.gateway));
    return async (model, texts) => {
      batches.push(texts.length);
      return (await caller.embed(model, texts, { eval_run: 'topics', case: 'embed', variant: model })).vectors;
    };
  }

  const examples = shuffled(banking77('test', INTENTS, 40), seededRandom(3));
  const labelOf = new Map(examples.map((e, i) => [`t${i}`, e.label]));
  const signals = examples.map((e, i) => makeSignal({ traceId: `t${i}`, route: 'small', ts: 1_000 + i, prompt: e.text }));
  const now = 3_600_000;

  it('clusters embedded prompts in batches, names clusters by TF-IDF terms, and assigns later prompts by their embedding', async () => {
    const stores = openSqliteStores(':memory:');
    await stores.monitor.putSignals(signals.slice(0, 100));
    const batches: number[] = [];
    const options = { minTraces: 60, maxTraces: 1_000, k: 3, now, random: seededRandom(5), embeddings: { model: 'embed', embed: embedder(batches) } };
    const first = await upkeepTopics(stores.monitor, 'small', options);
    expect(first).toMatchObject({ fitted: true, assigned: 100 });
    // 100 prompts fitted in two calls of ≤ 64, then the same 100 embedded again to assign them.
    expect(batches).toEqual([64, 36, 64, 36]);
    const model = first.model;
    expect(model?.embedding?.model).toBe('embed');
    expect(model?.embedding?.centroids).toHaveLength(3);
    expect(model?.embedding?.centroids[0]).toHaveLength(1536);
    expect(model?.note).toBeUndefined();
    // Named by words, not by vector dimensions.
    expect(model?.topics.every((t) => t.terms.length === 3 && t.terms.every((w) => /^\p{L}+$/u.test(w)))).toBe(true);

    // Later traffic is embedded (one call) and lands with its intent's cluster.
    batches.length = 0;
    await stores.monitor.putSignals(signals.slice(100));
    const later = await upkeepTopics(stores.monitor, 'small', options);
    expect(later).toMatchObject({ fitted: false, assigned: 20 });
    expect(batches).toEqual([20]);

    // Clusters follow the intents well above chance (≈0.4 for three even intents). The simulator's
    // vectors hash every word alike, stop words included, so they separate intents less than a
    // real embedding model would (0.67 measured here).
    const stored = await stores.monitor.listSignals({ route: 'small', since: 0, until: now + 1, limit: 1_000 });
    const byTopic = new Map<number, string[]>();
    for (const s of stored) byTopic.set(s.topic as number, [...(byTopic.get(s.topic as number) ?? []), labelOf.get(s.traceId) as string]);
    const majority = [...byTopic.values()].reduce((sum, labels) => sum + Math.max(...INTENTS.map((l) => labels.filter((x) => x === l).length)), 0);
    expect(majority / stored.length).toBeGreaterThan(0.55);

    const report = await topicReport(stores.monitor, 'small', { since: 0, until: now + 1, stepMs: now });
    expect(report.model).toMatchObject({ clusteredBy: 'embed', topics: 3 });
    expect(report.model?.note).toBeUndefined();
    await stores.close();
  });

  it('falls back to TF-IDF when the embedding call fails, and the topic report says so', async () => {
    const stores = openSqliteStores(':memory:');
    await stores.monitor.putSignals(signals.slice(0, 100));
    h.sim.addFault({ kind: 'status', status: 400, model: 'standin-embed', times: 1 });
    const logs: string[] = [];
    const batches: number[] = [];
    const options = { minTraces: 60, maxTraces: 1_000, k: 3, now, random: seededRandom(5), embeddings: { model: 'embed', embed: embedder(batches) }, log: (line: string) => logs.push(line) };
    const done = await upkeepTopics(stores.monitor, 'small', options);
    expect(done).toMatchObject({ fitted: true, assigned: 100 });
    expect(done.model?.embedding).toBeUndefined();
    expect(done.model?.note).toMatch(/^embedding model "embed" failed \(.+\); topics clustered by TF-IDF instead$/);
    expect(logs.join('\n')).toContain('topics of small: embedding model "embed" failed');
    // A TF-IDF model assigns by TF-IDF: no embedding call after the failed one.
    expect(batches).toEqual([64]);
    const report = await topicReport(stores.monitor, 'small', { since: 0, until: now + 1, stepMs: now });
    expect(report.model).toMatchObject({ clusteredBy: 'tfidf', note: done.model?.note });

    // An hour on, with the endpoint back, the route is fitted again on embeddings.
    const again = await upkeepTopics(stores.monitor, 'small', { ...options, now: now + 3_600_000 });
    expect(again.fitted).toBe(true);
    expect(again.model?.embedding?.model).toBe('embed');
    expect(again.model?.note).toBeUndefined();
    await stores.close();
  });
});
