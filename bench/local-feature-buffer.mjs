// Peak memory of featurizing 120,000 texts of ~250 characters as `local train` does, for the build in
// the folder given (default dist): node bench/local-feature-buffer.mjs [dist]. Wrap in flock /tmp/bench.lock.
import { resolve } from 'node:path';
const dist = process.argv[2] ? resolve(process.argv[2]) : new URL('../dist', import.meta.url).pathname;
const { fitAndFeaturize } = await import(`${dist}/local/features/featurizer.js`);
const { DEFAULT_FEATURIZER_CONFIG } = await import(`${dist}/local/features/featurizer-config.js`);
let seed = 7;
const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
const words = Array.from({ length: 20000 }, (_, i) => `w${(i * 2654435761 % 100000).toString(36)}`);
const texts = Array.from({ length: 120000 }, () => { let s = ''; while (s.length < 250) s += words[Math.floor(rnd() ** 2 * words.length)] + ' '; return s; });
const before = process.memoryUsage().rss;
const t = performance.now();
const { data } = fitAndFeaturize(texts, DEFAULT_FEATURIZER_CONFIG);
const ms = performance.now() - t;
console.log(JSON.stringify({ rows: data.rows, nnz: data.indices.length, indicesCapacityMB: +(data.indices.buffer.byteLength / 1e6).toFixed(1), valuesCapacityMB: +(data.values.buffer.byteLength / 1e6).toFixed(1), usedMB: +((data.indices.length * 8) / 1e6).toFixed(1), rssBeforeMB: Math.round(before / 1e6), maxRssMB: Math.round(process.resourceUsage().maxRSS / 1e3), ms: Math.round(ms) }));
