import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../server.js';
import { embeddedDefault, unservedBuiltIns } from './embedded-default.js';

// `npm start` with OPENAI_API_KEY alone serves OpenAI's models; the README's claude.mjs then got
// 'model "claude-sonnet-4-6" is not configured on this gateway' and no word of the key it needs.
const dir = mkdtempSync(join(tmpdir(), 'sy-unserved-'));
const env = { OPENAI_API_KEY: 'sk-test-not-a-key', SWITCHYARD_DB: join(dir, 'sy.db') };
let gateway: RunningServer;

beforeAll(async () => {
  gateway = await startServer(embeddedDefault(env), { port: 0, host: '127.0.0.1', unservedModels: unservedBuiltIns(env) });
});
afterAll(async () => {
  await gateway.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a built-in model whose provider key a start without a config did not find', () => {
  it("is a 404 naming the key that serves it, in the client's own error shape", async () => {
    const claude = new Anthropic({ baseURL: gateway.url, apiKey: 'any-key-while-open', maxRetries: 0 });
    const refused = await claude.messages.create({ model: 'claude-sonnet-4-6', max_tokens: 50, messages: [{ role: 'user', content: 'Hi' }] }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(Anthropic.NotFoundError);
    expect((refused as { error: { error: { message: string } } }).error.error.message).toContain(
      'model "claude-sonnet-4-6" is not served here: without a config, Claude models are served when ANTHROPIC_API_KEY is set, and this gateway started with OPENAI_API_KEY only: set ANTHROPIC_API_KEY and start it again',
    );
    const openai = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'any-key-while-open', maxRetries: 0 });
    const gemini = await openai.chat.completions.create({ model: 'gemini-2.5-flash', messages: [{ role: 'user', content: 'Hi' }] }).catch((error: unknown) => error);
    expect(gemini).toBeInstanceOf(OpenAI.NotFoundError);
    expect((gemini as InstanceType<typeof OpenAI.NotFoundError>).message).toContain('Gemini models are served when GEMINI_API_KEY is set');
    // A name that is no built-in keeps the usual 404, with the names served.
    const other = await openai.chat.completions.create({ model: 'gpt-5.4-mni', messages: [{ role: 'user', content: 'Hi' }] }).catch((error: unknown) => error);
    expect((other as Error).message).toContain('is not configured on this gateway; did you mean "gpt-5.4-mini"?');
  });

  it('is none when every key or none is set (the simulator then serves them all)', () => {
    expect(unservedBuiltIns({}).size).toBe(0);
    expect(unservedBuiltIns({ OPENAI_API_KEY: 'a', ANTHROPIC_API_KEY: 'b', GEMINI_API_KEY: 'c' }).size).toBe(0);
    expect([...unservedBuiltIns({ ANTHROPIC_API_KEY: 'b', GEMINI_API_KEY: 'c' }).keys()]).toEqual(['gpt-5.4-mini', 'gpt-5.4', 'gpt-4.1-mini', 'gpt-4o-mini', 'text-embedding-3-small']);
    expect(unservedBuiltIns({ ANTHROPIC_API_KEY: 'b', GEMINI_API_KEY: 'c' }).get('gpt-5.4')).toContain('started with ANTHROPIC_API_KEY and GEMINI_API_KEY');
  });
});
