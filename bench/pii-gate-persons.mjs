// data/harmless-imperatives persons.jsonl: labelled sentence-initial persons whose given name is
// also a word ("Drew will review it", "Bob wrote this code"), found by the shipped tagger with its
// idle-sentence gate against the tagger reading every sentence (`idleSentencePad: false`), and the
// prompts.jsonl harmless prompts flagged by each, per split:
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
const jsonl = (p) => readFileSync(new URL(p, import.meta.url), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
const persons = jsonl('../data/harmless-imperatives/persons.jsonl').map((r, i) => ({ ...r, line: i + 1 })).filter((r) => r.split === split);
const prompts = jsonl('../data/harmless-imperatives/prompts.jsonl').filter((r) => r.split === split).map((r) => r.text);
const found = (d, r) => d.detect(r.text).some((f) => f.type === 'PERSON' && r.text.slice(f.start, f.end) === r.person);
for (const [k, d] of Object.entries(det)) {
  const first = persons.filter((r) => r.line <= 22);
  const added = persons.filter((r) => r.line > 22);
  const missed = persons.filter((r) => !found(d, r));
  console.log(`${split}, ${k}: persons found ${first.length - missed.filter((r) => r.line <= 22).length} of ${first.length} (lines 1-22), ${added.length - missed.filter((r) => r.line > 22).length} of ${added.length} (lines 23-64); harmless prompts flagged ${prompts.filter((t) => d.detect(t).length > 0).length} of ${prompts.length}`);
  console.log(`  missed: ${missed.map((r) => r.person).join(', ')}`);
}
