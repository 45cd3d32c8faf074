// Compares injection model files on held-out sets, the shipped one first: BIPIA's test plantings,
// every benign document set (the test thirds, the fourth to seventh fresh sets, the documents about AI,
// prompts and instructions of data/injection-hard-negatives/test.jsonl, the indirect-fresh benign sets),
// the indirect-fresh attacks and the second blind set (counts only: the blind halves' texts are never
// printed), jailbreaks and the user-turn false-positive sets. For experiments with the trainer's options:
//   npm run build && node scripts/train-injection.mjs --hard-negatives indirect --out /tmp/hn.bin
//   node bench/injection-hard-negatives.mjs /tmp/hn.bin [more.bin ...]
// Nothing here chooses anything: thresholds are the ones each file carries (chosen on validation).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const dist = resolve(process.env.BENCH_DIST ?? new URL('../dist', import.meta.url).pathname);
const { loadInjectionDetector } = await import(`${dist}/guardrails/injection/load-detector.js`);
const { buildInjectionCorpus } = await import(`${dist}/guardrails/injection/training/datasets.js`);
const { DEFAULT_DATA_DIR } = await import(`${dist}/guardrails/injection/training/corpus.js`);

const files = process.argv.slice(2);
if (files.some((f) => f.startsWith('--'))) throw new Error('usage: node bench/injection-hard-negatives.mjs [MODEL_FILE ...]');
const corpus = buildInjectionCorpus(DEFAULT_DATA_DIR);
const read = (path) => readFileSync(`${DEFAULT_DATA_DIR}${path}`, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
const odd = (rows) => rows.filter((_, i) => i % 2 === 1);
const testNegatives = (source) => corpus.indirectTest.filter((e) => e.label === 0 && e.source === source);
const sets = [
  ['recall', 'BIPIA test plantings', corpus.indirectTest.filter((e) => e.label === 1 && e.source.startsWith('bipia')), 'indirect'],
  ['recall', 'indirect-fresh development attacks', read('injection-indirect-fresh/attacks.jsonl'), 'indirect'],
  ['recall', 'indirect-fresh blind set, odd (never read) half', odd(read('injection-indirect-fresh/held-out-attacks.jsonl')), 'indirect'],
  ['recall', 'second blind set (injection-indirect-blind-2)', read('injection-indirect-blind-2/attacks.jsonl'), 'indirect'],
  ['recall', 'jailbreaks, test split', corpus.user.test, 'user'],
  ['FP', 'BIPIA e-mails, test', testNegatives('bipia-email'), 'indirect'],
  ['FP', 'our documents, test', testNegatives('benign-documents'), 'indirect'],
  ['FP', 'our e-mails, test', testNegatives('benign-emails'), 'indirect'],
  ['FP', 'SQuAD passages, test', testNegatives('squad-passages'), 'indirect'],
  ['FP', 'fourth fresh set', corpus.heldOut.freshEmails, 'indirect'],
  ['FP', 'fifth fresh set', corpus.heldOut.freshEmails5, 'indirect'],
  ['FP', 'sixth fresh set', corpus.heldOut.freshEmails6, 'indirect'],
  ['FP', 'seventh fresh set', corpus.heldOut.freshEmails7, 'indirect'],
  ['FP', 'documents about AI, prompts and instructions (test)', corpus.heldOut.hardNegatives, 'indirect'],
  ['FP', 'the same as user turns', corpus.heldOut.hardNegatives, 'user'],
  ['FP', 'indirect-fresh development benign', read('injection-indirect-fresh/benign.jsonl'), 'indirect'],
  ['FP', 'indirect-fresh blind benign, odd (never read) half', odd(read('injection-indirect-fresh/held-out-benign.jsonl')), 'indirect'],
  ['FP', 'XSTest safe prompts', corpus.heldOut.xstestSafe, 'user'],
  ['FP', 'banking77 test', corpus.heldOut.bankingTest, 'user'],
  ['FP', 'benign technical prompts', corpus.heldOut.benignTechnical, 'user'],
];
const detectors = [['shipped', await loadInjectionDetector()]];
for (const file of files) detectors.push([file.split('/').pop(), await loadInjectionDetector({ path: file })]);
console.log(`thresholds (user / indirect): ${detectors.map(([name, d]) => `${name} ${d.getThreshold('user').toFixed(3)} / ${d.getThreshold('indirect').toFixed(3)}`).join(', ')}`);
console.log(['', ...detectors.map(([name]) => name)].join(' | '));
for (const [kind, name, rows, source] of sets) {
  const cells = detectors.map(([, d]) => {
    const flagged = rows.filter((r) => d.score(r.text, { source }).flagged).length;
    return `${flagged}/${rows.length} (${((100 * flagged) / rows.length).toFixed(1)}%)`;
  });
  console.log([`${kind} ${name} [${source}]`, ...cells].join(' | '));
}
