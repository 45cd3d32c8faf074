// Splits a V8 .cpuprofile of a proxy's event loop (BENCH_CPU_PROF=dir npm run bench:gateway) by
// request stage: each sample goes to the first frame from the leaf up whose file a stage owns
// (auth, limits, body checks, route, provider call, cost, trace record, hand-off to the
// trace-write thread, metrics, response write, the HTTP edge), so a stage's Node and undici frames
// count under the Switchyard frame that called them; samples with no such frame are named by their
// leaf. Start-up (module loading) is its own line and left out of the shares.
// The profiler samples wall time on a core the trace-write thread shares, so its µs are not CPU:
// with --us-per-request N (the thread's CPU per request, read without the profiler, e.g. the
// bench's `threadUsPerRequest` for "event loop" plus its system time) each share is scaled to it.
//   node bench/cpu-profile-stages.mjs FILE.cpuprofile [--us-per-request N] [--stage NAME (its functions)]
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--') && !/^\d/.test(a) && args[args.indexOf(a) - 1] !== '--stage');
const option = (name) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
if (!file) throw new Error('usage: cpu-profile-stages.mjs FILE.cpuprofile [--us-per-request N] [--stage NAME]');
const usPerRequest = option('us-per-request') === undefined ? undefined : Number(option('us-per-request'));
const stageOf = option('stage');

/** Stages by the files that hold their code, first match wins (Switchyard's dist/ paths, then Node's and undici's). */
const STAGES = [
  ['auth', /gateway\/stages\/authenticate|limits\/keys|core\/sha256|node:internal\/crypto\/hash/],
  ['limits', /gateway\/stages\/enforce-limits|dist\/limits\//],
  ['body parse and checks', /gateway\/stages\/parse-body|validate-chat-body|core\/json-body|core\/json-depth|node_modules\/zod|call-features|body-metadata/],
  ['route and model', /gateway\/stages\/resolve-model|gateway\/stages\/route-request|dist\/routing\//],
  ['usage and cost', /gateway\/stages\/account-cost|dist\/pricing\/|tokens\/usage/],
  ['trace record', /gateway\/stages\/record-trace|gateway\/call\.js|store\/portable-trace/],
  ['trace hand-off to the thread', /store\/trace-writer|store\/trace-write-thread|node:internal\/worker/],
  ['metrics and spans', /dist\/monitor\/|node_modules\/prom-client/],
  ['provider call (Switchyard)', /gateway\/stages\/call-provider|gateway\/run-attempts|dist\/providers\/|gateway\/decode-answer|gateway\/answer-text/],
  ['provider call (undici)', /node_modules\/undici/],
  ['response write', /http\/deliver-outcome|http\/error-response|node:_http_outgoing/],
  ['HTTP edge (request read, routing)', /dist\/http\/|dist\/server\.js|node:_http_server|node:_http_incoming|node:_http_common/],
  ['pipeline glue', /gateway\/pipeline|gateway\/gateway\.js|gateway\/outcome/],
];
const IDLE = new Set(['(idle)', '(program)', '(garbage collector)']);

const profile = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

const memo = new Map();
function stage(id) {
  let name = memo.get(id);
  if (name !== undefined) return name;
  const leaf = byId.get(id).callFrame;
  if (IDLE.has(leaf.functionName)) name = leaf.functionName;
  for (let cur = id; name === undefined && cur !== undefined; cur = parent.get(cur)) {
    const url = byId.get(cur).callFrame.url;
    if (!url) continue;
    if (/node:internal\/modules|node:internal\/bootstrap/.test(url)) name = 'start-up (module loading)';
    else name = STAGES.find(([, pattern]) => pattern.test(url))?.[0];
  }
  name ??= `no stage: ${leaf.functionName || '(anonymous)'}${leaf.url ? ` ${leaf.url.replace(/^.*\//, '')}` : ''}`;
  memo.set(id, name);
  return name;
}

const totals = new Map();
const functions = new Map();
let busy = 0;
profile.samples.forEach((id, i) => {
  const us = profile.timeDeltas[i] ?? 0;
  const name = stage(id);
  if (name === '(idle)') return;
  totals.set(name, (totals.get(name) ?? 0) + us);
  if (name !== 'start-up (module loading)') busy += us;
  if (name === stageOf) {
    const f = byId.get(id).callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*\/(dist|node_modules)\//, '$1/')}:${f.lineNumber + 1}`;
    functions.set(key, (functions.get(key) ?? 0) + us);
  }
});

const scaled = (us) => (usPerRequest === undefined ? '' : `${((us / busy) * usPerRequest).toFixed(1).padStart(6)} µs  `);
console.log(`${file}: ${(busy / 1000).toFixed(0)} ms busy after start-up${usPerRequest === undefined ? '' : `, scaled to ${usPerRequest} µs a request`}`);
for (const [name, us] of [...totals].sort((a, b) => b[1] - a[1]).slice(0, 40)) {
  const share = name === 'start-up (module loading)' ? '    – ' : `${((100 * us) / busy).toFixed(1).padStart(5)}%`;
  console.log(`${share}  ${name === 'start-up (module loading)' ? ''.padStart(usPerRequest === undefined ? 0 : 11) : scaled(us)}${name}`);
}
if (stageOf) {
  console.log(`\n${stageOf}, by function:`);
  for (const [name, us] of [...functions].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`${((100 * us) / busy).toFixed(2).padStart(6)}%  ${scaled(us)}${name}`);
}
