// Experiment (issue #10): a trained span re-scorer after the rule-based PII detector. For every
// PERSON / LOCATION / STREET_ADDRESS finding it proposes variants (keep; cut a trailing number,
// the last or first word, the part after the last comma; take one more word on either side),
// and a logistic regression over hashed features (variant, type, shapes and words at the edges
// and outside them, the removed part) picks the variant most likely to match an annotation at
// IoU >= 0.9, or drops the finding. Optionally (--proposals) spans the tagger scored 0.3-0.6
// that no finding overlaps are candidates too.
//
// Trained only on presidio-synth's training templates (out-of-fold findings: each text is run
// through the fold model that never saw its template residue) and pii-wild's dev half. Scored:
//   1. cross-validation over the seven training residues (re-scorer trained on six, applied to the seventh);
//   2. once, trained on everything allowed: held-out presidio-synth, pii-wild test, harmless sets.
// Run after a build and `node dist/guardrails/pii/ner/train/train-main.js --cv --save-folds DIR`:
//   node bench/pii-span-rescorer.mjs DIR [--proposals] [--heldout]
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';

const dir = process.argv[2];
if (!dir) throw new Error('usage: node bench/pii-span-rescorer.mjs FOLD_MODEL_DIR [--proposals] [--heldout]');
const withProposals = process.argv.includes('--proposals');
const scoreHeldOut = process.argv.includes('--heldout');
// --fresh DIR: tune rows of data/pii-fresh's templates (dumped by pii-fresh-templates.mjs --dump
// DIR/NAME-tune.json) train the re-scorer too, and their eval rows (NAME-eval.json) choose its thresholds.
const freshDir = process.argv.includes('--fresh') ? process.argv[process.argv.indexOf('--fresh') + 1] : null;
const pii = await import('../dist/guardrails/pii/index.js');
const { createPiiDetector, createNameTagger, loadTaggerModel, isHeldOutTemplate, readPresidioSynth, scorePresidio, evaluationSpans, GOLD_TYPES, PREDICTED_TYPES, NATIONAL_ID_TYPES } = pii;
const { tokenize } = await import('../dist/guardrails/pii/ner/tokenize.js');
const { LEX } = await import('../dist/guardrails/pii/ner/lexicon-table.js');

const NAMEISH = new Set(['PERSON', 'LOCATION', 'STREET_ADDRESS']);
const RESIDUES = [0, 2, 3, 5, 6, 8, 9];
const WILD_TYPES = {
  gold: { ...GOLD_TYPES, DATE_OF_BIRTH: 'DATE_OF_BIRTH', SECRET: 'SECRET' },
  predicted: { ...PREDICTED_TYPES, POSTAL_CODE: 'LOCATION', DATE_OF_BIRTH: 'DATE_OF_BIRTH', SECRET: 'SECRET', URL_CREDENTIALS: 'SECRET', MAC_ADDRESS: 'MAC_ADDRESS',
    ...Object.fromEntries(NATIONAL_ID_TYPES.filter((t) => t !== 'US_SSN').map((t) => [t, t])) },
};
const PRESIDIO_TYPES = { gold: GOLD_TYPES, predicted: PREDICTED_TYPES };
const readJsonl = (url) => readFileSync(url, 'utf8').trim().split('\n').map((l) => JSON.parse(l));

// ---- detectors: findings plus low-confidence tagger spans --------------------------------------
function detectorPair(modelPath) {
  const model = loadTaggerModel(modelPath);
  const detector = createPiiDetector({ nameTagger: createNameTagger(model) });
  const loose = withProposals ? createNameTagger(model, { minScore: 0.3 }) : null;
  return { detector, loose, model };
}

// ---- candidates ----------------------------------------------------------------------------------
const shape = (w) => w.replace(/\p{Lu}+/gu, 'A').replace(/\p{Ll}+/gu, 'a').replace(/\d+/g, '0').slice(0, 6);
const isWord = (t) => /^\p{L}/u.test(t.text);
const isNumber = (t) => /^\d/.test(t.text);

/** Variants of one finding as [name, start, end] (token-aligned), `keep` first. */
function variantsOf(text, tokens, f) {
  const inside = tokens.filter((t) => t.start >= f.start && t.end <= f.end);
  const out = [['keep', f.start, f.end]];
  if (inside.length === 0) return out;
  let k = inside.length - 1;
  while (k > 0 && (isNumber(inside[k]) || inside[k].text === '-')) k -= 1;
  if (k < inside.length - 1 && k >= 0) out.push(['cutNumber', f.start, trimEnd(inside, k)]);
  if (inside.length > 1) {
    out.push(['cutLast', f.start, trimEnd(inside, inside.length - 2)]);
    out.push(['cutFirst', inside[1].start, f.end]);
    const comma = inside.map((t) => t.text).lastIndexOf(',');
    if (comma > 0) out.push(['cutComma', f.start, trimEnd(inside, comma - 1)]);
  }
  const after = tokens.find((t) => t.start >= f.end);
  if (after && isWord(after) && !after.lineStart && /^\p{Lu}/u.test(after.text)) out.push(['addRight', f.start, after.end]);
  const before = [...tokens].reverse().find((t) => t.end <= f.start);
  if (before && isWord(before) && !inside[0].lineStart && /^\p{Lu}/u.test(before.text)) out.push(['addLeft', before.start, f.end]);
  return out;
}
function trimEnd(inside, k) {
  while (k > 0 && /^[,.;:\-]$/.test(inside[k].text)) k -= 1;
  return inside[k].end;
}

function features(text, tokens, f, variant) {
  const [name, start, end] = variant;
  const inside = tokens.filter((t) => t.start >= start && t.end <= end);
  const before = [...tokens].reverse().find((t) => t.end <= start);
  const after = tokens.find((t) => t.start >= end);
  const first = inside[0];
  const last = inside[inside.length - 1];
  const removed = tokens.filter((t) => (t.start >= f.start && t.end <= f.end) && !(t.start >= start && t.end <= end));
  const added = tokens.filter((t) => (t.start >= start && t.end <= end) && !(t.start >= f.start && t.end <= f.end));
  const type = f.type === 'STREET_ADDRESS' ? 'ADDR' : f.type;
  const v = `${name}|${type}`;
  const fs = [
    'bias', `v=${name}`, `vt=${v}`, `src=${f.proposal ? 'loose' : 'found'}|${v}`,
    `score=${v}|${Math.min(9, Math.floor(f.score * 10))}`,
    `n=${v}|${Math.min(6, inside.length)}`,
    `firstShape=${v}|${first ? shape(first.text) : '-'}`, `lastShape=${v}|${last ? shape(last.text) : '-'}`,
    `lastWord=${v}|${last ? last.text.toLowerCase() : '-'}`, `firstWord=${v}|${first ? first.text.toLowerCase() : '-'}`,
    `prev=${v}|${before ? before.text.toLowerCase() : '^'}`, `next=${v}|${after ? after.text.toLowerCase() : '$'}`,
    `prevShape=${v}|${before ? shape(before.text) : '^'}`, `nextShape=${v}|${after ? shape(after.text) : '$'}`,
    `nextLine=${v}|${after ? after.lineStart : 'end'}`, `digits=${v}|${inside.some(isNumber)}`,
    `commas=${v}|${Math.min(3, inside.filter((t) => t.text === ',').length)}`,
    `lines=${v}|${inside.slice(1).some((t) => t.lineStart)}`,
    `lower=${v}|${text === text.toLowerCase()}`,
  ];
  for (const t of removed) fs.push(`rmShape=${v}|${shape(t.text)}`, `rmWord=${v}|${t.text.toLowerCase()}`);
  for (const t of added) fs.push(`addShape=${v}|${shape(t.text)}`, `addWord=${v}|${t.text.toLowerCase()}`);
  if (removed.length) fs.push(`rmN=${v}|${Math.min(4, removed.length)}`);
  return fs;
}

function capitalFeatures(text, tokens, f, model) {
  const inside = tokens.slice(f.i, f.j + 1);
  const before = tokens[f.i - 1];
  const before2 = tokens[f.i - 2];
  const after = tokens[f.j + 1];
  const sentenceStart = !before || tokens[f.i].lineStart || /^[.!?:]$/.test(before.text);
  const words = inside.filter(isWord);
  const fs = ['cap:bias', `cap:n=${words.length}`, `cap:start=${sentenceStart}`, `cap:start+n=${sentenceStart}|${words.length}`,
    `cap:prev=${before ? before.text.toLowerCase() : '^'}`, `cap:prev2=${before2 ? before2.text.toLowerCase() : '^'}`,
    `cap:next=${after ? after.text.toLowerCase() : '$'}`, `cap:nextShape=${after ? shape(after.text) : '$'}`,
    `cap:lower=${text === text.toLowerCase()}`];
  words.forEach((t, k) => {
    const lex = lexiconBits(model, t.text);
    const pos = k === 0 ? 'first' : k === words.length - 1 ? 'last' : 'mid';
    fs.push(`cap:lex=${lex}`, `cap:lex@${pos}=${lex}`, `cap:shape@${pos}=${shape(t.text)}`, `cap:word=${t.text.toLowerCase()}`,
      `cap:suf3=${t.text.slice(-3).toLowerCase()}`, `cap:lex+start=${lex}|${sentenceStart}`);
  });
  if (words.length > 1) fs.push(`cap:lexpair=${lexiconBits(model, words[0].text)}|${lexiconBits(model, words[words.length - 1].text)}`);
  return fs;
}

// ---- labels --------------------------------------------------------------------------------------
function goldSpans(sample, types) {
  const gold = sample.spans.filter((g) => types.gold[g.entity_type]).map((g) => ({ type: types.gold[g.entity_type], start: g.start_position, end: g.end_position }));
  return evaluationSpans(sample.full_text, gold);
}
function matches(text, gold, start, end) {
  const [e] = evaluationSpans(text, [{ type: 'X', start, end }]);
  if (!e) return false;
  return gold.some((g) => {
    const inter = Math.max(0, Math.min(g.normEnd, e.normEnd) - Math.max(g.normStart, e.normStart));
    const union = Math.max(g.normEnd, e.normEnd) - Math.min(g.normStart, e.normStart);
    return inter / union >= 0.9;
  });
}

// --capitals: runs of one to four capitalised words (initials and name particles inside) that no
// finding overlaps are proposals too, so the re-scorer can add a name the rules and tagger missed.
const withCapitals = process.argv.includes('--capitals');
const PARTICLES = new Set(['van', 'von', 'de', 'der', 'den', 'del', 'della', 'di', 'da', 'du', 'la', 'le', 'ten', 'ter', 'bin', 'al', 'el', 'y', 'dos', 'das']);
const isCap = (t) => /^\p{Lu}/u.test(t.text);
function capitalRuns(tokens, found) {
  const runs = [];
  for (let i = 0; i < tokens.length; i += 1) {
    if (!isCap(tokens[i])) continue;
    let j = i;
    let words = 1;
    for (;;) {
      let k = j + 1;
      if (tokens[k]?.text === '.' && tokens[j].text.length === 1) k += 1;
      while (tokens[k] && PARTICLES.has(tokens[k].text) && tokens[k + 1] && isCap(tokens[k + 1])) k += 1;
      if (!tokens[k] || !isCap(tokens[k]) || tokens[k].lineStart || words >= 4) break;
      j = k;
      words += 1;
    }
    const start = tokens[i].start;
    const end = tokens[j].end;
    if (!found.some((f) => f.start < end && f.end > start)) runs.push({ type: 'PERSON', start, end, score: 0, capitals: true, i, j });
    i = j;
  }
  return runs;
}
const lexiconBits = (model, w) => {
  const bits = model.lexicons.lookup(w);
  const names = [];
  for (const [k, b] of Object.entries(LEX)) if (bits & b) names.push(k);
  return names.length ? names.join('+') : 'none';
};

/** Every name-like finding (and proposal) of a text with its variants, features and labels. */
function examplesOf(sample, pair, types) {
  const text = sample.full_text;
  const tokens = tokenize(text);
  const found = pair.detector.detect(text);
  const items = found.filter((f) => NAMEISH.has(f.type)).map((f) => ({ f }));
  if (pair.loose) {
    for (const p of pair.loose.tag(text)) {
      if (found.some((f) => f.start < p.end && f.end > p.start)) continue;
      items.push({ f: { ...p, proposal: true } });
    }
  }
  if (withCapitals) {
    for (const p of capitalRuns(tokens, found)) items.push({ f: p });
  }
  const gold = types ? goldSpans(sample, types) : [];
  for (const it of items) {
    if (it.f.capitals) {
      const x = capitalFeatures(text, tokens, it.f, pair.model);
      it.variants = [{ v: ['keep', it.f.start, it.f.end], x, y: types ? matches(text, gold, it.f.start, it.f.end) : false }];
      it.personX = x;
      it.isPerson = gold.some((g) => g.type === 'PERSON' && g.normStart < it.f.end && g.normEnd > it.f.start);
      continue;
    }
    it.variants = variantsOf(text, tokens, it.f).map((v) => ({ v, x: features(text, tokens, it.f, v), y: types ? matches(text, gold, v[1], v[2]) : false }));
  }
  return { sample, found, items };
}

// ---- logistic regression (hashed features, SGD, L2) --------------------------------------------
const BITS = 18;
function hash(s) {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i += 1) { h ^= s.charCodeAt(i); h = Math.imul(h, 0x01000193); }
  return (h >>> 0) & ((1 << BITS) - 1);
}
function train(rows, epochs = 12, rate = 0.1, l2 = 1e-5) {
  const w = new Float64Array(1 << BITS);
  const hashed = rows.map((r) => ({ h: r.x.map(hash), y: r.y ? 1 : 0 }));
  let seed = 12345;
  const rand = () => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return seed / 2 ** 32; };
  for (let e = 0; e < epochs; e += 1) {
    for (let i = hashed.length - 1; i > 0; i -= 1) { const j = Math.floor(rand() * (i + 1)); [hashed[i], hashed[j]] = [hashed[j], hashed[i]]; }
    const lr = rate / (1 + e);
    for (const r of hashed) {
      let z = 0;
      for (const h of r.h) z += w[h];
      const g = 1 / (1 + Math.exp(-z)) - r.y;
      for (const h of r.h) w[h] -= lr * (g + l2 * w[h]);
    }
  }
  return (x) => { let z = 0; for (const s of x) z += w[hash(s)]; return 1 / (1 + Math.exp(-z)); };
}

// ---- applying ------------------------------------------------------------------------------------
function rescored(ex, predict, opts) {
  const keepOthers = ex.found.filter((f) => !NAMEISH.has(f.type));
  const out = [...keepOthers];
  for (const it of ex.items) {
    const ps = it.variants.map((c) => predict(c.x));
    let best = 0;
    for (let i = 1; i < ps.length; i += 1) if (ps[i] > ps[best] + opts.margin) best = i;
    if (it.f.capitals) {
      if (ps[0] < opts.capitals) continue;
      out.push({ ...it.f, type: predictPerson(it.personX) >= 0.5 ? 'PERSON' : 'LOCATION', score: ps[0] });
      continue;
    }
    if (ps[best] < (it.f.proposal ? opts.accept : opts.drop)) continue;
    const [, start, end] = it.variants[best].v;
    out.push({ ...it.f, start, end });
  }
  return out.sort((a, b) => a.start - b.start);
}
const fixed = (examples) => { const m = new Map(examples.map((e) => [e.sample.full_text, e])); return m; };

function scoreWith(examples, types, predict, opts) {
  const byText = fixed(examples);
  const detect = (t) => { const ex = byText.get(t); return predict ? rescored(ex, predict, opts) : ex.found; };
  return scorePresidio(examples.map((e) => e.sample), detect, 0.9, types);
}
const rowsOf = (examples) => examples.flatMap((e) => e.items.flatMap((it) => it.variants));

// ---- data ----------------------------------------------------------------------------------------
const synth = readPresidioSynth();
const training = synth.filter((s) => !isHeldOutTemplate(s.template_id));
const pairs = new Map(RESIDUES.map((r) => [r, detectorPair(`${dir}/fold-${r}.bin.gz`)]));
const cvExamples = training.map((s) => ({ residue: s.template_id % 10, ...examplesOf(s, pairs.get(s.template_id % 10), PRESIDIO_TYPES) }));
const shipped = detectorPair(undefined);
const wild = (half) => readJsonl(new URL(`./data/pii-wild/pii-${half}.jsonl`, import.meta.url));
const wildDev = wild('dev').map((s) => examplesOf(s, shipped, WILD_TYPES));
const freshOf = (part) => (freshDir ? readdirSync(freshDir).filter((n) => n.endsWith(`-${part}.json`)).sort().flatMap((n) => JSON.parse(readFileSync(`${freshDir}/${n}`, 'utf8'))) : []);
const freshTune = freshOf('tune').map((s) => examplesOf(s, shipped, PRESIDIO_TYPES));
const freshEval = freshOf('eval').map((s) => examplesOf(s, shipped, PRESIDIO_TYPES));
const extraRows = [...rowsOf(wildDev), ...rowsOf(freshTune)];
const positives = rowsOf(cvExamples).filter((r) => r.y).length;
console.log(`training rows: ${rowsOf(cvExamples).length} candidates from presidio training templates (${positives} match an annotation), ${rowsOf(wildDev).length} from pii-wild dev, ${rowsOf(freshTune).length} from fresh tune rows`);

const capitalRows = (examples) => examples.flatMap((e) => e.items.filter((it) => it.f.capitals && it.variants[0].y).map((it) => ({ x: it.personX, y: it.isPerson })));
let predictPerson = () => 1;
if (withCapitals) {
  predictPerson = train([...capitalRows(cvExamples), ...capitalRows(wildDev), ...capitalRows(freshTune)]);
  const all = [...cvExamples, ...wildDev, ...freshTune].flatMap((e) => e.items.filter((it) => it.f.capitals));
  console.log(`capitalised-run proposals: ${all.length}, of which ${all.filter((it) => it.variants[0].y).length} match an annotation`);
}
const OPTION_GRID = [];
for (const margin of [0, 0.1, 0.2, 0.3]) for (const drop of [0, 0.1, 0.2, 0.3]) for (const accept of [0.5, 0.7, 0.9, 1.01]) for (const capitals of withCapitals ? [0.15, 0.2, 0.3, 1.01] : [1.01]) OPTION_GRID.push({ margin, drop, accept, capitals });
const f3 = (x) => x.toFixed(3);
const results = { args: process.argv.slice(3), rows: {}, cv: {}, fresh: {}, heldOut: {} };

// 1. Cross-validation over the training residues.
const base = scoreWith(cvExamples, PRESIDIO_TYPES, null);
const foldPredictors = new Map(RESIDUES.map((r) => [r, train([...rowsOf(cvExamples.filter((e) => e.residue !== r)), ...extraRows])]));
const cvPredict = (examples, opts) => {
  const byText = fixed(examples);
  return scorePresidio(examples.map((e) => e.sample), (t) => { const ex = byText.get(t); return rescored(ex, foldPredictors.get(ex.residue), opts); }, 0.9, PRESIDIO_TYPES);
};
let bestOpts = null;
let bestF = -1;
for (const opts of OPTION_GRID) {
  const r = cvPredict(cvExamples, opts);
  if (r.overall.fBeta > bestF + 1e-9) { bestF = r.overall.fBeta; bestOpts = opts; }
}
results.cv = { rules: base.overall.fBeta, best: bestF, bestOpts };
console.log(`CV over training residues: rules ${f3(base.overall.fBeta)} (p ${f3(base.overall.precision)} r ${f3(base.overall.recall)}) → re-scored ${f3(bestF)} with ${JSON.stringify(bestOpts)}`);
const neutral = { margin: 0, drop: 0, accept: 1.01, capitals: 1.01 };
const cvNeutral = cvPredict(cvExamples, neutral);
results.cv.variantsOnly = cvNeutral.overall.fBeta;
console.log(`CV, variants only (no drop, no proposals): ${f3(cvNeutral.overall.fBeta)}`);

if (withCapitals) {
  for (const capitals of [0.1, 0.15, 0.2, 0.3, 0.4]) {
    const opts = { ...neutral, margin: 1, capitals };
    console.log(`capitals only, accept >= ${capitals}: CV ${f3(cvPredict(cvExamples, opts).overall.fBeta)}`);
  }
}
// --without-synth-rows: the final re-scorer learns from pii-wild dev and fresh tune rows only (the
// out-of-fold findings on presidio's training templates are nearly all right and teach "keep").
const synthRows = process.argv.includes('--without-synth-rows') ? [] : rowsOf(cvExamples);
if (freshDir) {
  const predict = train([...synthRows, ...extraRows]);
  const f0 = scoreWith(freshEval, PRESIDIO_TYPES, null);
  let bestFresh = -1;
  for (const opts of OPTION_GRID) {
    const r = scoreWith(freshEval, PRESIDIO_TYPES, predict, opts);
    if (r.overall.fBeta > bestFresh + 1e-9) { bestFresh = r.overall.fBeta; bestOpts = opts; }
  }
  if (withCapitals) for (const capitals of [0.1, 0.15, 0.2, 0.3, 0.4]) console.log(`capitals only, accept >= ${capitals}: fresh eval ${f3(scoreWith(freshEval, PRESIDIO_TYPES, predict, { ...neutral, margin: 1, capitals }).overall.fBeta)}`);
  results.fresh = { texts: freshEval.length, rules: f0.overall.fBeta, best: bestFresh, bestOpts, variantsOnly: scoreWith(freshEval, PRESIDIO_TYPES, predict, neutral).overall.fBeta };
  console.log(`fresh eval rows (${freshEval.length} texts): rules ${f3(f0.overall.fBeta)} → re-scored ${f3(bestFresh)} with ${JSON.stringify(bestOpts)}; variants only ${f3(scoreWith(freshEval, PRESIDIO_TYPES, predict, neutral).overall.fBeta)}`);
}

if (scoreHeldOut) {
  const predict = train([...synthRows, ...extraRows]);
  const heldOut = synth.filter((s) => isHeldOutTemplate(s.template_id)).map((s) => examplesOf(s, shipped, PRESIDIO_TYPES));
  const wildTest = wild('test').map((s) => examplesOf(s, shipped, WILD_TYPES));
  const capitalsAt = process.argv.includes('--capitals-at') ? Number(process.argv[process.argv.indexOf('--capitals-at') + 1]) : 1.01;
  for (const [name, opts] of [['chosen', bestOpts], ['variants only', neutral], [`capitals only >= ${capitalsAt}`, { ...neutral, margin: 1, capitals: capitalsAt }]]) {
    const h0 = scoreWith(heldOut, PRESIDIO_TYPES, null);
    const h1 = scoreWith(heldOut, PRESIDIO_TYPES, predict, opts);
    const w0 = scoreWith(wildTest, WILD_TYPES, null);
    const w1 = scoreWith(wildTest, WILD_TYPES, predict, opts);
    const per = (r) => ['PERSON', 'LOCATION'].map((k) => `${k} ${f3(r.perEntity[k]?.fBeta ?? 0)}`).join(', ');
    results.heldOut[name] = { opts, presidio: [h0.overall.fBeta, h1.overall.fBeta], piiWildTest: [w0.overall.fBeta, w1.overall.fBeta] };
    console.log(`[${name}] held-out presidio-synth: ${f3(h0.overall.fBeta)} → ${f3(h1.overall.fBeta)} (${per(h0)} → ${per(h1)})`);
    console.log(`[${name}] pii-wild test: ${f3(w0.overall.fBeta)} → ${f3(w1.overall.fBeta)}`);
  }
}
results.machine = { loadavg: os.loadavg(), node: process.version };
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/pii-span-rescorer.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
