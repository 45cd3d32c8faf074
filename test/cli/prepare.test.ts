import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without type declarations
import { missingOutputs, missingTools, shouldBuild, withoutTools } from '../../scripts/prepare.mjs';

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

describe('npm prepare without its build tools (--omit=dev, NODE_ENV=production)', () => {
  const tools = missingTools as (exists: (path: string) => boolean) => string[];
  const without = withoutTools as (tools: string[], missing: string[]) => { ok: boolean; message: string };

  it('names the build tools that are not installed', () => {
    expect(tools(() => true)).toEqual([]);
    expect(tools((path) => !path.endsWith('node_modules/vite/package.json'))).toEqual(['vite']);
    expect(tools(() => false)).toEqual(['typescript', 'vite']);
  });

  it('uses a build already there, and otherwise fails saying which install brings the tools', () => {
    expect(without(['typescript', 'vite'], [])).toEqual({ ok: true, message: expect.stringContaining('the dist/ and web/dist/ already here are used as they are') });
    const failed = without(['typescript', 'vite'], ['dist/cli/main.js', 'web/dist/index.html']);
    expect(failed.ok).toBe(false);
    expect(failed.message).toBe('switchyard prepare: cannot build dist/cli/main.js and web/dist/index.html: typescript and vite are not installed (devDependencies, which npm leaves out with --omit=dev or NODE_ENV=production); install with them: npm ci --include=dev (or unset NODE_ENV=production)');
  });
});
