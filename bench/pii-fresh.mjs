// Scores the detector on data/pii-fresh/sentences.txt: 50 sentences written before any change
// they could measure was made ([[P:...]] person, [[L:...]] place), scored like presidio-synth.
// Run after a build: node bench/pii-fresh.mjs [model.bin.gz] [--file organisations.txt] [--show]
import { readFileSync } from 'node:fs';

const { createPiiDetector, scorePresidio } = await import('../dist/guardrails/pii/index.js');
const detector = createPiiDetector(process.argv[2] && !process.argv[2].startsWith('--') ? { taggerModelPath: process.argv[2] } : {});
const file = process.argv.includes('--file') ? process.argv[process.argv.indexOf('--file') + 1] : 'sentences.txt';
const samples = readFileSync(new URL(`../data/pii-fresh/${file}`, import.meta.url), 'utf8').split('\n').filter((l) => l && !l.startsWith('#')).map((line, i) => {
  let text = '';
  const spans = [];
  let last = 0;
  for (const m of line.matchAll(/\[\[([PL]):([^\]]+)\]\]/g)) {
    text += line.slice(last, m.index);
    spans.push({ entity_type: m[1] === 'P' ? 'PERSON' : 'GPE', entity_value: m[2], start_position: text.length, end_position: text.length + m[2].length });
    text += m[2];
    last = m.index + m[0].length;
  }
  return { full_text: text + line.slice(last), template_id: i, spans };
});
for (const iou of [0.5, 0.9]) {
  const r = scorePresidio(samples, (t) => detector.detect(t), iou);
  const per = Object.entries(r.perEntity).map(([k, v]) => `${k} ${v.fBeta.toFixed(3)} (p ${v.precision.toFixed(2)} r ${v.recall.toFixed(2)})`).join(', ');
  console.log(`fresh IoU ${iou}: F2 ${r.overall.fBeta.toFixed(3)} p ${r.overall.precision.toFixed(3)} r ${r.overall.recall.toFixed(3)} | ${per}`);
}
if (process.argv.includes('--show')) for (const s of samples) console.log(`${s.full_text}\n   → ${detector.detect(s.full_text).map((f) => `${f.type}:${s.full_text.slice(f.start, f.end)}`).join(' | ')}`);
