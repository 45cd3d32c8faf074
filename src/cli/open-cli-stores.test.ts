import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SQLITE_PATH } from '../config/default-store.js';
import { storeConfigOf } from './open-cli-stores.js';

const dir = mkdtempSync(join(tmpdir(), 'sy-cli-stores-'));
/** A config as `serve --config` takes it, with this store section and a provider key only the gateway's shell sets. */
function config(store: string): string {
  const file = join(dir, `c${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, `${store}\nproviders:\n  sim: { type: openai, base_url: "http://127.0.0.1:9/v1", api_key: "\${SIM_KEY}" }\nmodels:\n  small: { provider: sim, model: gpt-4o-mini }\n`);
  return file;
}

describe('storeConfigOf: the store a command reads from --config', () => {
  it('reads only the store section: a variable only the gateway sets, or a problem elsewhere, is not its to report', async () => {
    expect(await storeConfigOf({ config: config('store: { sqlite: traces.db }') }, {})).toEqual({ sqlite: 'traces.db' });
    expect(await storeConfigOf({ config: config('store: { postgres: "${DB_URL}" }\nkeys: nonsense') }, { DB_URL: 'postgres://u@127.0.0.1/sy' })).toEqual({ postgres: 'postgres://u@127.0.0.1/sy' });
    // examples/gateway.yaml needs $SWITCHYARD_METRICS_TOKEN where the gateway runs, not in the CLI's shell.
    expect(await storeConfigOf({ config: 'examples/gateway.yaml' }, {})).toHaveProperty('sqlite');
    expect(await storeConfigOf({ config: config('') }, {})).toEqual({ sqlite: DEFAULT_SQLITE_PATH });
  });

  it('names a problem in the store section as serve does: a typo, two backends, a variable unset there', async () => {
    await expect(storeConfigOf({ config: config('store: { sqlit: traces.db }') }, {})).rejects.toThrow(/store: .*sqlit/);
    await expect(storeConfigOf({ config: config('store: { sqlite: a.db, postgres: "postgres://u@h/d" }') }, {})).rejects.toThrow(/name exactly one backend, .*not both/);
    await expect(storeConfigOf({ config: config('store: { postgres: "${DB_URL}" }') }, {})).rejects.toThrow(/store\.postgres: environment variable DB_URL is not set/);
  });
});
