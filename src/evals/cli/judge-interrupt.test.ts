import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { startFakeUpstream } from '../../test-support/fake-upstream.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const BIN = join(ROOT, 'bin/switchyard.js');

describe('judge calibrate stopped with Ctrl-C', () => {
  it('says how far it got and that no judge was saved, and exits 130', async () => {
    // A gateway stand-in whose judge scores 1–5 in turn; the Ctrl-C comes during the second variant's dev calls (15 each).
    let chats = 0;
    let stop = () => undefined as unknown;
    const server = await startFakeUpstream((request, _body, response) => {
      const isChat = request.url?.endsWith('/chat/completions') === true;
      const score = isChat ? (++chats % 5) + 1 : 0;
      if (chats === 20) stop();
      const body = isChat
        ? { id: `c${chats}`, object: 'chat.completion', model: 'judge', choices: [{ index: 0, message: { role: 'assistant', content: `{"score": ${score}, "reason": "r"}` }, finish_reason: 'stop' }], usage: { prompt_tokens: 9, completion_tokens: 3, total_tokens: 12 } }
        : request.url === '/health'
          ? { status: 'ok', models: 1 }
          : { object: 'list', data: [{ id: 'judge', object: 'model' }] };
      // From the Ctrl-C on, answers are slow: the second variant cannot finish before the signal is handled, however busy the machine.
      setTimeout(() => response.setHeader('content-type', 'application/json').end(JSON.stringify(body)), !isChat ? 0 : chats >= 20 ? 5_000 : 30);
    });
    const db = join(mkdtempSync(join(tmpdir(), 'judge-stop-')), 'store.db');
    const args = ['--gateway', server.url, '--db', db];
    try {
      const child = spawn(process.execPath, [BIN, 'judge', 'calibrate', '--dataset', join(ROOT, 'examples/support-calibration.jsonl'), '--model', 'judge', '--rubric', 'Correct?', '--rubric', 'Helpful?', '--name', 'quality', '--concurrency', '1', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
      stop = () => child.kill('SIGINT');
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
      const [code, signal] = await new Promise<[number | null, string | null]>((done) => child.on('exit', (exitCode, exitSignal) => done([exitCode, exitSignal])));
      // Before: killed by the signal with nothing said.
      expect({ code, signal }).toEqual({ code: 130, signal: null });
      expect(stderr).toContain('Ctrl-C: the judge calls in flight are cancelled and no judge is saved');
      expect(stderr).toMatch(/stopped after scoring 1 of 4 judge variants on dev \(best so far rubric 1, κ -?\d\.\d{3}\), before the test split: no judge was chosen or saved; the judge answers received are in the response cache/);
      expect(execFileSync(process.execPath, [BIN, 'judge', 'list', '--db', db], { encoding: 'utf8' })).toMatch(/^no saved judges/);
    } finally {
      await server.close();
    }
  }, 60_000);
});
