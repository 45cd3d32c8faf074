// Evaluation benchmark: runner overhead per case × variant, memory against the number of cases,
// and CLI start time. The simulator and the gateway run in this process; each measured eval runs
// in a child process (`--worker`) that talks to the gateway over HTTP, so its CPU and peak RSS are
// the runner's own (HTTP client, templating, scoring, SQLite writes, statistics).
//
//   npm run bench:eval            (= npm run build && node bench/eval.mjs)
//   node bench/eval.mjs --cases 2000 --sizes 1000,10000
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(name);
  return i === -1 ? fallback : args[i + 1];
};

if (args[0] === '--worker') await worker();
else await main();

/** One measured eval run: prints { cases, wallMs, cpuMs, peakRssMb, rssSamplesMb } as JSON. */
async function worker() {
  const [, cases, gatewayUrl, scorers] = args;
  const n = Number(cases);
  const { evaluate } = await import(join(root, 'dist/evals/evaluate.js'));
  const { openStores } = await import(join(root, 'dist/store/open-stores.js'));
  const dir = mkdtempSync(join(tmpdir(), 'sy-bench-eval-'));
  const lines = [];
  for (let i = 0; i < n; i++) lines.push(JSON.stringify({ id: `c${i}`, input: `customer question number ${i} about card ${i % 97}`, expected: 'card' }));
  writeFileSync(join(dir, 'cases.jsonl'), `${lines.join('\n')}\n`);
  const scorerLines =
    scorers === 'judge'
      ? '  - { type: contains, value: "{{expected}}" }\n  - { type: judge, model: judge, rubric: "Is the answer correct and polite?" }\n'
      : '  - { type: contains, value: "{{expected}}" }\n  - { type: regex, pattern: "card \\\\d+" }\n';
  writeFileSync(
    join(dir, 'suite.yaml'),
    `name: bench\ndataset: cases.jsonl\nvariants:\n  small: { model: small, prompt: "Answer briefly: {{input}}" }\n  large: { model: large, prompt: "Answer briefly and politely: {{input}}" }\nscorers:\n${scorerLines}concurrency: 32\n`,
  );
  const samples = [];
  const sampler = setInterval(() => samples.push(process.memoryUsage().rss), 100);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const stores = await openStores({ sqlite: join(dir, 'eval.db') });
  const outcome = await evaluate({ suitePath: join(dir, 'suite.yaml'), gatewayUrl, stores, noCache: true });
  await stores.close();
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  clearInterval(sampler);
  rmSync(dir, { recursive: true, force: true });
  // What the run still holds once it is over: flat in the number of cases if nothing leaks.
  globalThis.gc?.();
  const heapAfterGcMb = process.memoryUsage().heapUsed / 1048576;
  const results = outcome.summary.variants.reduce((sum, v) => sum + v.results, 0);
  const errors = outcome.summary.variants.reduce((sum, v) => sum + v.errors + v.scorerErrors, 0);
  process.stdout.write(
    JSON.stringify({
      cases: n,
      results,
      errors,
      wallMs,
      cpuMs: (cpu.user + cpu.system) / 1000,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
      heapAfterGcMb,
      rssQuartilesMb: [0.25, 0.5, 0.75, 1].map((q) => Math.round((samples.sort((a, b) => a - b)[Math.min(samples.length - 1, Math.floor(q * (samples.length - 1)))] ?? 0) / 1048576)),
    }),
  );
}

function runWorker(cases, url, scorers) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), '--worker', String(cases), url, scorers], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`worker exited ${code}`))));
  });
}

function cliStartMs(argv, times = 9) {
  const durations = [];
  for (let i = 0; i < times; i++) {
    const t0 = performance.now();
    execFileSync(process.execPath, [join(root, 'bin/switchyard.js'), ...argv], { stdio: 'ignore' });
    durations.push(performance.now() - t0);
  }
  return durations.sort((a, b) => a - b)[Math.floor(times / 2)];
}

async function main() {
  const cases = Number(flag('--cases', '2000'));
  const sizes = flag('--sizes', '1000,10000').split(',').map(Number);
  const { startSimulator } = await import(join(root, 'dist/simulate/simulator.js'));
  const { parseConfig } = await import(join(root, 'dist/config/load-config.js'));
  const { startServer } = await import(join(root, 'dist/server.js'));
  const sim = await startSimulator({ port: 0, host: '127.0.0.1', ttftMs: 0, tokensPerSecond: 0, latencyMs: 0 });
  sim.addScript({ model: 'standin-large-judge', reply: { json: { reason: 'Correct and polite.', score: 4 } } });
  sim.addScript({ match: 'card', reply: 'Your card 12 ships tomorrow; track it in the app.' });
  const dir = mkdtempSync(join(tmpdir(), 'sy-bench-gw-'));
  const config = parseConfig(
    `traces: { bodies: metadata }
store: { sqlite: "${join(dir, 'gateway.db')}" }
providers: { sim: { type: openai, base_url: "${sim.url}/v1", api_key: sk-sim } }
models:
  small: { provider: sim, model: standin-small, price: { input_per_mtok: 0.15, output_per_mtok: 0.6 } }
  large: { provider: sim, model: standin-large, price: { input_per_mtok: 2.5, output_per_mtok: 10 } }
  judge: { provider: sim, model: standin-large-judge, price: { input_per_mtok: 3, output_per_mtok: 15 } }
`,
    'bench',
  );
  const gateway = await startServer(config, { port: 0, host: '127.0.0.1' });
  const rows = [];
  try {
    const main = await runWorker(cases, gateway.url, 'cheap');
    rows.push({ run: `${cases} cases × 2 variants × 2 scorers (contains, regex)`, ...main });
    const judged = await runWorker(cases, gateway.url, 'judge');
    rows.push({ run: `${cases} cases × 2 variants × 2 scorers (contains, LLM judge)`, ...judged });
    for (const size of sizes) rows.push({ run: `memory: ${size} cases × 2 variants × 2 scorers (contains, regex)`, ...(await runWorker(size, gateway.url, 'cheap')) });
  } finally {
    await gateway.close();
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const startVersion = cliStartMs(['--version']);
  const startEvalHelp = cliStartMs(['eval', '--help']);
  const table = rows.map((r) => ({
    run: r.run,
    results: r.results,
    errors: r.errors,
    'wall s': (r.wallMs / 1000).toFixed(2),
    'cases×variants/s': Math.round(r.results / (r.wallMs / 1000)),
    'CPU ms per case×variant': (r.cpuMs / r.results).toFixed(3),
    'peak RSS MB': Math.round(r.peakRssMb),
    'RSS p25/p50/p75/max MB': r.rssQuartilesMb.join('/'),
    'heap after GC MB': r.heapAfterGcMb.toFixed(1),
  }));
  console.table(table);
  console.log(`CLI start: switchyard --version ${startVersion.toFixed(0)} ms, switchyard eval --help ${startEvalHelp.toFixed(0)} ms (median of 9)`);
  const result = { date: new Date().toISOString(), node: process.version, cpus: (await import('node:os')).cpus().length, runs: rows, cliStartMs: { version: startVersion, evalHelp: startEvalHelp } };
  mkdirSync(join(here, 'results'), { recursive: true });
  writeFileSync(join(here, 'results/eval.json'), `${JSON.stringify(result, null, 2)}\n`);
  console.log('written to bench/results/eval.json');
}
