// The floor for an accounting gateway: the least any gateway that counts tokens must do. It
// parses the request body as JSON (to know the model), forwards it, and reads usage from the
// answer: non-streamed, by parsing the whole JSON body; streamed, by scanning the SSE events and
// parsing the ones that carry usage. Nothing else (no auth, no cost, no traces).
// Usage: node bench/json-floor-proxy.mjs UPSTREAM_URL PORT
// FLOOR_SPIN_US=N (env, for experiments only): N µs more CPU on every request before answering,
// a floor made dearer by a known amount, to see what CPU alone does to req/s and p99 on the pinned
// core (docs/measurements.md, "The gateway's p99 at 64 connections follows its CPU per request").
import { createServer } from 'node:http';
import { Pool } from 'undici';

const [upstream, port = '0'] = process.argv.slice(2);
if (!upstream) throw new Error('usage: json-floor-proxy.mjs UPSTREAM_URL [PORT]');
const pool = new Pool(upstream, { connections: 256, pipelining: 1 });
const HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'host', 'content-length']);
let tokens = 0;
// Work, not wall time: a loop calibrated once against this process's CPU time, so a spin the
// scheduler interrupts (another process on the core) still costs the floor the same CPU.
const SPIN_US = Number(process.env.FLOOR_SPIN_US ?? 0);
let sink = 0;
function work(iterations) {
  let x = sink | 1;
  for (let i = 0; i < iterations; i++) x = (Math.imul(x, 1103515245) + 12345) | 0;
  sink = x;
}
const ITERATIONS_PER_US = SPIN_US > 0 ? (() => {
  work(1e6); // compiled before it is timed
  const n = 5e7;
  const before = process.cpuUsage();
  work(n);
  const used = process.cpuUsage(before);
  return n / (used.user + used.system);
})() : 0;
const SPIN_ITERATIONS = Math.round(SPIN_US * ITERATIONS_PER_US);

function spin() {
  if (SPIN_ITERATIONS > 0) work(SPIN_ITERATIONS);
}

function endToEnd(headers) {
  const out = {};
  for (const name in headers) if (!HOP.has(name)) out[name] = headers[name];
  return out;
}

async function readAll(stream) {
  const chunks = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** Reads usage from the SSE events that carry it, forwarding every byte as it arrives. */
async function relayStream(body, res) {
  let pending = '';
  for await (const chunk of body) {
    res.write(chunk);
    pending += chunk.toString('utf8');
    let end;
    while ((end = pending.indexOf('\n\n')) >= 0) {
      const event = pending.slice(0, end);
      pending = pending.slice(end + 2);
      if (event.includes('"usage"') && event.startsWith('data: ')) {
        const usage = JSON.parse(event.slice(6)).usage;
        if (usage) tokens += usage.total_tokens ?? 0;
      }
    }
  }
  res.end();
}

const server = createServer(async (req, res) => {
  try {
    const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
    const raw = hasBody ? await readAll(req) : undefined;
    const parsed = raw && raw.length ? JSON.parse(raw.toString('utf8')) : {};
    // A streamed answer carries usage only when asked for (OpenAI's stream_options.include_usage).
    const forward = parsed.stream && !parsed.stream_options?.include_usage ? JSON.stringify({ ...parsed, stream_options: { include_usage: true } }) : raw;
    const { statusCode, headers, body } = await pool.request({ path: req.url, method: req.method, headers: endToEnd(req.headers), body: forward });
    res.writeHead(statusCode, endToEnd(headers));
    if (parsed.stream) return await relayStream(body, res);
    const answer = await readAll(body);
    const usage = JSON.parse(answer.toString('utf8')).usage;
    if (usage) tokens += usage.total_tokens ?? 0;
    spin();
    res.end(answer);
  } catch (error) {
    if (res.headersSent) return void res.destroy();
    res.writeHead(502, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { message: `floor proxy: ${error.message}` } }));
  }
});
server.keepAliveTimeout = 65_000;
server.listen(Number(port), '127.0.0.1', () => console.log(`json floor on ${server.address().port} -> ${upstream}`));
const stop = () => server.close(() => pool.close().then(() => process.exit(0)));
process.on('SIGTERM', () => {
  console.log(`tokens read: ${tokens}`);
  stop();
});
process.on('SIGINT', stop);
