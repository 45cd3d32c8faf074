// Run after a build: node bench/pii-records-streets.mjs [--show]. Written by the pii12 round to find boundary errors; nothing held out.
// Every street of presidio-research's person records after a building number, as its generator writes
// "{building_number} {street_address}", in three contexts: found whole, cut, or missed.
import { existsSync, readFileSync } from 'node:fs';
const root = process.env.ROOT ?? new URL('..', import.meta.url).pathname;
const { createPiiDetector } = await import(`${root}/dist/guardrails/pii/index.js`);
const d = createPiiDetector();
const text = readFileSync(recordsPath(), 'utf8').replace(/^\uFEFF/, '');
const rows = text.trim().split(/\r?\n/).map((line) => [...line.matchAll(/("(?:[^"]|"")*"|[^,]*)(?:,|$)/g)].map((m) => m[1].replace(/^"|"$/g, '')));
const si = rows[0].indexOf('StreetAddress'), ci = rows[0].indexOf('City');
const contexts = ['Please send it to {}, {c} before Friday.', 'My address is {}\n{c}', 'We met at {} yesterday.'];
let n = 0, whole = 0, cut = 0, miss = 0; const cuts = [];
rows.slice(1).forEach((r, i) => {
  const street = `${(i * 7919) % 9000 + 100} ${r[si]}`;
  const ctx = contexts[i % 3]; const t = ctx.replace('{}', street).replace('{c}', r[ci]); const at = t.indexOf(street);
  const f = d.detect(t).filter((x) => x.start < at + street.length && x.end > at);
  n++;
  if (f.some((x) => x.start === at && x.end >= at + street.length - 1)) whole++;
  else if (f.length) { cut++; cuts.push(`${JSON.stringify(t)} -> ${f.map((x) => x.type + ':' + t.slice(x.start, x.end)).join('|')}`); }
  else { miss++; cuts.push(`MISS ${JSON.stringify(t)}`); }
});
console.log(`${n} streets: whole ${whole}, cut ${cut}, missed ${miss}`);
if (process.argv.includes('--show')) console.log(cuts.join('\n'));

/** presidio-research's person records, in the project's shared data folder beside the repository (one level further up from a worktree). */
function recordsPath() {
  const candidates = ['../../shared/data/presidio-synth/FakeNameGenerator.com_3000.csv', '../../../shared/data/presidio-synth/FakeNameGenerator.com_3000.csv'].map((p) => new URL(p, import.meta.url));
  const found = candidates.find((u) => existsSync(u));
  if (!found) throw new Error('needs shared/data/presidio-synth/FakeNameGenerator.com_3000.csv beside the repository');
  return found;
}
