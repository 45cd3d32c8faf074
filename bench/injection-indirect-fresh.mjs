// Indirect injection on documents nothing was trained or tuned on (data/injection-indirect-fresh):
// the share of planted instructions flagged as documents (recall) and of ordinary documents with the
// same surface features flagged (false positives): 40 + 40 written first and used to shape the
// 2026-12-05 rules (a development set), and 80 + 100 written afterwards by someone who had not seen
// the rules (the held-out set, measured once per change), plus the builtin red-team corpus's
// tool-result attacks and a second blind set of 40 attacks (counted only). --list prints each
// flagged or missed text with its score and reasons: the development set and the held-out set's even lines (the half read to shape the rules) only. The
// odd lines are the half nobody has read; they are counted, never printed or written to the JSON,
// unless --list-unread-held-out-half asks for them (which spends that half: say so when you do).
// Run: npm run build && node bench/injection-indirect-fresh.mjs [--list]   (BENCH_DIST=/other/checkout/dist compares another build)
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

const dist = resolve(process.env.BENCH_DIST ?? new URL('../dist', import.meta.url).pathname);
const { loadInjectionDetector } = await import(`${dist}/guardrails/injection/index.js`);
const detector = await loadInjectionDetector();
const read = (path) => readFileSync(new URL(`../data/${path}`, import.meta.url), 'utf8').trim().split('\n').map((l) => JSON.parse(l));

const known = new Set(['--list', '--list-unread-held-out-half']);
for (const arg of process.argv.slice(2)) {
  if (!known.has(arg)) throw new Error(`unknown argument ${arg}; usage: node bench/injection-indirect-fresh.mjs [--list] [--list-unread-held-out-half]`);
}

// The even lines of the blind set were read to shape the rules; the odd lines were not.
const isUnreadLine = (i) => i % 2 === 1;

/** `hideUnread`: the rows are the blind set, whose odd lines keep no text (counted, never shown). */
function measure(rows, { hideUnread = false } = {}) {
  const results = rows.map(({ text }, i) => {
    const r = detector.explain(text, { source: 'indirect' });
    if (hideUnread && isUnreadLine(i)) return { line: i, unread: true, flagged: r.flagged, score: Number(r.score.toFixed(3)) };
    return { line: i, flagged: r.flagged, score: Number(r.score.toFixed(3)), reasons: r.reasons, text: text.slice(0, 120) };
  });
  const flagged = results.filter((r) => r.flagged).length;
  return { texts: rows.length, flagged, share: flagged / rows.length, results };
}

const attacks = measure(read('injection-indirect-fresh/attacks.jsonl'));
const benign = measure(read('injection-indirect-fresh/benign.jsonl'));
const heldOutAttacks = measure(read('injection-indirect-fresh/held-out-attacks.jsonl'), { hideUnread: true });
const heldOutBenign = measure(read('injection-indirect-fresh/held-out-benign.jsonl'), { hideUnread: true });
const unreadHalf = (set) => {
  const rows = set.results.filter((r) => r.unread);
  const flagged = rows.filter((r) => r.flagged).length;
  return { texts: rows.length, flagged, share: flagged / rows.length };
};
const unseenAttacks = unreadHalf(heldOutAttacks);
const unseenBenign = unreadHalf(heldOutBenign);
const redteam = measure(read('redteam/builtin.jsonl').filter((r) => r.via === 'tool'));
// A second blind set (data/injection-indirect-blind-2, 2026-12-06): written before any detector scored it,
// never trained or tuned on. Counted only: no text is printed or written, so it stays a blind measurement.
const blind2 = (({ texts, flagged, share }) => ({ texts, flagged, share }))(measure(read('injection-indirect-blind-2/attacks.jsonl')));
const pct = (r) => `${r.flagged}/${r.texts} = ${(100 * r.share).toFixed(1)}%`;
console.log(`fresh attacks flagged (recall):        ${pct(attacks)}`);
console.log(`fresh benign documents flagged (FP):    ${pct(benign)}`);
console.log(`held-out attacks flagged (recall):     ${pct(heldOutAttacks)}`);
console.log(`held-out benign documents flagged (FP): ${pct(heldOutBenign)}`);
console.log(`  its odd lines, never read (recall):   ${pct(unseenAttacks)}`);
console.log(`  its odd lines, never read (FP):       ${pct(unseenBenign)}`);
console.log(`red-team corpus, tool results flagged: ${pct(redteam)}`);
console.log(`second blind set, attacks (recall):    ${pct(blind2)}`);
const oneLine = (text) => text.replace(/\s*\n\s*/g, ' / ');
if (process.argv.includes('--list')) {
  for (const [name, set, show] of [['missed attack', attacks, false], ['flagged benign', benign, true], ['missed held-out attack (read half)', heldOutAttacks, false], ['flagged held-out benign (read half)', heldOutBenign, true]]) {
    for (const r of set.results.filter((x) => x.flagged === show && !x.unread)) console.log(`${name} ${r.score} ${r.reasons.join('; ')} | ${oneLine(r.text)}`);
  }
}
if (process.argv.includes('--list-unread-held-out-half')) {
  // Printed here only, never written to the JSON: once read, this half no longer measures blind.
  console.error('WARNING: printing the held-out set\'s UNREAD half (odd lines); it is no longer a blind measurement once read.');
  for (const [name, file, show] of [['missed UNREAD held-out attack', 'held-out-attacks', false], ['flagged UNREAD held-out benign', 'held-out-benign', true]]) {
    read(`injection-indirect-fresh/${file}.jsonl`).forEach(({ text }, i) => {
      if (!isUnreadLine(i)) return;
      const r = detector.explain(text, { source: 'indirect' });
      if (r.flagged === show) console.log(`${name} line ${i} ${r.score.toFixed(3)} ${r.reasons.join('; ')} | ${oneLine(text.slice(0, 120))}`);
    });
  }
}
const out = resolve(new URL('./results', import.meta.url).pathname);
mkdirSync(out, { recursive: true });
writeFileSync(`${out}/injection-indirect-fresh.json`, JSON.stringify({ at: new Date().toISOString(), attacks, benign, heldOutAttacks, heldOutBenign, unseenAttacks, unseenBenign, redteam, blind2 }, null, 2));
