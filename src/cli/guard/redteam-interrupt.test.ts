import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { type FakeUpstream, startFakeUpstream } from '../../test-support/fake-upstream.js';
import { loadCorpus } from './redteam-corpus.js';
import { runRedteam, type SendChat } from './redteam-run.js';

const BIN = resolve(dirname(fileURLToPath(import.meta.url)), '../../../bin/switchyard.js');
const ANSWER = { id: 'chatcmpl-1', object: 'chat.completion', model: 'open', choices: [{ index: 0, message: { role: 'assistant', content: 'Sure, here it is.' }, finish_reason: 'stop' }] };

describe('guard redteam stopped with Ctrl-C', () => {
  it('sends no attack after the signal and reports those that finished', async () => {
    const controller = new AbortController();
    let sent = 0;
    const send: SendChat = async () => {
      sent++;
      return { status: 200, body: ANSWER, guardrails: null };
    };
    const { report } = await runRedteam('open', loadCorpus('builtin'), send, { corpus: 'builtin', concurrency: 1, signal: controller.signal, onResult: () => sent === 3 && controller.abort() });
    expect(sent).toBe(3);
    expect(report.total).toMatchObject({ attacks: 3, through: 3 });
  });

  let server: FakeUpstream | undefined;
  let child: ChildProcess | undefined;
  afterAll(async () => {
    child?.kill('SIGKILL');
    await server?.close();
  });

  it('prints the report of the attacks answered, says how many of all, and exits 130', async () => {
    // A gateway stand-in: the third attack is still in flight when the Ctrl-C arrives.
    let chats = 0;
    server = await startFakeUpstream((request, _body, response) => {
      const isChat = request.url?.endsWith('/chat/completions') === true;
      if (isChat && ++chats === 3) child?.kill('SIGINT');
      setTimeout(() => response.setHeader('content-type', 'application/json').end(JSON.stringify(isChat ? ANSWER : { status: 'ok', models: 1 })), isChat ? 100 : 0);
    });
    const url = server.url;
    child = spawn(process.execPath, [BIN, 'guard', 'redteam', '--model', 'open', '--gateway', url, '--corpus', 'jailbreaks', '--concurrency', '1'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => void (stdout += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
    const code = await new Promise<number | null>((done) => child?.on('exit', (exitCode) => done(exitCode)));
    // Before: exit 130 at once with nothing printed, the answered attacks lost.
    expect(code).toBe(130);
    expect(stderr).toContain('Ctrl-C: no more attacks are sent; those in flight finish and the report covers what was answered');
    expect(stderr).toContain('stopped after 3 of 148 attacks: the report covers those');
    expect(stdout).toMatch(/│ TOTAL +│ 3 +│/);
    expect(chats).toBe(3);
  }, 60_000);

  it('says no attack was sent when stopped while the in-process gateway starts, and exits 130', async () => {
    // A "PostgreSQL" that accepts and never answers: the in-process gateway is still starting when the Ctrl-C comes.
    const sockets: Socket[] = [];
    let starter: ChildProcess | undefined;
    const silent: TcpServer = createTcpServer((socket) => {
      sockets.push(socket);
      starter?.kill('SIGINT');
    });
    await new Promise<void>((ready) => silent.listen(0, '127.0.0.1', ready));
    const dir = mkdtempSync(join(tmpdir(), 'redteam-start-'));
    const config = join(dir, 'gateway.yaml');
    const port = (silent.address() as AddressInfo).port;
    writeFileSync(config, `providers:\n  sim: { type: openai, base_url: "http://127.0.0.1:9/v1", api_key: sk-x }\nmodels:\n  open: { provider: sim, model: gpt-4o-mini }\nstore: { postgres: "postgres://nobody@127.0.0.1:${port}/none" }\n`);
    try {
      starter = spawn(process.execPath, [BIN, 'guard', 'redteam', '--model', 'open', '--config', config, '--corpus', 'builtin'], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      starter.stderr?.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
      const [code, signal] = await new Promise<[number | null, string | null]>((done) => starter?.on('exit', (exitCode, exitSignal) => done([exitCode, exitSignal])));
      // Before: killed by the signal with nothing said.
      expect({ code, signal }).toEqual({ code: 130, signal: null });
      expect(stderr).toContain('Ctrl-C while the in-process gateway was starting: no attack was sent');
      expect(sockets.length).toBeGreaterThan(0);
    } finally {
      starter?.kill('SIGKILL');
      for (const socket of sockets) socket.destroy();
      await new Promise((done) => silent.close(done));
    }
  }, 60_000);
});
