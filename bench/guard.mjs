// `npm run bench:guard` (issue #10): the guardrails benchmark in one command. Runs the three
// guard benches in turn, each writing its own detailed JSON —
//   bench/guard-pii.mjs        PII on presidio-synth (held-out), harmless prompts, speed, 2 KB latency
//   bench/guard-injection.mjs  jailbreak and indirect-injection recall, false positives (held-out)
//   bench/guard-gateway.mjs    CPU and latency the guard stages add to the gateway
// — then prints each headline figure beside its target and writes them to bench/results/guard.json.
// Usage: npm run bench:guard [-- --skip gateway,injection]   (--skip reuses that bench's last JSON)
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Table from 'cli-table3';

const here = dirname(fileURLToPath(import.meta.url));
const results = join(here, 'results');
const skipAt = process.argv.indexOf('--skip');
const skipped = new Set(skipAt >= 0 ? (process.argv[skipAt + 1] ?? '').split(',') : []);
const BENCHES = [
  { name: 'pii', script: 'guard-pii.mjs', json: 'guard-pii.json' },
  { name: 'injection', script: 'guard-injection.mjs', json: 'guard-injection.json' },
  { name: 'gateway', script: 'guard-gateway.mjs', json: 'guard-gateway.json' },
];
for (const name of skipped) {
  if (!BENCHES.some((b) => b.name === name)) throw new Error(`--skip: unknown bench "${name}" (expected a comma-separated list of ${BENCHES.map((b) => b.name).join(', ')})`);
}

const ran = {};
for (const bench of BENCHES) {
  if (skipped.has(bench.name)) continue;
  console.log(`\n=== ${bench.script} ===`);
  const started = Date.now();
  const run = spawnSync(process.execPath, [join(here, bench.script)], { stdio: 'inherit' });
  if (run.status !== 0) throw new Error(`${bench.script} failed (exit ${run.status ?? run.signal}); its output is above`);
  ran[bench.name] = Math.round((Date.now() - started) / 1000);
}
const read = (file) => JSON.parse(readFileSync(join(results, file), 'utf8'));
const [pii, injection, gateway] = BENCHES.map((b) => read(b.json));

// PII: presidio-research's SpanEvaluator at its default IoU threshold (0.9).
const strict = pii.byIou['0.9'].overall;
const harmless = pii.harmless.all;
const imperatives = pii.harmlessImperatives?.all; // absent from a guard-pii.json written before it
const checksummed = Math.min(...Object.values(pii.checksummedRecallAllTexts));
const patternCharsPerSecond = Math.min(pii.patternLayer.shortTexts.cpuCharsPerSecond, pii.patternLayer.prompts2Kb.cpuCharsPerSecond);
const piiP99Ms = pii.latencyPer2KbPrompt.bestOfThree.cpu.p99Ms;
// Injection: the held-out recall sets and the worst false-positive set.
const jailbreaks = injection.recall['jailbreaks (all test)'];
const indirect = injection.recall['BIPIA indirect (all test)'];
const [worstFpName, worstFp] = Object.entries(injection.falsePositives).sort((a, b) => b[1].rate - a[1].rate)[0];
// Gateway: guarded over unguarded CPU per request and added p99, worst of the four mixes.
const mixes = Object.values(gateway.summary);
const cpuRatio = Math.max(...mixes.map((m) => m.cpuRatio));
const addedP99 = Math.max(...mixes.map((m) => m.addedLatencyMs.p99));

const pct = (x) => `${(x * 100).toFixed(1)}%`;
const rows = [
  { measure: 'PII overall F2 (presidio-synth held-out, IoU 0.9)', value: strict.fBeta.toFixed(3), target: '≥ 0.85', met: strict.fBeta >= 0.85 },
  { measure: 'PII recall on checksummed ids (cards, IBAN, SSN), lowest', value: checksummed.toFixed(3), target: '≥ 0.99', met: checksummed >= 0.99 },
  { measure: `harmless number-heavy prompts flagged (${harmless.prompts})`, value: pct(harmless.share), target: '< 1%', met: harmless.share < 0.01 },
  ...(imperatives ? [{ measure: `harmless short imperative prompts flagged (${imperatives.prompts})`, value: pct(imperatives.share), target: '< 1%', met: imperatives.share < 0.01 }] : []),
  { measure: 'pattern layer speed, CPU (slower of two text sets)', value: `${(patternCharsPerSecond / 1e6).toFixed(1)} M chars/s`, target: '≥ 5 M chars/s', met: patternCharsPerSecond >= 5e6 },
  { measure: 'PII p99 per 2 KB prompt, in-process CPU (best of 3)', value: `${piiP99Ms.toFixed(2)} ms`, target: '≤ 1 ms', met: piiP99Ms <= 1 },
  { measure: `jailbreak recall (${jailbreaks.n} held-out)`, value: pct(jailbreaks.rate), target: '≥ 90%', met: jailbreaks.rate >= 0.9 },
  { measure: `indirect injection recall, BIPIA (${indirect.n} held-out)`, value: pct(indirect.rate), target: '≥ 90%', met: indirect.rate >= 0.9 },
  { measure: `false positives, worst set: ${worstFpName} (${worstFp.n})`, value: pct(worstFp.rate), target: '≤ 2%', met: worstFp.rate <= 0.02 },
  { measure: 'gateway CPU per request, guards on / off (worst mix)', value: `${cpuRatio.toFixed(2)}×`, target: '≤ 1.5×', met: cpuRatio <= 1.5 },
  // The 1 ms bar is the PII scan's (above); this is both guards through a loaded gateway.
  { measure: 'gateway p99 added by both guards, ~2 KB prompt (worst mix)', value: `${addedP99.toFixed(2)} ms`, target: '(figure only)', met: null },
];

const table = new Table({ head: ['measure', 'figure', 'target', 'met'] });
for (const r of rows) table.push([r.measure, r.value, r.target, r.met === null ? '' : r.met ? 'yes' : 'NO']);
console.log(`\nGuardrails (issue #10) — details in bench/results/guard-{pii,injection,gateway}.json`);
console.log(table.toString());
const reused = BENCHES.filter((b) => skipped.has(b.name)).map((b) => b.json);
if (reused.length) console.log(`reused the last ${reused.join(', ')} (--skip)`);

const out = join(results, 'guard.json');
writeFileSync(out, `${JSON.stringify({ when: new Date().toISOString(), node: process.version, loadAverage: loadavg(), secondsPerBench: ran, reused, rows }, null, 2)}\n`);
console.log(`wrote ${out}`);
