// In-process A/B of one guard detector part between two builds, call by call: both builds loaded in
// one process, every new ~1.9 KB bench prompt (bench/guard-prompts.mjs) sent through A and B back to
// back (which goes first alternates), wall time per call. On a shared machine the load moves within
// a round of 200 calls (`guard-detector-parts-ab.mjs` then needs many rounds to resolve 5%); two
// calls a few hundred microseconds apart see the same load, so the per-call ratio B/A and the share
// of calls where B was faster resolve a few per cent in one run. COLD=1 walks 16 MB before each
// call, as the gateway's other work evicts the detectors' tables between requests.
//   node bench/guard-detector-calls-ab.mjs BUILD_A BUILD_B [part=tagger] [calls=4000]
// Parts: tagger, pii (the whole PII detector), injection (explain, user source), answer (the PII
// scan of the bench's redacted answer). Env: COLD=1, BENCH_OUT (a JSON file, optional).
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { REPLY_REDACTED, variedPrompts } from './guard-prompts.mjs';

const [rootA, rootB, part = 'tagger', callsArg = '4000'] = process.argv.slice(2);
if (!rootA || !rootB) throw new Error('usage: node bench/guard-detector-calls-ab.mjs BUILD_A BUILD_B [part] [calls]');
const cold = process.env.COLD === '1';

async function load(root) {
  const dir = resolve(root);
  const { createPiiDetector } = await import(join(dir, 'dist/guardrails/pii/index.js'));
  const { defaultNameTagger } = await import(join(dir, 'dist/guardrails/pii/ner/name-tagger.js'));
  const { loadInjectionDetector } = await import(join(dir, 'dist/guardrails/injection/index.js'));
  const pii = createPiiDetector();
  const tagger = defaultNameTagger();
  const injection = await loadInjectionDetector({ cacheEntries: 0 });
  const parts = { tagger: (t) => tagger.tag(t), pii: (t) => pii.detect(t), injection: (t) => injection.explain(t, { source: 'user' }), answer: () => pii.detect(REPLY_REDACTED) };
  if (!parts[part]) throw new Error(`unknown part ${part}: tagger, pii, injection or answer`);
  return parts[part];
}

const runs = [await load(rootA), await load(rootB)];
const walk = new Int32Array(4 << 20);
let sink = 0;
const evict = () => {
  for (let i = 0; i < walk.length; i += 16) sink += walk[i]++;
};
// Both builds' code optimised before anything is timed.
for (const text of variedPrompts(1500, 999).map((p) => p.text)) for (const run of runs) sink += run(text) ? 1 : 0;

const times = [[], []];
const timed = (b, text) => {
  if (cold) evict();
  const start = process.hrtime.bigint();
  sink += runs[b](text) ? 1 : 0;
  times[b].push(Number(process.hrtime.bigint() - start) / 1000);
};
variedPrompts(Number(callsArg), 4242).forEach((p, i) => {
  for (const b of i % 2 === 0 ? [0, 1] : [1, 0]) timed(b, p.text);
});

const sorted = (a) => [...a].sort((x, y) => x - y);
const at = (a, q) => sorted(a)[Math.floor(a.length * q)];
const r1 = (n) => Math.round(n * 10) / 10;
const ratios = times[0].map((a, i) => times[1][i] / a);
const out = {
  builds: [resolve(rootA), resolve(rootB)],
  part,
  cold,
  calls: times[0].length,
  loadAverage: os.loadavg()[0],
  us: { A: { p25: r1(at(times[0], 0.25)), median: r1(at(times[0], 0.5)) }, B: { p25: r1(at(times[1], 0.25)), median: r1(at(times[1], 0.5)) } },
  medianBOverA: Math.round(at(ratios, 0.5) * 1000) / 1000,
  callsBFaster: times[0].filter((a, i) => times[1][i] < a).length,
};
console.log(
  `${part} ${cold ? 'cold' : 'hot'}, ${out.calls} calls, load ${out.loadAverage.toFixed(1)}${sink < 0 ? '' : ''}: A p25/median ${out.us.A.p25}/${out.us.A.median} us, B ${out.us.B.p25}/${out.us.B.median} us; per-call B/A median ${out.medianBOverA}; B faster in ${out.callsBFaster} of ${out.calls}`,
);
if (process.env.BENCH_OUT) writeFileSync(process.env.BENCH_OUT, `${JSON.stringify(out, null, 2)}\n`);
