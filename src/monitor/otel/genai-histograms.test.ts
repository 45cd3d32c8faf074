import { resourceFromAttributes } from '@opentelemetry/resources';
import type { HistogramMetricData } from '@opentelemetry/sdk-metrics';
import { describe, expect, it } from 'vitest';
import { sampleTrace } from '../../test-support/sample-trace.js';
import { GenAiHistograms } from './genai-histograms.js';

describe('GenAI client histograms', () => {
  it('counts calls per attribute set into the conventions’ buckets, cumulatively', async () => {
    const histograms = new GenAiHistograms(resourceFromAttributes({ 'service.name': 't' }), { types: { 'standin-openai': 'openai' }, servers: { 'standin-openai': { address: 'api.openai.com', port: 443 } } }, 1_000);
    histograms.record(sampleTrace({ requestedModel: 'small', latencyMs: 15, inputTokens: 4, outputTokens: 100, stream: false }));
    histograms.record(sampleTrace({ requestedModel: 'small', latencyMs: 300, inputTokens: 5, outputTokens: 0, stream: true, ttftMs: 30 }));
    histograms.record(sampleTrace({ requestedModel: 'small', latencyMs: 50, status: 502, errorCode: 'all_targets_failed', inputTokens: 0, outputTokens: 0 }));
    const first = await histograms.collect();
    const metric = (name: string) => first.resourceMetrics.scopeMetrics[0]?.metrics.find((m) => m.descriptor.name === name) as HistogramMetricData;
    const duration = metric('gen_ai.client.operation.duration');
    expect(duration.descriptor.unit).toBe('s');
    const ok = duration.dataPoints.find((p) => p.attributes['error.type'] === undefined);
    expect(ok?.attributes).toMatchObject({ 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'small', 'gen_ai.provider.name': 'openai', 'server.address': 'api.openai.com', 'server.port': 443 });
    // 0.015 s falls in (0.01, 0.02], 0.3 s in (0.16, 0.32].
    expect(ok?.value.count).toBe(2);
    expect(ok?.value.buckets.counts[1]).toBe(1);
    expect(ok?.value.buckets.counts[5]).toBe(1);
    expect(ok?.value.sum).toBeCloseTo(0.315);
    expect(duration.dataPoints.find((p) => p.attributes['error.type'] === 'all_targets_failed')?.value.count).toBe(1);
    const usage = metric('gen_ai.client.token.usage').dataPoints;
    expect(usage.find((p) => p.attributes['gen_ai.token.type'] === 'input')?.value).toMatchObject({ count: 2, sum: 9, min: 4, max: 5 });
    expect(usage.find((p) => p.attributes['gen_ai.token.type'] === 'output')?.value.count).toBe(1);
    expect(metric('gen_ai.client.operation.time_to_first_chunk').dataPoints[0]?.value.count).toBe(1);
    // Cumulative: a later collection still holds the earlier calls, from the same start time.
    histograms.record(sampleTrace({ requestedModel: 'small', latencyMs: 15, stream: false }));
    const second = await histograms.collect();
    const again = (second.resourceMetrics.scopeMetrics[0]?.metrics[0] as HistogramMetricData).dataPoints.find((p) => p.attributes['error.type'] === undefined);
    expect(again?.value.count).toBe(3);
    expect(again?.startTime).toEqual(ok?.startTime);
  });

  it('exports nothing before the first call', async () => {
    const histograms = new GenAiHistograms(resourceFromAttributes({}), { types: {} });
    expect((await histograms.collect()).resourceMetrics.scopeMetrics).toEqual([]);
  });
});
