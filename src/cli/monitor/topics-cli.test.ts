import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTrace } from '../../monitor/test-traces.js';
import { openSqliteStores } from '../../store/sqlite/open-sqlite-stores.js';

const BIN = resolve(dirname(fileURLToPath(import.meta.url)), '../../../bin/switchyard.js');
const dir = mkdtempSync(join(tmpdir(), 'sy-topics-cli-'));
const db = join(dir, 's.db');
const run = async (...args: string[]) => promisify(execFile)(process.execPath, [BIN, ...args, '--db', db]);
const cli = async (...args: string[]) => (await run(...args)).stdout;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('switchyard topics', () => {
  it('says a route has no prompts at all, and how to check its name, rather than that there are too few', async () => {
    await cli('keys', 'create', 'someone');
    // Before: "too few prompts for topics yet (need 50 …)" for a name with no traffic at all.
    expect(await cli('topics', 'no-such-route')).toMatch(/^route no-such-route: no prompts recorded for it; check the name \(switchyard routes/);
  });

  it('says what --backfill read, on stderr so that --json stays one JSON document', async () => {
    const stores = openSqliteStores(db);
    await stores.traces.insertTraces([makeTrace({ id: 'tr_old_1', requestedModel: 'support', ts: Date.now() - 60_000 }), makeTrace({ id: 'tr_old_2', requestedModel: 'support', ts: Date.now() - 60_000 }), makeTrace({ id: 'tr_other', requestedModel: 'small', ts: Date.now() - 60_000 })]);
    await stores.close();
    const topics = await run('topics', 'support', '--backfill', '--json');
    expect(topics.stderr).toMatch(/^--backfill: read 2 stored traces of support since \d{4}-\d\d-\d\d \d\d:\d\d into the monitoring signals$/m);
    expect(() => JSON.parse(topics.stdout)).not.toThrow();
    expect((await run('drift', '--backfill')).stderr).toMatch(/^--backfill: read 3 stored traces since \d{4}-\d\d-\d\d \d\d:\d\d into the monitoring signals$/m);
  });

  it('names the route with traffic a route without any trace most likely meant, as other commands do', async () => {
    // Before: drift --route suport said only "check the name", where traces --model suport names support.
    const stores = openSqliteStores(db);
    await stores.rollups.apply([makeTrace({ id: 'tr_rolled', requestedModel: 'support', ts: Date.now() - 60_000 })]);
    await stores.close();
    expect((await cli('drift', '--route', 'suport')).split('\n')[1]).toMatch(/^ {2}• no traces of "suport" in either window \(did you mean "support"\?\): check the name/);
    expect(await cli('topics', 'suport')).toMatch(/^route suport: no prompts recorded for it; did you mean "support"\? check the name/);
    // Nothing near: no guess.
    expect(await cli('drift', '--route', 'billing')).not.toContain('did you mean');
  });

  it("says how many of the traces --backfill read were the gateway's own calls, left out", async () => {
    const stores = openSqliteStores(db);
    const ts = Date.now() - 30_000;
    await stores.traces.insertTraces([makeTrace({ id: 'tr_eval_1', requestedModel: 'support', ts, metadata: { eval_run: 'run_1', case: 'c1', variant: 'v' } }), makeTrace({ id: 'tr_load_1', requestedModel: 'support', ts, metadata: { loadtest: 'lt_1' } })]);
    await stores.close();
    expect((await run('topics', 'support', '--backfill', '--json')).stderr).toMatch(
      /^--backfill: read 4 stored traces of support since .* into the monitoring signals; 2 of them were calls the gateway made itself or refused \(eval runs, judges, load tests, requests without a valid key\), left out as drift and topics leave them out$/m,
    );
  });

  it('does not offer --backfill again as the way to more traces right after a run with it', async () => {
    // Before: "…: wait for more traffic, widen --current or --reference, or --backfill stored
    // traces" under the line saying --backfill had just read them.
    const drift = await run('drift', '--backfill');
    expect(drift.stdout).toContain('too few traces to test');
    expect(drift.stdout).not.toContain('or --backfill stored traces');
    expect(drift.stdout).toContain('widen --current or --reference (--backfill has read the stored traces of these windows)');
    expect((await run('drift')).stdout).toContain('or --backfill stored traces');
    const topics = await cli('topics', 'support', '--backfill');
    expect(topics).not.toContain('try --backfill');
    expect(topics).toMatch(/--backfill has read the stored traces of the last 7d: wait for more traffic or widen --range\)$/m);
    expect(await cli('topics', 'no-such-route', '--backfill')).toMatch(/^route no-such-route: no prompts recorded for it; check the name \(switchyard routes lists routes with traffic\) \(--backfill found no stored trace of it either\)$/m);
  });

  it('says how many prompts a fit needs under the config: its min_traces when below the 50 a fit on demand asks for', async () => {
    // On demand 50; the worker's own threshold named beside it (it read as the only one).
    expect(await cli('topics', 'support')).toMatch(/^route support: too few prompts for topics yet \(2 of the 50 needed here, the 200 of topics\.min_traces before the gateway fits on its own;/);
    const config = join(dir, 'few.yaml');
    writeFileSync(config, 'providers: { p: { type: openai, base_url: "http://127.0.0.1:9/v1" } }\nmodels: { support: { provider: p, model: m } }\nmonitoring: { topics: { min_traces: 20 } }\n');
    // It said "of the 50 needed" whatever the config asked for.
    expect(await cli('topics', 'support', '--config', config)).toMatch(/^route support: too few prompts for topics yet \(2 of the 20 needed here;/);
  });
});
