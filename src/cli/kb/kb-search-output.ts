import { clip, clipAtWord } from '../../core/clip.js';
import { countOf } from '../../core/plural.js';
import { wrapAtWords } from '../../core/terminal-table.js';
import type { Metadata, RetrievedChunk } from '../../knowledge/types.js';

/**
 * One result of `kb search`, as its JSON line carries it: named in camelCase, as every other
 * `--json` of the CLI and the admin API are (`kb list --json`'s `docId`, a trace's `costUsd`).
 */
export interface SearchResultLine {
  docId: string;
  chunkId: string;
  score: number;
  text: string;
  title?: string;
  headingPath?: string[];
  /** Offsets into the document's text, as a gateway citation's. */
  start?: number;
  end?: number;
  metadata?: Metadata;
  /** @deprecated `docId`: the snake_case names are written beside the new ones until the next release, then dropped. */
  doc_id?: string;
  /** @deprecated `chunkId` (see `doc_id`). */
  chunk_id?: string;
  /** @deprecated `headingPath` (see `doc_id`). */
  heading_path?: string[];
}

/**
 * A retrieved chunk as `kb search` writes it, with the snake_case names it used to have (before
 * 2026-12-05) after the new ones: scripts reading `doc_id` keep working for one release.
 *
 * @example searchResultLine(chunk) // { docId, chunkId, score, text, title, headingPath, start, end, metadata, doc_id, chunk_id, heading_path }
 */
export function searchResultLine(c: RetrievedChunk): SearchResultLine {
  return { docId: c.docId, chunkId: c.chunkId, score: c.score, text: c.text, title: c.title, headingPath: c.headingPath, start: c.start, end: c.end, metadata: c.metadata, doc_id: c.docId, chunk_id: c.chunkId, heading_path: c.headingPath };
}

/** The answer to one query line: its results, or the error that line got. */
export type SearchAnswer = { results: SearchResultLine[]; error?: string };

/** What a search could find, to say why it found fewer than `k`. */
export interface SearchReach {
  k: number;
  mode: 'bm25' | 'dense' | 'hybrid';
  /** Chunks the search could reach (those with a vector for dense), when known: the current version, no filter. */
  held?: number | undefined;
  filtered: boolean;
}

/**
 * Why an answer of `count` results falls short of the `k` asked for; undefined when it does not.
 * A person who asked for 5 and sees 3 should not wonder whether the rest were lost.
 *
 * @example shortfall(3, { k: 5, mode: 'bm25', held: 3, filtered: false }) // 'fewer than the 5 asked for: the knowledge base holds 3 chunks'
 * @example shortfall(2, { k: 5, mode: 'bm25', held: 40, filtered: false }) // 'fewer than the 5 asked for: only 2 chunks share a word with the query'
 */
export function shortfall(count: number, reach: SearchReach): string | undefined {
  if (count >= reach.k) return undefined;
  const asked = `fewer than the ${reach.k} asked for`;
  if (reach.held !== undefined && reach.held < reach.k) {
    return `${asked}: the knowledge base holds ${reach.mode === 'dense' ? countOf(reach.held, 'chunk with a vector', 'chunks with a vector') : countOf(reach.held, 'chunk')}`;
  }
  const which = reach.mode === 'bm25' ? `${count === 1 ? 'shares' : 'share'} a word with the query` : 'matched';
  const only = count === 0 ? `no chunk ${reach.mode === 'bm25' ? 'shares a word with the query' : 'matched'}` : `only ${countOf(count, 'chunk')} ${which}`;
  return `${asked}: ${only}${reach.filtered ? ' and the filter' : ''}`;
}

/** Lines of a chunk's text shown under its id: enough to recognise the passage, not the whole chunk. */
const SNIPPET_LINES = 3;

/**
 * The answer to one query for a person at a terminal: the query, then each result's score and
 * chunk id with the start of its text, indented and wrapped to `width` (the JSON lines carry the
 * whole chunk; `--json` prints them on a terminal too).
 *
 * @example
 * formatSearchAnswer(1, 'refunds', { results: [{ docId: 'faq.md', chunkId: 'faq.md#0', score: 2.1, text: 'Refunds take 5 days.' }] }, 80)
 * // '1. refunds · 1 result\n   2.100  faq.md#0\n          Refunds take 5 days.\n'
 *
 * With `reach`, an answer short of k says so under the query, and why (`shortfall`).
 */
export function formatSearchAnswer(n: number, query: string | undefined, answer: SearchAnswer, width: number, reach?: SearchReach): string {
  // An error already names its line ("line 2: not valid JSON …").
  if (answer.error !== undefined) return query === undefined ? `${answer.error}\n` : `${n}. ${clipAtWord(oneLine(query), Math.max(20, width - 4))}\n   ${answer.error}\n`;
  const head = `${n}. ${clipAtWord(oneLine(query ?? ''), Math.max(20, width - 20))}`;
  const count = answer.results.length;
  const short = reach === undefined ? undefined : shortfall(count, reach);
  const why = short === undefined ? [] : wrapAtWords(short, Math.max(20, width - 3)).split('\n').map((line) => `   ${line}`);
  if (count === 0) return `${[`${head} · no results`, ...why].join('\n')}\n`;
  const lines = [`${head} · ${countOf(count, 'result')}`, ...why];
  const indent = ' '.repeat(10);
  for (const r of answer.results) {
    lines.push(`   ${r.score.toFixed(3).padStart(6)}  ${r.chunkId}`);
    const room = Math.max(20, width - indent.length);
    // A word longer than the line (a URL, a hash) is cut rather than left to overflow it; a line
    // that only fills the width is whole (cut to room - 1, its last letter gave way to a "…").
    const wrapped = wrapAtWords(oneLine(r.text), room).split('\n').map((line) => ([...line].length > room ? clip(line, room - 1) : line));
    const shown = wrapped.slice(0, SNIPPET_LINES);
    if (wrapped.length > SNIPPET_LINES) shown[SNIPPET_LINES - 1] = `${clipAtWord(shown[SNIPPET_LINES - 1] ?? '', room - 2, '')}…`;
    for (const line of shown) lines.push(`${indent}${line}`);
  }
  return `${lines.join('\n')}\n`;
}

const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim();
