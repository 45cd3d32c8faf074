import { quoteClipped } from '../../core/clip.js';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { terminalBar } from '../../core/terminal-bar.js';
import { SwitchyardError } from '../../core/errors.js';
import { gatewayEmbedder } from '../../knowledge/embed/gateway-embedder.js';
import { type KnowledgeBase, openKnowledgeBase } from '../../knowledge/knowledge-base.js';
import type { KnowledgeStore, WriterLease } from '../../knowledge/store/knowledge-store.js';
import { describeWriter } from '../../knowledge/write-lock.js';
import { holdsTraces } from '../../store/sqlite/read-only-file.js';
import { numberFlag } from '../../core/number-flag.js';
import { terminalText } from '../../core/terminal-text.js';
import { DEFAULT_KNOWLEDGE_PATH, knowledgeFileFor } from '../../config/default-store.js';
import { openKnowledgeStore } from '../../store/open-knowledge-store.js';
import { openSqliteKnowledgeStore } from '../../store/sqlite/knowledge/sqlite-knowledge-store.js';
import type { Embedder, MetadataFilter, SearchMode } from '../../knowledge/types.js';
import { filterClauses } from '../../knowledge/store/metadata-filter.js';
import { CLI } from '../../core/cli-command.js';

/** Where knowledge bases live unless --db says otherwise: `knowledge.db` beside the gateway's store. */
export const DEFAULT_KB_DB = DEFAULT_KNOWLEDGE_PATH;

export interface StoreFlags {
  db?: string;
}

export interface EmbedFlags extends StoreFlags {
  gateway?: string;
  apiKey?: string;
  embedModel?: string;
}

/**
 * --db (a SQLite file or a postgres:// URL), then `knowledge.db` beside $SWITCHYARD_DB, then the
 * default file: where a gateway with that store looks for its knowledge bases. With `existing`
 * (the commands that only read), a SQLite file that is not there is an error saying where it
 * looked: run outside the project folder, `kb list` created an empty file and said "no
 * knowledge bases yet".
 */
export async function openStore(flags: StoreFlags, options: { existing?: boolean } = {}): Promise<KnowledgeStore> {
  const db = flags.db ?? (process.env.SWITCHYARD_DB ? (/^postgres(ql)?:\/\//.test(process.env.SWITCHYARD_DB) ? process.env.SWITCHYARD_DB : knowledgeFileFor(process.env.SWITCHYARD_DB)) : DEFAULT_KB_DB);
  if (/^postgres(ql)?:\/\//.test(db)) return openKnowledgeStore({ postgres: db });
  if (flags.db !== undefined && holdsTraces(db)) {
    // The --db every other command takes (traces, datasets, local train) names the gateway's store;
    // given here, `kb add` wrote its bases into that file, where neither the gateway nor a `kb`
    // without --db looks for them.
    const beside = knowledgeFileFor(db);
    throw new SwitchyardError('invalid_request', `--db ${db} is the gateway's store (it holds traces), not a knowledge store: knowledge bases live beside it, in ${beside}, where the gateway reads them; pass --db ${beside}`, { param: 'db' });
  }
  if (options.existing && !existsSync(db)) {
    const how = flags.db ? '--db' : process.env.SWITCHYARD_DB ? 'beside $SWITCHYARD_DB' : 'the default: no --db or $SWITCHYARD_DB';
    throw new SwitchyardError('not_found', `no knowledge store at ${resolve(db)} (from ${how}); run this in the project folder, create a base with ${CLI} kb add NAME PATH…, or pass --db FILE`);
  }
  return openSqliteKnowledgeStore(db);
}

const EMBED_FLAGS = '--gateway URL --api-key KEY --embed-model MODEL';

/**
 * The embedder the flags describe, or undefined when none was asked for; a partial set of
 * flags is an error naming the missing ones.
 *
 * @example embedderFromFlags({ gateway: 'http://127.0.0.1:4000', embedModel: 'embed' }, 'kb-add')
 */
export function embedderFromFlags(flags: EmbedFlags, purpose: string): Embedder | undefined {
  if (!flags.gateway && !flags.embedModel) return undefined;
  if (!flags.gateway) throw new SwitchyardError('invalid_request', `--embed-model needs --gateway URL (an OpenAI-compatible API, e.g. the Switchyard gateway): ${EMBED_FLAGS}`, { param: 'gateway' });
  if (!flags.embedModel) throw new SwitchyardError('invalid_request', `--gateway needs --embed-model MODEL (the embedding model to call): ${EMBED_FLAGS}`, { param: 'embedModel' });
  const apiKey = flags.apiKey ?? process.env.SWITCHYARD_API_KEY;
  return gatewayEmbedder({ url: flags.gateway, model: flags.embedModel, ...(apiKey ? { apiKey } : {}), tags: { feature: 'knowledge', purpose } });
}

/** Dense and hybrid search cannot run without an embedding model: say which flags give one. */
export function requireEmbedder(mode: SearchMode, embedder: Embedder | undefined): void {
  if (mode !== 'bm25' && !embedder) throw new SwitchyardError('invalid_request', `--mode ${mode} needs an embedding model: pass ${EMBED_FLAGS}`, { param: 'embedModel' });
}

export function modeFlag(value: string | undefined): SearchMode {
  const mode = value ?? 'bm25';
  if (mode !== 'bm25' && mode !== 'dense' && mode !== 'hybrid') throw new SwitchyardError('invalid_request', `--mode must be bm25, dense or hybrid, got ${quoteClipped(mode)}`, { param: 'mode' });
  return mode;
}

/**
 * `--filter` as JSON, checked before any search: `null` was taken as no filter, and a wrong value
 * was refused by the first search as `--query: filter.a …` (on stdin, once per line).
 *
 * @example filterFlag('{"team":"support"}') // { team: 'support' }
 */
export function filterFlag(value: string | undefined): MetadataFilter | undefined {
  if (value === undefined) return undefined;
  let filter: MetadataFilter;
  try {
    filter = JSON.parse(value) as MetadataFilter;
  } catch {
    throw new SwitchyardError('invalid_request', `--filter must be a JSON object such as '{"team":"support"}', got ${quoteClipped(value)}`, { param: 'filter' });
  }
  try {
    filterClauses(filter);
  } catch (error) {
    throw new SwitchyardError('invalid_request', `--${(error as Error).message}`, { param: 'filter' });
  }
  return filter;
}

/**
 * How a CLI writer waits for another writer of the base (`--wait SECONDS`, default 600): it says
 * once on stderr who holds the base and for how long it will wait; Ctrl-C stops the wait.
 *
 * @example const lock = waitFlags('handbook', '30') // { waitMs: 30000, onWait }
 */
export function waitFlags(name: string, wait: string | undefined): { waitMs: number; onWait: (holder: WriterLease, waitMs: number) => void } {
  const seconds = numberFlag('--wait', wait, { min: 0, max: 86_400, fallback: 600 });
  return {
    waitMs: seconds * 1000,
    onWait: (holder, waitMs) => console.error(terminalText(`waiting: knowledge base "${name}" is being written by ${describeWriter(holder, Date.now())}; one writer at a time, so this waits for it to finish (up to ${waitMs >= 120_000 ? `${Math.round(waitMs / 60_000)} min` : `${Math.round(waitMs / 1000)} s`}, --wait SECONDS; Ctrl-C to give up)…`)),
  };
}

/** Opens a base by name; `create` for `kb add`. */
export async function openBase(store: KnowledgeStore, name: string, create = false, embedder?: Embedder, chunking?: { maxChars?: number; overlapChars?: number }): Promise<KnowledgeBase> {
  return openKnowledgeBase({ store, name, create, ...(embedder ? { embedder } : {}), ...(chunking ? { chunking } : {}) });
}

/**
 * A progress bar on stderr when it is a terminal; silent otherwise (scripts read stdout).
 *
 * @example const bar = progressBar('handbook', 'documents'); bar.update(3, 10); bar.stop();
 */
export function progressBar(label: string, unit: string): { update(done: number, total: number | undefined): void; stop(): void } {
  const bar = terminalBar(`${label} [{bar}] {value}/{total} ${unit} · {eta_formatted} left`);
  // A walk that has not counted its documents yet has no total to draw against.
  return {
    update(done, total) {
      if (total !== undefined) bar.update(done, total);
    },
    stop: () => bar.stop(),
  };
}
