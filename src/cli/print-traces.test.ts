import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openStores } from '../store/open-stores.js';
import { sampleTrace } from '../test-support/sample-trace.js';
import { registerDatasets } from './commands/datasets.js';
import { registerEval } from './commands/eval.js';
import { registerTraces } from './commands/traces.js';
import { ms } from '../evals/report/format-numbers.js';
import { traceRow } from './print-traces.js';
import { UNKNOWN_MODEL } from '../core/requested-model.js';

const dir = mkdtempSync(join(tmpdir(), 'sy-traces-cli-'));
const db = join(dir, 'sy.db');
let printed: string[] = [];

async function cli(...argv: string[]): Promise<string> {
  printed = [];
  const program = new Command('switchyard').exitOverride();
  registerTraces(program);
  registerEval(program);
  registerDatasets(program);
  await program.parseAsync(['node', 'switchyard', ...argv]);
  return printed.join('\n');
}

beforeAll(async () => {
  const stores = await openStores({ sqlite: db });
  await stores.traces.insertTraces([
    // Answered by a local model: well under a millisecond.
    sampleTrace({ id: 'tr_a', ts: 1_000, metadata: { eval_run: 'run_1', variant: 'small' }, ttftMs: 0.18, latencyMs: 0.214, attempts: [{ provider: 'local', model: 'local:intent@v1', status: 200, latencyMs: 0.2 }] }),
    sampleTrace({ id: 'tr_b', ts: 2_000, metadata: { eval_run: 'run_2', variant: 'small' }, status: 429, errorCode: 'rate_limited', errorMessage: 'too many requests', session: 'ses-42', replica: 'web-2-977' }),
  ]);
  await stores.close();
  vi.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => void printed.push(parts.join(' ')));
});
afterAll(() => vi.restoreAllMocks());

describe('switchyard traces', () => {
  it('searches the text of every retained trace', async () => {
    expect((JSON.parse(await cli('traces', '--db', db, '--search', 'too many', '--json')) as { id: string }[]).map((t) => t.id)).toEqual(['tr_b']);
    expect(JSON.parse(await cli('traces', '--db', db, '--search', '"(unmatched', '--json'))).toEqual([]);
    await expect(cli('traces', '--db', db, '--search', 'x'.repeat(201))).rejects.toThrow('--search takes 1 to 200 characters, got 201');
  });

  it('filters by session, and shows a trace\'s session', async () => {
    expect((JSON.parse(await cli('traces', '--db', db, '--session', 'ses-42', '--json')) as { id: string; session: string }[]).map((t) => [t.id, t.session])).toEqual([['tr_b', 'ses-42']]);
    expect(await cli('traces', '--db', db, '--session', 'ses-4')).toContain('no traces match these filters');
    await expect(cli('traces', '--db', db, '--session', 's'.repeat(129))).rejects.toThrow('--session has 129 characters; sessions have at most 128');
    expect(await cli('traces', 'show', 'tr_b', '--db', db)).toContain('· session ses-42 ·');
  });

  it("filters by the replica that served a call, and shows a trace's replica", async () => {
    expect((JSON.parse(await cli('traces', '--db', db, '--replica', 'web-2-977', '--json')) as { id: string; replica: string }[]).map((t) => [t.id, t.replica])).toEqual([['tr_b', 'web-2-977']]);
    expect(await cli('traces', '--db', db, '--replica', 'web-2')).toContain('no traces match these filters');
    await expect(cli('traces', '--db', db, '--replica', 'r'.repeat(101))).rejects.toThrow('--replica has 101 characters; replica names have at most 100');
    expect(await cli('traces', 'show', 'tr_b', '--db', db)).toContain('· replica web-2-977');
    expect(await cli('traces', 'show', 'tr_a', '--db', db)).not.toContain('replica');
  });

  it('filters by metadata tags', async () => {
    const json = JSON.parse(await cli('traces', '--db', db, '--tag', 'eval_run=run_2', '--json')) as { id: string }[];
    expect(json.map((t) => t.id)).toEqual(['tr_b']);
    expect((JSON.parse(await cli('traces', '--db', db, '--tag', 'variant=small', '--json')) as unknown[]).length).toBe(2);
    await expect(cli('traces', '--db', db, '--tag', 'novalue')).rejects.toThrow('--tag takes key=value, got "novalue"');
  });

  it('says no trace matched the filters, not that the store is empty', async () => {
    expect(await cli('traces', '--db', db, '--status', '500')).toBe(`no traces match these filters (without them: switchyard traces --db ${db})`);
    expect(await cli('traces', '--db', db, '--model', 'nobody-asked-for-this')).toMatch(/^no traces match/);
    expect(await cli('traces', '--db', db, '--status', '429')).toContain('tr_b');
  });

  it('for --model NAME that nobody configured, says its calls are under the unknown-model bucket', async () => {
    const own = join(dir, 'unknown.db');
    const stores = await openStores({ sqlite: own });
    await stores.traces.insertTraces([sampleTrace({ id: 'tr_u', ts: 3_000, requestedModel: UNKNOWN_MODEL, status: 404, decisions: { model: { requested: 'gpt-5' } } })]);
    await stores.close();
    // The list shows '"gpt-5" (not configured)'; filtering by that name found nothing, and said no more.
    expect(await cli('traces', '--db', own, '--model', 'gpt-5')).toBe(`no traces match these filters (without them: switchyard traces --db ${own}); "gpt-5" is not a configured model, so its calls are filed under "${UNKNOWN_MODEL}": switchyard traces --model "${UNKNOWN_MODEL}" --db ${own}`);
    expect(await cli('traces', '--db', own, '--model', `${UNKNOWN_MODEL}`)).toContain('tr_u');
    expect(await cli('traces', '--db', own, '--model', 'gpt-6')).toBe(`no traces match these filters (without them: switchyard traces --db ${own})`);
  });

  it('filters by team, and names the model, key or team a mistyped --model, --key or --team most likely meant', async () => {
    const own = join(dir, 'typos.db');
    const stores = await openStores({ sqlite: own });
    const traces = [sampleTrace({ id: 'tr_k', ts: Date.now() - 60_000, requestedModel: 'gpt-5.4-mini', keyName: 'support', team: 'customer-care' }), sampleTrace({ id: 'tr_o', ts: Date.now() - 30_000, keyName: 'other' })];
    // As the trace writer records them: the trace, then the rollups the names come from.
    await stores.traces.insertTraces(traces);
    await stores.rollups.apply(traces);
    await stores.close();
    expect(await cli('traces', '--db', own, '--key', 'suport')).toBe(`no traces match these filters (without them: switchyard traces --db ${own}); no traces of key "suport": did you mean "support"?`);
    expect(await cli('traces', '--db', own, '--model', 'gpt-5.4-mni')).toBe(`no traces match these filters (without them: switchyard traces --db ${own}); no traces of model "gpt-5.4-mni": did you mean "gpt-5.4-mini"?`);
    // A team's calls, as GET /api/traces?team= lists them (an admin's spend by team had no CLI filter).
    expect((JSON.parse(await cli('traces', '--db', own, '--team', 'customer-care', '--json')) as { id: string }[]).map((t) => t.id)).toEqual(['tr_k']);
    expect(await cli('traces', '--db', own, '--team', 'customer-cre')).toBe(`no traces match these filters (without them: switchyard traces --db ${own}); no traces of team "customer-cre": did you mean "customer-care"?`);
    // A name with traffic that other filters exclude gets no guess.
    expect(await cli('traces', '--db', own, '--key', 'support', '--status', '500')).toBe(`no traces match these filters (without them: switchyard traces --db ${own})`);
  });

  it('filters by what the guardrails did, and names the value a bad --guard most likely meant', async () => {
    const own = join(dir, 'guard.db');
    const stores = await openStores({ sqlite: own });
    const check = (name: string, action: string) => ({ name, stage: 'input', action });
    await stores.traces.insertTraces([
      sampleTrace({ id: 'tr_redacted', ts: 1_000, decisions: { guardrails: [check('pii', 'redact'), check('injection', 'pass')] } }),
      sampleTrace({ id: 'tr_blocked', ts: 2_000, status: 400, decisions: { guardrails: [check('pii', 'block')] } }),
      sampleTrace({ id: 'tr_plain', ts: 3_000 }),
    ]);
    await stores.close();
    const ids = async (guard: string) => (JSON.parse(await cli('traces', '--db', own, '--guard', guard, '--json')) as { id: string }[]).map((t) => t.id);
    expect(await ids('guarded')).toEqual(['tr_blocked', 'tr_redacted']);
    expect(await ids('block')).toEqual(['tr_blocked']);
    expect(await ids('pass')).toEqual(['tr_redacted']);
    expect(await cli('traces', '--db', own, '--guard', 'flag')).toBe(`no traces match these filters (without them: switchyard traces --db ${own})`);
    await expect(cli('traces', '--db', own, '--guard', 'blocked')).rejects.toThrow('--guard must be one of guarded, redact, block, flag, warn, reask, pass, got "blocked" (did you mean "block"?)');
    await expect(cli('traces', '--db', own, '--guard', 'none')).rejects.toThrow(/^--guard must be one of guarded, redact, block, flag, warn, reask, pass, got "none"$/);
  });

  it('sorts as the admin API does, naming the values a bad --sort or --order most likely meant', async () => {
    const own = join(dir, 'sort.db');
    const stores = await openStores({ sqlite: own });
    await stores.traces.insertTraces([
      sampleTrace({ id: 'tr_slow', ts: 1_000, latencyMs: 900, costUsd: 0.002 }),
      sampleTrace({ id: 'tr_dear', ts: 2_000, latencyMs: 50, costUsd: 0.5 }),
      sampleTrace({ id: 'tr_quick', ts: 3_000, latencyMs: 5, costUsd: 0.001 }),
    ]);
    await stores.close();
    const ids = async (...flags: string[]) => (JSON.parse(await cli('traces', '--db', own, ...flags, '--json')) as { id: string }[]).map((t) => t.id);
    expect(await ids()).toEqual(['tr_quick', 'tr_dear', 'tr_slow']);
    expect(await ids('--sort', 'latency')).toEqual(['tr_slow', 'tr_dear', 'tr_quick']);
    expect(await ids('--sort', 'cost', '--order', 'asc')).toEqual(['tr_quick', 'tr_slow', 'tr_dear']);
    expect(await ids('--order', 'asc')).toEqual(['tr_slow', 'tr_dear', 'tr_quick']);
    await expect(cli('traces', '--db', own, '--sort', 'costs')).rejects.toThrow('--sort must be one of time, latency, cost, tokens, got "costs" (did you mean "cost"?)');
    await expect(cli('traces', '--db', own, '--sort', 'cost', '--order', 'ascending')).rejects.toThrow(/^--order must be one of desc, asc, got "ascending"/);
  });

  it('takes --since and --until as an ISO time or a duration back from now', async () => {
    const own = join(dir, 'since.db');
    const stores = await openStores({ sqlite: own });
    const now = Date.now();
    await stores.traces.insertTraces([
      sampleTrace({ id: 'tr_week', ts: now - 6 * 86_400_000 }),
      sampleTrace({ id: 'tr_hour', ts: now - 3_600_000 }),
      sampleTrace({ id: 'tr_now', ts: now - 1_000 }),
    ]);
    await stores.close();
    const ids = async (...flags: string[]) => (JSON.parse(await cli('traces', '--db', own, ...flags, '--json')) as { id: string }[]).map((t) => t.id);
    expect(await ids('--since', '2h')).toEqual(['tr_now', 'tr_hour']);
    expect(await ids('--since', '7d', '--until', '15m')).toEqual(['tr_hour', 'tr_week']);
    expect(await ids('--until', new Date(now - 86_400_000).toISOString())).toEqual(['tr_week']);
    await expect(cli('traces', '--db', own, '--since', 'yesterday')).rejects.toThrow('--since must be an ISO date, ms since the epoch or a duration like 24h, got "yesterday"');
    await expect(cli('traces', '--db', own, '--since', '1h', '--until', '2h')).rejects.toThrow(/^--since must be before --until, got /);
  });

  it('names the allowed values of a bad --status', async () => {
    await expect(cli('traces', '--db', db, '--status', 'bogus')).rejects.toThrow('--status must be "ok", "error" or an HTTP status from 100 to 599, got "bogus"');
    expect((JSON.parse(await cli('traces', '--db', db, '--status', '429', '--json')) as { id: string }[]).map((t) => t.id)).toEqual(['tr_b']);
  });

  it('shows one trace in full, and names recent ones for an unknown id', async () => {
    const shown = await cli('traces', 'show', 'tr_b', '--db', db);
    expect(shown).toMatch(/^trace tr_b · /);
    expect(shown).toMatch(/status 429 rate_limited: too many requests/);
    expect(shown).toMatch(/metadata:\n\{\n {2}"eval_run": "run_2"/);
    expect((JSON.parse(await cli('traces', 'show', 'tr_a', '--db', db, '--json')) as { id: string }).id).toBe('tr_a');
    await expect(cli('traces', 'show', 'tr_zz', '--db', db)).rejects.toThrow('trace "tr_zz" not found (recent: tr_b, tr_a)');
  });

  it('shows a sub-millisecond duration as such, not as 0 ms', async () => {
    const table = await cli('traces', '--db', db, '--tag', 'eval_run=run_1');
    expect(table).toContain('0.18 ms');
    expect(table).toContain('0.21 ms');
    expect(table).not.toMatch(/│ 0 ms/);
    const shown = await cli('traces', 'show', 'tr_a', '--db', db);
    expect(shown).toContain('ttft 0.18 ms · latency 0.21 ms');
    expect(shown).toContain('→ 200 in 0.20 ms');
    expect([ms(0), ms(12.5), ms(731.4), ms(0.005), ms(1207)]).toEqual(['0 ms', '13 ms', '731 ms', '0.01 ms', '1.21 s']);
    // No latency (every call of an eval variant failed, its p50 stored as null) is none, not 0 ms.
    expect([ms(null), ms(Number.NaN)]).toEqual(['-', '-']);
  });

  it('read commands outside a project say where they looked instead of creating a store', async () => {
    const elsewhere = join(dir, 'nowhere', 'sy.db');
    await expect(cli('eval', 'list', '--db', elsewhere)).rejects.toThrow(`no store at ${elsewhere} (from --db); run this in the project folder`);
    // add-traces writes a dataset, but from traces only a store that exists can hold: it said
    // "no traces with a request body matched limit=1000" and left a new empty store behind.
    await expect(cli('datasets', 'add-traces', 'support-traffic', '--db', elsewhere)).rejects.toThrow(`no store at ${elsewhere} (from --db); run this in the project folder`);
    const { existsSync } = await import('node:fs');
    expect(existsSync(elsewhere)).toBe(false);
  });
});

describe('switchyard datasets add-traces --route', () => {
  it('takes the calls another route sent the route, as the routes report counts them', async () => {
    const nestedDb = join(dir, 'nested.db');
    const stores = await openStores({ sqlite: nestedDb });
    const via = (id: string, ts: number, called: string, ...steps: [string, string][]) =>
      sampleTrace({ id, ts, requestedModel: called, decisions: { route: { steps: steps.map(([route, target]) => ({ route, target, reason: 'r' })) } }, request: { model: called, messages: [{ role: 'user', content: `question ${id}` }] } });
    // front (conditional) sends calls to the split ab or straight to large.
    await stores.traces.insertTraces([via('tr_1', 1, 'front', ['front', 'ab'], ['ab', 'small']), via('tr_2', 2, 'front', ['front', 'large']), via('tr_3', 3, 'ab', ['ab', 'large'])]);
    await stores.close();
    // Before 2026-12-07: "added 1 trace", the call that named ab only.
    expect(await cli('datasets', 'add-traces', 'ab-traffic', '--route', 'ab', '--db', nestedDb)).toBe('added 2 traces to ab-traffic@1 (2 items)');
    // --model stays the name the client called.
    expect(await cli('datasets', 'add-traces', 'ab-called', '--model', 'ab', '--db', nestedDb)).toBe('added 1 trace to ab-called@1 (1 item)');
  });
});

describe('a trace row', () => {
  const unknown = sampleTrace({
    requestedModel: UNKNOWN_MODEL,
    decisions: { model: { requested: 'nope' } },
    provider: null,
    upstreamModel: null,
    status: 404,
    errorCode: 'model_not_found',
    errorMessage: 'model "nope" is not configured on this gateway (configured: small)',
  });

  it('names the model the client asked for, not the unknown bucket', () => {
    const [, , , model, , status] = traceRow(unknown);
    expect(model).toBe('"nope" (not configured)');
    // Cut after a whole word, not mid-word ("this g" before).
    expect(status).toBe('404 model "nope" is not configured on this…');
  });

  it('shows a dash, not an empty cell, when the body named no model (unreadable JSON)', () => {
    const [, , , model] = traceRow({ ...unknown, requestedModel: '', decisions: null, status: 400 });
    expect(model).toBe('-');
  });

  it('keeps a hostile model name bounded', () => {
    const [, , , model] = traceRow({ ...unknown, decisions: { model: { requested: 'z'.repeat(100) } } });
    expect(model).toBe(`"${'z'.repeat(40)}…" (not configured)`);
  });

  it('says unpriced for a call to a model with no price, not "-" as for one that spent nothing', () => {
    const answered = sampleTrace({ provider: 'oai', upstreamModel: 'gpt-6.2-astra', costUsd: 0 });
    expect(traceRow({ ...answered, decisions: { cost: { priced: false, model: 'gpt-6.2-astra' } } })[7]).toBe('unpriced');
    expect(traceRow({ ...answered, decisions: null })[7]).toBe('-');
    expect(traceRow({ ...answered, costUsd: 0.0125, decisions: null })[7]).toBe('$0.0125');
  });

  it('shows the name in the printed table and in traces show', async () => {
    const own = join(dir, 'unknown.db');
    const stores = await openStores({ sqlite: own });
    await stores.traces.insertTraces([{ ...unknown, id: 'tr_unknown' }]);
    await stores.close();
    const table = await cli('traces', '--db', own);
    expect(table).toContain('"nope"');
    expect(table).not.toContain(UNKNOWN_MODEL);
    expect(await cli('traces', 'show', 'tr_unknown', '--db', own)).toContain('chat "nope" (not configured) → no target answered');
  });

  it('fits an 80-column terminal with the id, model, status and latency, naming what it leaves out', async () => {
    const own = join(dir, 'narrow.db');
    const stores = await openStores({ sqlite: own });
    await stores.traces.insertTraces([{ ...unknown, id: 'tr_0mx52l9352824314c5ffa4bec' }, sampleTrace({ id: 'tr_0mx52l8yp1fca6391c4cad024', ts: 3_000 })]);
    await stores.close();
    const saved = process.env.COLUMNS;
    process.env.COLUMNS = '80';
    try {
      const lines = (await cli('traces', '--db', own)).split('\n');
      expect(Math.max(...lines.map((l) => [...l].length))).toBeLessThanOrEqual(80);
      expect(lines.some((l) => /^│ tr_0mx52l9352824314c5ffa4bec │ "nope" \(not con… │ 404 model "nope" +│ [\d.]+ ms +│$/.test(l))).toBe(true);
      expect(lines.some((l) => /^│ tr_0mx52l8yp1fca6391c4cad024 │ \S+ +│ 200 +│ [\d.]+ ms +│$/.test(l))).toBe(true);
      expect(lines).toContain('(not shown to fit 80 columns: via, ttft, key, tokens in/out, cost, time)');
    } finally {
      if (saved === undefined) delete process.env.COLUMNS;
      else process.env.COLUMNS = saved;
    }
  });
});
