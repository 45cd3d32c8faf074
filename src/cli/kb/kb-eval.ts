import { TerminalTable } from '../../core/terminal-table.js';
import { SwitchyardError } from '../../core/errors.js';
import { decodeDataFile, oversizedLine } from '../../core/data-text.js';
import { jsonlLines } from '../../core/json-line.js';
import { whyUnreadable } from '../../core/missing-file.js';
import { readFileWithinSync } from '../../core/read-at-most.js';
import { distinctInOrder, type RankedQuery, retrievalMetrics } from '../../knowledge/metrics/retrieval-metrics.js';
import { search } from '../../knowledge/search/search.js';
import { type EmbedFlags, embedderFromFlags, filterFlag, modeFlag, openBase, openStore, requireEmbedder } from './kb-flags.js';
import { numberFlag } from '../../core/number-flag.js';

export interface EvalFlags extends EmbedFlags {
  queries?: string;
  mode?: string;
  filter?: string;
  kbVersion?: string;
  json?: boolean;
}

const KS = [1, 5, 10, 100];
// Chunks fetched per question so that 100 distinct documents remain after merging a document's chunks.
const CHUNKS_PER_QUESTION = 300;

interface GoldQuestion {
  question: string;
  gold: string[];
}

/**
 * `switchyard kb eval NAME --queries FILE`: recall@1/5/10/100, MRR@10 and nDCG@10 of the
 * documents retrieved for each `{"question", "gold_ids"}` line (chunks merged per document).
 *
 * @example await evalAction('squad', { queries: 'queries.jsonl', json: true })
 */
export async function evalAction(name: string, flags: EvalFlags): Promise<void> {
  if (!flags.queries) throw new SwitchyardError('invalid_request', '--queries FILE is required (JSONL of {"question", "gold_ids": […]})', { param: 'queries' });
  const questions = readQuestions(flags.queries);
  const mode = modeFlag(flags.mode);
  const filter = filterFlag(flags.filter);
  const embedder = embedderFromFlags(flags, `kb-eval:${name}`);
  requireEmbedder(mode, embedder);
  const store = await openStore(flags, { existing: true });
  try {
    const kb = await openBase(store, name, false, embedder);
    const version = numberFlag('--kb-version', flags.kbVersion, { min: 1, max: Math.max(1, kb.record.version), integer: true, fallback: kb.record.version });
    const started = performance.now();
    const ranked: RankedQuery[] = [];
    for (const q of questions) {
      const { chunks } = await search(kb, q.question, { k: CHUNKS_PER_QUESTION, mode, version, ...(filter ? { filter } : {}) });
      ranked.push({ ranked: distinctInOrder(chunks.map((c) => c.docId)).slice(0, 100), gold: q.gold });
    }
    const seconds = (performance.now() - started) / 1000;
    const metrics = retrievalMetrics(ranked, KS);
    // `knowledge_base`, its name before 2026-12-05, is written too until the next release.
    const summary = { knowledgeBase: name, version, mode, queries: metrics.queries, recall: metrics.recall, mrr10: metrics.mrr10, ndcg10: metrics.ndcg10, seconds, knowledge_base: name };
    if (flags.json) {
      console.log(JSON.stringify(summary));
      return;
    }
    const table = new TerminalTable({ head: ['metric', 'value'] });
    for (const k of KS) table.push([`recall@${k}`, (metrics.recall[k] ?? 0).toFixed(3)]);
    table.push(['MRR@10', metrics.mrr10.toFixed(3)], ['nDCG@10', metrics.ndcg10.toFixed(3)]);
    console.log(`${name}@${version} · ${mode} · ${metrics.queries} questions · ${seconds.toFixed(1)} s`);
    console.log(table.toString());
  } finally {
    await store.close();
  }
}

/** The bound on a --queries file, as on a document `guard scan` reads whole: a gold set is a few MB at most. */
export const MAX_QUERIES_BYTES = 64 << 20;

function readQuestions(file: string): GoldQuestion[] {
  const bytes = readFileWithinSync(file, MAX_QUERIES_BYTES, 'a --queries file', (error) => new SwitchyardError('invalid_request', `cannot read --queries ${file}: ${whyUnreadable(file, error)}`, { param: 'queries' }));
  const out: GoldQuestion[] = [];
  jsonlLines(decodeDataFile(bytes, file)).forEach((line, i) => {
    if (!line.trim()) return;
    const tooBig = oversizedLine(line);
    if (tooBig !== undefined) throw new SwitchyardError('invalid_request', `${file}:${i + 1}: ${tooBig}`);
    let row: { question?: unknown; gold_ids?: unknown };
    try {
      row = JSON.parse(line);
    } catch {
      throw new SwitchyardError('invalid_request', `${file}:${i + 1}: not valid JSON`);
    }
    const gold = row.gold_ids;
    if (typeof row.question !== 'string' || !Array.isArray(gold) || gold.length === 0 || !gold.every((g) => typeof g === 'string' || typeof g === 'number')) {
      throw new SwitchyardError('invalid_request', `${file}:${i + 1}: expected {"question": "…", "gold_ids": ["doc id", …]}`);
    }
    out.push({ question: row.question, gold: gold.map(String) });
  });
  if (out.length === 0) throw new SwitchyardError('invalid_request', `${file} has no questions`);
  return out;
}
