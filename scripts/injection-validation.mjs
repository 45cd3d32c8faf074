// Validation-only figures of the injection detector's user turn and pasted context: what the
// pasted-document choices (PASTED_USER_BAR, the SQuAD questions the user head learns from) were
// decided on. Never reads a test split: SQuAD passages of the validation articles, with the first
// question SQuAD wrote about each, in the seven RAG templates of bench/guard-injection.mjs, and
// the validation jailbreaks plain and wrapped the same way.
// Run: npm run build && node scripts/injection-validation.mjs [MODEL_FILE]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_MODEL_PATH, detectorFromModel } from '../dist/guardrails/injection/load-detector.js';
import { decodeModelFile } from '../dist/guardrails/injection/model/model-file.js';
import { PASTED_USER_BAR } from '../dist/guardrails/injection/detector.js';
import { buildInjectionCorpus } from '../dist/guardrails/injection/training/datasets.js';
import { DEFAULT_DATA_DIR } from '../dist/guardrails/injection/training/corpus.js';

const detector = detectorFromModel(decodeModelFile(readFileSync(process.argv[2] ?? DEFAULT_MODEL_PATH)));
const corpus = buildInjectionCorpus(DEFAULT_DATA_DIR);
const rows = readFileSync(join(DEFAULT_DATA_DIR, 'squad-retrieval/corpus.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line));
const byText = new Map(rows.map((row) => [row.text, row]));
const firstQuestion = new Map();
for (const line of readFileSync(join(DEFAULT_DATA_DIR, 'squad-retrieval/queries.jsonl'), 'utf8').trim().split('\n')) {
  const q = JSON.parse(line);
  for (const id of q.gold_ids) if (!firstQuestion.has(id)) firstQuestion.set(id, q.question);
}
const TEMPLATES = {
  'Context: … Question: …': (p, q) => `Context: ${p.text}\n\nQuestion: ${q}`,
  'instruction, Context:, Question:, Answer:': (p, q) => `Use the following context to answer the question.\n\nContext:\n${p.text}\n\nQuestion: ${q}\nAnswer:`,
  '<document> tags': (p, q) => `<document>\n${p.text}\n</document>\n\n${q}`,
  'triple quotes': (p, q) => `Answer the question based on the text below.\n\n"""\n${p.text}\n"""\n\n${q}`,
  'numbered sources': (p, q) => `Answer using only the sources below. If the answer is not in them, say you don't know.\n\nSources:\n[1] ${p.title}: ${p.text}\n\nQuestion: ${q}`,
  'markdown headings': (p, q) => `## Context\n${p.text}\n\n## Question\n${q}`,
  'no label: passage, blank line, question': (p, q) => `${p.text}\n\n${q}`,
};
const INSTRUCTION_FIRST = [(p) => `Summarise the following article:\n\n${p.text}`, (p) => `Translate this into French:\n${p.text}`];
const passages = [...new Set(corpus.indirectVal.filter((e) => e.source === 'squad-passages').map((e) => e.text))].map((text) => byText.get(text));
const jailbreaks = corpus.user.val.filter((e) => e.label === 1).map((e) => e.text);

const flagged = (texts) => {
  const n = texts.filter((text) => detector.score(text).flagged).length;
  return `${String(n).padStart(4)}/${String(texts.length).padEnd(5)} ${((100 * n) / texts.length).toFixed(1)}%`;
};
const report = [];
report.push(['validation passages pasted, seven templates', flagged(Object.values(TEMPLATES).flatMap((fill) => passages.map((p) => fill(p, firstQuestion.get(p.id)))))]);
for (const [name, fill] of Object.entries(TEMPLATES)) report.push([`  ${name}`, flagged(passages.map((p) => fill(p, firstQuestion.get(p.id))))]);
report.push(['the bare validation questions', flagged(passages.map((p) => firstQuestion.get(p.id)))]);
report.push(['passages after an instruction (two templates)', flagged(INSTRUCTION_FIRST.flatMap((fill) => passages.map(fill)))]);
report.push(['validation jailbreaks (recall)', flagged(jailbreaks)]);
report.push(['  wrapped in the seven templates', flagged(Object.values(TEMPLATES).flatMap((fill) => jailbreaks.map((text) => fill({ text, title: 'Notes' }, 'What do you think?'))))]);
report.push(['  after "Summarise the following article:"', flagged(jailbreaks.map((text) => INSTRUCTION_FIRST[0]({ text })))]);
for (const source of ['banking77-train', 'benign-train-prompts', 'bipia-email', 'benign-documents']) {
  report.push([`user-head validation negatives: ${source}`, flagged(corpus.user.val.filter((e) => e.label === 0 && e.source === source).map((e) => e.text))]);
}
console.log(`Validation only; user threshold ${detector.getThreshold('user').toFixed(3)}, PASTED_USER_BAR ${PASTED_USER_BAR}`);
for (const [name, value] of report) console.log(`${name.padEnd(50)} ${value}`);
