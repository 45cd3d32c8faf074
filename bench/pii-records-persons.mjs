// Run after a build: node bench/pii-records-persons.mjs [--show] [--frames FILE]. Written by the pii12 round to find typing and boundary errors; nothing held out.
// presidio-research's person records in many sentence frames: whole, cut, missed, per frame.
import { existsSync, readFileSync } from 'node:fs';
const root = process.env.ROOT ?? new URL('..', import.meta.url).pathname;
const { createPiiDetector } = await import(`${root}/dist/guardrails/pii/index.js`);
const d = createPiiDetector();
const text = readFileSync(recordsPath(), 'utf8').replace(/^\uFEFF/, '');
const rows = text.trim().split(/\r?\n/).map((line) => [...line.matchAll(/("(?:[^"]|"")*"|[^,]*)(?:,|$)/g)].map((m) => m[1].replace(/^"|"$/g, '')));
const h = rows[0]; const col = (r, n) => r[h.indexOf(n)];
const frames = [
  '{P} called yesterday about the invoice.', 'I spoke to {P} this morning.', 'Thanks, {P}!', 'Meeting notes: {P}, {Q} and {R} attended.',
  '{P}\'s order has shipped.', '"We are done," said {P}.', 'The report was written by {P} and reviewed by {Q}.', 'Please contact {T} {L} at your convenience.',
  'Hi {F}, can you send me the file?', 'My name is {P} and I need help.', 'Is {P} available on Monday?', 'Regards,\n{P}',
  '{LP} called yesterday.', 'Ask {F} or {G} about it.', 'Our CEO {P} will speak.', 'Born in 1970, {P} grew up on a farm.',
];
// --frames FILE: one frame a line instead (a literal \n for a line break).
if (process.argv.includes('--frames')) frames.splice(0, frames.length, ...readFileSync(process.argv[process.argv.indexOf('--frames') + 1], 'utf8').split('\n').filter((l) => l.trim() && !l.startsWith('#')).map((l) => l.replaceAll('\\n', '\n')));
const stats = frames.map(() => ({ whole: 0, cut: 0, miss: 0, ex: [] }));
const rs = rows.slice(1);
rs.forEach((r, i) => {
  const fi = i % frames.length; const q = rs[(i * 7 + 3) % rs.length], rr = rs[(i * 13 + 5) % rs.length];
  const P = i % 5 === 0 ? `${col(r, 'GivenName')} ${col(r, 'MiddleInitial')}. ${col(r, 'Surname')}` : `${col(r, 'GivenName')} ${col(r, 'Surname')}`;
  const vals = { P, Q: `${col(q, 'GivenName')} ${col(q, 'Surname')}`, R: `${col(rr, 'GivenName')} ${col(rr, 'Surname')}`, T: col(r, 'Title'), L: col(r, 'Surname'), F: col(r, 'GivenName'), G: col(q, 'GivenName'), LP: P.toLowerCase(), PU: P.toUpperCase(), PL: P.toLowerCase(), L2: col(q, 'Surname') };
  let t = ''; const spans = []; let last = 0; const fr = frames[fi];
  for (const m of fr.matchAll(/\{([A-Z][A-Z0-9]*)\}/g)) { t += fr.slice(last, m.index); const v = vals[m[1]]; if (m[1] !== 'T') spans.push([t.length, t.length + v.length]); t += v; last = m.index + m[0].length; }
  t += fr.slice(last);
  const found = d.detect(t).filter((f) => f.type === 'PERSON');
  for (const [a, b] of spans) {
    const ov = found.filter((f) => f.start < b && f.end > a);
    if (ov.some((f) => f.start === a && f.end === b)) stats[fi].whole++;
    else if (ov.length) { stats[fi].cut++; if (stats[fi].ex.length < (process.env.EX ?? 3)) stats[fi].ex.push(`${JSON.stringify(t)} -> ${ov.map((f) => t.slice(f.start, f.end)).join('|')}`); }
    else { stats[fi].miss++; if (stats[fi].ex.length < (process.env.EX ?? 3)) stats[fi].ex.push(`MISS ${JSON.stringify(t)} -> ${d.detect(t).map((f) => f.type + ':' + t.slice(f.start, f.end)).join('|')}`); }
  }
});
frames.forEach((f, i) => { const s = stats[i]; console.log(`${JSON.stringify(f).padEnd(60)} whole ${s.whole} cut ${s.cut} miss ${s.miss}`); if (process.argv.includes('--show')) for (const e of s.ex) console.log('     ', e); });

/** presidio-research's person records, in the project's shared data folder beside the repository (one level further up from a worktree). */
function recordsPath() {
  const candidates = ['../../shared/data/presidio-synth/FakeNameGenerator.com_3000.csv', '../../../shared/data/presidio-synth/FakeNameGenerator.com_3000.csv'].map((p) => new URL(p, import.meta.url));
  const found = candidates.find((u) => existsSync(u));
  if (!found) throw new Error('needs shared/data/presidio-synth/FakeNameGenerator.com_3000.csv beside the repository');
  return found;
}
