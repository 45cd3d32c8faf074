import { toSwitchyardError } from '../../core/errors.js';
import { MAX_QUERY_CHARS, search } from '../../knowledge/search/search.js';
import { boundedLines } from './bounded-lines.js';
import { hintStdinLines } from '../output.js';
import { terminalWidth } from '../../core/terminal-table.js';
import { type SearchAnswer, type SearchReach, formatSearchAnswer, searchResultLine } from './kb-search-output.js';
import { type EmbedFlags, embedderFromFlags, filterFlag, modeFlag, openBase, openStore, requireEmbedder } from './kb-flags.js';
import { terminalText } from '../../core/terminal-text.js';
import { refuseStdinBeside } from '../flag-or-stdin.js';
import { SwitchyardError } from '../../core/errors.js';
import { numberFlag } from '../../core/number-flag.js';
import { endJsonlStream, type JsonlStreamCount } from '../jsonl-stream-end.js';

export interface SearchFlags extends EmbedFlags {
  /** One query instead of stdin's lines. */
  query?: string;
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
 * query, in order: `{"results": [{"docId","chunkId","score","text","title","headingPath","start","end","metadata"}]}`
 * (and, until the next release, the snake_case `doc_id`, `chunk_id`, `heading_path` of before). A line that is not a
 * query still gets its line, with `"results": []` and an `"error"`, so outputs stay aligned.
 * On a terminal (and without `--json`) each answer is a readable list instead: the query, then
 * each result's score, chunk id and the start of its text. `--query` searches that one query the
 * same way (for a try at the prompt); its errors are the command's, naming `--query`.
 *
 * @example echo '{"query":"refund window"}' | switchyard kb search handbook --k 3
 * @example switchyard kb search handbook --query "refund window"
 */
export async function searchAction(name: string, flags: SearchFlags, io: LineIo = stdio): Promise<void> {
  const k = numberFlag('--k', flags.k, { min: 1, max: 1000, integer: true, fallback: 10 });
  const mode = modeFlag(flags.mode);
  const filter = filterFlag(flags.filter);
  const embedder = embedderFromFlags(flags, `kb-search:${name}`);
  requireEmbedder(mode, embedder);
  const one = flags.query;
  if (one?.trim() === '') throw new SwitchyardError('invalid_request', '--query is empty: give the words to search for', { param: 'query' });
  if (one !== undefined && io === stdio) await refuseStdinBeside('--query', 'JSON lines {"query": …}');
  const store = await openStore(flags, { existing: true });
  try {
    const kb = await openBase(store, name, false, embedder);
    if (mode !== 'bm25' && kb.record.embeddingModel === null) throw noVectors(name, mode, flags);
    const version = flags.kbVersion === undefined ? undefined : numberFlag('--kb-version', flags.kbVersion, { min: 1, max: kb.record.version, integer: true });
    if (io === stdio && one === undefined) hintStdinLines('{"query": "how long do refunds take?"}', 'one results line per query; --query TEXT for one');
    const readable = flags.json !== true && io.isTTY === true;
    const width = terminalWidth();
    // How many chunks the search could reach is known for the current version without a filter.
    const current = version === undefined || version === kb.record.version;
    const reach: SearchReach = { k, mode, held: current && !filter ? (mode === 'dense' ? kb.record.embeddedChunks : kb.record.chunks) : undefined, filtered: filter !== undefined };
    const count: JsonlStreamCount = { lines: 0, rejected: [] };
    const answer = (n: number, query: string | undefined, result: SearchAnswer) => {
      // --query's failure is the command's (exit 1); stdin's is its line's, so the lines stay aligned.
      if (one !== undefined && result.error !== undefined) throw new SwitchyardError('invalid_request', result.error, { param: 'query' });
      count.lines += 1;
      if (result.error !== undefined) count.rejected.push(n);
      io.write(readable ? terminalText(formatSearchAnswer(n, query, result, width, reach)) : `${JSON.stringify(result)}\n`);
    };
    const where = (n: number) => (one === undefined ? `line ${n}` : '--query');
    let n = 0;
    // --query goes through the stdin path as its one line, so both answer alike.
    const input = one === undefined ? io.input : oneLine(JSON.stringify({ query: one }));
    // A JSON line far past the query limit is refused unread: it would only be cut anyway.
    for await (const item of boundedLines(input, MAX_QUERY_CHARS * 16)) {
      n++;
      if ('tooLong' in item) {
        answer(n, undefined, { results: [], error: `${where(n)}: ${item.tooLong} characters is over the ${MAX_QUERY_CHARS * 16}-character line limit` });
        continue;
      }
      const line = item.line;
      if (!line.trim()) continue;
      const query = parseQuery(line);
      if (typeof query !== 'string') {
        answer(n, undefined, { results: [], error: `${where(n)}: ${query.error}` });
        continue;
      }
      try {
        const response = await search(kb, query, { k, mode, ...(filter ? { filter } : {}), ...(version ? { version } : {}) });
        for (const warning of response.warnings) console.error(terminalText(`warning: ${where(n)}: ${warning}`));
        // What a citation needs: a script building its own prompt can cite title and heading, and
        // `text.slice(start, end)` of the document.
        answer(n, query, { results: response.chunks.map(searchResultLine) });
      } catch (error) {
        const e = toSwitchyardError(error);
        // Errors of the setup (model, filter) would repeat on every line: stop at the first.
        if (e.param === 'filter' || e.param === 'embedModel' || e.code === 'upstream_unreachable') throw e;
        answer(n, query, { results: [], error: `${where(n)}: ${e.message}` });
      }
    }
    // As guard scan and local predict: no query at all, or a rejected one, is said and in the exit code.
    if (io === stdio && one === undefined) endJsonlStream(count, undefined, '{"query": …}');
  } finally {
    await store.close();
  }
}

/**
 * A base indexed without an embedder, searched by meaning: the `kb add` that gives it vectors,
 * with the gateway and model this search was given (the search module's own words named neither
 * --gateway nor the files, so its hint met `--embed-model needs --gateway URL` next).
 */
function noVectors(name: string, mode: string, flags: EmbedFlags): SwitchyardError {
  const key = flags.apiKey === undefined ? '' : ' --api-key KEY';
  const add = `switchyard kb add ${name} PATH… --gateway ${flags.gateway ?? 'URL'}${key} --embed-model ${flags.embedModel ?? 'MODEL'}`;
  return new SwitchyardError(
    'invalid_request',
    `knowledge base "${name}" has no vectors yet, which --mode ${mode} searches: embed it first with ${add}, PATH the files or folders it was indexed from (kb show ${name} lists its documents; unchanged ones are embedded, not indexed again), or search with --mode bm25`,
    { param: 'embedModel' },
  );
}

async function* oneLine(line: string): AsyncIterable<string> {
  yield `${line}\n`;
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
