import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILT_IN_MODELS, embeddedDefault } from '../config/embedded-default.js';
import { type RunningServer, startServer } from '../server.js';
import { lookupPrice } from '../tokens/price-table.js';
import { beyondBuiltIns, unservedWithoutConfig } from './beyond-built-ins.js';

// `npm start` with OPENAI_API_KEY, asked for o3-pro (which the README says answers every client):
// 'model "o3-pro" is not configured on this gateway (configured: gpt-5.4-mini, …)' and no word of
// how to serve it.
const dir = mkdtempSync(join(tmpdir(), 'sy-beyond-'));
const env = { OPENAI_API_KEY: 'sk-test-not-a-key', SWITCHYARD_DB: join(dir, 'sy.db') };
let gateway: RunningServer;

beforeAll(async () => {
  const config = embeddedDefault(env);
  gateway = await startServer(config, { port: 0, host: '127.0.0.1', unservedModels: unservedWithoutConfig(env, Object.keys(config.models)) });
});
afterAll(async () => {
  await gateway.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a priced model that a start without a config does not serve', () => {
  it('is a 404 naming the models served and the config line that serves it', async () => {
    const openai = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'any-key-while-open', maxRetries: 0 });
    const refused = await openai.chat.completions.create({ model: 'o3-pro', messages: [{ role: 'user', content: 'Hi' }] }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(OpenAI.NotFoundError);
    expect((refused as Error).message).toContain(
      'model "o3-pro" is not served here: a gateway started without a config serves only the models its banner lists (gpt-5.4-mini, gpt-5.4, gpt-4.1-mini, gpt-4o-mini, text-embedding-3-small); a config serves this one under models: (models: { o3-pro: { provider: NAME, model: o3-pro } }, NAME a provider of type openai, as in the README\'s Configuration)',
    );
    // A built-in model of a provider whose key is missing still names the key.
    const claude = await openai.chat.completions.create({ model: 'claude-opus-4-1', messages: [{ role: 'user', content: 'Hi' }] }).catch((error: unknown) => error);
    expect((claude as Error).message).toContain('NAME a provider of type anthropic');
    const sonnet = await openai.chat.completions.create({ model: 'claude-sonnet-4-6', messages: [{ role: 'user', content: 'Hi' }] }).catch((error: unknown) => error);
    expect((sonnet as Error).message).toContain('Claude models are served when ANTHROPIC_API_KEY is set');
    // A typo is no priced name: the usual 404 names the model it meant.
    const typo = await openai.chat.completions.create({ model: 'gpt-5.4-mni', messages: [{ role: 'user', content: 'Hi' }] }).catch((error: unknown) => error);
    expect((typo as Error).message).toContain('is not configured on this gateway; did you mean "gpt-5.4-mini"?');
  });

  it('covers every priced name but the served ones and those written with a date', () => {
    const beyond = beyondBuiltIns(BUILT_IN_MODELS);
    for (const name of BUILT_IN_MODELS) expect(beyond.has(name)).toBe(false);
    expect(beyond.get('gemini-2.0-flash')).toContain('NAME a provider of type gemini');
    for (const name of beyond.keys()) {
      expect(lookupPrice(name)).toBeDefined();
      expect(name).not.toMatch(/-\d{4}-\d{2}-\d{2}$/);
    }
    expect(beyondBuiltIns(['a'], ['a', 'b', 'c-2024-08-06'])).toEqual(new Map([['b', expect.stringContaining('(a); a config serves this one')]]));
  });
});
