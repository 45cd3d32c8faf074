import { toSwitchyardError } from '../../core/errors.js';
import { MAX_QUERY_CHARS, search } from '../../knowledge/search/search.js';
import { boundedLines } from './bounded-lines.js';
import { hintStdinLines } from '../output.js';
import { terminalWidth } from '../../core/terminal-table.js';
import { type SearchAnswer, type SearchReach, formatSearchAnswer } from './kb-search-output.js';
import { type EmbedFlags, embedderFromFlags, filterFlag, intFlag, modeFlag, openBase, openStore, requireEmbedder } from './kb-flags.js';
import { terminalText } from '../../core/terminal-text.js';

export interface SearchFlags extends EmbedFlags {
  k?: string;
  mode?: string;
  filter?: string;
  kbVersion?: string;
  /** JSON lines even on a terminal. */
  json?: boolean;
}

export interface LineIo {
  input: AsyncIterable<string | Buffer>;
  write(line: string): void;
  /** Output to a person (a terminal): a readable list instead of JSON lines, unless `--json`. */
  isTTY?: boolean;
}

const stdio: LineIo = { input: process.stdin, write: (line) => void process.stdout.write(line), isTTY: process.stdout.isTTY === true };

/**
 * `switchyard kb search NAME`: reads `{"query": …}` per line on stdin and writes one line per
 * query, in order: `{"results": [{"doc_id","chunk_id","score","text"}]}`. A line that is not a
 * query still gets its line, with `"results": []` and an `"error"`, so outputs stay aligned.
 * On a terminal (and without `--json`) each answer is a readable list instead: the query, then
 * each result's score, chunk id and the start of its text.
 *
 * @example echo '{"query":"refund window"}' | switchyard kb search handbook --k 3
 */
export async function searchAction(name: string, flags: SearchFlags, io: LineIo = stdio): Promise<void> {
  const k = intFlag('--k', flags.k, 10, 1, 1000);
  const mode = modeFlag(flags.mode);
  const filter = filterFlag(flags.filter);
  const embedder = embedderFromFlags(flags, `kb-search:${name}`);
  requireEmbedder(mode, embedder);
  const store = await openStore(flags, { existing: true });
  try {
    const kb = await openBase(store, name, false, embedder);
    const version = flags.kbVersion === undefined ? undefined : intFlag('--kb-version', flags.kbVersion, 0, 1, kb.record.version);
    if (io === stdio) hintStdinLines('{"query": "how long do refunds take?"}', 'one results line per query');
    const readable = flags.json !== true && io.isTTY === true;
    const width = terminalWidth();
    // How many chunks the search could reach is known for the current version without a filter.
    const current = version === undefined || version === kb.record.version;
    const reach: SearchReach = { k, mode, held: current && !filter ? (mode === 'dense' ? kb.record.embeddedChunks : kb.record.chunks) : undefined, filtered: filter !== undefined };
    const answer = (n: number, query: string | undefined, result: SearchAnswer) => io.write(readable ? terminalText(formatSearchAnswer(n, query, result, width, reach)) : `${JSON.stringify(result)}\n`);
    let n = 0;
    // A JSON line far past the query limit is refused unread: it would only be cut anyway.
    for await (const item of boundedLines(io.input, MAX_QUERY_CHARS * 16)) {
      n++;
      if ('tooLong' in item) {
        answer(n, undefined, { results: [], error: `line ${n}: ${item.tooLong} characters is over the ${MAX_QUERY_CHARS * 16}-character line limit` });
        continue;
      }
      const line = item.line;
      if (!line.trim()) continue;
      const query = parseQuery(line);
      if (typeof query !== 'string') {
        answer(n, undefined, { results: [], error: `line ${n}: ${query.error}` });
        continue;
      }
      try {
        const response = await search(kb, query, { k, mode, ...(filter ? { filter } : {}), ...(version ? { version } : {}) });
        for (const warning of response.warnings) console.error(terminalText(`warning: line ${n}: ${warning}`));
        const results = response.chunks.map((c) => ({ doc_id: c.docId, chunk_id: c.chunkId, score: c.score, text: c.text }));
        answer(n, query, { results });
      } catch (error) {
        const e = toSwitchyardError(error);
        // Errors of the setup (model, filter) would repeat on every line: stop at the first.
        if (e.param === 'filter' || e.param === 'embedModel' || e.code === 'upstream_unreachable') throw e;
        answer(n, query, { results: [], error: `line ${n}: ${e.message}` });
      }
    }
  } finally {
    await store.close();
  }
}

function parseQuery(line: string): string | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { error: 'not valid JSON (expected {"query": "…"})' };
  }
  const query = (value as { query?: unknown } | null)?.query;
  if (typeof query !== 'string') return { error: 'expected {"query": "…"} with a string query' };
  return query;
}
