import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without type declarations
import { missingOutputs, shouldBuild } from '../../scripts/prepare.mjs';

const build = shouldBuild as (npmCommand: string | undefined, exists: (path: string) => boolean) => boolean;

describe('npm prepare', () => {
  it('builds after npm ci and npm install, whatever is there', () => {
    expect(build('ci', () => true)).toBe(true);
    expect(build('install', () => true)).toBe(true);
    expect(build(undefined, () => true)).toBe(true);
  });

  it('skips the rebuild when npx runs a checkout already built, not one that is missing a part', () => {
    expect(build('exec', () => true)).toBe(false);
    expect(build('exec', (path) => !path.endsWith('web/dist/index.html'))).toBe(true);
    expect(build('exec', () => false)).toBe(true);
  });
});

describe('npm prepare outputs', () => {
  const missing = missingOutputs as (exists: (path: string) => boolean) => string[];

  it('names each build output that is not there, none when both are', () => {
    expect(missing(() => true)).toEqual([]);
    expect(missing((path) => !path.endsWith('web/dist/index.html'))).toEqual(['web/dist/index.html']);
    expect(missing(() => false)).toEqual(['dist/cli/main.js', 'web/dist/index.html']);
  });
});
