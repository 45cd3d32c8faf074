import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { injectionTrainingCodeHash, injectionTrainingSources } from './code-hash.js';

describe('the injection training code hash', () => {
  const roots: string[] = [];
  afterEach(() => {
    for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
  });
  /** A repository holding just these files. */
  const repo = (files: Record<string, string>): string => {
    const root = mkdtempSync(join(tmpdir(), 'injection-code-hash-'));
    roots.push(root);
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    return root;
  };
  const tree = {
    'scripts/train-injection.mjs': "import { x } from '../dist/guardrails/injection/training/train-detector.js';\nimport { y } from '../bench/rag-pasted-prompts.mjs';\nimport { z } from 'node:fs';\n",
    'bench/rag-pasted-prompts.mjs': "import { join } from 'node:path';\n",
    'src/guardrails/injection/training/train-detector.ts': "import type { A } from '../detector.js';\nexport { b } from './thresholds.js';\n",
    'src/guardrails/injection/detector.ts': "import { seededRandom } from '../../core/seeded-random.js';\n",
    'src/guardrails/injection/training/thresholds.ts': 'export const b = 1;\n',
    'src/core/seeded-random.ts': 'export const seededRandom = 1;\n',
    'src/guardrails/injection/unused.ts': 'export const c = 1;\n',
  };

  it('follows relative imports from the training script, reading src/ for dist/ and .ts for .js', () => {
    expect(injectionTrainingSources(repo(tree))).toEqual([
      'bench/rag-pasted-prompts.mjs',
      'scripts/train-injection.mjs',
      'src/core/seeded-random.ts',
      'src/guardrails/injection/detector.ts',
      'src/guardrails/injection/training/thresholds.ts',
      'src/guardrails/injection/training/train-detector.ts',
    ]);
  });

  it('changes when any imported file changes, not when a file training never reads does', () => {
    const before = injectionTrainingCodeHash(repo(tree));
    expect(injectionTrainingCodeHash(repo(tree))).toBe(before);
    expect(injectionTrainingCodeHash(repo({ ...tree, 'src/core/seeded-random.ts': 'export const seededRandom = 2;\n' }))).not.toBe(before);
    expect(injectionTrainingCodeHash(repo({ ...tree, 'src/guardrails/injection/unused.ts': 'export const c = 2;\n' }))).toBe(before);
  });

  it('names an imported file that does not exist', () => {
    const { 'src/core/seeded-random.ts': _, ...missing } = tree;
    expect(() => injectionTrainingSources(repo(missing))).toThrow(/src\/core\/seeded-random\.ts \(imported by the trainer\) does not exist/);
  });

  it('covers the detector, its normaliser and the trainer in this repository', () => {
    const sources = injectionTrainingSources();
    for (const file of ['src/guardrails/injection/detector.ts', 'src/guardrails/injection/normalize/homoglyphs.ts', 'src/guardrails/injection/segments.ts', 'src/guardrails/injection/training/train-heads.ts', 'src/core/seeded-random.ts']) {
      expect(sources).toContain(file);
    }
    expect(sources.some((file) => file.endsWith('.test.ts'))).toBe(false);
  });
});
