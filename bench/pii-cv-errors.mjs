// Lists the cross-validation errors over presidio-synth's training templates: every text whose
// PERSON or LOCATION spans are not all matched at IoU 0.9, with gold and predicted spans, scored
// with the fold model that left its template residue out (as bench/pii-cv-rules.mjs). Held-out
// templates (residues 1, 4, 7) are never read.
// Run after a build: node bench/pii-cv-errors.mjs FOLD_MODEL_DIR [PERSON|LOCATION]
const dir = process.argv[2];
if (!dir) throw new Error('usage: node bench/pii-cv-errors.mjs FOLD_MODEL_DIR [TYPE]');
const only = process.argv[3];
const { createPiiDetector, isHeldOutTemplate, readPresidioSynth, scorePresidio } = await import('../dist/guardrails/pii/index.js');
const training = readPresidioSynth().filter((s) => !isHeldOutTemplate(s.template_id));
const detectors = new Map([0, 2, 3, 5, 6, 8, 9].map((r) => [r, createPiiDetector({ taggerModelPath: `${dir}/fold-${r}.bin.gz` })]));
const MAP = { PERSON: 'PERSON', STREET_ADDRESS: 'LOCATION', GPE: 'LOCATION', LOCATION: 'LOCATION' };
let n = 0;
for (const s of training) {
  const detect = (t) => detectors.get(s.template_id % 10).detect(t);
  const r = scorePresidio([s], detect, 0.9);
  const bad = Object.entries(r.perEntity).filter(([k, v]) => (k === 'PERSON' || k === 'LOCATION') && (!only || k === only) && (v.precision < 1 || v.recall < 1));
  if (bad.length === 0) continue;
  n += 1;
  const pred = detect(s.full_text);
  const want = only ?? null;
  console.log(`[t${s.template_id}] ${JSON.stringify(s.full_text)}`);
  console.log(`   gold: ${s.spans.filter((g) => MAP[g.entity_type] && (!want || MAP[g.entity_type] === want)).map((g) => `${g.entity_type}:${JSON.stringify(g.entity_value)}`).join(' | ')}`);
  console.log(`   pred: ${pred.filter((f) => MAP[f.type] && (!want || MAP[f.type] === want)).map((f) => `${f.type}:${JSON.stringify(s.full_text.slice(f.start, f.end))}`).join(' | ')}`);
}
console.log(`${n} texts with errors`);
