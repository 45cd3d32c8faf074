import { expect, it } from 'vitest';
import { eraseCopies } from '../erase-copies.js';
import { traceSignal } from '../../monitor/signals/trace-signal.js';
import { sampleTrace } from '../../test-support/sample-trace.js';
import type { DatasetItem } from '../../evals/types.js';
import { pseudonymizer } from '../../guardrails/redaction/pseudonym.js';
import type { Stores } from '../stores.js';
import type { StoreBackend } from './backends.js';
import { sampleResult, sampleRun } from './eval-samples.js';
import { ExampleBuffer } from '../../local/serving/example-buffer.js';
import type { StoredExample } from '../../local/examples/example-store.js';
import type { StoredResponse } from '../../gateway/responses/response-store.js';

// Words only alice's calls hold: any copy of them left after the erasure is a copy of hers.
const ALICE_WORDS = 'Quellmoor';
const chat = (content: string) => ({ choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }] });
const ask = (content: string, extra: Record<string, unknown> = {}) => ({ model: 'support', messages: [{ role: 'user', content }], ...extra });
const pseudonym = pseudonymizer('a secret of at least sixteen characters');

/** Every copy the stores hold of these traces, as one text to search. */
async function everything(stores: Stores, traceIds: string[]): Promise<string> {
  const parts: unknown[] = [await stores.traces.getTraces(traceIds), (await stores.traces.listTraces({ text: ALICE_WORDS })).traces];
  for (const id of ['resp_alice', 'resp_alice_next', 'resp_bob', 'resp_alice_orphan']) parts.push(await stores.responses.get(id));
  for await (const r of stores.runs.results('run_1')) parts.push(r);
  for (const key of ['chat:alice', 'chat:bob', 'chat:eval_alice']) parts.push(await stores.responseCache.get(key));
  const version = await stores.datasets.latest('from-traces');
  if (version) for await (const item of stores.datasets.items(version.id)) parts.push(item);
  for (const id of traceIds) parts.push(await stores.reviews.forTrace(id));
  parts.push(await stores.monitor.listSignals({ since: 0, until: Date.now() + 1 }));
  parts.push(await stores.examples.list('intent', 100));
  parts.push(await stores.monitor.listDocs('drift-report', { since: 0 }));
  return JSON.stringify(parts);
}

/**
 * An erasure request deletes every trace of the person and every copy derived from them, by the
 * trace ids, on every backend: see erase-copies.ts.
 */
export function eraseCopiesContract(backend: StoreBackend): void {
  it("deletes a user's traces (by id, safety_identifier, Anthropic metadata.user_id, keyed pseudonym) and every copy of them, keeps the spend, leaves the others, and finds nothing when run again", async () => {
    const stores = await backend.fresh();
    // Mid-hour, so the calls' spend stands in as one row.
    const now = Date.UTC(2026, 11, 6, 12, 30);
    const alice = [
      sampleTrace({ id: 'tr_a_user', ts: now - 5, costUsd: 0.25, keyName: 'web', request: ask(`My ${ALICE_WORDS} account is locked`, { user: 'alice' }), response: chat(`Unlock ${ALICE_WORDS} now.`) }),
      sampleTrace({ id: 'tr_a_safety', ts: now - 4, costUsd: 0.5, keyName: 'web', request: ask(`${ALICE_WORDS} again`, { safety_identifier: 'alice' }), response: chat('Done.'), session: 'conv-1' }),
      sampleTrace({ id: 'tr_a_anthropic', ts: now - 3, endpoint: 'messages', costUsd: 0, request: { model: 'claude', max_tokens: 10, metadata: { user_id: 'alice' }, messages: [{ role: 'user', content: ALICE_WORDS }] }, response: { content: [{ type: 'text', text: 'ok' }] } }),
      // Kept `trace: redacted`: the request holds the pseudonym a PII policy gave the id, not the id.
      sampleTrace({ id: 'tr_a_pseudonym', ts: now - 2, costUsd: 0.125, keyName: 'web', request: ask(`${ALICE_WORDS} card`, { user: pseudonym('alice', 'user') }), response: chat('Card sent.') }),
      sampleTrace({ id: 'tr_a_responses', ts: now - 1, endpoint: 'responses', costUsd: 0, request: { model: 'support', input: ALICE_WORDS, user: 'alice' }, response: { id: 'resp_alice', object: 'response', output: [] }, decisions: { stored_response: { id: 'resp_alice' } } }),
    ];
    const bob = sampleTrace({ id: 'tr_b', ts: now - 5, costUsd: 1, keyName: 'web', request: ask('Where is my parcel?', { user: 'bob' }), response: chat('On its way.') });
    // An id that merely contains alice's ("alice2"), and a body holding "alice" as text only, are someone else's.
    const alice2 = sampleTrace({ id: 'tr_alice2', ts: now - 5, request: ask('hello alice', { user: 'alice2' }), response: chat('hi') });
    // An eval call of a case made from alice's trace sent her input: found through the eval result.
    const evalCall = sampleTrace({ id: 'tr_eval_alice', ts: now, keyName: 'eval', costUsd: 0, request: ask(`My ${ALICE_WORDS} account is locked`), response: chat('Unlock it.') });
    const all = [...alice, bob, alice2, evalCall];
    await stores.traces.insertTraces(all);
    const traceIds = all.map((t) => t.id);

    const stored = (id: string, previous: string | null, text: string) => ({ id, owner: null, createdAt: now, input: [{ role: 'user', content: text }], response: { id, object: 'response', previous_response_id: previous, output: [] } });
    await stores.responses.put(stored('resp_alice', null, ALICE_WORDS));
    await stores.responses.put(stored('resp_alice_next', 'resp_alice', `${ALICE_WORDS} more`));
    await stores.responses.put(stored('resp_bob', null, 'parcel'));
    // A stored response whose trace retention deleted: found by the user id its Response echoes.
    await stores.responses.put({ ...stored('resp_alice_orphan', null, ALICE_WORDS), response: { id: 'resp_alice_orphan', object: 'response', user: 'alice', output: [] } });
    await stores.responses.put({ ...stored('resp_alice2', null, 'hello'), response: { id: 'resp_alice2', object: 'response', user: 'alice2', output: [] } });
    await stores.runs.create(sampleRun({ id: 'run_1' }));
    await stores.runs.putResult(sampleResult({ runId: 'run_1', caseId: 'tr_a_user', output: `Unlock ${ALICE_WORDS}.`, traceId: 'tr_eval_alice' }));
    await stores.runs.putResult(sampleResult({ runId: 'run_1', caseId: 'tr_b', position: 1, output: 'On its way.', traceId: 'tr_eval_bob' }));
    await stores.responseCache.put('chat:eval_alice', { text: `Unlock ${ALICE_WORDS}.`, traceId: 'tr_eval_alice' });
    await stores.responseCache.put('chat:alice', { text: `Unlock ${ALICE_WORDS} now.`, traceId: 'tr_a_user' });
    await stores.responseCache.put('chat:bob', { text: 'On its way.', traceId: 'tr_b' });
    const item = (id: string, input: string, output: string): DatasetItem => ({ id, input, output, metadata: { trace_id: id, user: id === 'tr_b' ? 'bob' : 'alice' } });
    await stores.datasets.commit('from-traces', [item('tr_a_user', `My ${ALICE_WORDS} account`, 'Unlock.'), item('tr_b', 'Where is my parcel?', 'On its way.')]);
    const [aliceItem] = await stores.reviews.enqueue([{ traceId: 'tr_a_user', source: 'manual', reason: 'check', input: ALICE_WORDS, output: 'Unlock.' }]);
    const [bobItem] = await stores.reviews.enqueue([{ traceId: 'tr_b', source: 'manual', reason: 'check', input: 'parcel', output: 'On its way.' }]);
    await stores.reviews.addReview(aliceItem?.id as string, 'ana', { score: 2, pass: false, corrected: `${ALICE_WORDS} is unlocked.`, comment: 'vague' });
    await stores.reviews.addReview(bobItem?.id as string, 'ana', { score: 5, pass: true, corrected: 'It ships today.', comment: null });
    await stores.reviews.addFeedback({ traceId: 'tr_a_safety', keyName: null, score: null, thumbs: 'down', comment: 'wrong', corrected: ALICE_WORDS });
    await stores.monitor.putSignals(all.map((t) => traceSignal(t)));
    // A drift report showing one of her requests and one of his as examples.
    const example = (traceId: string, prompt: string) => ({ traceId, ts: now, prompt, note: 'new topic' });
    await stores.monitor.putDoc({ kind: 'drift-report', key: 'dr_1', ts: now, route: 'support', body: { id: 'dr_1', route: 'support', features: [{ name: 'topic', examples: [example('tr_a_user', `My ${ALICE_WORDS} account`), example('tr_b', 'Where is my parcel?')] }] } });
    await stores.examples.add([
      { route: 'intent', text: `${ALICE_WORDS} locked`, label: 'unlock', source: 'teacher', traceId: 'tr_a_user', at: now - 5 },
      { route: 'intent', text: 'parcel', label: 'shipping', source: 'teacher', traceId: 'tr_b', at: now - 5 },
    ]);
    // A live model of the route, registered after her example was added: it may have learnt from it.
    const version = await stores.models.register({ route: 'intent', dataVersion: 'a'.repeat(64), metrics: { accuracy: 0.91, coverage: 0.88, precision: 0.96, examples: 1000 }, model: Uint8Array.from([1, 2, 3]), createdAt: now });
    await stores.models.promote('intent', version.version, { minPrecision: 0.95, minCoverage: 0.5 }, now);
    expect(await everything(stores, traceIds)).toContain(ALICE_WORDS);
    const webSpend = () => stores.spend.spendOfKey({ id: 'ks_none', name: 'web' }, 0);
    expect(await webSpend()).toBe(1.875);

    const match = { users: ['alice', pseudonym('alice', 'user')] };
    // A dry run counts what the erasure deletes, and changes nothing.
    const dry = await eraseCopies({ stores }, match, { at: now, dryRun: true, batch: 2, scan: 3 });
    // Review items: the one queued by hand, and the one her thumbs-down queued. Spend: one stand-in per batch of her costed calls (same hour, key and model).
    // Stored responses: hers, the turn continuing it, and the one only its Response names her in.
    const expected = { traces: 6, cachedAnswers: 0, storedResponses: 3, evalResults: 1, evalCache: 2, datasetItems: 1, reviewItems: 2, reviews: 1, feedback: 1, monitorSignals: 6, localExamples: 1, driftExamples: 1 };
    expect(dry).toMatchObject({ dryRun: true, erased: expected, spendKept: { standIns: 3, costUsd: 0.875 } });
    expect(await everything(stores, traceIds)).toContain(ALICE_WORDS);

    // One trace per batch, three per scan: the windows follow one another by id.
    let n = 0;
    const report = await eraseCopies({ stores, newId: () => `tr_erased_${++n}` }, match, { at: now, batch: 1, scan: 3 });
    expect(report).toEqual({ dryRun: false, erased: expected, spendKept: { standIns: 3, costUsd: 0.875 }, localModels: [{ route: 'intent', examples: 1, liveVersion: version.version, mayHaveLearnt: true }] });
    expect(await everything(stores, traceIds)).not.toContain(ALICE_WORDS);
    expect(await stores.traces.getTraces(traceIds)).toEqual(expect.arrayContaining([bob, alice2]));
    expect((await stores.traces.getTraces(traceIds)).map((t) => t.id).sort()).toEqual(['tr_alice2', 'tr_b']);
    expect((await stores.traces.listTraces({ text: ALICE_WORDS })).traces).toEqual([]);

    // The spend stays, with nothing of hers: budgets count the same after a restart.
    expect(await webSpend()).toBe(1.875);
    const standIn = await stores.traces.getTrace('tr_erased_1');
    expect(standIn).toMatchObject({ keyName: 'web', ts: Date.UTC(2026, 11, 6, 12), request: null, response: null, metadata: null, decisions: { erased: { at: now, calls: 1 } } });
    expect(standIn?.session ?? null).toBeNull();

    // Bob's copies are as they were.
    expect(await stores.responses.get('resp_bob')).toBeDefined();
    expect(await stores.responses.get('resp_alice2')).toBeDefined();
    expect(await stores.responses.get('resp_alice_orphan')).toBeUndefined();
    expect(await stores.responseCache.get('chat:bob')).toEqual({ text: 'On its way.', traceId: 'tr_b' });
    expect((await stores.runs.result('run_1', 'small', 'tr_b', 0))?.output).toBe('On its way.');
    expect((await stores.reviews.forTrace('tr_b')).reviews[0]?.corrected).toBe('It ships today.');
    expect((await stores.examples.list('intent', 10)).map((e) => e.text)).toEqual(['parcel']);
    const dataset = await stores.datasets.latest('from-traces');
    const items: DatasetItem[] = [];
    for await (const i of stores.datasets.items(dataset?.id as string)) items.push(i);
    expect(items).toEqual([{ id: 'tr_a_user', input: '', metadata: { trace_id: 'tr_a_user', erased: now } }, item('tr_b', 'Where is my parcel?', 'On its way.')]);
    const signals = await stores.monitor.listSignals({ since: 0, until: Date.now() + 1 });
    expect(signals.map((s) => s.traceId).sort()).toEqual(['tr_alice2', 'tr_b']);
    const [drift] = await stores.monitor.listDocs<{ features: { examples: { traceId: string }[] }[] }>('drift-report', { since: 0 });
    expect(drift?.body.features[0]?.examples.map((e) => e.traceId)).toEqual(['tr_b']);

    const again = await eraseCopies({ stores }, match, { at: now });
    expect(again.erased).toEqual({ traces: 0, cachedAnswers: 0, storedResponses: 0, evalResults: 0, evalCache: 0, datasetItems: 0, reviewItems: 0, reviews: 0, feedback: 0, monitorSignals: 0, localExamples: 0, driftExamples: 0 });
    expect(again.spendKept).toEqual({ standIns: 0, costUsd: 0 });
  });

  it('narrows by metadata (the header or the body), by session, and by all given together; never by nothing', async () => {
    const stores = await backend.fresh();
    const t = (id: string, fields: Parameters<typeof sampleTrace>[0]) => sampleTrace({ id, ts: 1, ...fields });
    await stores.traces.insertTraces([
      t('tr_header', { metadata: { customer_id: 'c-1/"é"' } }),
      t('tr_body', { metadata: null, request: ask('x', { metadata: { customer_id: 'c-1/"é"' } }) }),
      t('tr_other', { metadata: { customer_id: 'c-10' } }),
      t('tr_session', { metadata: { customer_id: 'c-1/"é"' }, session: 'conv-9' }),
      t('tr_null_bytes', { metadata: null, request: ask('a\u0000b', { user: 'nul' }) }),
    ]);
    const found = async (match: Parameters<Stores['traces']['erasable']>[0]) => (await stores.traces.erasable(match, { scan: 100 })).ids;
    expect(await found({ metadata: { customer_id: ['c-1/"é"'] } })).toEqual(['tr_body', 'tr_header', 'tr_session']);
    expect(await found({ session: 'conv-9' })).toEqual(['tr_session']);
    expect(await found({ session: 'conv-9', metadata: { customer_id: ['c-10'] } })).toEqual([]);
    expect(await found({ users: ['nul'] })).toEqual(['tr_null_bytes']);
    await expect(found({})).rejects.toThrow(/would match every trace/);
    await expect(found({ users: [''] })).rejects.toThrow(/would match every trace/);
    await expect(found({ metadata: { customer_id: [] } })).rejects.toThrow(/would match every trace/);
    expect(await stores.traces.deleteTraces(['tr_header', 'tr_missing'])).toBe(1);
    expect(await stores.traces.deleteTraces(['tr_header'])).toBe(0);
    expect(await found({ metadata: { customer_id: ['c-1/"é"'] } })).toEqual(['tr_body', 'tr_session']);
  });

  it('a dry run counts every turn of a Responses conversation the real run deletes, each once, however many of its traces name turns', async () => {
    const stores = await backend.fresh();
    const now = Date.UTC(2026, 11, 6, 12, 30);
    // Three turns: the first two sent erin's id, the third only previous_response_id (its trace is not hers).
    const turn = (n: number, user: string | undefined) =>
      sampleTrace({ id: `tr_turn_${n}`, ts: now + n, endpoint: 'responses', costUsd: 0, request: { model: 'support', input: `turn ${n}`, ...(user ? { user } : {}), ...(n > 1 ? { previous_response_id: `resp_turn_${n - 1}` } : {}) }, response: { id: `resp_turn_${n}`, object: 'response', output: [] } });
    await stores.traces.insertTraces([turn(1, 'erin'), turn(2, 'erin'), turn(3, undefined)]);
    for (const n of [1, 2, 3]) {
      await stores.responses.put({ id: `resp_turn_${n}`, owner: null, createdAt: now, input: [{ role: 'user', content: `turn ${n}` }], response: { id: `resp_turn_${n}`, object: 'response', previous_response_id: n > 1 ? `resp_turn_${n - 1}` : null, user: n < 3 ? 'erin' : null, output: [] } });
    }
    await stores.responses.put({ id: 'resp_other', owner: null, createdAt: now, input: [], response: { id: 'resp_other', object: 'response', previous_response_id: null, output: [] } });
    const match = { users: ['erin'] };
    // One trace per batch: each turn's trace is met apart from the others, as in a large erasure.
    const dry = await eraseCopies({ stores }, match, { at: now, dryRun: true, batch: 1, scan: 1 });
    expect(dry.erased).toMatchObject({ traces: 2, storedResponses: 3 });
    expect(await stores.responses.get('resp_turn_3')).toBeDefined();
    const real = await eraseCopies({ stores }, match, { at: now, batch: 1, scan: 1 });
    expect(real.erased).toEqual(dry.erased);
    for (const n of [1, 2, 3]) expect(await stores.responses.get(`resp_turn_${n}`)).toBeUndefined();
    expect(await stores.responses.get('resp_other')).toBeDefined();
    expect(await stores.responses.conversations(['resp_turn_1'])).toEqual([]);
  });

  it('finds stored Responses whose trace is gone by the body metadata they repeat, with the turns continuing them; not by a session when its call had none', async () => {
    const stores = await backend.fresh();
    const now = Date.UTC(2026, 11, 6, 12, 30);
    const response = (id: string, fields: Record<string, unknown>) => ({ id, owner: null, createdAt: now, input: [{ role: 'user', content: id }], response: { id, object: 'response', previous_response_id: null, output: [], ...fields } });
    await stores.responses.put(response('resp_c1', { metadata: { customer_id: 'c-1/"é"' } }));
    await stores.responses.put(response('resp_c1_next', { previous_response_id: 'resp_c1', metadata: {} }));
    await stores.responses.put(response('resp_c10', { metadata: { customer_id: 'c-10' } }));
    await stores.responses.put(response('resp_alice_c2', { user: 'alice', metadata: { customer_id: 'c-2' } }));
    // No trace names any of them (retention deleted the traces first).
    const byCustomer = { metadata: { customer_id: ['c-1/"é"'] } };
    expect(await stores.responses.echoing(byCustomer)).toEqual(['resp_c1']);
    expect(await stores.responses.echoing({ users: ['alice'], metadata: { customer_id: ['c-2'] } })).toEqual(['resp_alice_c2']);
    expect(await stores.responses.echoing({ users: ['alice'], metadata: { customer_id: ['c-1/"é"'] } })).toEqual([]);
    expect(await stores.responses.echoing({ session: 'conv-1' })).toEqual([]);
    expect(await stores.responses.echoing({ users: ['alice'], session: 'conv-1' })).toEqual([]);
    await expect(stores.responses.echoing({})).rejects.toThrow(/would match every trace/);

    expect((await eraseCopies({ stores }, { session: 'conv-1' }, { at: now })).erased.storedResponses).toBe(0);
    const dry = await eraseCopies({ stores }, byCustomer, { at: now, dryRun: true });
    expect(dry.erased.storedResponses).toBe(2);
    expect((await eraseCopies({ stores }, byCustomer, { at: now })).erased).toEqual(dry.erased);
    expect(await stores.responses.get('resp_c1')).toBeUndefined();
    expect(await stores.responses.get('resp_c1_next')).toBeUndefined();
    expect(await stores.responses.get('resp_c10')).toBeDefined();
    expect((await eraseCopies({ stores }, { users: ['alice'], metadata: { customer_id: ['c-2'] } }, { at: now })).erased.storedResponses).toBe(1);
  });

  it('finds stored Responses whose trace is gone by the session and header metadata their call carried, with the turns continuing them', async () => {
    const stores = await backend.fresh();
    const now = Date.UTC(2026, 11, 6, 12, 30);
    const response = (id: string, context: StoredResponse['context'], previous: string | null = null): StoredResponse => ({
      id, owner: null, createdAt: now, input: [{ role: 'user', content: id }], response: { id, object: 'response', previous_response_id: previous, output: [] }, ...(context ? { context } : {}),
    });
    await stores.responses.put(response('resp_s1', { session: 'conv-1' }));
    await stores.responses.put(response('resp_s1_next', undefined, 'resp_s1'));
    await stores.responses.put(response('resp_s10', { session: 'conv-10', metadata: { tenant: 'acme' } }));
    await stores.responses.put(response('resp_h', { metadata: { customer_id: 'c-1/"é"', tenant: 'acme' } }));
    await stores.responses.put(response('resp_none', undefined));
    expect((await stores.responses.get('resp_s10'))?.context).toEqual({ session: 'conv-10', metadata: { tenant: 'acme' } });
    expect(await stores.responses.echoing({ session: 'conv-1' })).toEqual(['resp_s1']);
    expect(await stores.responses.echoing({ session: 'conv' })).toEqual([]);
    expect(await stores.responses.echoing({ metadata: { customer_id: ['c-1/"é"'] } })).toEqual(['resp_h']);
    expect((await stores.responses.echoing({ metadata: { tenant: ['acme'] } })).sort()).toEqual(['resp_h', 'resp_s10']);
    expect(await stores.responses.echoing({ metadata: { tenant: ['acme'] }, session: 'conv-10' })).toEqual(['resp_s10']);
    expect(await stores.responses.echoing({ metadata: { tenant: ['acme'] }, session: 'conv-1' })).toEqual([]);

    const dry = await eraseCopies({ stores }, { session: 'conv-1' }, { at: now, dryRun: true });
    expect(dry.erased.storedResponses).toBe(2);
    expect((await eraseCopies({ stores }, { session: 'conv-1' }, { at: now })).erased).toEqual(dry.erased);
    expect(await stores.responses.get('resp_s1')).toBeUndefined();
    expect(await stores.responses.get('resp_s1_next')).toBeUndefined();
    for (const kept of ['resp_s10', 'resp_h', 'resp_none']) expect(await stores.responses.get(kept)).toBeDefined();
  });

  it('reaches local-model examples still buffered in memory: they are written first, then deleted', async () => {
    const stores = await backend.fresh();
    const now = Date.UTC(2026, 11, 6, 12, 30);
    await stores.traces.insertTraces([sampleTrace({ id: 'tr_frank', ts: now, request: ask('Frank asks', { user: 'frank' }) })]);
    // The buffer's batch waits on the store until the erasure asks for it: in memory, not yet written.
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const gated = { ...stores.examples, add: async (batch: readonly StoredExample[]) => (await gate, stores.examples.add(batch)) };
    const buffer = new ExampleBuffer({ store: gated, route: 'intent', log: () => {}, stored: 0, onFlushed: () => {} });
    buffer.add({ route: 'intent', text: 'Frank asks', label: 'unlock', source: 'teacher', traceId: 'tr_frank', at: now });
    const flushed: string[] = [];
    const flushExamples = async () => {
      release();
      await buffer.written();
      flushed.push('examples');
    };
    const report = await eraseCopies({ stores, flushExamples, flushTraces: async () => void flushed.push('traces') }, { users: ['frank'] }, { at: now });
    expect(report.erased).toMatchObject({ traces: 1, localExamples: 1 });
    // Examples first: a shadow check's own call queues its trace as it ends.
    expect(flushed).toEqual(['examples', 'traces']);
    await buffer.written();
    expect(await stores.examples.list('intent', 10)).toEqual([]);
  });
}
