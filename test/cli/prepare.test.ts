import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without type declarations
import { shouldBuild } from '../../scripts/prepare.mjs';

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
