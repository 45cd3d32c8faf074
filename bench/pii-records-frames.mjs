// presidio-research's person records in 25 sentence frames written by the piif2 round (2026-12-02 23:00 UTC, before
// measuring anything on them; nothing held out: the frames are ours, the records are the value pool), labelled
// as presidio-research's generator labels its slots (names PERSON, towns and countries GPE, streets STREET_ADDRESS,
// e-mails EMAIL_ADDRESS) and scored as the benchmark scores (scorePresidio, IoU 0.9), worst frame first.
// Run after a build: node bench/pii-records-frames.mjs [--show]   (--show: five misses of each of the six worst frames; FRAMES='…|…' other frames)
import { existsSync, readFileSync } from 'node:fs';
const { createPiiDetector, scorePresidio } = await import(process.env.PII_DIST ?? '../dist/guardrails/pii/index.js');
const d = createPiiDetector();
const text = readFileSync(recordsPath(), 'utf8').replace(/^\uFEFF/, '');
const rows = text.trim().split(/\r?\n/).map((line) => [...line.matchAll(/("(?:[^"]|"")*"|[^,]*)(?:,|$)/g)].map((m) => m[1].replace(/^"|"$/g, '')));
const h = rows[0]; const col = (r, n) => r[h.indexOf(n)];
const rs = rows.slice(1);
// FRAMES='frame|frame…' scores other frames instead (the piif3 round's five opening-place frames are in docs/measurements.md).
const frames = process.env.FRAMES ? process.env.FRAMES.split('|') : [
  'We drove from {C} to {C2} on Sunday.', 'Flights between {C} and {C2} are cheap.', '{P} and {Q} met in {C}.', 'I grew up in {C}, {N} and moved to {C2}.',
  'Is {C} far from {C2}?', 'The {C} office handles refunds.', '{P} from {C} called twice.', 'Send it to {S}, {C}.', 'Contact: {P}, {C}',
  '{F} {L} lives in {C} with {G}.', 'Greetings from {C}!', 'my friend {f} lives in {c}', 'Dear {T} {L},', '{P}, {C}, {N}', '{F} is visiting {C} next week.',
  'Please ask {F} whether the {C} branch is open.', '{P}\n{S}\n{C}\n{N}', 'Ticket opened by {F} ({E})', 'I am {F}, a {J} from {C}.', 'Forward this to {F} and {G} please.',
  '{C}-based {P} joined us.', 'Talk to {L} about {C}.', 'The meeting with {P} in {C} was moved.', 'Our new neighbours are from {N}.', '{P} ({A}) was admitted yesterday.',
];
const TYPES = { P: 'PERSON', Q: 'PERSON', F: 'PERSON', G: 'PERSON', L: 'PERSON', f: 'PERSON', C: 'GPE', C2: 'GPE', c: 'GPE', N: 'GPE', S: 'STREET_ADDRESS', E: 'EMAIL_ADDRESS' };
const summary = [];
for (const fr of frames) {
  const samples = [];
  rs.forEach((r, i) => {
    if (i % 6) return;
    const q = rs[(i * 7 + 3) % rs.length];
    const vals = { C: col(r, 'City'), C2: col(q, 'City'), c: col(r, 'City').toLowerCase(), N: col(r, 'CountryFull'), P: `${col(r, 'GivenName')} ${col(r, 'Surname')}`, Q: `${col(q, 'GivenName')} ${col(q, 'Surname')}`,
      F: col(r, 'GivenName'), f: col(r, 'GivenName').toLowerCase(), G: col(q, 'GivenName'), L: col(r, 'Surname'), T: col(r, 'Title'), S: col(r, 'StreetAddress'), E: col(r, 'EmailAddress'), J: col(r, 'Occupation').toLowerCase(), A: col(r, 'Age') };
    let t = ''; const spans = []; let last = 0;
    for (const m of fr.matchAll(/\{([A-Za-z][A-Za-z0-9]*)\}/g)) { t += fr.slice(last, m.index); const v = vals[m[1]]; if (TYPES[m[1]] && v) spans.push({ entity_type: TYPES[m[1]], entity_value: v, start_position: t.length, end_position: t.length + v.length }); t += v; last = m.index + m[0].length; }
    t += fr.slice(last);
    samples.push({ full_text: t, spans, template_id: 0 });
  });
  const r = scorePresidio(samples, (x) => d.detect(x), 0.9);
  summary.push([fr, r.overall.fBeta, samples]);
}
summary.sort((a, b) => a[1] - b[1]);
let tot = 0; for (const [fr, f] of summary) { tot += f; console.log(`${f.toFixed(3)}  ${JSON.stringify(fr)}`); }
console.log(`mean ${(tot / summary.length).toFixed(4)}`);
if (process.argv.includes('--show')) for (const [fr, f, samples] of summary.slice(0, 6)) { console.log('##', fr); let n = 0; for (const s of samples) { const r = scorePresidio([s], (x) => d.detect(x), 0.9); if (r.overall.fBeta < 1 && n++ < 5) console.log('   ', JSON.stringify(s.full_text), '->', d.detect(s.full_text).map((f) => f.type + ':' + s.full_text.slice(f.start, f.end)).join(' | ')); } }

function recordsPath() {
  const candidates = ['../../shared/data/presidio-synth/FakeNameGenerator.com_3000.csv', '../../../shared/data/presidio-synth/FakeNameGenerator.com_3000.csv'].map((p) => new URL(p, import.meta.url));
  const found = candidates.find((u) => existsSync(u));
  if (!found) throw new Error('needs shared/data/presidio-synth/FakeNameGenerator.com_3000.csv beside the repository');
  return found;
}
