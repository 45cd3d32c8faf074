import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { SEALING_KEY_ENV } from '../core/seal.js';
import { sealForConfig } from './credentials-cli.js';

const BIN = resolve(dirname(fileURLToPath(import.meta.url)), '../../bin/switchyard.js');
const dir = mkdtempSync(join(tmpdir(), 'sy-credentials-cli-'));
const db = join(dir, 'sy.db');
const env = { ...process.env, SWITCHYARD_SECRET_KEY: randomBytes(32).toString('base64'), UPSTREAM_KEY: 'sk-live-abcdef123456' };
const set = (provider: string) => promisify(execFile)(process.execPath, [BIN, 'credentials', 'set', provider, '--from-env', 'UPSTREAM_KEY', '--db', db], { env });

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('switchyard credentials set without --config', () => {
  it('stores a credential for a name no provider is known by, and says which one was likely meant', async () => {
    // Before: stored without a word, and never used by a gateway whose provider is "openai".
    const typo = await set('opneai');
    expect(typo.stdout).toContain('Stored the credential of provider "opneai"');
    expect(typo.stderr).toContain('note: no provider "opneai" is known here; did you mean "openai"? (known: openai, anthropic, gemini)');
    expect(typo.stderr).toContain('pass --config FILE to check against it');
  });

  it('says nothing for a provider type or a name already stored', async () => {
    expect((await set('openai')).stderr).toBe('');
    await set('my-azure');
    expect((await set('my-azure')).stderr).toBe('');
  });
});

describe('switchyard credentials seal', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  it('refuses a key HTTP cannot send (a zero-width space pasted with it), which would fail every call from the config', async () => {
    vi.stubEnv(SEALING_KEY_ENV, Buffer.alloc(32, 7).toString('base64'));
    const printed = vi.spyOn(console, 'log').mockImplementation(() => {});
    vi.stubEnv('PASTED_KEY', 'sk-live-\u200bsecret');
    await expect(sealForConfig('openai', { fromEnv: 'PASTED_KEY' })).rejects.toThrow('"api_key" holds the character U+200B at character 9: HTTP headers cannot carry it; paste the key again without it');
    // Around the key, blanks are dropped as `credentials set` drops them (a Windows .env's \r was sealed with the key).
    vi.stubEnv('PASTED_KEY', 'sk-live-secret\r');
    await sealForConfig('openai', { fromEnv: 'PASTED_KEY' });
    expect(printed).toHaveBeenCalledTimes(1);
  });
});
