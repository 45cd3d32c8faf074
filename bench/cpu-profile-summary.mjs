// Summarises a V8 .cpuprofile (from `node --cpu-prof`, e.g. BENCH_CPU_PROF=dir npm run bench:gateway):
// self time by function and by file, and inclusive time of Switchyard's own functions.
//   node bench/cpu-profile-summary.mjs FILE.cpuprofile [top=25] [filter]
import { readFileSync } from 'node:fs';

const [file, topArg = '25', filter] = process.argv.slice(2);
if (!file) throw new Error('usage: cpu-profile-summary.mjs FILE.cpuprofile [top] [filter]');
const profile = JSON.parse(readFileSync(file, 'utf8'));
const top = Number(topArg);
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

// Sample weights: time deltas attributed to the sampled node.
const selfUs = new Map();
let total = 0;
profile.samples.forEach((id, i) => {
  const dt = profile.timeDeltas[i] ?? 0;
  selfUs.set(id, (selfUs.get(id) ?? 0) + dt);
  total += dt;
});

const shortUrl = (url) => url.replace(/^file:\/\//, '').replace(/^.*\/(dist|node_modules)\//, '$1/');
const nameOf = (n) => `${n.callFrame.functionName || '(anonymous)'} ${shortUrl(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;
const idle = new Set(['(idle)', '(program)', '(garbage collector)']);

const selfByFn = new Map();
const selfByFile = new Map();
const inclusiveByFn = new Map();
for (const [id, us] of selfUs) {
  const n = byId.get(id);
  const key = idle.has(n.callFrame.functionName) ? n.callFrame.functionName : nameOf(n);
  selfByFn.set(key, (selfByFn.get(key) ?? 0) + us);
  const fileKey = idle.has(n.callFrame.functionName) ? n.callFrame.functionName : shortUrl(n.callFrame.url) || '(native)';
  selfByFile.set(fileKey, (selfByFile.get(fileKey) ?? 0) + us);
  // Inclusive: credit every distinct function on the stack once.
  const seen = new Set();
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
    const k = nameOf(byId.get(cur));
    if (!seen.has(k)) {
      seen.add(k);
      inclusiveByFn.set(k, (inclusiveByFn.get(k) ?? 0) + us);
    }
  }
}
const busy = total - (selfByFn.get('(idle)') ?? 0);
const pct = (us) => `${((100 * us) / busy).toFixed(1).padStart(5)}%`;
const print = (title, map, match = () => true) => {
  console.log(`\n${title} (% of non-idle CPU, ${(busy / 1000).toFixed(0)} ms busy of ${(total / 1000).toFixed(0)} ms)`);
  [...map].filter(([k]) => k !== '(idle)' && match(k)).sort((a, b) => b[1] - a[1]).slice(0, top).forEach(([k, us]) => console.log(`${pct(us)}  ${k}`));
};
print('self time by function', selfByFn);
print('self time by file', selfByFile);
print('inclusive time, dist/ functions', inclusiveByFn, (k) => k.includes('dist/') && (!filter || k.includes(filter)));
