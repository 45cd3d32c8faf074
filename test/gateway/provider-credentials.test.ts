import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { sealSecret } from '../../src/core/seal.js';
import { startServer } from '../../src/server.js';
import { openSqliteStores } from '../../src/store/sqlite/open-sqlite-stores.js';
import { startSimulator } from '../../src/simulate/simulator.js';
import type { Simulator } from '../../src/simulate/types.js';

const ADMIN = 'admin-key-credentials';
const sealingKey = randomBytes(32);
let sim: Simulator;
let dir: string;
const saved = process.env.SWITCHYARD_SECRET_KEY;

const configFor = (apiKey: string) =>
  parseConfig(`
server: { admin_key: ${ADMIN} }
providers: { sim: { type: openai, base_url: "${sim.url}/v1", api_key: "${apiKey}" } }
models: { small: { provider: sim, model: s } }
store: { sqlite: "${join(dir, 'store.db')}" }`);

/** The credential the simulator last received. */
const upstreamAuth = () => String(sim.stats().lastRequests.at(-1)?.headers.authorization);

async function ask(url: string): Promise<void> {
  await new OpenAI({ apiKey: 'none', baseURL: `${url}/v1`, maxRetries: 0 }).chat.completions.create({ model: 'small', messages: [{ role: 'user', content: 'hi' }] });
}

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  dir = mkdtempSync(join(tmpdir(), 'switchyard-credentials-'));
  process.env.SWITCHYARD_SECRET_KEY = sealingKey.toString('base64');
});
afterAll(async () => {
  if (saved === undefined) delete process.env.SWITCHYARD_SECRET_KEY;
  else process.env.SWITCHYARD_SECRET_KEY = saved;
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('provider credentials', () => {
  it('opens a sealed api_key from the config file, stores one added through the API sealed, and switches to it (and back) without a restart', async () => {
    const first = await startServer(configFor(sealSecret('sk-from-the-file', sealingKey, 'provider:sim')), { port: 0 });
    await ask(first.url);
    expect(upstreamAuth()).toBe('Bearer sk-from-the-file');

    const secret = 'sk-stored-at-runtime-0123456789';
    const put = await fetch(`${first.url}/api/credentials/sim`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ api_key: secret }),
    });
    expect(put.status).toBe(200);
    const listed = await (await fetch(`${first.url}/api/credentials`, { headers: { authorization: `Bearer ${ADMIN}` } })).text();
    expect(JSON.parse(listed)).toMatchObject({ credentials: [{ provider: 'sim', hint: 'sk-…789' }] });
    for (const text of [await put.clone().text(), listed]) expect(text).not.toContain(secret);
    const unknown = await fetch(`${first.url}/api/credentials/nope`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ api_key: secret }),
    });
    expect(unknown.status).toBe(404);
    // Used at once here, without a restart (other replicas: at their next poll of the store).
    await ask(first.url);
    expect(upstreamAuth()).toBe(`Bearer ${secret}`);
    await first.close();

    // At rest: sealed, not the secret.
    const db = new Database(join(dir, 'store.db'), { readonly: true });
    const row = db.prepare('SELECT sealed FROM provider_credentials WHERE provider = ?').get('sim') as { sealed: string };
    db.close();
    expect(row.sealed.startsWith('sealed:v1:')).toBe(true);
    expect(row.sealed).not.toContain(secret);

    const second = await startServer(configFor('sk-from-the-file'), { port: 0 });
    await ask(second.url);
    expect(upstreamAuth()).toBe(`Bearer ${secret}`);
    // Deleted: back to the config file's credential, again without a restart.
    const deleted = await fetch(`${second.url}/api/credentials/sim`, { method: 'DELETE', headers: { authorization: `Bearer ${ADMIN}` } });
    expect(deleted.status).toBe(204);
    await ask(second.url);
    expect(upstreamAuth()).toBe('Bearer sk-from-the-file');
    await second.close();
  });

  it('refuses to start when the store holds sealed credentials and no key opens them', async () => {
    const stores = openSqliteStores(join(dir, 'store.db'));
    await stores.keys.putCredential({ provider: 'sim', sealed: sealSecret('sk-stored-again-0123456789', sealingKey, 'provider:sim'), hint: 'sk-…789', updatedAt: 1 });
    await stores.close();
    process.env.SWITCHYARD_SECRET_KEY = randomBytes(32).toString('base64');
    await expect(startServer(configFor('sk-plain'), { port: 0 })).rejects.toThrow(/does not open with the key in SWITCHYARD_SECRET_KEY/);
    delete process.env.SWITCHYARD_SECRET_KEY;
    await expect(startServer(configFor('sk-plain'), { port: 0 })).rejects.toThrow(/needs SWITCHYARD_SECRET_KEY/);
    process.env.SWITCHYARD_SECRET_KEY = sealingKey.toString('base64');
  });
});
