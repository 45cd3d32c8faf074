// A `.json` data file of one array read whole (the text, then one JSON.parse) against read as it
// streams in (src/core/json-array-items.ts), each in a fresh process: wall time and peak RSS.
// Usage: npm run build && node bench/json-array.mjs [rounds]   (writes a 25 MB file under the OS temp folder)
import { execFileSync } from 'node:child_process';
import { createReadStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [mode, file] = process.argv.slice(2);
if (mode === 'whole' || mode === 'stream') {
  const started = performance.now();
  const kept = [];
  if (mode === 'whole') {
    const { decodeDataFile } = await import('../dist/core/data-text.js');
    const { parseJsonLine } = await import('../dist/core/json-line.js');
    for (const value of parseJsonLine(decodeDataFile(readFileSync(file), file).trim()).value) kept.push(value);
  } else {
    const { streamJsonArrayItems } = await import('../dist/core/json-array-items.js');
    for await (const item of streamJsonArrayItems(createReadStream(file))) if ('value' in item) kept.push(item.value);
  }
  console.log(JSON.stringify({ mode, items: kept.length, ms: Math.round(performance.now() - started), peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024) }));
} else {
  const rounds = Number(process.argv[2] ?? 3);
  const dir = mkdtempSync(join(tmpdir(), 'sy-json-array-'));
  const path = join(dir, 'big.json');
  const parts = [];
  let size = 0;
  for (let i = 0; size < 25 * 1024 * 1024; i++) {
    const item = JSON.stringify({ input: `How do I ${'reset my card pin please '.repeat(1 + (i % 7))} number ${i}?`, expected: `Answer ${i}: ${'go to settings and choose security. '.repeat(1 + (i % 5))}`, metadata: { topic: ['cards', 'transfers', 'login'][i % 3], id: i, tags: ['a', 'b'] } }, null, 2);
    parts.push(item);
    size += item.length + 2;
  }
  writeFileSync(path, `[\n${parts.join(',\n')}\n]\n`);
  try {
    for (let round = 0; round < rounds; round++) for (const each of ['whole', 'stream']) process.stdout.write(execFileSync(process.execPath, [new URL(import.meta.url).pathname, each, path], { encoding: 'utf8' }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
