// Trace search benchmark: what the full-text index (SQLite FTS5 over words) costs per inserted
// trace — on the write itself (giving each trace its number) and in the indexer that adds the
// text after the write, in chunks of 1,024 — and how fast a search finds a trace older than every
// other, and how fast searches of other shapes page (one word, a phrase, words that never meet, a
// short prefix, words everywhere but the text nowhere, a status filter, common or rare; each search's hit count is printed, so two builds' results can be compared).
// Stores traces in batches of 128 (the trace writer's default batch size) into a file, once
// without and once with the index, alternating, three rounds each; medians of process CPU time
// reported.
// Usage: npm run bench:trace-search [-- --traces 50000]
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TRACE_MIGRATIONS } from '../dist/store/sqlite/migrations.js';
import { openDatabase } from '../dist/store/sqlite/open-database.js';
import { SqliteTraceStore } from '../dist/store/sqlite/sqlite-trace-store.js';
import { TRACE_SEARCH_MIGRATIONS } from '../dist/store/sqlite/trace-search-migrations.js';

const here = dirname(fileURLToPath(import.meta.url));
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const TRACES = arg('traces', 50_000);
const BATCH = 128;
const ROUNDS = 3;
const WORDS = 'plan billing refund invoice account password export data team seat upgrade downgrade cancel trial receipt tax address card'.split(' ');
const SYSTEM = 'You are the support assistant of a software company. Answer briefly, cite the help centre, never promise refunds you cannot grant, and ask for the account e-mail when you need it. '.repeat(2);

function trace(i, ts) {
  const w = (k) => WORDS[(i * 7 + k * 13) % WORDS.length];
  return {
    id: `tr_${ts.toString(36)}${i.toString(36).padStart(8, '0')}`, ts, requestId: `req_${i}`, endpoint: 'chat', keyName: 'app', team: 'cx',
    requestedModel: 'gpt-4o-mini', provider: 'openai', upstreamModel: 'gpt-4o-mini', status: 200, errorCode: null, errorMessage: null, stream: false,
    inputTokens: 400, outputTokens: 150, cachedTokens: 0, reasoningTokens: 0, usageEstimated: false, costUsd: 0.001, ttftMs: null, latencyMs: 800,
    attempts: [{ provider: 'openai', model: 'gpt-4o-mini', status: 200, latencyMs: 800 }], metadata: { feature: w(0), user: `u${i % 5000}` }, decisions: null,
    request: { model: 'gpt-4o-mini', messages: [{ role: 'system', content: SYSTEM }, { role: 'user', content: `Question ${i}: how do I ${w(1)} my ${w(2)} and keep my ${w(3)} after the ${w(4)}?` }] },
    response: { id: `chatcmpl-${i}`, choices: [{ index: 0, message: { role: 'assistant', content: `Answer ${i}: open Settings, then ${w(5)}, and choose ${w(6)}. Your ${w(7)} stays as it is.` }, finish_reason: 'stop' }] },
  };
}

const batches = [];
const t0 = Date.UTC(2026, 0, 1);
for (let i = 0; i < TRACES; i += BATCH) batches.push(Array.from({ length: Math.min(BATCH, TRACES - i) }, (_, k) => trace(i + k, t0 + i + k)));
// One trace in 1,000 failed (an upstream 502): a rare status class among the rest.
for (const batch of batches) for (const t of batch) if (Number(t.requestId.slice(4)) % 1000 === 999) t.status = 502;
// The oldest trace alone says "zebracorn": the search must reach past every newer one.
batches[0][0].request.messages[1].content = 'Is the zebracorn plan still sold?';

const cpuMs = (since) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const dir = mkdtempSync(join(tmpdir(), 'sy-bench-search-'));
const runs = { without: [], with: [], index: [] };
const sizes = {};
// Searches beyond the oldest trace's word, each with the traces it finds (the first page of 50),
// wall time and process CPU time (on a loaded machine the second varies far less).
const SEARCHES = {
  // Every trace: the page fills from the newest.
  commonPhrase: 'open Settings, then',
  // A phrase in a few traces, its words in many.
  rarePhrase: 'Question 4321: how do I',
  // Two words in thousands of traces each, never side by side: no trace matches.
  wordsNeverAdjacent: 'billing refund',
  // The oldest trace by a phrase, and by a two-letter prefix.
  oldestPhrase: 'zebracorn plan still',
  shortPrefix: 'zebracorn pl',
  // Its words in every trace, its exact text (`;` for `,`) in none: every trace is read either way.
  wordsEverywhereTextNowhere: 'open Settings; then',
  // A filter whose index gives no ts order (status ranges over (status, ts)), with and without text.
  statusOkList: { status: 'ok' },
  statusOkCommonPhrase: { text: 'open Settings, then', status: 'ok' },
  // A rare class (50 errors in 50,000): its few traces read by the status index and sorted.
  statusErrorList: { status: 'error' },
  statusErrorCommonPhrase: { text: 'open Settings, then', status: 'error' },
};
const queryOf = (search) => (typeof search === 'string' ? { text: search } : search);
const searchRuns = Object.fromEntries(Object.keys(SEARCHES).map((name) => [name, { ms: [], cpuMs: [], hits: new Set() }]));
let searchMs = [];
try {
  for (let round = 0; round < ROUNDS; round++) {
    for (const variant of ['without', 'with']) {
      const path = join(dir, `${variant}-${round}.db`);
      const db = openDatabase(path, variant === 'with' ? [TRACE_MIGRATIONS, TRACE_SEARCH_MIGRATIONS] : [TRACE_MIGRATIONS]);
      const store = new SqliteTraceStore(db);
      // Process CPU time, not wall time: other jobs on a shared machine inflate it far less.
      const start = process.cpuUsage();
      for (const batch of batches) await store.insertTraces(batch);
      runs[variant].push(cpuMs(start));
      if (variant === 'with') {
        const indexing = process.cpuUsage();
        store.indexAll();
        runs.index.push(cpuMs(indexing));
        for (let r = 0; r < 5; r++) {
          const s = performance.now();
          const page = await store.listTraces({ text: 'zebracorn', limit: 50 });
          searchMs.push(performance.now() - s);
          if (page.traces.length !== 1) throw new Error(`search found ${page.traces.length} traces, expected 1`);
        }
        for (const [name, search] of Object.entries(SEARCHES)) {
          for (let r = 0; r < 5; r++) {
            const s = performance.now();
            const cpu = process.cpuUsage();
            const page = await store.listTraces({ ...queryOf(search), limit: 50 });
            searchRuns[name].cpuMs.push(cpuMs(cpu));
            searchRuns[name].ms.push(performance.now() - s);
            searchRuns[name].hits.add(page.traces.length);
          }
        }
      }
      db.pragma('wal_checkpoint(TRUNCATE)');
      sizes[variant] = statSync(path).size;
      db.close();
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const perTraceUs = (ms) => (ms * 1000) / TRACES;
const result = {
  at: new Date().toISOString(), traces: TRACES, batchSize: BATCH, rounds: ROUNDS,
  insertPerTraceUs: { without: perTraceUs(median(runs.without)), with: perTraceUs(median(runs.with)) },
  // CPU the indexer spends per trace after the write (off the writer's transaction).
  indexPerTraceUs: perTraceUs(median(runs.index)),
  insertsPerCpuSecond: { without: Math.round(TRACES / (median(runs.without) / 1000)), with: Math.round(TRACES / (median(runs.with) / 1000)) },
  fileBytes: sizes,
  oldestTraceSearchMedianMs: median(searchMs),
  searches: Object.fromEntries(Object.entries(searchRuns).map(([name, run]) => [name, { query: queryOf(SEARCHES[name]), hits: [...run.hits], medianMs: Number(median(run.ms).toFixed(2)), medianCpuMs: Number(median(run.cpuMs).toFixed(2)) }])),
};
console.log(JSON.stringify(result, null, 2));
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(join(here, 'results', 'trace-search.json'), `${JSON.stringify(result, null, 2)}\n`);
