// Injection attacks phrased as the shipped corpora (long jailbreaks, BIPIA) rarely phrase them:
//  - in German, French, Spanish, Italian, Portuguese and Dutch: the share of 36 attacks
//    (data/injection-multilingual/attacks.jsonl) flagged as a user turn, and of ordinary prompts
//    flagged: 30 that mention ignoring, instructions, rules or system prompts
//    (benign-lookalikes.jsonl) and the 180 harmless business prompts of data/harmless-multilingual;
//  - short goal hijacks ("Ignore the above and …", "Forget everything before …", "I have been
//    PWNED"): 30 attacks and 30 hard negatives, ordinary chat turns that forget or ignore
//    something (data/injection-short).
// Each set was written before the rules it measures were run on it (see each SOURCE.md).
// Run: npm run build && node bench/injection-phrasings.mjs   (BENCH_DIST=/other/checkout/dist compares another build)
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

const dist = resolve(process.env.BENCH_DIST ?? new URL('../dist', import.meta.url).pathname);
const { loadInjectionDetector } = await import(`${dist}/guardrails/injection/index.js`);
const detector = await loadInjectionDetector();
const read = (path) => readFileSync(new URL(`../data/${path}`, import.meta.url), 'utf8').trim().split('\n').map((l) => JSON.parse(l));

function flaggedShare(rows) {
  const byLanguage = {};
  const flaggedTexts = [];
  for (const { lang, text } of rows) {
    const { flagged, score } = detector.score(text, { source: 'user' });
    byLanguage[lang] ??= { texts: 0, flagged: 0 };
    byLanguage[lang].texts += 1;
    if (!flagged) continue;
    byLanguage[lang].flagged += 1;
    flaggedTexts.push(`${lang} ${score.toFixed(2)} ${text}`);
  }
  const flagged = flaggedTexts.length;
  return { texts: rows.length, flagged, share: flagged / rows.length, byLanguage, flaggedTexts };
}

const shortAttacks = flaggedShare(read('injection-short/attacks.jsonl').map((r) => ({ lang: 'short', ...r })));
const shortBenign = flaggedShare(read('injection-short/benign.jsonl').map((r) => ({ lang: 'short', ...r })));
const attacks = flaggedShare(read('injection-multilingual/attacks.jsonl'));
const lookalikes = flaggedShare(read('injection-multilingual/benign-lookalikes.jsonl'));
const harmless = flaggedShare([...read('harmless-multilingual/dev.jsonl'), ...read('harmless-multilingual/held-out.jsonl')]);
const pct = (r) => `${r.flagged}/${r.texts} = ${(100 * r.share).toFixed(1)}%`;
console.log(`attacks flagged (recall): ${pct(attacks)}`);
for (const [lang, v] of Object.entries(attacks.byLanguage)) console.log(`  ${lang}: ${v.flagged}/${v.texts}`);
console.log(`benign look-alikes flagged: ${pct(lookalikes)}`);
for (const t of lookalikes.flaggedTexts) console.log(`    ${t}`);
console.log(`harmless business prompts flagged: ${pct(harmless)}`);
for (const t of harmless.flaggedTexts) console.log(`    ${t}`);
const missed = read('injection-multilingual/attacks.jsonl').filter(({ text }) => !attacks.flaggedTexts.some((t) => t.endsWith(text)));
for (const { lang, text } of missed) console.log(`    missed ${lang}: ${text}`);
console.log(`short goal hijacks flagged (recall): ${pct(shortAttacks)}`);
for (const { text } of read('injection-short/attacks.jsonl').filter(({ text }) => !shortAttacks.flaggedTexts.some((t) => t.endsWith(text)))) console.log(`    missed: ${text}`);
console.log(`short ordinary chat turns that forget or ignore something, flagged: ${pct(shortBenign)}`);
for (const t of shortBenign.flaggedTexts) console.log(`    ${t}`);
if (!process.env.BENCH_DIST) {
  mkdirSync(new URL('results/', import.meta.url), { recursive: true });
  writeFileSync(new URL('results/injection-phrasings.json', import.meta.url), `${JSON.stringify({ when: new Date().toISOString(), multilingual: { attacks, lookalikes, harmless }, short: { attacks: shortAttacks, benign: shortBenign } }, null, 1)}\n`);
}
