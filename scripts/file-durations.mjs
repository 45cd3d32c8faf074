// Writes test/file-durations.json, the order test/longest-first-sequencer.ts starts files in, from
// the output of a whole `npm test` run (CI's log): lines like ` ✓ |shared| test/cli/local.test.ts (13 tests) 78985ms`
// (the project's name, `|shared|` or `|isolated|`, or ` shared ` on a coloured label once the colours
// are stripped, is left out of the table).
//   node scripts/file-durations.mjs ci.log
import { readFileSync, writeFileSync } from 'node:fs';

const [log] = process.argv.slice(2);
if (!log) {
  console.error('usage: node scripts/file-durations.mjs LOG (the output of a whole npm test run)');
  process.exit(1);
}
const text = readFileSync(log, 'utf8').replace(/\x1b\[[0-9;]*m/g, '');
if (!/^\d+ passed, \d+ failed$/m.test(text)) {
  console.error(`${log}: no "N passed, N failed" line: not the log of a whole run (a partial one would order the files it lacks first)`);
  process.exit(1);
}
const files = {};
for (const [, file, ms] of text.matchAll(/^ [✓×❯↓] (?:\|[\w-]+\| | [\w-]+  )?(\S+\.test\.ts) \(\d+ tests?[^)]*\)(?: \d+ \w+)? (\d+)ms$/gm)) files[file] = Number(ms);
const sorted = Object.fromEntries(Object.entries(files).sort(([a], [b]) => (a < b ? -1 : 1)));
writeFileSync('test/file-durations.json', `${JSON.stringify({ source: 'npm test, the whole suite (milliseconds per file)', files: sorted }, null, 1)}\n`);
console.log(`test/file-durations.json: ${Object.keys(sorted).length} files`);
