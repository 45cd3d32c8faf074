import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { banking77 } from '../../src/local/__fixtures__/banking77-sample.js';
import { makeSignal } from '../../src/monitor/test-signals.js';
import type { TopicModelData } from '../../src/monitor/topics/topic-model.js';
import { type Harness, startHarness } from '../../src/test-support/gateway-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness(`
monitoring:
  interval_seconds: 3600
  topics: { min_traces: 40, k: 3, embedding_model: embed }
  drift: { every_minutes: 0 }
`);
});
afterAll(() => h.close());

describe('the monitor worker in serve, with monitoring.topics.embedding_model', () => {
  it('embeds prompts through the in-process gateway, clusters them and reports how', async () => {
    const now = Date.now();
    const prompts = banking77('test', ['card_arrival', 'exchange_rate', 'pin_blocked'], 20).map((e) => e.text);
    await h.gateway.stores.monitor.putSignals(prompts.map((prompt, i) => makeSignal({ traceId: `emb${i}`, route: 'small', ts: now - 60_000 + i, prompt })));
    const pass = await h.gateway.monitor.runOnce();
    expect(pass.topicModelsFitted).toContain('small');
    const model = (await h.gateway.stores.monitor.getDoc<TopicModelData>('topic-model', 'small'))?.body;
    expect(model?.embedding?.model).toBe('embed');
    expect(model?.embedding?.centroids[0]).toHaveLength(1536);

    // The embedding calls went through the gateway: traced like any call, on the embeddings endpoint.
    await h.gateway.traces.flush();
    const traces = await h.gateway.store.listTraces({ limit: 50 });
    const embeddingCalls = traces.traces.filter((t) => t.endpoint === 'embeddings' && t.requestedModel === 'embed');
    // Fitting: one batch of 60; assigning the same 60: one more.
    expect(embeddingCalls).toHaveLength(2);

    const csrf = ((await (await fetch(`${h.gateway.url}/api/session`)).json()) as { csrf: string }).csrf;
    const topics = (await (await fetch(`${h.gateway.url}/api/topics?route=small&range=1h`, { headers: { 'x-switchyard-csrf': csrf } })).json()) as { model: { clusteredBy: string; note?: string } };
    expect(topics.model).toMatchObject({ clusteredBy: 'embed' });
    expect(topics.model.note).toBeUndefined();
  });
});
