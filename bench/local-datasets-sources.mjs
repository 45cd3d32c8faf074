// Classification data sets for `npm run bench:local-datasets`, built from files already in data/
// (each with its SOURCE.md and licence there; nothing new is shipped). Every split is fixed and
// deterministic: a text's side comes from a hash of its normalised form, so copies of one text
// land on the same side and no choice depends on figures. Banking77 is the set the defaults were
// tuned on; the others were not used to choose anything before this bench existed.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

const normalised = (text) => text.toLowerCase().replace(/\s+/g, ' ').trim();

/** 0 ≤ x < 1 from the text alone (sha1), so a split does not move when other rows change. */
const hashShare = (text, salt) => createHash('sha1').update(`${salt}\u0000${normalised(text)}`).digest().readUInt32BE(0) / 2 ** 32;

/** Train / test by text hash: `testShare` of the distinct texts to test. */
export function hashSplit(rows, testShare, salt) {
  const train = [];
  const test = [];
  for (const row of rows) (hashShare(row.text, salt) < testShare ? test : train).push(row);
  return { train, test };
}

/**
 * Train / test by the hash of each row's group (`groups[i]`: the index of the row naming the
 * group), so a group of near-paraphrases lands whole on one side, as new writers' test queries would.
 */
export function groupedHashSplit(rows, testShare, salt, groups) {
  const train = [];
  const test = [];
  rows.forEach((row, i) => (hashShare(rows[groups[i]].text, salt) < testShare ? test : train).push(row));
  return { train, test };
}

const csvFile = (path, labelColumn) => ({ path, labelColumn });

const jsonl = (path) =>
  (path.endsWith('.gz') ? gunzipSync(readFileSync(path)).toString('utf8') : readFileSync(path, 'utf8'))
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l));

/**
 * The data sets. `files` name CSVs read as they are; `build(read)` returns rows (reading CSVs
 * with `read(path, labelColumn, textColumn)`) that the bench writes to a CSV first, so every set
 * reaches training through the CLI's file reader. `traits` says what each one tests.
 */
export function dataSources(root) {
  const data = join(root, 'data');
  return [
    {
      name: 'banking77',
      traits: '77 intents, ~130 per label, short texts (the set the defaults were tuned on)',
      source: 'data/banking77 (CC BY 4.0)',
      files: { train: csvFile(join(data, 'banking77/train.csv'), 'category'), test: csvFile(join(data, 'banking77/test.csv'), 'category') },
    },
    {
      name: 'clinc150',
      traits: '150 intents in 10 domains, 100 per label, short texts; its own out-of-scope test queries',
      source: 'data/clinc150 (CC BY 3.0), official train / test / oos_test splits',
      files: { train: csvFile(join(data, 'clinc150/train.csv'), 'intent'), test: csvFile(join(data, 'clinc150/test.csv'), 'intent') },
      outOfScope: csvFile(join(data, 'clinc150/oos-test.csv'), 'intent'),
    },
    {
      name: 'clinc150-10shot',
      traits: '150 intents, 10 training examples per label (few-shot)',
      source: 'data/clinc150: per intent, the first 10 training rows in file order; official test split',
      build: async (read) => {
        const seen = new Map();
        const train = (await read(join(data, 'clinc150/train.csv'), 'intent')).filter((r) => {
          const n = seen.get(r.label) ?? 0;
          seen.set(r.label, n + 1);
          return n < 10;
        });
        return { train, test: await read(join(data, 'clinc150/test.csv'), 'intent') };
      },
    },
    {
      name: 'mmlu-subject',
      traits: '57 subjects, long multiple-choice questions (mean 466 characters), 30–1,534 per label (imbalanced)',
      source: 'data/routellm/mmlu.jsonl.gz (Apache-2.0; MMLU, MIT): prompt → subject; 20% of distinct texts to test by hash',
      build: () => {
        const contaminated = new Set(jsonl(join(data, 'routellm/mmlu-contaminated.jsonl')).map((r) => r.eval_prompt));
        const rows = jsonl(join(data, 'routellm/mmlu.jsonl.gz'))
          .filter((r) => !contaminated.has(r.prompt))
          .map((r) => ({ text: r.prompt, label: r.subject }));
        return hashSplit(rows, 0.2, 'mmlu-subject');
      },
    },
    {
      name: 'squad-title',
      traits: '48 Wikipedia articles, questions about them (topic classification)',
      source: 'data/squad-retrieval/queries.jsonl (CC BY-SA 4.0): question → article title; 20% to test by hash',
      build: () => {
        const rows = jsonl(join(data, 'squad-retrieval/queries.jsonl')).map((r) => ({ text: r.question, label: r.gold_ids[0].split('#')[0] }));
        return hashSplit(rows, 0.2, 'squad-title');
      },
    },
    {
      name: 'xstest-safety',
      traits: 'binary (safe / unsafe), 450 prompts whose two classes share words on purpose',
      source: 'data/xstest (CC BY 4.0): prompt → label; 30% to test by hash',
      build: async (read) => {
        const rows = await read(join(data, 'xstest/xstest_prompts.csv'), 'label', 'prompt');
        return hashSplit(rows, 0.3, 'xstest-safety');
      },
    },
    {
      name: 'jailbreak-or-benign',
      traits: 'binary, long texts (jailbreaks average ~2,000 characters) against short benign prompts and documents',
      source: 'data/jailbreaks/inthewild_jailbreak_llms.json (Apache-2.0) vs data/benign-technical prompts, train-prompts, documents (MIT); 30% to test by hash',
      build: () => {
        const jailbreaks = JSON.parse(readFileSync(join(data, 'jailbreaks/inthewild_jailbreak_llms.json'), 'utf8')).map((text) => ({ text, label: 'jailbreak' }));
        const benign = ['prompts.jsonl', 'train-prompts.jsonl', 'documents.jsonl'].flatMap((f) => jsonl(join(data, 'benign-technical', f)).map((r) => ({ text: r.text, label: 'benign' })));
        return hashSplit([...jailbreaks, ...benign], 0.3, 'jailbreak-or-benign');
      },
    },
    {
      name: 'language-id',
      traits: 'six languages, not English, 20 training texts per label (German, French, Spanish, Italian, Portuguese, Dutch)',
      source: 'data/harmless-multilingual (MIT): dev.jsonl to train, held-out.jsonl to test; text → lang',
      build: () => ({
        train: jsonl(join(data, 'harmless-multilingual/dev.jsonl')).map((r) => ({ text: r.text, label: r.lang })),
        test: jsonl(join(data, 'harmless-multilingual/held-out.jsonl')).map((r) => ({ text: r.text, label: r.lang })),
      }),
    },
  ];
}
