import { describe, expect, it } from 'vitest';
import type { OpenBases } from '../gateway/knowledge/open-bases.js';
import { knowledgeVersion } from './cache-stage.js';

const groundedIn = new Map([['support', 'handbook']]);
const bases = (version: number | Error) => ({
  get: async (name: string) => {
    if (version instanceof Error) throw version;
    return { record: { name, version } } as unknown as Awaited<ReturnType<OpenBases['get']>>;
  },
});

describe('knowledgeVersion', () => {
  it("keys a grounded route's call by its base's published version", async () => {
    expect(await knowledgeVersion(bases(3), groundedIn, { routeName: 'support' })).toBe('kb:handbook@3');
  });

  it('keys it as none while the base cannot be opened, so a later publish is not shadowed', async () => {
    expect(await knowledgeVersion(bases(new Error('no such base')), groundedIn, { routeName: 'support' })).toBe('kb:handbook@none');
  });

  it("is '' for a route grounded in nothing and for a call to a model name", async () => {
    expect(await knowledgeVersion(bases(3), groundedIn, { routeName: 'chat' })).toBe('');
    expect(await knowledgeVersion(bases(3), groundedIn, { routeName: null })).toBe('');
  });
});
