// Per-call CPU of the injection check (p50 / p99) for one or more builds side by side, call by call
// alternating (process.cpuUsage around each call; one warm-up round, five timed): node bench/injection-check-p99.mjs BUILD_DIR [BUILD_DIR...] (each a checkout with dist/ built).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

if (process.argv.length < 3) throw new Error('usage: node bench/injection-check-p99.mjs BUILD_DIR [BUILD_DIR...]');
const roots = process.argv.slice(2);
const dets = [];
for (const r of roots) dets.push((await (await import(`${resolve(r)}/dist/guardrails/injection/index.js`)).loadInjectionDetector({ cacheEntries: 0 })));
const jl = (f) => readFileSync(f, 'utf8').trim().split('\n').map((l) => JSON.parse(l).text);
const base = new URL('../data/benign-technical/', import.meta.url).pathname;
const user = [...jl(base + 'prompts.jsonl'), ...jl(base + 'symbols-and-names.jsonl')];
const docs = [...jl(base + 'emails.jsonl'), ...jl(base + 'documents.jsonl')];
const two = docs.map((d) => (d + '\n\n' + d + '\n\n' + d).slice(0, 2048));
const sets = { 'user prompts': [user, 'user'], 'user 2 KB pasted e-mails': [two, 'user'], 'documents (indirect)': [docs, 'indirect'], 'documents 2 KB (indirect)': [two, 'indirect'] };
const q = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(p * s.length))]; };
for (const [name, [texts, source]] of Object.entries(sets)) {
  const times = dets.map(() => []);
  for (let round = 0; round < 6; round++) for (const t of texts) for (let k = 0; k < dets.length; k++) {
    const i = (k + round) % dets.length;
    const c0 = process.cpuUsage(); dets[i].explain(t, { source }); const c = process.cpuUsage(c0);
    if (round > 0) times[i].push((c.user + c.system) / 1000);
  }
  console.log(name.padEnd(28), dets.map((_, i) => `${roots[i].split('/').pop()}: p50 ${q(times[i], 0.5).toFixed(3)} p99 ${q(times[i], 0.99).toFixed(3)} ms CPU (n=${times[i].length})`).join(' | '));
}
