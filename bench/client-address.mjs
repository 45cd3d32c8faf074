// What finding the client behind a load balancer costs per request (TrustedProxies.clientOf), on
// the headers a balancer sends and on hostile ones: one entry, a chain of three proxies, 2,000
// entries (10 kB+), one 10 kB garbage entry, and with no server.trusted_proxies (the default).
// It runs on admin authentications (sign-in, Bearer on /api, /metrics) and the not-found hint,
// never on /v1 model calls. Usage: npm run build && node bench/client-address.mjs [-- --calls 200000]
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TrustedProxies } from '../dist/http/client-address.js';

const here = dirname(fileURLToPath(import.meta.url));
const i = process.argv.indexOf('--calls');
const CALLS = i >= 0 ? Number(process.argv[i + 1]) : 200_000;
const LB = '10.0.0.2';
const trusted = new TrustedProxies(['10.0.0.0/8', 'fd00::/8']);
const many = Array.from({ length: 2_000 }, (_, n) => `10.0.${n >> 8}.${n & 255}`).join(', ');
const cases = {
  'unset (the peer)': [TrustedProxies.none, { 'x-forwarded-for': '203.0.113.7' }],
  'one entry': [trusted, { 'x-forwarded-for': '203.0.113.7', 'x-forwarded-proto': 'https' }],
  'IPv6 client, three proxies': [trusted, { 'x-forwarded-for': '[2001:db8::7]:4711, 10.0.0.9, fd00::3, 10.0.0.8' }],
  [`2,000 trusted entries (${many.length} B)`]: [trusted, { 'x-forwarded-for': many }],
  '10 kB garbage entry': [trusted, { 'x-forwarded-for': `203.0.113.7, ${'x'.repeat(10_000)}` }],
};

const out = { at: new Date().toISOString(), load: loadavg().map((l) => +l.toFixed(2)), calls: CALLS, microseconds_per_call: {} };
for (const [name, [proxies, headers]] of Object.entries(cases)) {
  const req = { headers, socket: { remoteAddress: LB } };
  let sink = 0;
  for (let n = 0; n < 10_000; n++) sink += proxies.clientOf(req).address.length;
  const runs = [];
  for (let round = 0; round < 5; round++) {
    const start = process.hrtime.bigint();
    for (let n = 0; n < CALLS; n++) sink += proxies.clientOf(req).address.length;
    runs.push(Number(process.hrtime.bigint() - start) / 1_000 / CALLS);
  }
  runs.sort((a, b) => a - b);
  out.microseconds_per_call[name] = { median: +runs[2].toFixed(3), min: +runs[0].toFixed(3), max: +runs[4].toFixed(3), answer: proxies.clientOf(req).address, sink: sink > 0 };
  console.log(`${name.padEnd(36)} ${runs[2].toFixed(3)} µs (min ${runs[0].toFixed(3)}, max ${runs[4].toFixed(3)}) → ${proxies.clientOf(req).address}`);
}
console.log(`load ${out.load.join(' ')}`);
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(join(here, 'results', 'client-address.json'), `${JSON.stringify(out, null, 2)}\n`);
