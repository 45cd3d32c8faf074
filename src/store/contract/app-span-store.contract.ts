import { expect, it } from 'vitest';
import type { AppSpan } from '../../core/app-spans.js';
import type { StoreBackend } from './backends.js';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';

function span(overrides: Partial<AppSpan> = {}): AppSpan {
  return { traceId: TRACE, spanId: '00f067aa0ba902b7', parentSpanId: null, name: 'agent run', kind: 1, service: 'support-bot', startMs: 1_000.5, endMs: 1_200.25, statusCode: 0, statusMessage: null, attributes: { 'gen_ai.agent.name': 'triage', steps: 3, nested: { ok: true } }, ...overrides };
}

/**
 * What every AppSpanStore must do.
 *
 * @example forEachBackend((backend) => describe('AppSpanStore', () => appSpanStoreContract(backend)));
 */
export function appSpanStoreContract(backend: StoreBackend): void {
  it('stores spans and reads a trace back earliest first, replacing a span sent again', async () => {
    const { spans } = await backend.fresh();
    const root = span();
    const tool = span({ spanId: '1111111111111111', parentSpanId: root.spanId, name: 'tool lookup_order', kind: 3, startMs: 1_010, endMs: 1_050, statusCode: 2, statusMessage: 'timeout' });
    await spans.putSpans([tool, root, span({ traceId: 'a'.repeat(32), spanId: '2222222222222222' })]);
    await spans.putSpans([{ ...tool, name: 'tool lookup_order (retried)' }]);
    expect(await spans.spansOfTrace(TRACE)).toEqual([root, { ...tool, name: 'tool lookup_order (retried)' }]);
    expect(await spans.spansOfTrace(TRACE, 1)).toEqual([root]);
    expect(await spans.spansOfTrace('f'.repeat(32))).toEqual([]);
  });

  it('keeps hostile client strings without failing the request', async () => {
    const { spans } = await backend.fresh();
    const odd = 'nul \u0000 lone \ud800 end';
    await spans.putSpans([span({ name: odd, attributes: { [odd]: odd } })]);
    const [stored] = await spans.spansOfTrace(TRACE);
    expect(stored?.name.startsWith('nul ')).toBe(true);
    expect(Object.keys(stored?.attributes ?? {})).toHaveLength(1);
  });

  it('prunes the oldest spans in bounded steps', async () => {
    const { spans } = await backend.fresh();
    await spans.putSpans([0, 1, 2, 3].map((i) => span({ spanId: `${i}`.repeat(16), startMs: 1_000 * (i + 1) })));
    expect(await spans.pruneSpans(3_500, 2)).toBe(2);
    expect(await spans.pruneSpans(3_500, 2)).toBe(1);
    expect((await spans.spansOfTrace(TRACE)).map((s) => s.startMs)).toEqual([4_000]);
  });
}
