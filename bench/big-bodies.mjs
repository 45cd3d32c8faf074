// Big bodies on the request path, end to end: a gateway process (dist/, SQLite store) in front of a
// stand-in upstream, one fresh gateway per case, so each case's time and peak RSS (VmHWM) are its own.
//   npm run build && node bench/big-bodies.mjs [case…] [--dist DIR] [--rounds N]
// Cases: refuse-calls (70,000 good tool_calls then 200,000 zeros, 5.3 MB, OpenAI chat), refuse-blocks
// (Anthropic content: 70,000 good blocks then 200,000 {type:text,text:5}), refuse-input (Responses),
// valid-5mb (OpenAI chat, 5 MB of turns), small (a 2-message chat, median of 200), answer-64mib
// (an OpenAI upstream answering a 64 MiB completion), claude-answer-64mib (the same from Claude's API).
// BIG_BODIES_PROF=DIR writes each gateway's CPU profile there. --dist runs another build (say /work/main/dist) against the same cases, for before/after.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const args = process.argv.slice(2);
const flag = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const dist = flag('--dist', new URL('../dist', import.meta.url).pathname);
const rounds = Number(flag('--rounds', '3'));
const named = args.filter((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
const UPSTREAM_PORT = Number(process.env.BIG_BODIES_PORT ?? 5651);
const MiB = 1024 * 1024;

// ---- the stand-in upstream (its own process, so that neither it nor the client shares the gateway's cores' time with this one)
if (args[0] === '--upstream') {
  let answerBytes = Number(args[2]);
  const completion = (content) => JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion', created: 1, model: 'up', choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }], usage: { prompt_tokens: 5, completion_tokens: 5, total_tokens: 10 } });
  const claudeMessage = (text) => JSON.stringify({ id: 'msg_1', type: 'message', role: 'assistant', model: 'claude-up', content: [{ type: 'text', text }], stop_reason: 'end_turn', stop_sequence: null, usage: { input_tokens: 5, output_tokens: 5 } });
  const padded = (wrap) => Buffer.from(answerBytes === 0 ? wrap('Hello.') : wrap('x'.repeat(answerBytes - Buffer.byteLength(wrap('')))));
  const answers = { chat: padded(completion), claude: padded(claudeMessage) };
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const body = req.url.includes('/messages') ? answers.claude : answers.chat;
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
      res.end(body);
    });
  });
  server.listen(Number(args[1]), '127.0.0.1', () => process.stdout.write('ready\n'));
} else {
let upstream;
async function startUpstream(bytes) {
  upstream?.kill('SIGTERM');
  upstream = spawn(process.execPath, [new URL(import.meta.url).pathname, '--upstream', String(UPSTREAM_PORT), String(bytes)], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((resolve) => upstream.stdout.once('data', resolve));
}

const dir = mkdtempSync(join(tmpdir(), 'sy-big-bodies-'));
const config = join(dir, 'gateway.yaml');
writeFileSync(config, `providers:
  up:   { type: openai, base_url: "http://127.0.0.1:${UPSTREAM_PORT}/v1", api_key: sk-up }
  anth: { type: anthropic, base_url: "http://127.0.0.1:${UPSTREAM_PORT}", api_key: sk-ant-up }
models:
  small:  { provider: up, model: up-small }
  claude: { provider: anth, model: claude-up }
keys:
  - { key: sk-sy-bench, name: bench }
store: { sqlite: ${join(dir, 'traces.db')} }
`);

async function startGateway() {
  const cli = join(dist, '..', 'bin', 'switchyard.js');
  const profile = process.env.BIG_BODIES_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.BIG_BODIES_PROF] : [];
  const child = spawn(process.execPath, [...profile, cli, 'serve', '--config', config, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const url = await new Promise((resolve, reject) => {
    const onData = (data) => {
      output += data;
      const found = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (found) resolve(found[1]);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`gateway exited ${code}: ${output}`)));
  });
  const status = () => readFileSync(`/proc/${child.pid}/status`, 'utf8');
  const kB = (field) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status())?.[1] ?? 0);
  return {
    url,
    peakMB: () => Math.round(kB('VmHWM') / 1024),
    stop: () => new Promise((resolve) => { child.once('exit', resolve); child.kill('SIGTERM'); }),
  };
}

/** One request with curl (Node's own clients read 64 MiB 10-25x slower than curl on this host). */
function post(url, path, body) {
  const file = join(dir, 'body.json');
  const out = join(dir, 'answer.json');
  writeFileSync(file, body);
  const written = execFileSync('curl', ['-s', '-o', out, '-w', '%{http_code} %{time_starttransfer} %{time_total} %{size_download}', '-H', 'content-type: application/json', '-H', 'authorization: Bearer sk-sy-bench', '-H', 'x-api-key: sk-sy-bench', '-H', 'anthropic-version: 2023-06-01', '--data-binary', `@${file}`, url + path], { encoding: 'utf8' });
  const [status, first, total, size] = written.split(' ').map(Number);
  const head = readFileSync(out).subarray(0, 160).toString();
  return { status, headersMs: Math.round(first * 1000), ms: total * 1000, bytes: size, head };
}

const call = { id: 'c', type: 'function', function: { name: 'f', arguments: '{}' } };
const cases = {
  'refuse-calls': { path: '/v1/chat/completions', body: () => ({ model: 'small', messages: [{ role: 'user', content: 'hi' }, { role: 'assistant', tool_calls: [...Array(70_000).fill(call), ...Array(200_000).fill(0)] }] }) },
  'refuse-blocks': { path: '/v1/messages', body: () => ({ model: 'claude', max_tokens: 5, messages: [{ role: 'user', content: [...Array(70_000).fill({ type: 'text', text: 'some words' }), ...Array(200_000).fill({ type: 'text', text: 5 })] }] }) },
  'refuse-input': { path: '/v1/responses', body: () => ({ model: 'small', input: [...Array(40_000).fill({ role: 'user', content: [{ type: 'input_text', text: 'some words' }] }), ...Array(100_000).fill({ type: 'function_call_output', call_id: '', output: 'x' })] }) },
  'valid-5mb': { path: '/v1/chat/completions', body: () => ({ model: 'small', max_tokens: 5, messages: Array.from({ length: 60_000 }, (_, i) => ({ role: i % 2 ? 'assistant' : 'user', content: [{ type: 'text', text: `turn ${i} with some words` }] })) }) },
  'answer-64mib': { path: '/v1/chat/completions', answer: 64 * MiB, body: () => ({ model: 'small', messages: [{ role: 'user', content: 'hi' }] }) },
  'claude-answer-64mib': { path: '/v1/chat/completions', answer: 64 * MiB, body: () => ({ model: 'claude', messages: [{ role: 'user', content: 'hi' }] }) },
};

try {
  for (const name of named.length ? named : [...Object.keys(cases), 'small']) {
    if (name === 'small') {
      await startUpstream(0);
      const gateway = await startGateway();
      const body = JSON.stringify({ model: 'small', messages: [{ role: 'system', content: 'be brief' }, { role: 'user', content: 'hello there' }] });
      for (let i = 0; i < 100; i++) post(gateway.url, '/v1/chat/completions', body);
      const times = [];
      for (let i = 0; i < 200; i++) times.push(post(gateway.url, '/v1/chat/completions', body).ms);
      times.sort((a, b) => a - b);
      console.log(JSON.stringify({ case: name, medianMs: +times[100].toFixed(3), p90Ms: +times[180].toFixed(3), peakRssMB: gateway.peakMB() }));
      await gateway.stop();
      continue;
    }
    const spec = cases[name];
    if (!spec) throw new Error(`unknown case ${name}: ${Object.keys(cases).join(', ')}, small`);
    const body = JSON.stringify(spec.body());
    await startUpstream(spec.answer ?? 0);
    for (let round = 0; round < rounds; round++) {
      const gateway = await startGateway();
      const idle = gateway.peakMB();
      const result = post(gateway.url, spec.path, body);
      console.log(JSON.stringify({ case: name, round, requestMB: +(body.length / MiB).toFixed(1), headersMs: result.headersMs, ms: Math.round(result.ms), status: result.status, answerMB: +(result.bytes / MiB).toFixed(1), idlePeakMB: idle, peakRssMB: gateway.peakMB(), head: result.head.slice(0, 120) }));
      await gateway.stop();
    }
  }
} finally {
  upstream?.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
}
