import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import { describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../src/config/load-config.js';
import { startSimulator } from '../../src/simulate/simulator.js';
import { closedPort } from '../../src/test-support/gateway-harness.js';
import { signalOnBanner } from '../../src/test-support/signal-on-banner.js';

const CLI = join(import.meta.dirname, '../../bin/switchyard.js');
const ROOT = join(import.meta.dirname, '../..');
/** The example configs the README's sections run against the simulator. */
const SIMULATOR_CONFIGS = ['examples/switchyard.sim.yaml', 'examples/gateway.yaml', 'examples/guarded.sim.yaml', 'examples/grounding/switchyard.grounding.yaml'];

describe('switchyard simulate', () => {
  it('serves both APIs on the given port until SIGTERM, with faults programmable over HTTP', async () => {
    const child = spawn(process.execPath, [CLI, 'simulate', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      // Port 0: the OS picks one no other test holds, and the banner names it.
      const port = await new Promise<number>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const url = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
          if (url) resolve(Number(url[1]));
        });
        child.once('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
      });
      const claude = new Anthropic({ apiKey: 'sk-ant-x', baseURL: `http://127.0.0.1:${port}`, maxRetries: 0 });
      const message = await claude.messages.create({ model: 'claude-standin', max_tokens: 20, messages: [{ role: 'user', content: 'hi' }] });
      expect(message.content[0]?.type).toBe('text');
      const fault = await fetch(`http://127.0.0.1:${port}/_sim/faults`, { method: 'POST', body: JSON.stringify({ kind: 'status', status: 529, times: 1 }) });
      expect(fault.ok).toBe(true);
      const error = await claude.messages.create({ model: 'claude-standin', max_tokens: 20, messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
      expect((error as InstanceType<typeof Anthropic.APIError>).status).toBe(529);
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('names a base URL for each API it speaks, Gemini\'s among them, and Google\'s SDK answers at it', async () => {
    const child = spawn(process.execPath, [CLI, 'simulate', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const banner = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.includes('control:')) resolve(out);
        });
        child.once('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
      });
      // The banner named OpenAI's and Anthropic's only, though the simulator speaks Gemini's API too.
      const gemini = /Gemini base URL: +(\S+)/.exec(banner)?.[1];
      expect(gemini).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const ai = new GoogleGenAI({ apiKey: 'AIza-x', httpOptions: { baseUrl: gemini } });
      const answer = await ai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'Hi' });
      expect(answer.text?.length).toBeGreaterThan(0);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('closes on a SIGTERM sent the instant it says it listens: its handlers are in place before the banner', async () => {
    const child = spawn(process.execPath, [...signalOnBanner('listening on', 'SIGTERM'), CLI, 'simulate', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => void (out += d.toString()));
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.once('exit', (c, s) => resolve([c, s])));
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(out).toContain('switchyard simulator listening on http://127.0.0.1:');
  });

  it('moves to $SWITCHYARD_SIM_PORT, and so do the example configs, for a machine whose 9300 is taken', async () => {
    const port = await closedPort();
    const child = spawn(process.execPath, [...signalOnBanner('listening on', 'SIGTERM'), CLI, 'simulate'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, SWITCHYARD_SIM_PORT: String(port) } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => void (out += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(0);
    expect(out).toContain(`switchyard simulator listening on http://127.0.0.1:${port}\n`);
    const env = { SWITCHYARD_METRICS_TOKEN: 'a-token-of-24-characters', SWITCHYARD_SIM_PORT: String(port) };
    for (const file of SIMULATOR_CONFIGS) {
      const urls = Object.values(loadConfigFile(join(ROOT, file), env).providers).filter((p) => p.simulated).map((p) => p.base_url);
      expect(urls.length, file).toBeGreaterThan(0);
      for (const url of urls) expect(url, file).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${port}(/v1)?$`));
      // Unset, they stay on the documented 9300.
      for (const p of Object.values(loadConfigFile(join(ROOT, file), { SWITCHYARD_METRICS_TOKEN: env.SWITCHYARD_METRICS_TOKEN }).providers)) if (p.simulated) expect(p.base_url, file).toMatch(/^http:\/\/127\.0\.0\.1:9300(\/v1)?$/);
    }
  });

  it('refuses a $SWITCHYARD_SIM_PORT that is not a port, naming it', () => {
    const result = spawnSync(process.execPath, [CLI, 'simulate'], { encoding: 'utf8', env: { ...process.env, SWITCHYARD_SIM_PORT: '93OO' } });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('switchyard: SWITCHYARD_SIM_PORT must be a port from 0 to 65535, got "93OO"');
  });

  it('on a port already in use, says so and how to get out, without a stack trace', async () => {
    const first = await startSimulator({ port: 0 });
    try {
      const child = spawn(process.execPath, [CLI, 'simulate', '--port', String(first.port)], { stdio: ['ignore', 'pipe', 'pipe'] });
      let err = '';
      child.stderr.on('data', (d: Buffer) => void (err += d.toString()));
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      expect(code).toBe(1);
      expect(err).toContain(`cannot listen on 127.0.0.1:${first.port}: the port is in use (a simulator already running? curl http://127.0.0.1:${first.port}/_sim/health); stop the other process or export SWITCHYARD_SIM_PORT=N, which moves the simulator and the example configs that front it (--port N moves the simulator alone)`);
      expect(err).not.toMatch(/\n\s+at /);
    } finally {
      await first.close();
    }
  });
});
