import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { GoogleGenAI } from '@google/genai';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPort, referenceConfig } from '../../src/test-support/gateway-harness.js';
import { openSqliteStores } from '../../src/store/sqlite/open-sqlite-stores.js';
import { serveProcess } from '../../src/test-support/serve-process.js';
import { signalOnBanner } from '../../src/test-support/signal-on-banner.js';
import { startSimulator } from '../../src/simulate/simulator.js';
import type { Simulator } from '../../src/simulate/types.js';

const CLI = join(import.meta.dirname, '../../bin/switchyard.js');
let dir: string;
let sim: Simulator;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'switchyard-cli-'));
  sim = await startSimulator({ port: 0 });
});
afterAll(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

function waitForLine(child: ChildProcess, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    // A safety net under the test's own timeout, there to print the output; a loaded machine can take many seconds.
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern}; output so far:\n${out}`)), 45_000);
    const onData = (data: Buffer) => {
      out += data.toString();
      const match = pattern.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[0]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`exited with ${code}:\n${out}`)));
  });
}

describe('switchyard serve', () => {
  it('serves the reference config file on the given port, then stops cleanly on SIGTERM', async () => {
    const file = join(dir, 'gateway.yaml');
    writeFileSync(file, `${referenceConfig(sim.url, await closedPort())}\nstore: { sqlite: ${join(dir, 'sy.db')} }\n`);
    const { child, port } = await serveProcess(file);
    let streamed = '';
    try {
      const health = await fetch(`http://127.0.0.1:${port}/health`);
      expect(health.status).toBe(200);
      const client = new OpenAI({ apiKey: 'sk-sy-test', baseURL: `http://127.0.0.1:${port}/v1`, maxRetries: 0 });
      const answer = await client.chat.completions.create({ model: 'resilient', messages: [{ role: 'user', content: 'hi' }] });
      expect(answer.choices).toHaveLength(1);
      for await (const chunk of await client.chat.completions.create({ model: 'small', messages: [{ role: 'user', content: 'stream it' }], stream: true })) {
        streamed += chunk.choices[0]?.delta.content ?? '';
      }
      const stopped = waitForLine(child, /stopped; 2 traces written/);
      child.kill('SIGTERM');
      await stopped;
    } finally {
      child.kill('SIGKILL');
    }
    const list = spawnSync(process.execPath, [CLI, 'traces', '--db', join(dir, 'sy.db'), '--json'], { encoding: 'utf8' });
    expect(list.status).toBe(0);
    const traces = JSON.parse(list.stdout) as { requestedModel: string; attempts: unknown[] }[];
    const resilient = traces.find((t) => t.requestedModel === 'resilient');
    expect(resilient?.attempts).toHaveLength(4);
    // The streamed answer was rebuilt for the trace (in the trace writer's worker thread).
    const stores = openSqliteStores(join(dir, 'sy.db'));
    const streamedTrace = (await stores.traces.listTraces({ model: 'small' })).traces[0];
    const full = await stores.traces.getTrace(streamedTrace?.id ?? '');
    await stores.close();
    expect(full?.response).toMatchObject({ object: 'chat.completion', choices: [{ message: { role: 'assistant', content: streamed } }] });
    const table = spawnSync(process.execPath, [CLI, 'traces', '--db', join(dir, 'sy.db')], { encoding: 'utf8' });
    expect(table.stdout).toContain('resilient');
    expect(table.stdout).toContain('standin-openai/standin-small');
    // Three node processes start here (serve, then `traces` twice): slow when the suite shares the CPU.
  }, 60_000);

  it('without a config or keys serves Gemini models too, on the simulator\'s Gemini API, to Google\'s SDK', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', SWITCHYARD_DB: join(dir, 'default.db') };
    for (const name of ['OPENAI_API_KEY', 'ANTHROPIC_API_KEY', 'GEMINI_API_KEY']) delete env[name];
    const child = spawn(process.execPath, [CLI, 'serve'], { stdio: ['ignore', 'pipe', 'pipe'], env });
    try {
      const banner = await waitForLine(child, /listening on http:\/\/\S+[\s\S]*models: .*\n/);
      const url = /listening on (\S+)/.exec(banner)?.[1] ?? '';
      expect(banner).toMatch(/models: .*gemini-2\.5-flash, gemini-2\.5-pro, gemini-3-flash-preview, gemini-embedding-001\n/);
      const ai = new GoogleGenAI({ apiKey: 'any-key-while-open', httpOptions: { baseUrl: url } });
      const answer = await ai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'Hi' });
      expect(answer.text?.length).toBeGreaterThan(0);
      expect(answer.modelVersion).toContain('gemini-2.5-flash');
      // Google's SDK embeds too: it named gemini-embedding-001 and got a 404 (no embedding model served).
      const embedded = await ai.models.embedContent({ model: 'gemini-embedding-001', contents: ['refund policy', 'card arrival'], config: { outputDimensionality: 256 } });
      expect(embedded.embeddings?.map((e) => e.values?.length)).toEqual([256, 256]);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('stops cleanly on a SIGTERM sent the instant it says it listens: its handlers are in place before the banner', async () => {
    const file = join(dir, 'banner.yaml');
    writeFileSync(file, `providers: { sim: { type: openai, base_url: "${sim.url}/v1", api_key: sk-up } }\nmodels: { small: { provider: sim, model: s } }\nstore: { sqlite: ${join(dir, 'banner.db')} }\n`);
    const gateway = await serveProcess(file, signalOnBanner('listening on', 'SIGTERM'));
    expect(await gateway.exited).toEqual({ code: 0, signal: null });
    expect(gateway.output()).toContain('SIGTERM: finishing in-flight requests and writing traces');
    expect(gateway.output()).toContain('stopped; 0 traces written');
  }, 60_000);

  it('under npx: killing npx\'s own PID (a script\'s `kill $!`, no job to signal) stops the gateway too, as SIGTERM does, freeing its port', async () => {
    const file = join(dir, 'npx.yaml');
    writeFileSync(file, `providers: { sim: { type: openai, base_url: "${sim.url}/v1", api_key: sk-up } }\nmodels: { small: { provider: sim, model: s } }\nstore: { sqlite: ${join(dir, 'npx.db')} }\n`);
    // npm's own state in the temp folder: the shared cache's npx link is not moved to this checkout.
    const env: NodeJS.ProcessEnv = { ...process.env, npm_config_update_notifier: 'false', npm_config_ignore_scripts: 'true', npm_config_cache: join(dir, '.npm') };
    for (const name of Object.keys(env)) if (name.startsWith('VITEST') || name === 'NODE_OPTIONS') delete env[name];
    // Its own process group, as a script's background command has: npm, its `sh -c` and the gateway.
    const npx = spawn('npx', ['--no', 'switchyard', 'serve', '--config', file, '--port', '0'], { cwd: join(import.meta.dirname, '../..'), env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const group = npx.pid as number;
    const health = (url: string) => fetch(`${url}/health`).then((r) => r.status, () => 'down');
    let output = '';
    npx.stderr.on('data', (data: Buffer) => (output += data.toString()));
    try {
      const url = (await waitForLine(npx, /listening on http:\/\/127\.0\.0\.1:\d+/)).replace('listening on ', '');
      expect(await health(url)).toBe(200);
      process.kill(group, 'SIGTERM'); // `kill $!`, or npx's PID from ps: npm alone, not its group
      // npm passes the signal to its `sh -c` only; the gateway sees its parent gone and stops.
      await expect.poll(() => health(url), { timeout: 20_000 }).toBe('down');
      await expect.poll(() => output, { timeout: 20_000 }).toMatch(/parent process \d+ exited \(this process now belongs to \d+; the gateway stops with what started it\): finishing in-flight requests and writing traces…\nstopped; 0 traces written/);
    } finally {
      try {
        process.kill(-group, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }, 60_000);

  it('stops, writing its traces, when npm\'s shell that started it is killed (npm sets npm_command for what it runs)', async () => {
    const file = join(dir, 'orphan.yaml');
    const db = join(dir, 'orphan.db');
    writeFileSync(file, `providers: { sim: { type: openai, base_url: "${sim.url}/v1", api_key: sk-up } }\nmodels: { small: { provider: sim, model: s } }\nstore: { sqlite: ${db} }\n`);
    // A script: the gateway in the background, the shell waiting for it; SIGKILL, so the shell passes nothing on.
    const shell = spawn('sh', ['-c', `"${process.execPath}" "${CLI}" serve --config "${file}" --port 0 & wait`], { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, npm_command: 'exec' } });
    const group = shell.pid as number;
    let output = '';
    shell.stderr.on('data', (data: Buffer) => (output += data.toString()));
    try {
      const url = (await waitForLine(shell, /listening on http:\/\/127\.0\.0\.1:\d+/)).replace('listening on ', '');
      const answer = await new OpenAI({ baseURL: `${url}/v1`, apiKey: 'sk-any', maxRetries: 0 }).chat.completions.create({ model: 'small', messages: [{ role: 'user', content: 'hi' }] });
      expect(answer.object).toBe('chat.completion');
      shell.kill('SIGKILL');
      await expect.poll(() => fetch(`${url}/health`).then((r) => r.status, () => 'down'), { timeout: 20_000 }).toBe('down');
      // Its stderr pipe outlives the shell: the gateway holds it.
      await expect.poll(() => output, { timeout: 20_000 }).toMatch(/parent process \d+ exited[^\n]*: finishing in-flight requests and writing traces…\nstopped; 1 trace written/);
      const stores = openSqliteStores(db);
      try {
        expect((await stores.traces.listTraces({ limit: 5 })).traces).toHaveLength(1);
      } finally {
        await stores.close();
      }
    } finally {
      try {
        process.kill(-group, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }, 60_000);

  it('keeps serving when a shell that started it without npm ends (a CI step, a script that backgrounds it and exits)', async () => {
    const file = join(dir, 'plain.yaml');
    writeFileSync(file, `providers: { sim: { type: openai, base_url: "${sim.url}/v1", api_key: sk-up } }\nmodels: { small: { provider: sim, model: s } }\nstore: { sqlite: ${join(dir, 'plain.db')} }\n`);
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.npm_command; // `npm test` sets it for everything it runs
    const shell = spawn('sh', ['-c', `"${process.execPath}" "${CLI}" serve --config "${file}" --port 0 & wait`], { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env });
    const group = shell.pid as number;
    let output = '';
    shell.stderr.on('data', (data: Buffer) => (output += data.toString()));
    try {
      const url = (await waitForLine(shell, /listening on http:\/\/127\.0\.0\.1:\d+/)).replace('listening on ', '');
      shell.kill('SIGKILL');
      // The watch asks once a second: three seconds on, a watched gateway would have stopped.
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      expect(await fetch(`${url}/health`).then((r) => r.status, () => 'down')).toBe(200);
      expect(output).not.toContain('parent process');
    } finally {
      try {
        process.kill(-group, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }, 60_000);

  it('refuses an invalid config with every problem named, exiting non-zero', () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, referenceConfig(sim.url, 1).replace('{ provider: down, model', '{ provider: dwn, model').replace('port: ', 'port: '));
    const result = spawnSync(process.execPath, [CLI, 'serve', '--config', file], { encoding: 'utf8' });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('models.resilient.fallbacks[0].provider: unknown provider "dwn" (known: down, standin-anthropic, standin-openai)');
  });

  it('names a bad PORT and a host that is not this machine, without a stack', () => {
    const badPort = spawnSync(process.execPath, [CLI, 'serve'], { encoding: 'utf8', env: { ...process.env, PORT: 'abc', OPENAI_API_KEY: '', ANTHROPIC_API_KEY: '' } });
    expect(badPort.status).toBe(1);
    expect(badPort.stderr.trim()).toBe('switchyard: PORT must be an integer from 0 to 65535, got "abc"');
    const file = join(dir, 'host.yaml');
    writeFileSync(file, `providers: {}\nstore: { sqlite: ${join(dir, 'host.db')} }\n`);
    const badHost = spawnSync(process.execPath, [CLI, 'serve', '--config', file, '--host', 'no-such-host.invalid', '--port', '0'], { encoding: 'utf8' });
    expect(badHost.status).toBe(1);
    expect(badHost.stderr).toContain('cannot listen on no-such-host.invalid:0: no such host name; pass --host with an address of this machine');
    expect(badHost.stderr).not.toContain('    at ');
  });

  it('says on the banner that PORT is not used with a config file, and which flag is', async () => {
    const file = join(dir, 'port-env.yaml');
    writeFileSync(file, `server: { port: 0 }\nproviders: {}\nstore: { sqlite: ${join(dir, 'port-env.db')} }\n`);
    const unused = await closedPort();
    const child = spawn(process.execPath, [CLI, 'serve', '--config', file], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PORT: String(unused) } });
    try {
      const found = await waitForLine(child, /found: .*\n/);
      expect(found).toContain(`PORT=${unused} is not used with a config file: server.port or --port set the port (--port ${unused})`);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('says which port is taken instead of crashing with a stack', () => {
    const port = Number(new URL(sim.url).port);
    const file = join(dir, 'taken.yaml');
    writeFileSync(file, `providers: {}\nstore: { sqlite: ${join(dir, 'taken.db')} }\n`);
    const result = spawnSync(process.execPath, [CLI, 'serve', '--config', file, '--port', String(port)], { encoding: 'utf8' });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(`cannot listen on 127.0.0.1:${port}: the port is in use`);
    expect(result.stderr).not.toContain('    at ');
  });

  it('takes a bare number as a port meant for --port, and says how npm start passes one on', () => {
    // `npm start --port 4100`: npm keeps --port as its own setting and runs `serve 4100`.
    const result = spawnSync(process.execPath, [CLI, 'serve', '4100'], { encoding: 'utf8', env: { ...process.env, npm_lifecycle_event: 'start' } });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('switchyard: serve takes no arguments, got "4100"; a port is given as --port 4100 (under npm start: npm start -- --port 4100, as npm keeps the flags before --)');
    const other = spawnSync(process.execPath, [CLI, 'serve', 'examples/switchyard.sim.yaml'], { encoding: 'utf8' });
    expect(other.status).toBe(1);
    expect(other.stderr).toContain('switchyard: serve takes no arguments, got "examples/switchyard.sim.yaml"; a config file is given as --config examples/switchyard.sim.yaml');
  });

  it('says at start that a config naming no models answers every call 404, and what to add', async () => {
    const file = join(dir, 'store-only.yaml');
    writeFileSync(file, `store: { sqlite: ${join(dir, 'store-only.db')} }\n`);
    const { child, output } = await serveProcess(file);
    child.kill('SIGKILL');
    // The banner is one write: the line that names the address carries the models line with it.
    expect(output()).toMatch(/models: +none: .*store-only\.yaml names no models or routes, so every call is answered 404; add providers: and models:/);
    // Unnamed, a replica is its host and pid: the banner is where an operator first sees it.
    expect(output()).toContain(`replica:        ${hostname()}-${child.pid} (on each trace;`);
  });

  it('logs one JSON object a line with SWITCHYARD_LOG_FORMAT=json: time, level, msg and fields, on stdout and stderr', async () => {
    const file = join(dir, 'json-log.yaml');
    writeFileSync(file, `${referenceConfig(sim.url, await closedPort(), 'server: { admin_key: json-log-admin-key }')}\nstore: { sqlite: ${join(dir, 'json-log.db')} }\n`);
    const { child, port, exited, output } = await serveProcess(file, [], { ...process.env, SWITCHYARD_LOG_FORMAT: 'json', SWITCHYARD_REPLICA: 'eu-1' });
    try {
      const client = new OpenAI({ apiKey: 'sk-sy-test', baseURL: `http://127.0.0.1:${port}/v1`, maxRetries: 0 });
      await client.chat.completions.create({ model: 'small', messages: [{ role: 'user', content: 'hi' }] });
      // An admin change leaves an info audit line; a wrong key, a warning.
      const created = await fetch(`http://127.0.0.1:${port}/api/keys`, { method: 'POST', headers: { authorization: 'Bearer json-log-admin-key', 'content-type': 'application/json' }, body: JSON.stringify({ name: 'json-log' }) });
      expect(created.status).toBe(201);
      expect((await fetch(`http://127.0.0.1:${port}/api/keys`, { headers: { authorization: 'Bearer sk-not-a-key' } })).status).toBe(401);
      child.kill('SIGTERM');
      expect(await exited).toEqual({ code: 0, signal: null });
    } finally {
      child.kill('SIGKILL');
    }
    // stdout and stderr interleaved, each write a whole line.
    const events = output().trimEnd().split('\n').map((line) => {
      const event = JSON.parse(line) as { time: string; level: string; msg: string; component?: string };
      expect(new Date(event.time).toISOString()).toBe(event.time);
      expect(['error', 'warn', 'info', 'debug']).toContain(event.level);
      expect(typeof event.msg).toBe('string');
      return event;
    });
    expect(events[0]).toMatchObject({ level: 'info', msg: `Switchyard gateway listening on http://127.0.0.1:${port}`, component: 'serve', openai_sdk: `baseURL http://127.0.0.1:${port}/v1`, replica: expect.stringMatching(/^eu-1 \(on each trace; .* traces --replica eu-1;/) });
    expect(events).toContainEqual(expect.objectContaining({ level: 'warn', component: 'limits', msg: expect.stringMatching(/^note: no price for standin-embed \(models\.embed\)/) }));
    expect(events).toContainEqual(expect.objectContaining({ level: 'info', component: 'audit', msg: expect.stringMatching(/^audit: ".+" \(bearer\) POST \/api\/keys → 201$/), status: 201 }));
    expect(events).toContainEqual(expect.objectContaining({ level: 'warn', component: 'audit', msg: expect.stringMatching(/^audit: admin API refused a key from /) }));
    expect(events.at(-1)).toMatchObject({ level: 'info', component: 'shutdown', msg: 'stopped; 1 trace written', traces_written: 1 });
  });

  it('drops events below server.log_level (here from the config), keeping the banner that says it serves', async () => {
    const file = join(dir, 'warn-log.yaml');
    writeFileSync(file, `${referenceConfig(sim.url, await closedPort(), 'server: { log_format: json, log_level: warn }')}\nstore: { sqlite: ${join(dir, 'warn-log.db')} }\n`);
    const { child, exited, output } = await serveProcess(file, [], { ...process.env, SWITCHYARD_LOG_FORMAT: '', SWITCHYARD_LOG_LEVEL: '' });
    child.kill('SIGTERM');
    expect(await exited).toEqual({ code: 0, signal: null });
    const events = output().trimEnd().split('\n').map((line) => JSON.parse(line) as { level: string; msg: string });
    expect(events[0]?.msg).toMatch(/^Switchyard gateway listening on /);
    // The shutdown's info lines are dropped; the unpriced model's warning stays.
    expect(events.slice(1).map((e) => e.level)).toEqual(['warn']);
    expect(events[1]?.msg).toMatch(/^note: no price for standin-embed/);
  });

  it('refuses a SWITCHYARD_LOG_LEVEL it does not know, naming the variable, the value and the levels', () => {
    const file = join(dir, 'bad-level.yaml');
    writeFileSync(file, `providers: {}\nstore: { sqlite: ${join(dir, 'bad-level.db')} }\n`);
    const result = spawnSync(process.execPath, [CLI, 'serve', '--config', file, '--port', '0'], { encoding: 'utf8', env: { ...process.env, SWITCHYARD_LOG_LEVEL: 'verbose' } });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe('switchyard: SWITCHYARD_LOG_LEVEL must be one of error, warn, info, debug, got "verbose"');
  });

  it('says a failure to start as one JSON error event once the format is known: from the environment at once, from the config once it parsed', () => {
    const failure = (result: ReturnType<typeof spawnSync>) => {
      expect(result.status).toBe(1);
      const lines = String(result.stderr).trimEnd().split('\n');
      expect(lines).toHaveLength(1);
      return JSON.parse(lines[0] as string) as { time: string; level: string; msg: string; component: string; code: string; error?: unknown };
    };
    const json = { ...process.env, SWITCHYARD_LOG_FORMAT: 'json' };
    // A config with problems: its list of them is the event's msg, the newlines escaped.
    const bad = join(dir, 'bad-json.yaml');
    writeFileSync(bad, 'providers: {}\nmodels: { small: { provider: nowhere, model: s } }\n');
    const config = failure(spawnSync(process.execPath, [CLI, 'serve', '--config', bad, '--port', '0'], { encoding: 'utf8', env: json }));
    expect(config).toMatchObject({ level: 'error', component: 'serve', code: 'config_invalid', msg: expect.stringMatching(/^could not start: invalid config .*bad-json\.yaml:\n {2}- models\.small\.provider: unknown provider "nowhere"/) });
    expect(config.error).toBeUndefined(); // the gateway's own refusal: no stack
    expect(new Date(config.time).toISOString()).toBe(config.time);
    // Words serve does not take.
    expect(failure(spawnSync(process.execPath, [CLI, 'serve', '4100'], { encoding: 'utf8', env: json }))).toMatchObject({ code: 'invalid_request', msg: 'could not start: serve takes no arguments, got "4100"; a port is given as --port 4100' });
    // No environment setting: the config's own log_format applies once the file parsed (a port in use).
    const port = Number(new URL(sim.url).port);
    const taken = join(dir, 'taken-json.yaml');
    writeFileSync(taken, `server: { log_format: json }\nproviders: {}\nstore: { sqlite: ${join(dir, 'taken-json.db')} }\n`);
    const env = { ...process.env, SWITCHYARD_LOG_FORMAT: '' };
    expect(failure(spawnSync(process.execPath, [CLI, 'serve', '--config', taken, '--port', String(port)], { encoding: 'utf8', env }))).toMatchObject({ msg: `could not start: cannot listen on 127.0.0.1:${port}: the port is in use; stop the other process or pass --port N` });
    // Text stays text, said once.
    const text = spawnSync(process.execPath, [CLI, 'serve', '--config', bad, '--port', '0'], { encoding: 'utf8', env });
    expect(text.stderr).toMatch(/^switchyard: invalid config /);
    expect(text.stderr).not.toContain('{"time"');
  });

  it('logs an exception nothing caught as one error event, stack in a field, and exits 1 as Node would', async () => {
    const file = join(dir, 'crash-log.yaml');
    writeFileSync(file, `providers: {}\nstore: { sqlite: ${join(dir, 'crash-log.db')} }\n`);
    // Stands in for a bug: a throw on a timer, where no request's error boundary is.
    const crash = `data:text/javascript,process.on('SIGUSR2', () => setImmediate(() => { throw new TypeError('boom\\nsecond line'); }));`;
    const { child, exited, output } = await serveProcess(file, ['--import', crash], { ...process.env, SWITCHYARD_LOG_FORMAT: 'json' });
    child.kill('SIGUSR2');
    expect(await exited).toEqual({ code: 1, signal: null });
    const events = output().trimEnd().split('\n').map((line) => JSON.parse(line) as { level: string; msg: string; error?: { kind: string; stack: string } });
    expect(events.at(-1)).toMatchObject({ level: 'error', component: 'serve', msg: 'stopping: an exception nothing caught: boom\nsecond line', error: { kind: 'TypeError', message: 'boom\nsecond line' } });
    expect(events.at(-1)?.error?.stack).toMatch(/^TypeError: boom\nsecond line\n {4}at /);
  });

  it('lists the routes on a line of their own, not among the models', async () => {
    const file = join(dir, 'routes.yaml');
    writeFileSync(file, `providers: { sim: { type: openai, base_url: "${sim.url}/v1", api_key: sk-up } }\nmodels: { small: { provider: sim, model: s } }\nroutes: { support: { policy: static, target: small } }\nstore: { sqlite: ${join(dir, 'routes.db')} }\n`);
    const { child, output } = await serveProcess(file);
    child.kill('SIGKILL');
    expect(output()).toMatch(/\n  models: +small\n  routes: +support \(names clients call; each picks a model per request\)\n/);
  });
});
