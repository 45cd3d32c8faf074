import { expect, it } from 'vitest';
import { purgeCopies } from '../purge-copies.js';
import { traceSignal } from '../../monitor/signals/trace-signal.js';
import { sampleTrace } from '../../test-support/sample-trace.js';
import type { DatasetItem } from '../../evals/types.js';
import type { Stores } from '../stores.js';
import type { StoreBackend } from './backends.js';
import { sampleResult, sampleRun } from './eval-samples.js';

const LEAKED = 'docs/leaked "q".md';
const chunk = (docId: string, text?: string) => ({ index: 1, docId, chunkId: `${docId}#0`, title: 't', headingPath: [], score: 1, start: 0, end: 10, ...(text === undefined ? {} : { text }) });
const knowledge = (base: string, chunks: ReturnType<typeof chunk>[]) => ({ route: { model: 'm' }, knowledge: { base, version: 1, retrievalMs: 1, chunks } });
const chat = (content: string) => ({ choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }] });
const ask = (content: string) => ({ model: 'support', messages: [{ role: 'user', content }] });

/** Every copy the stores hold, as one text to search: what a purge must leave without the document's words. */
async function everything(stores: Stores, traceIds: string[]): Promise<string> {
  const parts: unknown[] = [await stores.traces.getTraces(traceIds)];
  for (const id of ['resp_leaked', 'resp_next', 'resp_other', 'resp_meta']) parts.push(await stores.responses.get(id));
  for await (const r of stores.runs.results('run_1')) parts.push(r);
  for (const key of ['chat:leaked', 'chat:kept']) parts.push(await stores.responseCache.get(key));
  const version = await stores.datasets.latest('from-traces');
  if (version) for await (const item of stores.datasets.items(version.id)) parts.push(item);
  for (const id of traceIds) parts.push(await stores.reviews.forTrace(id));
  parts.push(await stores.monitor.listSignals({ since: 0, until: Date.now() + 1 }));
  return JSON.stringify(parts);
}

/**
 * A purge of knowledge documents reaches every copy of what was derived from them, by the ids
 * the grounded calls recorded, on every backend: see purge-copies.ts.
 */
export function purgeCopiesContract(backend: StoreBackend): void {
  it('blanks every copy of the answers grounded in purged documents, counts each place, leaves the rest, and changes nothing when run again', async () => {
    const stores = await backend.fresh();
    const leaked = sampleTrace({ id: 'tr_leaked', ts: 1, request: ask('Why was he dismissed?'), response: chat('Pemberdine was dismissed for theft.'), decisions: { ...knowledge('handbook', [chunk(LEAKED, 'Pemberdine was dismissed.'), chunk('docs/kept.md', 'Leave is 25 days.')]), groundedness: { action: 'flag', by: 'lexical', pass: false, score: 0.5, reason: '1 of 2', unsupported: [{ sentence: 1, start: 0, end: 10, text: 'for theft Pemberdine', reason: 'not in the context' }], checkMs: 1 } } });
    const idOnly = sampleTrace({ id: 'tr_ids_only', ts: 2, response: chat('Pemberdine left.'), decisions: knowledge('handbook', [chunk(LEAKED)]) });
    const responses = sampleTrace({ id: 'tr_responses', ts: 3, endpoint: 'responses', request: { model: 'support', input: 'Who left?' }, response: { id: 'resp_leaked', object: 'response', output: [{ type: 'message', content: [{ type: 'output_text', text: 'Pemberdine left.' }] }] }, decisions: knowledge('handbook', [chunk(LEAKED, 'Pemberdine was dismissed.')]) });
    // Traces that keep no bodies (traces.bodies: metadata) name the stored copy in their decisions.
    const metadataOnly = sampleTrace({ id: 'tr_responses_meta', ts: 3, endpoint: 'responses', request: null, response: null, decisions: { ...knowledge('handbook', [chunk(LEAKED)]), stored_response: { id: 'resp_meta' } } });
    const kept = sampleTrace({ id: 'tr_kept', ts: 4, request: ask('How much leave?'), response: chat('Leave is 25 days.'), decisions: knowledge('handbook', [chunk('docs/kept.md', 'Leave is 25 days.')]) });
    // The same document id in another base is another document.
    const otherBase = sampleTrace({ id: 'tr_other_base', ts: 5, response: chat('Quillfeather signed.'), decisions: knowledge('contracts', [chunk(LEAKED, 'Quillfeather signed.')]) });
    const plain = sampleTrace({ id: 'tr_plain', ts: 6, response: chat('Hello there.') });
    // A cache hit keeps no copy of the answer it sent (it names the trace that has it), but a dataset item or an eval result made from it does.
    const hit = sampleTrace({ id: 'tr_hit', ts: 7, request: ask('Why was he dismissed?'), response: null, decisions: { cache: { status: 'hit', trace: 'tr_leaked' } } });
    const keptHit = sampleTrace({ id: 'tr_kept_hit', ts: 8, request: ask('How much leave?'), response: null, decisions: { cache: { status: 'hit', trace: 'tr_kept' } } });
    const all = [leaked, idOnly, responses, metadataOnly, kept, otherBase, plain, hit, keptHit];
    await stores.traces.insertTraces(all);
    const traceIds = all.map((t) => t.id);

    const responseOf = (id: string, text: string, previous: string | null) => ({ id, owner: null, createdAt: Date.now(), input: [{ role: 'user', content: 'q' }], response: { id, object: 'response', previous_response_id: previous, output: [{ type: 'message', content: [{ type: 'output_text', text }] }] } });
    await stores.responses.put(responseOf('resp_leaked', 'Pemberdine left.', null));
    // The next turn holds the first one's answer in its input.
    await stores.responses.put({ ...responseOf('resp_next', 'He did.', 'resp_leaked'), input: [{ role: 'assistant', content: 'Pemberdine left.' }] });
    await stores.responses.put(responseOf('resp_other', 'Leave is 25 days.', null));
    await stores.responses.put(responseOf('resp_meta', 'Pemberdine resigned.', null));

    await stores.runs.create(sampleRun({ id: 'run_1' }));
    await stores.runs.putResult(sampleResult({ runId: 'run_1', caseId: 'tr_leaked', output: 'Pemberdine was dismissed for theft.', traceId: 'tr_leaked' }));
    await stores.runs.putResult(sampleResult({ runId: 'run_1', caseId: 'tr_kept', position: 1, output: 'Leave is 25 days.', traceId: 'tr_kept' }));
    await stores.runs.putResult(sampleResult({ runId: 'run_1', caseId: 'tr_hit', position: 2, output: 'Pemberdine was dismissed for theft.', traceId: 'tr_hit' }));
    await stores.responseCache.put('chat:leaked', { text: 'Pemberdine was dismissed for theft.', traceId: 'tr_leaked', decisions: leaked.decisions });
    await stores.responseCache.put('chat:kept', { text: 'Leave is 25 days.', traceId: 'tr_kept' });

    const item = (id: string, output: string, expected?: string): DatasetItem => ({ id, input: 'q', output, ...(expected ? { expected } : {}), metadata: { trace_id: id, model: 'support' } });
    await stores.datasets.commit('from-traces', [item('tr_leaked', 'Pemberdine was dismissed for theft.', 'Pemberdine was dismissed.'), item('tr_kept', 'Leave is 25 days.'), item('tr_hit', 'Pemberdine was dismissed for theft.'), item('tr_kept_hit', 'Leave is 25 days.')]);

    const [leakedItem] = await stores.reviews.enqueue([{ traceId: 'tr_leaked', source: 'manual', reason: 'check', input: 'Why was he dismissed?', output: 'Pemberdine was dismissed for theft.' }]);
    const [keptItem] = await stores.reviews.enqueue([{ traceId: 'tr_kept', source: 'manual', reason: 'check', input: 'How much leave?', output: 'Leave is 25 days.' }]);
    await stores.reviews.enqueue([{ source: 'eval', reason: 'weak', output: 'Pemberdine was dismissed for theft.', evalCase: { runId: 'run_1', runName: 'support', variant: 'small', caseId: 'tr_leaked', repeat: 0, expected: 'Pemberdine was dismissed.', quality: 0.2, scores: [] } }]);
    await stores.reviews.addReview(leakedItem?.id as string, 'ana', { score: 2, pass: false, corrected: 'Pemberdine was dismissed in May.', comment: 'wrong month' });
    await stores.reviews.addReview(keptItem?.id as string, 'ana', { score: 5, pass: true, corrected: 'Leave is 25 working days.', comment: null });
    await stores.reviews.addFeedback({ traceId: 'tr_leaked', keyName: null, score: null, thumbs: 'down', comment: 'wrong', corrected: 'Pemberdine resigned.' });

    await stores.monitor.putSignals(all.map((t) => traceSignal(t)));

    const before = await everything(stores, traceIds);
    expect(before).toContain('Pemberdine');

    const purge = { base: 'handbook', docIds: [LEAKED, 'docs/never.md'], at: 1_700_000_000_000 };
    // One trace per batch, two per scan: the windows follow one another by id. (A Responses API trace's signal keeps no answer text.)
    const counts = await purgeCopies({ stores }, purge, { batch: 1, scan: 2 });
    expect(counts).toEqual({ traces: 4, cachedAnswers: 0, storedResponses: 3, evalResults: 2, evalCache: 1, datasetItems: 2, reviewItems: 2, reviews: 1, feedback: 1, monitorSignals: 2 });

    expect(await everything(stores, traceIds)).not.toContain('Pemberdine');
    const after = await stores.traces.getTrace('tr_leaked');
    expect(after?.response).toBeNull();
    expect(after?.request).toEqual(leaked.request);
    expect(after?.decisions).toMatchObject({ knowledge: { chunks: [chunk(LEAKED), chunk('docs/kept.md', 'Leave is 25 days.')] }, purged: { at: purge.at } });
    expect(await stores.responses.get('resp_leaked')).toBeUndefined();
    expect(await stores.responses.get('resp_next')).toBeUndefined();
    const version = await stores.datasets.latest('from-traces');
    const items: DatasetItem[] = [];
    for await (const i of stores.datasets.items(version?.id as string)) items.push(i);
    expect(items[0]).toEqual({ id: 'tr_leaked', input: 'q', metadata: { trace_id: 'tr_leaked', model: 'support', purged: purge.at } });

    // The rest is as it was: other documents, the same id in another base, traces of no base.
    const untouched = [kept, otherBase, plain];
    expect(await stores.traces.getTraces(untouched.map((t) => t.id))).toEqual(expect.arrayContaining(untouched));
    // A hit reads its answer from its origin's trace: the purged one's is gone, the other's is there.
    expect((await stores.traces.getTrace('tr_hit'))?.response).toBeNull();
    expect((await stores.traces.getTrace('tr_kept_hit'))?.response).toEqual(kept.response);
    expect(await stores.responses.get('resp_other')).toBeDefined();
    expect(await stores.responseCache.get('chat:kept')).toEqual({ text: 'Leave is 25 days.', traceId: 'tr_kept' });
    expect(items[1]).toEqual(item('tr_kept', 'Leave is 25 days.'));
    expect(items[3]).toEqual(item('tr_kept_hit', 'Leave is 25 days.'));
    expect((await stores.runs.result('run_1', 'small', 'tr_kept', 0))?.output).toBe('Leave is 25 days.');
    expect((await stores.reviews.forTrace('tr_kept')).reviews[0]?.corrected).toBe('Leave is 25 working days.');
    expect((await stores.reviews.forTrace('tr_leaked')).reviews[0]).toMatchObject({ score: 2, corrected: null, comment: 'wrong month' });
    const signals = await stores.monitor.listSignals({ since: 0, until: Date.now() + 1 });
    expect(signals.find((s) => s.traceId === 'tr_kept')?.answer).toBe('Leave is 25 days.');
    expect(signals.find((s) => s.traceId === 'tr_leaked')?.prompt).toBe('Why was he dismissed?');

    expect(await purgeCopies({ stores }, purge)).toEqual({ traces: 0, cachedAnswers: 0, storedResponses: 0, evalResults: 0, evalCache: 0, datasetItems: 0, reviewItems: 0, reviews: 0, feedback: 0, monitorSignals: 0 });
  });
}
