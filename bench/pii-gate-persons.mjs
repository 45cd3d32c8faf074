// data/harmless-imperatives persons.jsonl: labelled persons whose given name is also a word, at a
// sentence start ("Drew will review it", "Bob wrote this code") and as a vocative or after a greeting
// ("Mark, call me when you're free", "Thanks, Grant", "Hi June"), found by the shipped tagger with
// its idle-sentence gate against the tagger reading every sentence (`idleSentencePad: false`), and
// the prompts.jsonl harmless prompts flagged by each, per split and per batch of the file:
//   node bench/pii-gate-persons.mjs dev|test [dist dir, default ../dist]
// Choose on dev; test only confirms.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
const split = process.argv[2];
if (split !== 'dev' && split !== 'test') throw new Error(`usage: node bench/pii-gate-persons.mjs dev|test [dist] (got ${JSON.stringify(split)})`);
const dist = process.argv[3] ? pathToFileURL(`${process.argv[3]}/`).href : new URL('../dist/', import.meta.url).href;
const { createPiiDetector, createNameTagger, loadTaggerModel } = await import(`${dist}guardrails/pii/index.js`);
const model = loadTaggerModel();
const det = { every: createPiiDetector({ nameTagger: createNameTagger(model, { idleSentencePad: false }) }), gated: createPiiDetector({ nameTagger: createNameTagger(model, { idleSentencePad: 0 }) }) };
const jsonl = (p) => readFileSync(new URL(p, import.meta.url), 'utf8').trim().split('\n').map((l, i) => ({ ...JSON.parse(l), line: i + 1 }));
// The file's batches (SOURCE.md): who wrote them and when.
const personBatches = [['lines 1-22', 1, 22], ['lines 23-64', 23, 64], ['vocatives 65-102', 65, Infinity]];
const promptBatches = [['lines 1-358', 1, 358], ['comma openers 359-402', 359, Infinity]];
const persons = jsonl('../data/harmless-imperatives/persons.jsonl').filter((r) => r.split === split);
const prompts = jsonl('../data/harmless-imperatives/prompts.jsonl').filter((r) => r.split === split);
const found = (d, r) => d.detect(r.text).some((f) => f.type === 'PERSON' && r.text.slice(f.start, f.end) === r.person);
const inBatch = (rows, [, a, b]) => rows.filter((r) => r.line >= a && r.line <= b);
for (const [k, d] of Object.entries(det)) {
  const missed = persons.filter((r) => !found(d, r));
  const flagged = prompts.filter((r) => d.detect(r.text).length > 0);
  const personFigures = personBatches.map((b) => `${inBatch(persons, b).length - inBatch(missed, b).length} of ${inBatch(persons, b).length} (${b[0]})`);
  const promptFigures = promptBatches.map((b) => `${inBatch(flagged, b).length} of ${inBatch(prompts, b).length} (${b[0]})`);
  console.log(`${split}, ${k}: persons found ${persons.length - missed.length} of ${persons.length}: ${personFigures.join(', ')}; harmless prompts flagged ${flagged.length} of ${prompts.length}: ${promptFigures.join(', ')}`);
  console.log(`  missed: ${missed.map((r) => `${r.person} (${r.line})`).join(', ')}`);
  console.log(`  flagged: ${flagged.map((r) => JSON.stringify(r.text)).join(', ')}`);
}
