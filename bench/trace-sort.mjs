// The trace list sorted by a value (GET /api/traces?sort=cost): a page's time on a SQLite store of
// 100,000 traces, median of 7, against newest first. Run: npm run build && node bench/trace-sort.mjs [out.json]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { openSqliteStores } from '../dist/store/sqlite/open-sqlite-stores.js';
import { makeTrace } from '../dist/monitor/test-traces.js';
import { join } from 'node:path';
const dir = mkdtempSync(join(tmpdir(), 'd26-'));
const stores = openSqliteStores(join(dir, 't.db'));
const N = 100_000;
for (let i = 0; i < N; i += 5000) {
  await stores.traces.insertTraces(Array.from({ length: 5000 }, (_, k) => { const j = i + k; return makeTrace({ id: `tr_${String(j).padStart(7, '0')}`, ts: 1_000_000 + j * 10, costUsd: ((j * 7919) % 10007) / 1e5, latencyMs: (j * 104729) % 5000, inputTokens: (j * 31) % 3000, requestedModel: j % 5 ? 'small' : 'claude', status: j % 20 ? 200 : 502 }); }));
}
stores.traces.indexAll?.();
const results = {};
const time = async (label, q) => {
  const runs = [];
  for (let r = 0; r < 7; r++) { const t = performance.now(); await stores.traces.listTraces(q); runs.push(performance.now() - t); }
  runs.sort((a, b) => a - b);
  results[label] = Number(runs[3].toFixed(1));
  console.log(label.padEnd(34), 'median', runs[3].toFixed(1), 'ms');
};
await time('newest first', { limit: 50 });
await time('oldest first', { limit: 50, sort: { key: 'time', dir: 'asc' } });
await time('cost desc (20k window)', { limit: 50, sort: { key: 'cost', dir: 'desc' } });
await time('latency asc (20k window)', { limit: 50, sort: { key: 'latency', dir: 'asc' } });
await time('tokens desc, model=claude', { limit: 50, sort: { key: 'tokens', dir: 'desc' }, model: 'claude' });
await time('cost desc, status=error', { limit: 50, sort: { key: 'cost', dir: 'desc' }, status: 'error' });
const p1 = await stores.traces.listTraces({ limit: 50, sort: { key: 'cost', dir: 'desc' } });
await time('cost desc page 2', { limit: 50, sort: { key: 'cost', dir: 'desc' }, before: p1.next });
await time('cost desc + text "hello"', { limit: 50, sort: { key: 'cost', dir: 'desc' }, text: 'hello' });
await stores.close();
const out = process.argv[2];
if (out) writeFileSync(out, `${JSON.stringify({ traces: N, runs: 7, medianMs: results, loadavg: loadavg().map((l) => Number(l.toFixed(1))), at: new Date().toISOString() }, null, 2)}\n`);
rmSync(dir, { recursive: true, force: true });
