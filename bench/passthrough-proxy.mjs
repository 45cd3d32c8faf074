// The floor for any gateway: a bare reverse proxy on node:http + an undici Pool that streams
// bytes both ways and does nothing else. Usage: node bench/passthrough-proxy.mjs UPSTREAM_URL PORT
import { createServer } from 'node:http';
import { pipeline } from 'node:stream';
import { Pool } from 'undici';

const [upstream, port = '0'] = process.argv.slice(2);
if (!upstream) throw new Error('usage: passthrough-proxy.mjs UPSTREAM_URL [PORT]');
const pool = new Pool(upstream, { connections: 256, pipelining: 1 });
// Hop-by-hop headers (RFC 9110 §7.6.1) belong to one connection and are not forwarded.
const HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'host']);

function endToEnd(headers) {
  const out = {};
  for (const name in headers) if (!HOP.has(name)) out[name] = headers[name];
  return out;
}

const server = createServer((req, res) => {
  const abort = new AbortController();
  res.on('close', () => { if (!res.writableFinished) abort.abort(); });
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  pool.request({ path: req.url, method: req.method, headers: endToEnd(req.headers), body: hasBody ? req : undefined, signal: abort.signal })
    .then(({ statusCode, headers, body }) => {
      res.writeHead(statusCode, endToEnd(headers));
      pipeline(body, res, () => {});
    })
    .catch((error) => {
      if (res.headersSent) return void res.destroy();
      res.writeHead(502, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: `upstream: ${error.message}` } }));
    });
});
server.keepAliveTimeout = 65_000;
server.listen(Number(port), '127.0.0.1', () => console.log(`passthrough on ${server.address().port} -> ${upstream}`));
const stop = () => server.close(() => pool.close().then(() => process.exit(0)));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
