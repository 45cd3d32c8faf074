// `npm run bench:trace-write`: the SQLite trace-write thread's CPU per trace by part — the batch
// insert, the search indexer, and each derived view (rollups, review sampler, monitoring signals) —
// for traces shaped like bench:gateway's (its chat request, the simulator's answer, bodies as kept
// JSON text), written as the thread writes them: batches of 128, the indexer every 8 batches
// (about once a second at bench:gateway's rate). With `--previous DIR` (another build's dist/)
// both builds run in this one process on files of their own, batch by batch in alternating order,
// so load from other processes falls on both alike (the machine is shared: absolute figures
// drift with it, the pair's ratio much less). CPU is this process's (one thread: better-sqlite3
// works on the calling thread), so run it pinned: `taskset -c 1 node bench/trace-write-cpu.mjs`.
// Usage: node bench/trace-write-cpu.mjs [--batches 200] [--previous DIR] [--json FILE]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const BATCHES = Number(arg('batches', 200));
const BATCH = 128;
const INDEX_EVERY = 8;
const THIS = resolve(fileURLToPath(new URL('../dist', import.meta.url)));
const PREVIOUS = arg('previous', undefined);
const OUT = arg('json', undefined);
const load = (dist, path) => import(pathToFileURL(join(dist, path)).href);

const { newId } = await load(THIS, 'core/ids.js');
const { generateText } = await load(THIS, 'simulate/content.js');

let seed = 7;
const rng = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
const USER = 'Summarise why a gateway should stream bytes through instead of buffering them.';
const REQUEST = JSON.stringify({ model: 'bench-small', messages: [{ role: 'system', content: 'You are a concise assistant.' }, { role: 'user', content: USER }], max_tokens: 32, temperature: 0.2 });
let clock = Date.now();

/** A trace as the gateway hands it to the writer after one of bench:gateway's requests (~2,200 a second). */
function makeTrace() {
  const ts = Math.floor((clock += 0.45));
  const content = generateText(rng, USER).slice(0, 150);
  const response = {
    id: `chatcmpl-${newId('x', ts).slice(2, 31)}`, object: 'chat.completion', created: Math.floor(ts / 1000), model: 'bench-small',
    choices: [{ index: 0, message: { role: 'assistant', content, refusal: null, annotations: [] }, logprobs: null, finish_reason: 'length' }],
    usage: { prompt_tokens: 36, completion_tokens: 32, total_tokens: 68, prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 }, completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 } },
    service_tier: 'default', system_fingerprint: 'fp_36581d23e1',
  };
  return {
    id: newId('tr', ts), ts, requestId: newId('req', ts), endpoint: 'chat', keyName: 'bench', team: null, requestedModel: 'bench-small', provider: 'sim', upstreamModel: 'bench-small',
    status: 200, errorCode: null, errorMessage: null, stream: false, inputTokens: 36, outputTokens: 32, cachedTokens: 0, reasoningTokens: 0, usageEstimated: false,
    costUsd: 0.0000246, ttftMs: 50 + rng() * 10, latencyMs: 55 + rng() * 10, attempts: [{ provider: 'sim', model: 'bench-small', status: 200, latencyMs: 50 + rng() * 5 }],
    metadata: null, decisions: null, request: REQUEST, response: JSON.stringify(response),
  };
}

const dir = mkdtempSync(join(tmpdir(), 'trace-write-cpu-'));

/** One build's write side on a file of its own, opened and migrated as the gateway does. */
async function build(name, dist) {
  const path = join(dir, `${name}.db`);
  const { openStores } = await load(dist, 'store/open-stores.js');
  const { openSqliteWriteStores } = await load(dist, 'store/sqlite/open-sqlite-write-stores.js');
  const { traceSinks } = await load(dist, 'store/trace-sinks.js');
  const gateway = await openStores({ sqlite: path });
  const stores = openSqliteWriteStores(path);
  const derived = traceSinks(stores).derived;
  // Bodies as this build's kept JSON text (a JsonText of another build would be serialised anew).
  const { JsonText } = await load(dist, 'core/json-text.js');
  const kept = (batch) => batch.map((trace) => ({ ...trace, request: new JsonText(trace.request), response: new JsonText(trace.response) }));
  const us = { insert: 0, index: 0, ...Object.fromEntries(derived.map((sink) => [sink.name, 0])) };
  return { name, dist, gateway, stores, derived, kept, us, traces: 0 };
}

const cpu = () => {
  const { user, system } = process.cpuUsage();
  return user + system;
};
const builds = [await build('this', THIS), ...(PREVIOUS ? [await build('previous', resolve(PREVIOUS))] : [])];
for (let b = 0; b < BATCHES; b++) {
  const texts = Array.from({ length: BATCH }, makeTrace);
  for (const side of b % 2 ? builds : [...builds].reverse()) {
    const batch = side.kept(texts);
    let start = cpu();
    await side.stores.traces.insertTraces(batch);
    side.us.insert += cpu() - start;
    for (const sink of side.derived) {
      start = cpu();
      await sink.write(batch);
      side.us[sink.name] += cpu() - start;
    }
    side.traces += batch.length;
    if (b % INDEX_EVERY === INDEX_EVERY - 1) {
      start = cpu();
      side.stores.traces.indexAll();
      side.us.index += cpu() - start;
    }
  }
}
const results = [];
for (const side of builds) {
  const start = cpu();
  await side.stores.settle();
  side.us.rollups += cpu() - start;
  await side.stores.close();
  side.gateway.close?.();
  const perTrace = Object.fromEntries(Object.entries(side.us).map(([part, us]) => [part, Number((us / side.traces).toFixed(1))]));
  const total = Number((Object.values(side.us).reduce((a, b) => a + b, 0) / side.traces).toFixed(1));
  results.push({ build: side.name, dist: side.dist, traces: side.traces, usPerTrace: { ...perTrace, total } });
  console.log(`${side.name.padEnd(8)} µs of CPU per trace: ${JSON.stringify({ ...perTrace, total })}`);
}
rmSync(dir, { recursive: true, force: true });
const load1 = loadavg()[0];
console.log(`load average ${load1.toFixed(2)}`);
if (OUT) writeFileSync(OUT, `${JSON.stringify({ at: new Date().toISOString(), batches: BATCHES, load: load1, results })}\n`, { flag: 'a' });
