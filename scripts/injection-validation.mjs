// Validation-only figures of the injection detector's user turn and pasted context: what the
// pasted-document choices (PASTED_USER_BAR, the SQuAD questions the user head learns from) were
// decided on. Never reads a test split: SQuAD passages of the validation articles, with the first
// question SQuAD wrote about each, in the seven RAG templates of bench/guard-injection.mjs, and
// the validation jailbreaks plain and wrapped the same way.
// Run: npm run build && node scripts/injection-validation.mjs [MODEL_FILE]
import { readFileSync } from 'node:fs';
import { DEFAULT_MODEL_PATH, detectorFromModel } from '../dist/guardrails/injection/load-detector.js';
import { decodeModelFile } from '../dist/guardrails/injection/model/model-file.js';
import { PASTED_USER_BAR } from '../dist/guardrails/injection/detector.js';
import { buildInjectionCorpus } from '../dist/guardrails/injection/training/datasets.js';
import { DEFAULT_DATA_DIR } from '../dist/guardrails/injection/training/corpus.js';
import { INSTRUCTION_FIRST, RAG_TEMPLATES, squadPassages } from '../bench/rag-pasted-prompts.mjs';

const detector = detectorFromModel(decodeModelFile(readFileSync(process.argv[2] ?? DEFAULT_MODEL_PATH)));
const corpus = buildInjectionCorpus(DEFAULT_DATA_DIR);
const { byText, firstQuestion } = squadPassages(DEFAULT_DATA_DIR);
const passages = [...new Set(corpus.indirectVal.filter((e) => e.source === 'squad-passages').map((e) => e.text))].map((text) => byText.get(text));
const jailbreaks = corpus.user.val.filter((e) => e.label === 1).map((e) => e.text);

const flagged = (texts) => {
  const n = texts.filter((text) => detector.score(text).flagged).length;
  return `${String(n).padStart(4)}/${String(texts.length).padEnd(5)} ${((100 * n) / texts.length).toFixed(1)}%`;
};
const report = [];
report.push(['validation passages pasted, seven templates', flagged(Object.values(RAG_TEMPLATES).flatMap((fill) => passages.map((p) => fill(p, firstQuestion.get(p.id)))))]);
for (const [name, fill] of Object.entries(RAG_TEMPLATES)) report.push([`  ${name}`, flagged(passages.map((p) => fill(p, firstQuestion.get(p.id))))]);
report.push(['the bare validation questions', flagged(passages.map((p) => firstQuestion.get(p.id)))]);
report.push(['passages after an instruction (two templates)', flagged(Object.values(INSTRUCTION_FIRST).flatMap((fill) => passages.map(fill)))]);
report.push(['validation jailbreaks (recall)', flagged(jailbreaks)]);
report.push(['  wrapped in the seven templates', flagged(Object.values(RAG_TEMPLATES).flatMap((fill) => jailbreaks.map((text) => fill({ text, title: 'Notes' }, 'What do you think?'))))]);
report.push(['  after "Summarise the following article:"', flagged(jailbreaks.map((text) => INSTRUCTION_FIRST['Summarise the following article:']({ text })))]);
for (const source of ['banking77-train', 'benign-train-prompts', 'bipia-email', 'benign-documents']) {
  report.push([`user-head validation negatives: ${source}`, flagged(corpus.user.val.filter((e) => e.label === 0 && e.source === source).map((e) => e.text))]);
}
console.log(`Validation only; user threshold ${detector.getThreshold('user').toFixed(3)}, PASTED_USER_BAR ${PASTED_USER_BAR}`);
for (const [name, value] of report) console.log(`${name.padEnd(50)} ${value}`);
