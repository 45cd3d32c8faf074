import { describe, expect, it } from 'vitest';
import type { SwitchyardError } from '../core/errors.js';
import { parseConfig } from './load-config.js';

/** A ten-letter model name, distinct for each `i`. */
const model = (i: number) => `model${String(i).padStart(5, '0')}`;
/** The same name a letter off, as a typo writes it. */
const typo = (i: number) => `modle${String(i).padStart(5, '0')}`;

/** 300 models, 300 keys each naming one a letter off, then a route whose target is a typo too. */
function typoConfig(n: number): string {
  const models = Array.from({ length: n }, (_, i) => `  ${model(i)}: { provider: p, model: x }`);
  const keys = Array.from({ length: n }, (_, i) => `  - { name: k${i}, key: sk-key-${String(i).padStart(6, '0')}-abcdefghij, models: [${typo(i)}] }`);
  return [
    'providers:',
    '  p: { type: openai, base_url: "http://127.0.0.1:1/v1", api_key: sk-x }',
    'models:',
    ...models,
    'keys:',
    ...keys,
    'routes:',
    `  last: { policy: static, target: ${typo(0)} }`,
  ].join('\n');
}

function refusal(text: string): SwitchyardError {
  try {
    parseConfig(text, 'typos.yaml', {});
  } catch (error) {
    return error as SwitchyardError;
  }
  throw new Error('expected the config to be refused');
}

describe('"did you mean" on a config of thousands of typos', () => {
  it('suggests for every problem the message shows and for no unknown name past the first 50, across all checks', () => {
    // Each suggestion compares the name with every known one: 2,000 keys naming 2,000 models a
    // letter off took 8.8 s to refuse, 4,000 took 49 s.
    const error = refusal(typoConfig(300));
    const shown = error.message.split('\n').filter((line) => line.startsWith('  - '));
    expect(shown).toHaveLength(50);
    shown.forEach((line, i) => expect(line).toContain(`unknown model or route "${typo(i)}" (did you mean "${model(i)}"?)`));

    const problems = error.detail as string[];
    expect(problems).toHaveLength(301);
    const suggested = problems.flatMap((problem, i) => (problem.includes('did you mean') ? [i] : []));
    expect(suggested).toEqual(Array.from({ length: 50 }, (_, i) => i));
    // The routes' check shares the budget: its typo comes after 300 others.
    expect(problems.at(-1)).toMatch(/^routes\.last\.target: unknown target "modle00000" \(models: /);
  });

  it('still suggests in each check when there are few typos', () => {
    const text = typoConfig(3);
    const problems = refusal(text).detail as string[];
    expect(problems).toHaveLength(4);
    expect(problems.every((problem) => problem.includes('(did you mean "model0000'))).toBe(true);
  });
});
