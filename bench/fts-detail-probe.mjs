// What FTS5's `detail` option costs the trace search indexer: bench:trace-write's bodies (its chat
// request, the simulator's answer) indexed into contentless unicode61 tables with detail=full (the
// gateway's), column and none, in chunks of 1,024 traces as the indexer takes them, the tables
// alternated chunk by chunk in one process; CPU per trace and index bytes per trace. Run pinned:
// `taskset -c 1 node bench/fts-detail-probe.mjs`. Measured 2026-12-05 (docs/measurements.md,
// "The gateway's CPU per request, feature by feature", helper gwcpu): detail=none saves ~30% of
// the index's CPU, but multi-word searches then lose the phrase filter, so it was not kept.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { generateText } from '../dist/simulate/content.js';

let seed = 7;
const rng = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
const USER = 'Summarise why a gateway should stream bytes through instead of buffering them.';
const REQUEST = JSON.stringify({ model: 'bench-small', messages: [{ role: 'system', content: 'You are a concise assistant.' }, { role: 'user', content: USER }], max_tokens: 32, temperature: 0.2 });
const usage = { prompt_tokens: 36, completion_tokens: 32, total_tokens: 68, prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 }, completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 } };
/** A trace's search text as the indexer builds it: request, answer, error and metadata joined by newlines. */
function searchText(i) {
  const content = generateText(rng, USER).slice(0, 150);
  const answer = { id: `chatcmpl-${(i * 7919).toString(36)}x${Math.floor(rng() * 1e12).toString(36)}`, object: 'chat.completion', created: 1_764_900_000 + i, model: 'bench-small', choices: [{ index: 0, message: { role: 'assistant', content, refusal: null, annotations: [] }, logprobs: null, finish_reason: 'length' }], usage, service_tier: 'default', system_fingerprint: 'fp_36581d23e1' };
  return `${REQUEST}\n${JSON.stringify(answer)}\n\n`;
}

const CHUNK = 1_024;
const N = CHUNK * 24;
const texts = Array.from({ length: N }, (_, i) => searchText(i));
const dir = mkdtempSync(join(tmpdir(), 'fts-detail-'));
const DETAILS = ['full', 'column', 'none'];
const tables = Object.fromEntries(
  DETAILS.map((detail) => {
    const db = new Database(join(dir, `${detail}.db`));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.exec(`CREATE TABLE src (rowid INTEGER PRIMARY KEY, body TEXT);
      CREATE VIRTUAL TABLE f USING fts5(body, content='', contentless_delete=1, tokenize='unicode61', detail=${detail});
      INSERT INTO f (f, rank) VALUES ('automerge', 8);`);
    const insert = db.prepare('INSERT INTO src (rowid, body) VALUES (?, ?)');
    db.transaction(() => texts.forEach((text, i) => insert.run(i + 1, text)))();
    const index = db.prepare('INSERT INTO f (rowid, body) SELECT rowid, body FROM src WHERE rowid > ? AND rowid <= ? ORDER BY rowid');
    return [detail, { db, index, us: 0 }];
  }),
);
for (let c = 0; c < N / CHUNK; c++) {
  for (const detail of c % 2 ? [...DETAILS].reverse() : DETAILS) {
    const table = tables[detail];
    const before = process.cpuUsage();
    table.db.transaction(() => table.index.run(c * CHUNK, (c + 1) * CHUNK))();
    const used = process.cpuUsage(before);
    table.us += used.user + used.system;
  }
}
for (const [detail, table] of Object.entries(tables)) {
  const { bytes } = table.db.prepare('SELECT sum(length(block)) AS bytes FROM f_data').get();
  console.log(`detail=${detail}: ${(table.us / N).toFixed(2)} µs of CPU per trace indexed, ${(bytes / N).toFixed(0)} index bytes per trace`);
  table.db.close();
}
rmSync(dir, { recursive: true, force: true });
