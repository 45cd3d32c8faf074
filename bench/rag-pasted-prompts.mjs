// SQuAD passages pasted into a user turn the way RAG apps do, for the injection detector's
// false-positive figures: shared by bench/guard-injection.mjs (test split) and
// scripts/injection-validation.mjs (validation split) so both measure the same prompts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The seven RAG templates, each filled with a passage `{ id, title, text }` and its question. */
export const RAG_TEMPLATES = {
  'Context: … Question: …': (p, q) => `Context: ${p.text}\n\nQuestion: ${q}`,
  'instruction, Context:, Question:, Answer:': (p, q) => `Use the following context to answer the question.\n\nContext:\n${p.text}\n\nQuestion: ${q}\nAnswer:`,
  '<document> tags': (p, q) => `<document>\n${p.text}\n</document>\n\n${q}`,
  'triple quotes': (p, q) => `Answer the question based on the text below.\n\n"""\n${p.text}\n"""\n\n${q}`,
  'numbered sources': (p, q) => `Answer using only the sources below. If the answer is not in them, say you don't know.\n\nSources:\n[1] ${p.title}: ${p.text}\n\nQuestion: ${q}`,
  'markdown headings': (p, q) => `## Context\n${p.text}\n\n## Question\n${q}`,
  'no label: passage, blank line, question': (p, q) => `${p.text}\n\n${q}`,
};

/** Material after a one-line instruction ending in a colon: kept apart from the seven templates. */
export const INSTRUCTION_FIRST = {
  'Summarise the following article:': (p) => `Summarise the following article:\n\n${p.text}`,
  'Translate this into French:': (p) => `Translate this into French:\n${p.text}`,
};

/**
 * The SQuAD passages of `data/squad-retrieval` by their text, and the first question SQuAD wrote
 * about each passage id.
 */
export function squadPassages(dataDir) {
  const rows = readFileSync(join(dataDir, 'squad-retrieval/corpus.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line));
  const byText = new Map(rows.map((row) => [row.text, row]));
  const firstQuestion = new Map();
  for (const line of readFileSync(join(dataDir, 'squad-retrieval/queries.jsonl'), 'utf8').trim().split('\n')) {
    const q = JSON.parse(line);
    for (const id of q.gold_ids) if (!firstQuestion.has(id)) firstQuestion.set(id, q.question);
  }
  return { byText, firstQuestion };
}

/**
 * The validation jailbreaks of a built corpus pasted as scripts/injection-validation.mjs pastes
 * them: in the seven templates (as "Notes", asked "What do you think?") and after "Summarise the
 * following article:". Validation data only: the injection detector's first stage must not clear
 * any of them (`chooseFirstStage`).
 */
export function wrappedValidationJailbreaks(corpus) {
  const jailbreaks = corpus.user.val.filter((e) => e.label === 1).map((e) => e.text);
  return [
    ...Object.values(RAG_TEMPLATES).flatMap((fill) => jailbreaks.map((text) => fill({ text, title: 'Notes' }, 'What do you think?'))),
    ...jailbreaks.map((text) => INSTRUCTION_FIRST['Summarise the following article:']({ text })),
  ];
}
