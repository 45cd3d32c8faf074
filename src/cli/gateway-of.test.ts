import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gatewayNote, gatewayOf } from './gateway-of.js';

const dir = mkdtempSync(join(tmpdir(), 'sy-gateway-of-'));
/** A config as `serve --config` takes it, with this server section. */
function config(server: string): string {
  const file = join(dir, `c${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, `server: ${server}\nproviders:\n  sim: { type: openai, base_url: "http://127.0.0.1:9/v1", api_key: "\${SIM_KEY}" }\nmodels:\n  small: { provider: sim, model: gpt-4o-mini }\n`);
  return file;
}

describe('gatewayOf: the gateway a command reaches without --gateway, found as serve finds its address', () => {
  it('takes --gateway as given, and says nothing about it', () => {
    const file = config('{ port: 8080 }');
    expect(gatewayOf({ gateway: 'https://gw.internal:9443', config: file }, { SIM_KEY: 'k' })).toEqual({ gateway: 'https://gw.internal:9443' });
    expect(gatewayNote({ gateway: 'https://gw.internal:9443' })).toBeUndefined();
  });

  it("reads the config's server.port and server.host (--config, else $SWITCHYARD_CONFIG), any address reached on loopback", () => {
    const file = config('{ port: 8080 }');
    expect(gatewayOf({ config: file }, { SIM_KEY: 'k', PORT: '5000' })).toEqual({ gateway: 'http://127.0.0.1:8080', gatewayFrom: `server.port of ${file}` });
    expect(gatewayOf({}, { SIM_KEY: 'k', SWITCHYARD_CONFIG: file })).toEqual({ gateway: 'http://127.0.0.1:8080', gatewayFrom: `server.port of ${file}` });
    expect(gatewayOf({}, { SIM_KEY: 'k', SWITCHYARD_CONFIG: config('{ host: 0.0.0.0, port: 4100 }') }).gateway).toBe('http://127.0.0.1:4100');
    expect(gatewayOf({}, { SIM_KEY: 'k', SWITCHYARD_CONFIG: config('{ host: "::", port: 4100 }') }).gateway).toBe('http://127.0.0.1:4100');
    expect(gatewayOf({}, { SIM_KEY: 'k', SWITCHYARD_CONFIG: config('{ host: "::1", port: 4100 }') }).gateway).toBe('http://[::1]:4100');
    expect(gatewayOf({}, { SIM_KEY: 'k', SWITCHYARD_CONFIG: config('{ host: gw.local }') }).gateway).toBe('http://gw.local:4000');
  });

  it('without a config, takes $PORT as serve does, else 4000, and says which', () => {
    expect(gatewayOf({}, { PORT: '4100' })).toEqual({ gateway: 'http://127.0.0.1:4100', gatewayFrom: '$PORT' });
    expect(gatewayOf({}, { PORT: ' ' })).toEqual({ gateway: 'http://127.0.0.1:4000', gatewayFrom: 'the default' });
    expect(gatewayNote(gatewayOf({}, {}))).toBe('(the gateway at http://127.0.0.1:4000, from the default; --gateway URL reaches another)');
  });

  it('reads only the server section: a problem elsewhere in the file, or a variable only the gateway sets, is not its to report', () => {
    // examples/gateway.yaml needs $SWITCHYARD_METRICS_TOKEN where the gateway runs, not in the CLI's shell.
    expect(gatewayOf({ config: 'examples/gateway.yaml' }, {})).toEqual({ gateway: 'http://127.0.0.1:4000', gatewayFrom: 'server.port of examples/gateway.yaml' });
    const file = join(dir, 'elsewhere.yaml');
    writeFileSync(file, 'server: { port: 8080, admin_key: "${ADMIN_KEY}" }\nproviders: { sim: { type: nosuch } }\nmodels: { small: { provider: gone, model: x } }\nmetrics: { token: "${METRICS_TOKEN}" }\n');
    expect(gatewayOf({ config: file }, {}).gateway).toBe('http://127.0.0.1:8080');
  });

  it('refuses a server section with a problem as serve words it, and nothing from other sections', () => {
    const typo = config('{ prot: 8080 }');
    expect(() => gatewayOf({ config: typo }, {})).toThrow(`invalid config ${typo}:\n  - server: unknown field "prot" (did you mean "port"?)`);
    const file = join(dir, 'unset-port.yaml');
    writeFileSync(file, 'server: { port: "${GW_PORT}" }\nmetrics: { token: "${METRICS_TOKEN}" }\n');
    expect(() => gatewayOf({ config: file }, {})).toThrow(new RegExp(`^invalid config ${file}:\\n  - server\\.port: environment variable GW_PORT is not set[^\\n]*$`));
    writeFileSync(file, 'server: { port: eighty }\nmodels: { small: { provider: gone } }\n');
    expect(() => gatewayOf({ config: file }, {})).toThrow(`invalid config ${file}:\n  - server.port: expected number, got "eighty"`);
  });

  it('refuses a port it cannot know or read, and a config that does not load, naming what to do', () => {
    const file = config('{ port: 0 }');
    expect(() => gatewayOf({ config: file }, { SIM_KEY: 'k' })).toThrow(`${file} sets server.port: 0 (a free port picked at start): pass --gateway with the URL the gateway printed when it started`);
    expect(() => gatewayOf({}, { PORT: '0' })).toThrow('PORT is 0 (a free port picked at start)');
    expect(() => gatewayOf({}, { PORT: 'http' })).toThrow('PORT must be an integer from 0 to 65535, got "http"');
    expect(() => gatewayOf({ config: join(dir, 'missing.yaml') }, {})).toThrow(/cannot read config file/);
  });
});
