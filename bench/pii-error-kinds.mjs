// Sorts presidio-synth's PERSON and LOCATION errors at IoU 0.9 into kinds, with the F2 each kind
// costs: an annotation missed outright, found as the other type, or found with the wrong extent
// (too long, too short, crossing); a prediction on nothing, on an annotation of a type the
// benchmark does not score (ORGANIZATION, NRP, DATE_TIME, ZIP_CODE, TITLE, …), or on the other
// type. Spans are the evaluator's own (evaluationSpans: IO tags, merged across skip words).
//   node bench/pii-error-kinds.mjs cv FOLD_MODEL_DIR [--examples KIND]   training templates, fold models
//   node bench/pii-error-kinds.mjs heldout                                held-out templates, shipped model
// On the held-out split it prints counts only, never texts: rules are written from the training
// templates (and fresh sets), and the held-out split only says which kinds are worth the effort.
const [split, dir] = process.argv.slice(2);
const examplesOf = process.argv.includes('--examples') ? process.argv[process.argv.indexOf('--examples') + 1] : null;
if (split !== 'cv' && split !== 'heldout') throw new Error('usage: node bench/pii-error-kinds.mjs cv FOLD_DIR | heldout');
if (split === 'heldout' && examplesOf) throw new Error('held-out texts are not printed');
const { createPiiDetector, evaluationSpans, isHeldOutTemplate, readPresidioSynth, GOLD_TYPES, PREDICTED_TYPES } = await import('../dist/guardrails/pii/index.js');

const samples = readPresidioSynth().filter((s) => isHeldOutTemplate(s.template_id) === (split === 'heldout'));
const detectorFor = (() => {
  if (split === 'heldout') { const d = createPiiDetector(); return () => d; }
  const byFold = new Map([0, 2, 3, 5, 6, 8, 9].map((r) => [r, createPiiDetector({ taggerModelPath: `${dir}/fold-${r}.bin.gz` })]));
  return (s) => byFold.get(s.template_id % 10);
})();

const SCORED = ['PERSON', 'LOCATION'];
const kinds = {};
const counts = Object.fromEntries(SCORED.map((t) => [t, { annotated: 0, predicted: 0, tp: 0 }]));
const bump = (type, kind, s, detail) => {
  const key = `${type} ${kind}`;
  kinds[key] ??= { n: 0, examples: [] };
  kinds[key].n += 1;
  if (examplesOf && key.startsWith(examplesOf) && kinds[key].examples.length < 40) kinds[key].examples.push(`[t${s.template_id}] ${detail}`);
};
const overlaps = (a, b) => a.normStart < b.normEnd && a.normEnd > b.normStart;
const iou = (a, preds) => {
  const s = Math.min(...preds.map((p) => p.normStart));
  const e = Math.max(...preds.map((p) => p.normEnd));
  const inter = preds.reduce((n, p) => n + Math.max(0, Math.min(p.normEnd, a.normEnd) - Math.max(p.normStart, a.normStart)), 0);
  const predLen = preds.reduce((n, p) => n + (p.normEnd - p.normStart), 0);
  return { iou: inter / (a.normEnd - a.normStart + predLen - inter), s, e };
};

for (const s of samples) {
  const text = s.full_text;
  const q = (x) => JSON.stringify(text.slice(x.normStart ?? x.start, x.normEnd ?? x.end));
  const gold = evaluationSpans(text, s.spans.filter((g) => GOLD_TYPES[g.entity_type]).map((g) => ({ type: GOLD_TYPES[g.entity_type], start: g.start_position, end: g.end_position })));
  const raw = s.spans.filter((g) => !GOLD_TYPES[g.entity_type]).map((g) => ({ type: g.entity_type, start: g.start_position, end: g.end_position }));
  const pred = evaluationSpans(text, detectorFor(s).detect(text).filter((f) => PREDICTED_TYPES[f.type]).map((f) => ({ type: PREDICTED_TYPES[f.type], start: f.start, end: f.end })));
  const usedPred = new Set();
  for (const a of gold.filter((g) => SCORED.includes(g.type))) {
    counts[a.type].annotated += 1;
    const same = pred.filter((p) => p.type === a.type && overlaps(a, p)).sort((x, y) => x.normStart - y.normStart);
    // As the evaluator: add overlapping same-type predictions while they raise the IoU.
    const chosen = [];
    let best = 0;
    for (const p of same) { const next = iou(a, [...chosen, p]).iou; if (next > best) { chosen.push(p); best = next; } }
    if (best >= 0.9) { counts[a.type].tp += 1; for (const p of chosen) usedPred.add(p); continue; }
    for (const p of same) usedPred.add(p);
    if (chosen.length > 0) {
      const { s: ps, e: pe } = iou(a, chosen);
      const kind = ps <= a.normStart && pe >= a.normEnd ? 'too long' : ps >= a.normStart && pe <= a.normEnd ? 'too short' : 'crossing';
      const extra = kind === 'too long' ? raw.filter((r) => (r.start < a.normStart && r.end > ps) || (r.end > a.normEnd && r.start < pe)).map((r) => r.type) : [];
      bump(a.type, `${kind}${extra.length ? ` (over ${[...new Set(extra)].join('+')})` : ''}`, s, `gold ${q(a)} pred ${chosen.map(q).join(' + ')} | ${JSON.stringify(text)}`);
      continue;
    }
    const other = pred.filter((p) => overlaps(a, p));
    bump(a.type, other.length ? `found as ${other[0].type}` : 'missed', s, `gold ${q(a)}${other.length ? ` pred ${other.map((p) => `${p.type}:${q(p)}`).join(' ')}` : ''} | ${JSON.stringify(text)}`);
  }
  for (const p of pred.filter((x) => SCORED.includes(x.type))) {
    counts[p.type].predicted += 1;
    if (usedPred.has(p)) continue;
    const otherGold = gold.filter((g) => overlaps(g, p));
    const under = raw.filter((r) => r.start < p.normEnd && r.end > p.normStart).map((r) => r.type);
    const kind = otherGold.length ? `on gold ${otherGold[0].type}` : under.length ? `on unscored ${[...new Set(under)].join('+')}` : 'on nothing';
    bump(p.type, `false positive ${kind}`, s, `pred ${q(p)} | ${JSON.stringify(text)}`);
  }
}

// F2 over PERSON + LOCATION (typed), and what fixing each kind would give.
const total = SCORED.reduce((t, k) => ({ a: t.a + counts[k].annotated, p: t.p + counts[k].predicted, tp: t.tp + counts[k].tp }), { a: 0, p: 0, tp: 0 });
const f2 = (tp, p, a) => (5 * (tp / p) * (tp / a)) / (4 * (tp / p) + tp / a);
const base = f2(total.tp, total.p, total.a);
console.log(`${split}: ${samples.length} texts; PERSON+LOCATION typed F2 ${base.toFixed(3)} (${total.tp} of ${total.a} annotated, ${total.p} predicted)`);
for (const k of SCORED) console.log(`  ${k}: annotated ${counts[k].annotated}, predicted ${counts[k].predicted}, matched ${counts[k].tp}, F2 ${f2(counts[k].tp, counts[k].predicted, counts[k].annotated).toFixed(3)}`);
console.log('kind                                              n   F2 if fixed');
for (const [key, v] of Object.entries(kinds).sort((x, y) => y[1].n - x[1].n)) {
  // A fixed extent or type turns a false positive into a match; a fixed miss adds a match and a
  // prediction; a removed false positive removes a prediction. (A boundary error also holds a
  // false positive, counted here with its annotation, not again below.)
  const fixed = key.includes('false positive') ? f2(total.tp, total.p - v.n, total.a) : key.includes('missed') ? f2(total.tp + v.n, total.p + v.n, total.a) : f2(total.tp + v.n, total.p, total.a);
  console.log(`${key.padEnd(48)} ${String(v.n).padStart(3)}   +${(fixed - base).toFixed(3)}`);
  for (const e of v.examples) console.log(`      ${e}`);
}
