import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { type RunningServer, startServer } from '../../src/server.js';
import { type Harness, referenceConfig, startHarness } from '../../src/test-support/gateway-harness.js';

// `cache.shared_by: key` keeps a key's cached answers to the key itself, by its identity as its
// traces are (limits/keys.ts), not by its name: a config key given a new secret under the same
// name, or a runtime key made under a removed config key's name, is another key, and a hit would
// tell it what the first one asked and when. A rotation keeps the key, and its cache; two
// gateways on one store see one key alike.
const ADMIN = 'admin-key-identity-cache';
const dir = mkdtempSync(join(tmpdir(), 'sy-key-cache-'));
const sqlite = join(dir, 'shared.db');
const cacheFile = join(dir, 'cache.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));


const extra = `server: { admin_key: ${ADMIN} }
cache:
  store: sqlite
  sqlite_path: ${cacheFile}
  shared_by: key
  routes: { small: {} }`;
const withKeys = (text: string, keys: string) => text.replace('keys:\n  - key: sk-sy-test\n    name: compat\n', `keys:\n${keys}`);

/** A gateway on the shared store and cache with `keys` (YAML list items), and its simulator's URL. */
async function gateway(keys: string): Promise<{ h: Harness; simUrl: string; deadPort: number }> {
  let simUrl = '';
  let deadPort = 0;
  const h = await startHarness('', (sim, dead) => {
    [simUrl, deadPort] = [sim, dead];
    return withKeys(referenceConfig(sim, dead, extra), keys);
  }, { sqlite });
  return { h, simUrl, deadPort };
}

/**
 * Another gateway on the same store, cache and simulator (a cached answer's key names the
 * upstream's address): a replica, or a restart with its config changed.
 */
function replica(of: { simUrl: string; deadPort: number }, keys: string): Promise<RunningServer> {
  return startServer(parseConfig(`${withKeys(referenceConfig(of.simUrl, of.deadPort, extra), keys)}\nstore: { sqlite: ${sqlite} }\n`, 'replica'), { port: 0, host: '127.0.0.1' });
}

const QUESTION = 'Draft the letter to my landlord about the broken boiler';
async function ask(at: Harness | RunningServer, secret: string): Promise<string | null> {
  const url = 'sim' in at ? at.gateway.url : at.url;
  const { response } = await new OpenAI({ apiKey: secret, baseURL: `${url}/v1`, maxRetries: 0 }).chat.completions.create({ model: 'small', temperature: 0, messages: [{ role: 'user', content: QUESTION }] }).withResponse();
  return response.headers.get('x-switchyard-cache');
}

describe('a key’s cached answers (shared_by: key) follow its identity, not its name', () => {
  it('the key that asked is served its answer; one with the same name and another secret is not', async () => {
    const first = await gateway('  - { key: sk-sy-app-one, name: app }\n');
    const rekeyed = await replica(first, '  - { key: sk-sy-app-two, name: app }\n');
    try {
      expect(await ask(first.h, 'sk-sy-app-one')).toBe('miss');
      // Written behind the answer: a second ask finds it once it is stored.
      await expect.poll(() => ask(first.h, 'sk-sy-app-one')).toBe('hit');
      expect(await ask(rekeyed, 'sk-sy-app-two')).toBe('miss');
    } finally {
      await rekeyed.close();
      await first.h.close();
    }
  });

  it('a runtime key under a removed config key’s name is another key; through a rotation and on another gateway it is the same one', async () => {
    const one = await gateway('  - { key: sk-sy-app-three, name: app }\n');
    const two = await replica(one, '  - { key: sk-sy-keep, name: keep }\n');
    try {
      expect(await ask(one.h, 'sk-sy-app-three')).toBe('miss');
      await expect.poll(() => ask(one.h, 'sk-sy-app-three')).toBe('hit');
      // The config without "app": a runtime key takes the name.
      const created = await fetch(`${two.url}/api/keys`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'app' }) });
      expect(created.status).toBe(201);
      const secret = ((await created.json()) as { key: string }).key;
      expect(await ask(two, secret)).toBe('miss');
      await expect.poll(() => ask(two, secret)).toBe('hit');
      const rotated = await fetch(`${two.url}/api/keys/app/rotate`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: JSON.stringify({ grace_seconds: 0 }) });
      expect(rotated.status).toBe(200);
      expect(await ask(two, ((await rotated.json()) as { key: string }).key)).toBe('hit');
    } finally {
      await two.close();
      await one.h.close();
    }
  });
});
