// Indirect injection on documents nothing was trained or tuned on (data/injection-indirect-fresh):
// the share of planted instructions flagged as documents (recall) and of ordinary documents with the
// same surface features flagged (false positives): 40 + 40 written first and used to shape the
// 2026-12-05 rules (a development set), and 80 + 100 written afterwards by someone who had not seen
// the rules (the held-out set, measured once per change), plus the builtin red-team corpus's
// tool-result attacks. Each flagged or missed text is listed with its score and reasons.
// Run: npm run build && node bench/injection-indirect-fresh.mjs   (BENCH_DIST=/other/checkout/dist compares another build)
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

const dist = resolve(process.env.BENCH_DIST ?? new URL('../dist', import.meta.url).pathname);
const { loadInjectionDetector } = await import(`${dist}/guardrails/injection/index.js`);
const detector = await loadInjectionDetector();
const read = (path) => readFileSync(new URL(`../data/${path}`, import.meta.url), 'utf8').trim().split('\n').map((l) => JSON.parse(l));

function measure(rows) {
  const results = rows.map(({ text }) => {
    const r = detector.explain(text, { source: 'indirect' });
    return { flagged: r.flagged, score: Number(r.score.toFixed(3)), reasons: r.reasons, text: text.slice(0, 120) };
  });
  const flagged = results.filter((r) => r.flagged).length;
  return { texts: rows.length, flagged, share: flagged / rows.length, results };
}

const attacks = measure(read('injection-indirect-fresh/attacks.jsonl'));
const benign = measure(read('injection-indirect-fresh/benign.jsonl'));
// The even lines of the blind set were read to shape the rules; the odd lines were not.
const oddLines = (rows) => rows.filter((_, i) => i % 2 === 1);
const heldOutAttacks = measure(read('injection-indirect-fresh/held-out-attacks.jsonl'));
const heldOutBenign = measure(read('injection-indirect-fresh/held-out-benign.jsonl'));
const unseenAttacks = measure(oddLines(read('injection-indirect-fresh/held-out-attacks.jsonl')));
const unseenBenign = measure(oddLines(read('injection-indirect-fresh/held-out-benign.jsonl')));
const redteam = measure(read('redteam/builtin.jsonl').filter((r) => r.via === 'tool'));
const pct = (r) => `${r.flagged}/${r.texts} = ${(100 * r.share).toFixed(1)}%`;
console.log(`fresh attacks flagged (recall):        ${pct(attacks)}`);
console.log(`fresh benign documents flagged (FP):    ${pct(benign)}`);
console.log(`held-out attacks flagged (recall):     ${pct(heldOutAttacks)}`);
console.log(`held-out benign documents flagged (FP): ${pct(heldOutBenign)}`);
console.log(`  its odd lines, never read (recall):   ${pct(unseenAttacks)}`);
console.log(`  its odd lines, never read (FP):       ${pct(unseenBenign)}`);
console.log(`red-team corpus, tool results flagged: ${pct(redteam)}`);
if (process.argv.includes('--list')) {
  for (const [name, set, show] of [['missed attack', attacks, false], ['flagged benign', benign, true], ['missed held-out attack', heldOutAttacks, false], ['flagged held-out benign', heldOutBenign, true]]) {
    for (const r of set.results.filter((x) => x.flagged === show)) console.log(`${name} ${r.score} ${r.reasons.join('; ')} | ${r.text}`);
  }
}
const out = resolve(new URL('./results', import.meta.url).pathname);
mkdirSync(out, { recursive: true });
writeFileSync(`${out}/injection-indirect-fresh.json`, JSON.stringify({ at: new Date().toISOString(), attacks, benign, heldOutAttacks, heldOutBenign, unseenAttacks, unseenBenign, redteam }, null, 2));
