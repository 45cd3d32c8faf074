import { clip, quoteClipped, textOf } from '../../core/clip.js';
import { SwitchyardError } from '../../core/errors.js';
import { openKnowledgeBase as openBase } from '../../knowledge/knowledge-base.js';
import { search } from '../../knowledge/search/search.js';
import type { KnowledgeBaseRecord, KnowledgeBaseVersion, KnowledgeStore, StoredDocument } from '../../knowledge/store/knowledge-store.js';
import type { Metadata, MetadataValue, RetrievedChunk } from '../../knowledge/types.js';
import { param } from '../query-params.js';
import { onlyFields, readJson, sendJson } from './http-kit.js';
import { removeDocuments, type RemoveReport } from '../../knowledge/remove-documents.js';
import { kbAddDbFlag, knowledgeStoreName, namingTheStore } from '../../knowledge/missing-base.js';
import type { Router } from './router.js';
import type { PurgedCopies } from '../../store/purge-copies.js';

export interface KnowledgeApiDeps {
  /** The gateway's knowledge store (the one its routes ground in), opened on first use. */
  store: () => Promise<KnowledgeStore>;
  /**
   * Whether the store is there to read (a SQLite `knowledge.db` exists): looking at the page must
   * not create an empty one beside a gateway that grounds in nothing. Always, when left out.
   */
  present?: () => boolean;
  /** After a base changed here (documents removed): the gateway searches its new version from the next request. */
  changed?: (name: string) => Promise<void>;
  /**
   * After documents were purged here: what the gateway holds derived from them outside the
   * knowledge store is blanked or deleted too, and counted per place (purge-copies.ts).
   */
  purged?: (name: string, docIds: readonly string[] | null) => Promise<PurgedCopies>;
  /**
   * Where the store is, for errors: the SQLite file (`kb add --db` takes that file, not the
   * gateway's own store, which `local train --db` takes), or undefined for PostgreSQL.
   */
  file?: string;
}

/** How long an admin API removal waits for another writer of the base before answering 409. */
const REMOVE_WAIT_MS = 10_000;

/** Documents listed on a base's page: its first ones by id; `kb show --limit N` lists more. */
const DOCUMENTS_SHOWN = 200;

/**
 * The knowledge bases the gateway's routes ground in, read-only, for the dashboard:
 * `GET /api/knowledge` lists them; `GET /api/knowledge/NAME` gives one with its versions and
 * first documents; `GET /api/knowledge/NAME/search?query=…&k=5` (as `kb search --query … --k 5`) tries a BM25 query against its
 * published version, as a route would retrieve (dense search needs the route's embedding model).
 * `POST /api/knowledge/NAME/remove` with `{"documents": [ids…]}` removes documents as `kb remove`
 * does (`"purge": true` as `kb remove --purge`: from every version, and every copy the gateway
 * derived from them, see purge-copies.ts). `POST /api/knowledge/NAME/purge` with `{"documents":
 * [ids…]}` or `{"all": true}` purges only those copies, whether or not the base still holds the
 * documents: after `kb remove --purge` or `kb delete` in a terminal, or to run a purge again.
 * Indexing stays with `switchyard kb add`.
 */
/** `GET /api/knowledge/NAME`: the base, its versions, and its first documents without their text. */
export interface KnowledgeBaseDetail {
  base: KnowledgeBaseRecord;
  versions: KnowledgeBaseVersion[];
  /** Without their text; their metadata's text values cut to 200 characters. */
  documents: (Omit<StoredDocument, 'text'> & { chars: number })[];
  /** Documents of the version past those listed. */
  more: number;
}

/** `GET /api/knowledge/NAME/search`: the chunks found, named as `kb search --json` names them. */
export interface KnowledgeSearchAnswer {
  version: number;
  ms: number;
  results: Omit<RetrievedChunk, 'metadata'>[];
}

export function knowledgeRoutes<P>(router: Router<P>, deps: KnowledgeApiDeps): void {
  const none = () => deps.present !== undefined && !deps.present();
  const noBases = (name: string) => noBasesIn(name, deps.file);
  const openKnowledgeBase = (options: Parameters<typeof openBase>[0]) => namingTheStore(openBase(options), deps.file);
  router.get('/api/knowledge', async ({ res }) => {
    if (none()) return sendJson(res, 200, { bases: [] });
    const store = await deps.store();
    sendJson(res, 200, { bases: await store.listKnowledgeBases() });
  });
  router.get('/api/knowledge/:name', async ({ res, params }) => {
    if (none()) throw noBases(params.name ?? '');
    const store = await deps.store();
    const kb = await openKnowledgeBase({ store, name: params.name ?? '' });
    const versions = await store.versions(kb.record.id);
    const documents = await store.listDocuments(kb.record.id, kb.record.version, DOCUMENTS_SHOWN);
    const detail: KnowledgeBaseDetail = {
      base: kb.record,
      versions,
      documents: documents.map(({ text, metadata, ...d }) => ({ ...d, metadata: shownMetadata(metadata), chars: text.length })),
      more: Math.max(0, kb.record.documents - documents.length),
    };
    sendJson(res, 200, detail);
  });
  // As `kb remove NAME DOC…`: the documents go from a new version, published at once.
  router.post('/api/knowledge/:name/remove', async ({ req, res, params }) => {
    if (none()) throw noBases(params.name ?? '');
    const body = await readJson(req);
    onlyFields(body, ['documents', 'purge']);
    if (body.purge !== undefined && typeof body.purge !== 'boolean') throw new SwitchyardError('invalid_request', `"purge" must be true or false, got ${quoteClipped(JSON.stringify(body.purge))}`, { param: 'purge' });
    const documents = documentIds(body.documents, 'document ids (or folders or JSONL files kb add read)');
    const store = await deps.store();
    const kb = await openKnowledgeBase({ store, name: params.name ?? '' });
    // Another writer of the base (a `kb add` in a terminal) is waited for a little, then 409 names it.
    const report: RemoveReport = await removeDocuments(kb, documents, { lock: { operation: body.purge ? 'admin API purge' : 'admin API remove', waitMs: REMOVE_WAIT_MS }, purge: body.purge === true });
    await deps.changed?.(kb.name);
    // The gateway's own copies of what it answered from them (a purge in a terminal cannot reach them).
    const reached = report.purged && deps.purged ? await deps.purged(kb.name, report.removed) : undefined;
    sendJson(res, 200, { name: kb.name, ...report, ...(report.purged && reached ? { purged: { ...report.purged, ...reached } } : {}) });
  });
  // The gateway's copies of what it derived from documents (answers, caches, evals, reviews), by the ids its traces recorded.
  router.post('/api/knowledge/:name/purge', async ({ req, res, params }) => {
    if (!deps.purged) throw new SwitchyardError('unsupported', 'this server keeps no copies to purge');
    const body = await readJson(req);
    onlyFields(body, ['documents', 'all']);
    if (body.all !== undefined && body.all !== true) throw new SwitchyardError('invalid_request', `"all" must be true (every document of the base), got ${quoteClipped(JSON.stringify(body.all))}`, { param: 'all' });
    if ((body.all === true) === (body.documents !== undefined)) throw new SwitchyardError('invalid_request', 'give either "documents" (a list of document ids) or "all": true (every document of the base), not both', { param: body.all === true ? 'all' : 'documents' });
    const documents = body.all === true ? null : documentIds(body.documents, "document ids (as kb show listed them, or as the traces' decisions.knowledge.chunks[].docId name them)");
    const name = params.name ?? '';
    sendJson(res, 200, { name, purged: await deps.purged(name, documents) });
  });
  router.get('/api/knowledge/:name/search', { query: { query: param.text(2_000), k: param.int(1, 50) } }, async ({ res, params, query }) => {
    if (none()) throw noBases(params.name ?? '');
    const store = await deps.store();
    const kb = await openKnowledgeBase({ store, name: params.name ?? '' });
    const started = performance.now();
    const { chunks } = await search(kb, query.query ?? '', { k: query.k ?? 5 });
    const answer: KnowledgeSearchAnswer = {
      version: kb.record.version,
      ms: Math.round((performance.now() - started) * 10) / 10,
      results: chunks.map((c) => ({ docId: c.docId, chunkId: c.chunkId, score: c.score, title: c.title, headingPath: c.headingPath, start: c.start, end: c.end, text: c.text })),
    };
    sendJson(res, 200, answer);
  });
}

/**
 * A document's metadata as the base's page lists it, each text value cut to
 * {@link METADATA_TEXT_SHOWN} characters: a JSONL record's other fields are kept whole as metadata,
 * and 200 documents with a 100 kB field each made a 20 MB answer for a page that shows none of it.
 */
const METADATA_TEXT_SHOWN = 200;

function shownMetadata(metadata: Metadata): Metadata {
  const cut = (value: MetadataValue): MetadataValue => (typeof value === 'string' ? clip(value, METADATA_TEXT_SHOWN) : value);
  return Object.fromEntries(Object.entries(metadata).map(([key, value]) => [clip(key, METADATA_TEXT_SHOWN), value === null ? null : Array.isArray(value) ? value.map(cut) : cut(value)]));
}

/** Most document ids one removal or purge takes, and the longest id. */
const MAX_DOCUMENT_IDS = 10_000;
const MAX_DOCUMENT_ID = 4_096;

/**
 * The `documents` of a removal or a purge: 1–10,000 ids of 1–4,096 characters. A bad one is named
 * by its place and what it was (a list of 10,000 ids with one number in it said only that the list
 * was wrong), its value quoted and cut short.
 *
 * @example documentIds(['docs/a.md', 7], 'document ids') // throws: "documents[1]" must be a document id (a string of 1–4,096 characters), got 7
 */
function documentIds(value: unknown, what: string): string[] {
  const list = `"documents" must be a list of 1–${MAX_DOCUMENT_IDS.toLocaleString('en-US')} ${what}, each a string of 1–${MAX_DOCUMENT_ID.toLocaleString('en-US')} characters`;
  if (!Array.isArray(value) || value.length === 0) throw new SwitchyardError('invalid_request', `${list}, got ${Array.isArray(value) ? 'an empty list' : shownValue(value)}`, { param: 'documents' });
  if (value.length > MAX_DOCUMENT_IDS) throw new SwitchyardError('invalid_request', `${list}, got ${value.length.toLocaleString('en-US')} ids`, { param: 'documents' });
  const bad = value.findIndex((d) => typeof d !== 'string' || d.length === 0 || d.length > MAX_DOCUMENT_ID);
  if (bad >= 0) {
    const id: unknown = value[bad];
    const got = typeof id === 'string' ? (id.length === 0 ? 'an empty string' : `${id.length.toLocaleString('en-US')} characters (${quoteClipped(id, 40)})`) : shownValue(id);
    throw new SwitchyardError('invalid_request', `"documents[${bad}]" must be a document id (a string of 1–${MAX_DOCUMENT_ID.toLocaleString('en-US')} characters), got ${got}`, { param: `documents[${bad}]` });
  }
  return value as string[];
}

/** A JSON value named in a message: a string quoted, anything else as JSON, cut short either way. */
function shownValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  return typeof value === 'string' ? quoteClipped(value) : clip(textOf(value), 100);
}

function noBasesIn(name: string, file: string | undefined): SwitchyardError {
  return new SwitchyardError('not_found', `knowledge base ${quoteClipped(name)} does not exist in ${knowledgeStoreName(file)} (known: none): index documents with switchyard kb add NAME docs/${kbAddDbFlag(file)}`);
}
