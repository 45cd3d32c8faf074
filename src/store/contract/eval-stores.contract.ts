import { expect, it } from 'vitest';
import type { DatasetItem } from '../../evals/types.js';
import { judgeSpec } from '../../evals/judge/judge-spec.js';
import { sampleTrace } from '../../test-support/sample-trace.js';
import { sampleResult, sampleRun } from './eval-samples.js';
import type { StoreBackend } from './backends.js';

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/**
 * What every DatasetStore must do.
 *
 * @example forEachBackend((backend) => describe('datasetStoreContract', () => datasetStoreContract(backend)));
 */
export function datasetStoreContract(backend: StoreBackend): void {
  it('makes a new immutable version per change and reuses one for identical content', async () => {
    const { datasets: store } = await backend.fresh();
    const v1 = await store.commit('support', [{ id: 'a', input: 'one' }], 'test');
    const again = await store.commit('support', [{ id: 'a', input: 'one' }], 'test');
    expect(again).toEqual(v1);
    const v2 = await store.append('support', [{ id: 'b', input: 'two' }]);
    expect(v2).toMatchObject({ version: 2, itemCount: 2, parentHash: v1.hash, source: null });
    expect((await collect(store.items(v1.id))).map((i) => i.id)).toEqual(['a']);
    expect((await collect(store.items(v2.id))).map((i) => i.id)).toEqual(['a', 'b']);
    expect((await store.resolve('support@1')).hash).toBe(v1.hash);
    expect((await store.resolve(`support@${v2.hash.slice(0, 8)}`)).version).toBe(2);
    expect((await store.resolve('support')).version).toBe(2);
    expect(await store.version(v1.id)).toEqual(v1);
    expect(await store.latest('support')).toEqual(v2);
    expect(await store.versions('support')).toEqual([v1, v2]);
    await expect(store.resolve('support@9')).rejects.toThrow(/versions of "support": 1, 2/);
    await expect(store.resolve('support@99999999999')).rejects.toThrow(/not found/);
    await expect(store.resolve('nope')).rejects.toThrow('dataset "nope" not found; known datasets: support@2');
    // A mistyped name (not a missing version) is answered with the name it most likely meant, its pin kept.
    await expect(store.resolve('suport')).rejects.toThrow('dataset "suport" not found (did you mean "support"?); known datasets: support@2');
    await expect(store.resolve('Support@1')).rejects.toThrow('dataset "Support@1" not found (did you mean "support@1"?); known datasets: support@2');
    expect(await store.list()).toEqual([{ name: 'support', createdAt: v1.createdAt, latest: v2, versions: 2 }]);
  });

  it('keeps items exactly, replaces by id on append, and refuses duplicate ids and bad names', async () => {
    const { datasets: store } = await backend.fresh();
    const items: DatasetItem[] = [
      { id: 'q1', input: { question: 'Hi', n: 2 }, expected: { answer: ['x', 1.5] }, output: 'Hello', humanScore: 4, metadata: { source: 'a.md', reviewed: false } },
      { id: 'q2', input: 'plain' },
    ];
    const v1 = await store.commit('docs-qa', items, 'import a.jsonl');
    expect(await collect(store.items(v1.id))).toEqual(items);
    const v2 = await store.append('docs-qa', [{ id: 'q1', input: 'changed' }, { id: 'q3', input: 'new' }], 'review');
    expect((await collect(store.items(v2.id))).map((i) => [i.id, i.input])).toEqual([['q1', 'changed'], ['q2', 'plain'], ['q3', 'new']]);
    await expect(store.commit('docs-qa', [{ id: 'x', input: '1' }, { id: 'x', input: '2' }])).rejects.toThrow('item id "x" appears twice');
    await expect(store.commit('bad@name', [])).rejects.toThrow(/dataset name "bad@name"/);
  });

  it('lands two concurrent appends, versions numbered in turn', async () => {
    const { datasets: store } = await backend.fresh();
    await store.commit('shared', [{ id: 'base', input: '0' }]);
    await Promise.all([store.append('shared', [{ id: 'one', input: '1' }]), store.append('shared', [{ id: 'two', input: '2' }])]);
    const latest = await store.resolve('shared');
    expect(latest.version).toBe(3);
    expect((await collect(store.items(latest.id))).map((i) => i.id).sort()).toEqual(['base', 'one', 'two']);
  });

  it('pages through large versions in order', async () => {
    const { datasets: store } = await backend.fresh();
    const items = Array.from({ length: 1_234 }, (_, i) => ({ id: `c${i}`, input: `q${i}` }));
    const version = await store.commit('big', items);
    const ids = (await collect(store.items(version.id))).map((i) => i.id);
    expect(ids).toHaveLength(1_234);
    expect(ids[1_233]).toBe('c1233');
    expect((await collect(store.items(version.id, 1_000, 3))).map((i) => i.id)).toEqual(['c1000', 'c1001', 'c1002']);
    expect(await collect(store.items(version.id, 5_000, 3))).toEqual([]);
  });
}

/**
 * What every RunStore must do.
 *
 * @example forEachBackend((backend) => describe('runStoreContract', () => runStoreContract(backend)));
 */
export function runStoreContract(backend: StoreBackend): void {
  it('creates runs, finds them by id or unique prefix, lists newest first and keeps the summary', async () => {
    const { runs } = await backend.fresh();
    const a = sampleRun({ id: 'run_aaa1', createdAt: 1 });
    const b = sampleRun({ id: 'run_aab2', createdAt: 2, rerunOf: 'run_aaa1' });
    await runs.create(a);
    await runs.create(b);
    expect(await runs.get('run_aaa1')).toEqual(a);
    expect(await runs.get('run_aab')).toEqual(b);
    await expect(runs.get('run_aa')).rejects.toThrow('run id prefix "run_aa" is ambiguous');
    await expect(runs.get('run_zz')).rejects.toThrow('run "run_zz" not found (recent runs: run_aab2, run_aaa1)');
    // One character off a recent id: the id it most likely meant is named.
    await expect(runs.get('run_aab3')).rejects.toThrow('run "run_aab3" not found; did you mean "run_aab2"? (recent runs: run_aab2, run_aaa1)');
    expect((await runs.list()).map((r) => r.id)).toEqual(['run_aab2', 'run_aaa1']);
    expect((await runs.list(1)).map((r) => r.id)).toEqual(['run_aab2']);
    await runs.setStatus(a.id, 'completed', 10, { variants: [{ variant: 'small', quality: { estimate: 0.5 } }] });
    await runs.setStatus(a.id, 'completed', 11);
    expect(await runs.get(a.id)).toMatchObject({ status: 'completed', finishedAt: 11, summary: { variants: [{ variant: 'small' }] } });
  });

  it('stores results by (run, variant, case, repeat), replacing, and reads them in dataset order', async () => {
    const { runs } = await backend.fresh();
    await runs.create(sampleRun({ id: 'run_1' }));
    await runs.putResult(sampleResult({ runId: 'run_1', variant: 'small', caseId: 'c2', position: 1, quality: 0 }));
    await runs.putResult(sampleResult({ runId: 'run_1', variant: 'small', caseId: 'c1', position: 0 }));
    await runs.putResult(sampleResult({ runId: 'run_1', variant: 'claude', caseId: 'c1', position: 0, error: 'upstream 502', output: null, pass: null, quality: null, latencyMs: null }));
    await runs.putResult(sampleResult({ runId: 'run_1', variant: 'small', caseId: 'c2', position: 1, quality: 1 }));
    const all = await collect(runs.results('run_1'));
    expect(all.map((r) => `${r.caseId}/${r.variant}`)).toEqual(['c1/claude', 'c1/small', 'c2/small']);
    expect(all[2]?.quality).toBe(1);
    expect(await runs.result('run_1', 'claude', 'c1', 0)).toEqual(all[0]);
    expect(await runs.result('run_1', 'claude', 'c1', 1)).toBeUndefined();
    expect((await collect(runs.results('run_1', 'small'))).map((r) => r.caseId)).toEqual(['c1', 'c2']);
    expect([...(await runs.doneKeys('run_1'))].sort()).toEqual(['claude\u0000c1\u00000', 'small\u0000c1\u00000', 'small\u0000c2\u00000']);
    expect(await runs.variantsOf('run_1')).toEqual(['claude', 'small']);
    expect(await runs.resultsPage('run_1', { variant: 'small', offset: 1, limit: 5 })).toEqual({ results: [all[2]], total: 2 });
  });

  it('keeps the model with no price that answered a result, and reads a result without one as priced', async () => {
    const { runs } = await backend.fresh();
    await runs.create(sampleRun({ id: 'run_u' }));
    await runs.putResult(sampleResult({ runId: 'run_u', caseId: 'a', costUsd: 0, unpriced: 'my-vllm-model' }));
    await runs.putResult(sampleResult({ runId: 'run_u', caseId: 'b', position: 1 }));
    expect((await collect(runs.results('run_u'))).map((r) => [r.caseId, r.unpriced])).toEqual([
      ['a', 'my-vllm-model'],
      ['b', null],
    ]);
  });

  it('pages through many results in order', async () => {
    const { runs } = await backend.fresh();
    await runs.create(sampleRun({ id: 'run_big' }));
    for (let i = 0; i < 1_100; i++) await runs.putResult(sampleResult({ runId: 'run_big', caseId: `c${i}`, position: Math.floor(i / 2), repeat: i % 2 }));
    const all = await collect(runs.results('run_big'));
    expect(all).toHaveLength(1_100);
    expect(all.every((r, i) => i === 0 || r.position > (all[i - 1] as { position: number }).position || r.repeat > (all[i - 1] as { repeat: number }).repeat)).toBe(true);
  });

  it('takes costs from the traces in the same store, leaving cached answers alone', async () => {
    const { runs, traces } = await backend.fresh();
    await runs.create(sampleRun({ id: 'run_c' }));
    await traces.insertTraces([sampleTrace({ id: 'tr_x', costUsd: 0.25 }), sampleTrace({ id: 'tr_y', costUsd: 0.5 })]);
    await runs.putResult(sampleResult({ runId: 'run_c', caseId: 'a', traceId: 'tr_x', costUsd: 0.1 }));
    await runs.putResult(sampleResult({ runId: 'run_c', caseId: 'b', traceId: 'tr_y', costUsd: 0.1, cached: true }));
    await runs.putResult(sampleResult({ runId: 'run_c', caseId: 'c', traceId: 'tr_gone', costUsd: 0.1 }));
    expect(await runs.reconcileCosts('run_c')).toBe(1);
    expect((await collect(runs.results('run_c'))).map((r) => r.costUsd)).toEqual([0.25, 0.1, 0.1]);
  });

  it('records which providers answered a run that recorded none, from its traces, marking the simulator’s', async () => {
    const { runs, traces } = await backend.fresh();
    const base = sampleRun({ id: 'run_t' });
    // `remote` went through a gateway by URL (no targets known); `local` recorded its own from the config.
    const known = [{ provider: 'openai', model: 'gpt-5.4-mini' }];
    await runs.create({ ...base, variants: { remote: { model: 'small', messages: [], params: {}, targets: [] }, local: { model: 'small', messages: [], params: {}, targets: known }, cachedOnly: { model: 'small', messages: [], params: {}, targets: [] } } });
    await traces.insertTraces([
      sampleTrace({ id: 'tr_sim', provider: 'simulated-openai', upstreamModel: 'standin-small', decisions: { simulated: { provider: 'simulated-openai', reason: 'answered by the built-in simulator, not a real model' } } }),
      sampleTrace({ id: 'tr_real', provider: 'openai', upstreamModel: 'gpt-5.4-mini', decisions: null }),
      sampleTrace({ id: 'tr_hit', provider: 'cache', upstreamModel: 'standin-small', decisions: null }),
    ]);
    await runs.putResult(sampleResult({ runId: 'run_t', variant: 'remote', caseId: 'a', traceId: 'tr_sim' }));
    await runs.putResult(sampleResult({ runId: 'run_t', variant: 'remote', caseId: 'b', traceId: 'tr_sim' }));
    await runs.putResult(sampleResult({ runId: 'run_t', variant: 'remote', caseId: 'c', traceId: 'tr_real' }));
    await runs.putResult(sampleResult({ runId: 'run_t', variant: 'local', caseId: 'a', traceId: 'tr_sim' }));
    await runs.putResult(sampleResult({ runId: 'run_t', variant: 'cachedOnly', caseId: 'a', traceId: 'tr_hit', cached: true }));
    expect(await runs.reconcileTargets('run_t')).toBe(1);
    const variants = (await runs.get('run_t')).variants;
    expect(variants.remote?.targets).toEqual([{ provider: 'openai', model: 'gpt-5.4-mini' }, { provider: 'simulated-openai', model: 'standin-small', simulated: true }]);
    expect(variants.local?.targets).toEqual(known);
    expect(variants.cachedOnly?.targets).toEqual([]);
    // Filled once: a second pass changes nothing.
    expect(await runs.reconcileTargets('run_t')).toBe(0);
  });

  it('takes the targets the answers named as simulated for a variant whose traces are not in this store', async () => {
    const { runs, traces } = await backend.fresh();
    const base = sampleRun({ id: 'run_h' });
    await runs.create({ ...base, variants: { traced: { model: 'small', messages: [], params: {}, targets: [] }, elsewhere: { model: 'small', messages: [], params: {}, targets: [] } } });
    await traces.insertTraces([sampleTrace({ id: 'tr_real2', provider: 'openai', upstreamModel: 'gpt-5.4-mini', decisions: null })]);
    await runs.putResult(sampleResult({ runId: 'run_h', variant: 'traced', caseId: 'a', traceId: 'tr_real2' }));
    await runs.putResult(sampleResult({ runId: 'run_h', variant: 'elsewhere', caseId: 'a', traceId: 'tr_in_another_store' }));
    const heard = [
      { variant: 'elsewhere', provider: 'simulated-openai', model: 'standin-small', simulated: true },
      // The traces, where there are some, win over what the answers said.
      { variant: 'traced', provider: 'simulated-openai', model: 'standin-small', simulated: true },
    ];
    expect(await runs.reconcileTargets('run_h', heard)).toBe(2);
    const variants = (await runs.get('run_h')).variants;
    expect(variants.elsewhere?.targets).toEqual([{ provider: 'simulated-openai', model: 'standin-small', simulated: true }]);
    expect(variants.traced?.targets).toEqual([{ provider: 'openai', model: 'gpt-5.4-mini' }]);
  });
}

/**
 * What every JudgeStore and ResponseCache must do.
 *
 * @example forEachBackend((backend) => describe('judgeAndCacheContract', () => judgeAndCacheContract(backend)));
 */
export function judgeAndCacheContract(backend: StoreBackend): void {
  it('saves judges as versions and resolves the latest or a pinned one', async () => {
    const { judges } = await backend.fresh();
    const spec = judgeSpec({ model: 'judge', rubric: 'Correct?', anchors: [{ input: 'q', output: 'a', score: 5 }] });
    const v1 = await judges.save('quality', spec, { test: { kappa: { estimate: 0.8 } } });
    const v2 = await judges.save('quality', { ...spec, rubric: 'Correct and polite?' }, null);
    await judges.save('tone', spec, undefined);
    expect(v1).toMatchObject({ name: 'quality', version: 1, spec: { ...spec, name: 'quality', version: 1 }, report: { test: { kappa: { estimate: 0.8 } } } });
    expect(await judges.resolve('quality')).toEqual(v2);
    expect(await judges.resolve('quality@1')).toEqual(v1);
    expect(v2.report).toBeNull();
    expect((await judges.list()).map((j) => `${j.name}@${j.version}`)).toEqual(['quality@2', 'quality@1', 'tone@1']);
    await expect(judges.resolve('quality@x')).rejects.toThrow('judge "quality@x" not found (saved judges: quality@2, quality@1, tone@1)');
    await expect(judges.resolve('qualty@1')).rejects.toThrow('judge "qualty@1" not found; did you mean "quality@1"? (saved judges: quality@2, quality@1, tone@1)');
    await expect(judges.resolve('tones')).rejects.toThrow('judge "tones" not found; did you mean "tone"? (saved judges:');
    await expect(judges.save('bad name', spec, null)).rejects.toThrow(/judge name "bad name"/);
  });

  it('caches answers by key', async () => {
    const { responseCache } = await backend.fresh();
    expect(await responseCache.get('chat:abc')).toBeUndefined();
    const answer = { text: 'hi', inputTokens: 3, costUsd: 0.001, traceId: 'tr_1', cached: false, logprobs: null };
    await responseCache.put('chat:abc', answer);
    expect(await responseCache.get('chat:abc')).toEqual(answer);
    await responseCache.put('chat:abc', { text: 'again' });
    expect(await responseCache.get('chat:abc')).toEqual({ text: 'again' });
  });
}
