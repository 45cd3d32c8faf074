import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root (this file is src/… or dist/… three folders below it). */
export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

/**
 * Where training starts: the training script, the RAG wrapping it takes the first stage's extra
 * positives from, and the trainer. Everything they import (relatively, transitively) is hashed.
 */
export const TRAINING_ENTRY_FILES: readonly string[] = ['scripts/train-injection.mjs', 'bench/rag-pasted-prompts.mjs', 'src/guardrails/injection/training/train-detector.ts'];

const IMPORT = /(?:\bfrom|\bimport)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g;

/**
 * The source file a relative import names, as a path from the repository's root: `.js` imports
 * inside src/ are their `.ts` source, and the scripts' `../dist/….js` imports are src/'s `.ts`.
 */
function resolveImport(root: string, from: string, specifier: string): string {
  let target = relative(root, join(dirname(join(root, from)), specifier)).split('\\').join('/');
  if (target.startsWith('dist/')) target = `src/${target.slice('dist/'.length)}`;
  if (target.startsWith('src/') && target.endsWith('.js')) target = `${target.slice(0, -'.js'.length)}.ts`;
  return target;
}

/**
 * The source files the injection detector's training reads, found by following relative imports
 * from `TRAINING_ENTRY_FILES`, sorted.
 *
 * @example injectionTrainingSources().includes('src/guardrails/injection/detector.ts') // true
 */
export function injectionTrainingSources(root: string = REPO_ROOT): string[] {
  const seen = new Set<string>();
  const pending = [...TRAINING_ENTRY_FILES];
  while (pending.length > 0) {
    const file = pending.pop() as string;
    if (seen.has(file)) continue;
    const path = join(root, file);
    if (!existsSync(path)) throw new Error(`injection training code hash: ${file} (imported by the trainer) does not exist under ${root}`);
    seen.add(file);
    for (const match of readFileSync(path, 'utf8').matchAll(IMPORT)) pending.push(resolveImport(root, file, match[1] as string));
  }
  return [...seen].sort();
}

/**
 * SHA-256 over the training code (names and contents of `injectionTrainingSources`), recorded in
 * the model file beside the data hash: the model trained on 2026-12-01 shipped until 2026-12-06,
 * though a normaliser change of 2026-12-05 made retraining give another document threshold
 * (0.933 -> 0.916), and no check noticed. Any edit changes it, comments included; `node scripts/train-injection.mjs --verify`
 * then retrains and, when the model comes out the same, records the new hash.
 *
 * @example injectionTrainingCodeHash() // 'a1b2…'
 */
export function injectionTrainingCodeHash(root: string = REPO_ROOT): string {
  const hash = createHash('sha256');
  for (const file of injectionTrainingSources(root)) {
    hash.update(file);
    hash.update('\0');
    hash.update(readFileSync(join(root, file)));
    hash.update('\0');
  }
  return hash.digest('hex');
}
