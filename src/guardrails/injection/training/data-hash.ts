import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Every data file the injection detector is trained, tuned or measured on, except
 * `benign-technical/emails-4-held-out.jsonl` to `emails-7-held-out.jsonl`: false-positive sets written
 * after the shipped model was trained, which nothing is chosen on, so adding one needs no retraining; and the opt-in sets the shipped model was
 * trained without (`injection-reader-instructions`, `injection-hard-negatives/train.jsonl`; the latter's
 * `test.jsonl` is a held-out false-positive set like the e-mails above).
 */
export const INJECTION_DATA_FILES: readonly string[] = [
  'jailbreaks/inthewild_jailbreak_llms.json',
  'jailbreaks/gptfuzzer_templates.csv',
  'jailbreaks/tap_jailbreaks.txt',
  'bipia/text_attack_train.json',
  'bipia/text_attack_test.json',
  'bipia/code_attack_test.json',
  'bipia/email_contexts.jsonl',
  'xstest/xstest_prompts.csv',
  'banking77-negatives/train-sample.csv',
  'banking77-negatives/test.csv',
  'benign-technical/prompts.jsonl',
  'benign-technical/train-prompts.jsonl',
  'benign-technical/documents.jsonl',
  'benign-technical/emails.jsonl',
  'benign-technical/emails-2.jsonl',
  'routellm/mt-bench-questions.jsonl',
  'squad-retrieval/corpus.jsonl',
  'squad-retrieval/queries.jsonl',
];

/**
 * SHA-256 over the data files (names and contents), recorded in the model file so that a model
 * trained on other data is noticed.
 *
 * @example injectionDataHash('data/') // 'c0ffee…'
 */
export function injectionDataHash(dataDir: string): string {
  const hash = createHash('sha256');
  for (const file of INJECTION_DATA_FILES) {
    hash.update(file);
    hash.update('\0');
    hash.update(readFileSync(join(dataDir, file)));
  }
  return hash.digest('hex');
}
