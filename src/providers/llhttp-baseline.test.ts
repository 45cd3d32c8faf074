import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const UPSTREAM_CLIENT = resolve(import.meta.dirname, '../../dist/providers/upstream-client.js');

// A fresh process (V8's compiler memory is per process) sends 1,500 calls through UpstreamClient to
// a local server, enough for V8 to tier undici's parser up if it may, and prints the isolate's peak
// compiler and zone memory (`peak_malloced_memory`) in MB.
const probe = `
import { createServer } from 'node:http';
import { getHeapStatistics } from 'node:v8';
const { UpstreamClient } = await import(process.argv[1]);
const answer = JSON.stringify({ id: 'chatcmpl-1', choices: [{ index: 0, message: { role: 'assistant', content: 'hello '.repeat(40) } }], usage: { prompt_tokens: 9, completion_tokens: 40 } });
const server = createServer((req, res) => req.resume().on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(answer)));
await new Promise((done) => server.listen(0, '127.0.0.1', done));
const client = new UpstreamClient('sim', 'http://127.0.0.1:' + server.address().port + '/v1', 8);
let left = 1500;
await Promise.all(Array.from({ length: 8 }, async () => {
  while (left-- > 0) await (await client.post('/chat/completions', '{}', {}, { signal: new AbortController().signal, timeoutMs: 10_000 })).body.text();
}));
console.log(getHeapStatistics().peak_malloced_memory / 1048576);
process.exit(0);
`;

async function peakCompilerMb(nodeArgs: string[] = []): Promise<number> {
  const { stdout } = await promisify(execFile)(process.execPath, [...nodeArgs, '--input-type=module', '-e', probe, UPSTREAM_CLIENT]);
  return Number(stdout.trim());
}

describe('undici’s parser kept on Liftoff', () => {
  it('is never recompiled by TurboFan, whose register allocation took ~38 MB of compiler memory', async () => {
    // Without it: 39.6–40.5 MB (the parser's TurboFan compile); with it, what loading the modules takes.
    expect(await peakCompilerMb()).toBeLessThan(20);
  });

  it('leaves a process started with V8 flags of its own as it was', async () => {
    // --no-liftoff compiles WebAssembly with TurboFan straight away: the flag is the operator's, not reset here.
    expect(await peakCompilerMb(['--no-liftoff'])).toBeGreaterThan(20);
  });
});
