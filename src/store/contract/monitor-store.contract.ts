import { expect, it } from 'vitest';
import { makeSignal } from '../../monitor/test-signals.js';
import type { StoreBackend } from './backends.js';

/** The behaviour every MonitorStore adapter must have. */
export function monitorStoreContract(backend: StoreBackend): void {
  it('stores signals once per trace, reads them back newest first by route and range', async () => {
    const { monitor } = await backend.fresh();
    await monitor.putSignals([
      makeSignal({ traceId: 'a', ts: 1_000, prompt: 'where is my card?' }),
      makeSignal({ traceId: 'b', ts: 2_000, route: 'other' }),
      makeSignal({ traceId: 'c', ts: 3_000, prompt: null, status: 502 }),
    ]);
    // A writer retry of the same batch changes nothing.
    await monitor.putSignals([makeSignal({ traceId: 'a', ts: 1_000, prompt: 'where is my card?' })]);
    const support = await monitor.listSignals({ route: 'support', since: 0, until: 10_000 });
    expect(support.map((s) => s.traceId)).toEqual(['c', 'a']);
    expect(support[1]).toEqual(makeSignal({ traceId: 'a', ts: 1_000, prompt: 'where is my card?' }));
    expect((await monitor.listSignals({ since: 1_500, until: 10_000, limit: 1 })).map((s) => s.traceId)).toEqual(['c']);
    expect((await monitor.listSignals({ since: 0, until: 10_000, needsTopic: true })).map((s) => s.traceId).sort()).toEqual(['a', 'b']);
  });

  it('keeps topics and merges online scores, which a later re-derived signal does not erase', async () => {
    const { monitor } = await backend.fresh();
    await monitor.putSignals([makeSignal({ traceId: 'a', ts: 1 }), makeSignal({ traceId: 'b', ts: 2 }), makeSignal({ traceId: 'e', ts: 3, status: 500 })]);
    await monitor.setTopics([{ traceId: 'a', topic: 3 }, { traceId: 'b', topic: -1 }]);
    await monitor.addScores('a', { judge: 0.75 });
    await monitor.addScores('a', { answered: 1 });
    await monitor.addScores('missing', { judge: 1 });
    await monitor.putSignals([makeSignal({ traceId: 'a', ts: 1 })]);
    const [a] = await monitor.listSignals({ since: 0, until: 2 });
    expect(a).toMatchObject({ traceId: 'a', topic: 3, scores: { judge: 0.75, answered: 1 } });
    expect((await monitor.listSignals({ since: 0, until: 10, unscored: true })).map((s) => s.traceId)).toEqual(['b']);
    // A failed call still has a prompt: it gets a topic (errors per topic), but no online score.
    expect((await monitor.listSignals({ since: 0, until: 10, needsTopic: true })).map((s) => s.traceId)).toEqual(['e']);
    // Only what online evaluation scored (router train --from-judged reads these alone).
    await monitor.putSignals([makeSignal({ traceId: 'c', ts: 4, scores: { judge: 0.5 } })]);
    expect((await monitor.listSignals({ since: 0, until: 10, scored: true })).map((s) => s.traceId)).toEqual(['c', 'a']);
    expect((await monitor.listSignals({ since: 2, until: 10, scored: true })).map((s) => s.traceId)).toEqual(['c']);
  });

  it('stores a large batch (written in bulk) once per trace, and a redelivered one keeps topics, scores and the newest of a duplicated id', async () => {
    const { monitor } = await backend.fresh();
    const batch = Array.from({ length: 100 }, (_, i) => makeSignal({ traceId: `t${String(i).padStart(3, '0')}`, ts: 1_000 + i, prompt: `question\t${i}\\ with "quotes"\n` }));
    await monitor.putSignals(batch);
    await monitor.setTopics([{ traceId: 't000', topic: 2 }]);
    await monitor.addScores('t000', { judge: 0.5 });
    // The same batch again, with one id twice (the last write wins).
    await monitor.putSignals([...batch, makeSignal({ traceId: 't001', ts: 1_001, prompt: 'changed' })]);
    const stored = await monitor.listSignals({ since: 0, until: 10_000 });
    expect(stored).toHaveLength(100);
    expect(stored.find((s) => s.traceId === 't050')).toEqual(batch[50]);
    expect(stored.find((s) => s.traceId === 't000')).toMatchObject({ topic: 2, scores: { judge: 0.5 } });
    expect(stored.find((s) => s.traceId === 't001')?.prompt).toBe('changed');
  });

  it('prunes old signals and old documents of the kinds named, keeping the rest', async () => {
    const { monitor } = await backend.fresh();
    await monitor.putSignals([makeSignal({ traceId: 'old', ts: 10 }), makeSignal({ traceId: 'new', ts: 100 })]);
    await monitor.putDoc({ kind: 'drift-report', key: 'r-old', ts: 10, route: null, body: {} });
    await monitor.putDoc({ kind: 'drift-report', key: 'r-new', ts: 100, route: null, body: {} });
    await monitor.putDoc({ kind: 'topic-model', key: 'support', ts: 10, route: 'support', body: {} });
    expect(await monitor.prune(50, ['drift-report', 'alert-event'])).toBe(2);
    expect((await monitor.listSignals({ since: 0, until: 1_000 })).map((s) => s.traceId)).toEqual(['new']);
    expect((await monitor.listDocs('drift-report')).map((d) => d.key)).toEqual(['r-new']);
    expect(await monitor.getDoc('topic-model', 'support')).toBeDefined();
  });

  it('deletes old signals a batch at a time, leaving the newer ones', async () => {
    const { monitor } = await backend.fresh();
    await monitor.putSignals(Array.from({ length: 7 }, (_, i) => makeSignal({ traceId: `s${i}`, ts: 10 * (i + 1) })));
    expect(await monitor.pruneSignals(55, 2)).toBe(2);
    expect(await monitor.pruneSignals(55, 2)).toBe(2);
    expect(await monitor.pruneSignals(55, 2)).toBe(1);
    expect(await monitor.pruneSignals(55, 2)).toBe(0);
    expect((await monitor.listSignals({ since: 0, until: 1_000 })).map((s) => s.traceId).sort()).toEqual(['s5', 's6']);
  });

  it('blanks the prompt and answer text of old signals in batches, keeping their numbers, topic and scores', async () => {
    const { monitor } = await backend.fresh();
    await monitor.putSignals([
      makeSignal({ traceId: 'a', ts: 10, prompt: 'where is my card?', answer: 'On its way.' }),
      makeSignal({ traceId: 'b', ts: 20, prompt: 'naïve “quotes” 🙂' }),
      makeSignal({ traceId: 'c', ts: 20, prompt: null, answer: 'an answer without a prompt' }),
      makeSignal({ traceId: 'd', ts: 30, prompt: null, answer: null, status: 502 }),
      makeSignal({ traceId: 'new', ts: 100, prompt: 'recent' }),
    ]);
    await monitor.setTopics([{ traceId: 'a', topic: 2 }]);
    await monitor.addScores('a', { judge: 0.5 });
    // Oldest first, at most `limit`: the batch ends at ts 20, where the next one starts.
    expect(await monitor.stripTexts({ from: 0, before: 50, limit: 2 })).toEqual({ stripped: 2, lastTs: 20 });
    expect(await monitor.stripTexts({ from: 20, before: 50, limit: 2 })).toEqual({ stripped: 1, lastTs: 20 });
    // Nothing left with text (d never had any); the recent signal is untouched.
    expect(await monitor.stripTexts({ from: 0, before: 50, limit: 2 })).toEqual({ stripped: 0, lastTs: null });
    const byId = new Map((await monitor.listSignals({ since: 0, until: 1_000 })).map((s) => [s.traceId, s]));
    expect(byId.get('a')).toEqual({ ...makeSignal({ traceId: 'a', ts: 10, prompt: 'where is my card?', answer: 'On its way.' }), prompt: null, answer: null, topic: 2, scores: { judge: 0.5 } });
    expect(byId.get('a')?.inputChars).toBe('where is my card?'.length);
    expect([byId.get('b')?.prompt, byId.get('c')?.answer, byId.get('new')?.prompt]).toEqual([null, null, 'recent']);
    // Blanked signals have no text to assign a topic from or to score.
    expect((await monitor.listSignals({ since: 0, until: 1_000, needsTopic: true })).map((s) => s.traceId)).toEqual(['new']);
    expect((await monitor.listSignals({ since: 0, until: 1_000, unscored: true })).map((s) => s.traceId)).toEqual(['new']);
  });

  it('keeps documents by kind and key, replaced in place, listed newest first per route', async () => {
    const { monitor } = await backend.fresh();
    await monitor.putDoc({ kind: 'drift-report', key: 'd1', ts: 10, route: 'support', body: { drifted: false } });
    await monitor.putDoc({ kind: 'drift-report', key: 'd2', ts: 20, route: 'support', body: { drifted: true, text: 'naïve “quotes”' } });
    await monitor.putDoc({ kind: 'drift-report', key: 'd3', ts: 30, route: 'other', body: {} });
    await monitor.putDoc({ kind: 'alert-state', key: 'errors', ts: 5, route: null, body: { status: 'ok' } });
    await monitor.putDoc({ kind: 'alert-state', key: 'errors', ts: 6, route: null, body: { status: 'firing' } });
    expect((await monitor.listDocs('drift-report', { route: 'support' })).map((d) => d.key)).toEqual(['d2', 'd1']);
    expect((await monitor.listDocs('drift-report', { limit: 1 })).map((d) => d.key)).toEqual(['d3']);
    expect((await monitor.listDocs('drift-report', { since: 15 })).map((d) => d.key)).toEqual(['d3', 'd2']);
    expect((await monitor.listDocs('drift-report', { since: 15, until: 30 })).map((d) => d.key)).toEqual(['d2']);
    expect(await monitor.getDoc('drift-report', 'd2')).toEqual({ kind: 'drift-report', key: 'd2', ts: 20, route: 'support', body: { drifted: true, text: 'naïve “quotes”' } });
    expect((await monitor.getDoc('alert-state', 'errors'))?.body).toEqual({ status: 'firing' });
    expect(await monitor.getDoc('alert-state', 'nope')).toBeUndefined();
  });
}
