// Paired A/B of two builds' guard CPU, for a shared machine where one run's CPU figures swing with
// other work: two gateways (build A and build B, each a checkout with bin/ and a built dist/) on
// one simulator, the guard-gateway bench's config, blocks alternated A-plain, A-guarded, B-plain,
// B-guarded (the order of A and B swapped every block), each request a new prompt from
// bench/guard-prompts.mjs, the same sequence for both builds. CPU is every gateway thread's
// scheduler counter (ns); reported per request as the median of the blocks.
//   node bench/guard-gateway-ab.mjs /path/to/build-A /path/to/build-B
// Env: BENCH_REQUESTS (per model, build and cell; 400), BENCH_BLOCK (20), BENCH_WARMUP (1500), BENCH_MIXES
// (varied,realistic), BENCH_STREAMS (false,true), BENCH_INPUT_CHECKS (1: input banned words and
// topics in the guarded policy too), BENCH_OUT (a JSON file, optional).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { request } from 'undici';
import { guardGatewayConfig, SIM_SCRIPTS, SYSTEM_BY_MIX, variedPrompts } from './guard-prompts.mjs';
import { children, cpuMs, freePort, median, startSwitchyard, waitFor } from './gateway-processes.mjs';

const [rootA, rootB] = process.argv.slice(2).map((p) => resolve(p));
if (!rootA || !rootB) throw new Error('usage: node bench/guard-gateway-ab.mjs BUILD_A BUILD_B');
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 400);
const BLOCK = Number(process.env.BENCH_BLOCK ?? 20);
const MIXES = (process.env.BENCH_MIXES ?? 'varied,realistic').split(',');
const STREAMS = (process.env.BENCH_STREAMS ?? 'false,true').split(',').map((s) => s === 'true');
const KEY = 'sk-sy-bench-guard-ab';
const WARM = 100;
const WARMUP = Number(process.env.BENCH_WARMUP ?? 1500);
/** BENCH_INPUT_CHECKS=1: the guarded policy also checks the input for banned words and topics. */
const INPUT_CHECKS = process.env.BENCH_INPUT_CHECKS === '1';


const start = (root, args) => startSwitchyard(root, args);
const round = (n) => Math.round(n * 1000) / 1000;

const PROMPTS = variedPrompts(WARMUP + MIXES.length * STREAMS.length * (WARM + 2 * REQUESTS));
const SYSTEM = SYSTEM_BY_MIX;

async function send(base, model, stream, mix, prompt) {
  const res = await request(`${base}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
    body: JSON.stringify({ model, stream, max_tokens: 64, messages: [{ role: 'system', content: SYSTEM[mix] }, { role: 'user', content: prompt.text }] }),
  });
  const text = await res.body.text();
  if (res.statusCode !== 200) throw new Error(`${model}: HTTP ${res.statusCode} ${text.slice(0, 300)}`);
  if (model === 'guarded' && !stream && !text.includes(prompt.email)) throw new Error(`${model}: the answer lost the restored e-mail: ${text.slice(0, 300)}`);
}

async function main() {
  const dir = mkdtempSync(join(os.tmpdir(), 'sy-guard-ab-'));
  const scripts = join(dir, 'scripts.json');
  writeFileSync(scripts, JSON.stringify(SIM_SCRIPTS));
  const simPort = await freePort();
  const sim = start(rootB, ['simulate', '--port', String(simPort), '--scripts', scripts]);
  await waitFor(`http://127.0.0.1:${simPort}/_sim/health`, sim);
  const gateways = {};
  for (const [name, root] of [['A', rootA], ['B', rootB]]) {
    const port = await freePort();
    const config = join(dir, `gateway-${name}.yaml`);
    writeFileSync(config, guardGatewayConfig(simPort, KEY, join(dir, `${name}.db`), { inputChecks: INPUT_CHECKS }));
    const gw = start(root, ['serve', '--config', config, '--port', String(port)]);
    await waitFor(`http://127.0.0.1:${port}/health`, gw);
    gateways[name] = { base: `http://127.0.0.1:${port}`, pid: gw.child.pid };
  }

  let next = 0;
  // A long warm-up first: measured cold, the first cell read ~1.5x the CPU of the same cell run last.
  for (let i = 0; i < WARMUP; i++) {
    const prompt = PROMPTS[next++];
    for (const g of ['A', 'B']) await send(gateways[g].base, i % 2 ? 'plain' : 'guarded', i % 4 >= 2, MIXES[Math.floor(i / 4) % MIXES.length], prompt);
  }
  const cells = {};
  for (const mix of MIXES) {
    for (const stream of STREAMS) {
      const cell = `${mix} ${stream ? 'streaming' : 'non-streaming'}`;
      for (let i = 0; i < WARM; i++) {
        const prompt = PROMPTS[next++];
        for (const g of ['A', 'B']) await send(gateways[g].base, i % 2 ? 'plain' : 'guarded', stream, mix, prompt);
      }
      const blocks = { A: { plain: [], guarded: [] }, B: { plain: [], guarded: [] } };
      for (let done = 0; done < REQUESTS; done += BLOCK) {
        for (const model of ['plain', 'guarded']) {
          const batch = PROMPTS.slice(next, next + BLOCK);
          next += BLOCK;
          for (const g of (done / BLOCK) % 2 ? ['B', 'A'] : ['A', 'B']) {
            const before = cpuMs(gateways[g].pid);
            for (const prompt of batch) await send(gateways[g].base, model, stream, mix, prompt);
            blocks[g][model].push((cpuMs(gateways[g].pid) - before) / batch.length);
          }
        }
      }
      const summary = (g) => {
        const plain = median(blocks[g].plain);
        const guarded = median(blocks[g].guarded);
        return { plainMs: round(plain), guardedMs: round(guarded), ratio: round(guarded / plain) };
      };
      cells[cell] = { A: summary('A'), B: summary('B'), guardedBOverA: round(median(blocks.B.guarded) / median(blocks.A.guarded)) };
      console.log(cell.padEnd(24), JSON.stringify(cells[cell]), `load ${os.loadavg()[0].toFixed(1)}`);
    }
  }
  const report = { when: new Date().toISOString(), loadAverage: os.loadavg().map((l) => round(l)), builds: { A: rootA, B: rootB }, requestsPerCell: REQUESTS, block: BLOCK, cells };
  if (process.env.BENCH_OUT) writeFileSync(process.env.BENCH_OUT, `${JSON.stringify(report, null, 2)}\n`);
  for (const c of children) c.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
