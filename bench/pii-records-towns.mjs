// presidio-research's person records' towns in sentence frames written by the pii15 round (2026-12-02): whole, cut, missed per frame.
// Run after a build: node bench/pii-records-towns.mjs [--show]. Nothing held out: the frames are ours, the records are the value pool.
import { existsSync, readFileSync } from 'node:fs';
const { createPiiDetector } = await import('../dist/guardrails/pii/index.js');
const d = createPiiDetector();
const text = readFileSync(recordsPath(), 'utf8').replace(/^\uFEFF/, '');
const rows = text.trim().split(/\r?\n/).map((line) => [...line.matchAll(/("(?:[^"]|"")*"|[^,]*)(?:,|$)/g)].map((m) => m[1].replace(/^"|"$/g, '')));
const h = rows[0]; const col = (r, n) => r[h.indexOf(n)];
const frames = ['The weather in {C} is nice.', 'I was born in {C}.', '{C} is a beautiful town.', 'We drove through {C} and {C2} yesterday.', 'Our branch in {C}, {N} is closed.', 'The {C} office handles refunds.', 'She moved from {C} last year.', 'Home town: {C}', 'My hometown {C} has a lake.', 'near {C}', 'The flight to {C} was delayed.', 'They live just outside {C}.', 'Greetings from {C}!', 'Is {C} far from {C2}?', 'He is the mayor of {C}.', 'City: {C}\nCountry: {N}'];
const rs = rows.slice(1);
for (const fr of frames) {
  let whole = 0, cut = 0, miss = 0; const ex = [];
  rs.forEach((r, i) => {
    if (i % 5) return;
    const q = rs[(i * 7 + 3) % rs.length];
    const vals = { C: col(r, 'City'), C2: col(q, 'City'), N: col(r, 'CountryFull') };
    let t = ''; const spans = []; let last = 0;
    for (const m of fr.matchAll(/\{([A-Z][A-Z0-9]*)\}/g)) { t += fr.slice(last, m.index); const v = vals[m[1]]; if (m[1] !== 'N') spans.push([t.length, t.length + v.length]); t += v; last = m.index + m[0].length; }
    t += fr.slice(last);
    const found = d.detect(t).filter((f) => f.type === 'LOCATION' || f.type === 'STREET_ADDRESS');
    for (const [a, b] of spans) { const ov = found.filter((f) => f.start < b && f.end > a); if (ov.some((f) => f.start === a && f.end === b)) whole++; else if (ov.length) { cut++; } else { miss++; if (ex.length < 4) ex.push(`${JSON.stringify(t)} -> ${d.detect(t).map((f) => f.type + ':' + t.slice(f.start, f.end)).join('|')}`); } }
  });
  console.log(`${JSON.stringify(fr).padEnd(50)} whole ${whole} cut ${cut} miss ${miss}`); if (process.argv.includes('--show')) for (const e of ex) console.log('    ', e);
}

/** presidio-research's person records, in the project's shared data folder beside the repository (one level further up from a worktree). */
function recordsPath() {
  const candidates = ['../../shared/data/presidio-synth/FakeNameGenerator.com_3000.csv', '../../../shared/data/presidio-synth/FakeNameGenerator.com_3000.csv'].map((p) => new URL(p, import.meta.url));
  const found = candidates.find((u) => existsSync(u));
  if (!found) throw new Error('needs shared/data/presidio-synth/FakeNameGenerator.com_3000.csv beside the repository');
  return found;
}
