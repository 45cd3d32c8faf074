import { chunkDocument } from './chunk/chunk-document.js';
import { headingName } from './heading-name.js';
import { embedTexts } from './embed/embed-texts.js';
import type { DocumentSet, SourceItem, TextEncodingName } from './ingest/source-item.js';
import { assertSameEmbeddingModel, type KnowledgeBase } from './knowledge-base.js';
import type { DocumentWrite } from './store/knowledge-store.js';
import type { Embedder } from './types.js';
import { terminalText } from '../core/terminal-text.js';
import { type HeldLock, type WriteLockOptions, withWriteLock } from './write-lock.js';

export interface IndexProgress {
  /** Documents looked at so far (unchanged and skipped included). */
  done: number;
  /** Documents offered in all, when the set can count them up front. */
  total: number | undefined;
}

export interface IndexOptions {
  /** Embeds new chunks (and chunks indexed earlier without one); default: the base's embedder. */
  embedder?: Embedder;
  onProgress?: (progress: IndexProgress) => void;
  /** Documents written per store batch; bounds memory on large sets. */
  batchDocuments?: number;
  /**
   * A batch is also written once it has been open this long, so an interruption loses at most
   * about this much work (a batch is committed as it is written, and the next run resumes).
   */
  batchMs?: number;
  /**
   * Aborted (Ctrl-C): stop before the next document and publish nothing; the call rejects with
   * the reason. Batches already written are kept, unpublished, and the next call skips them.
   */
  signal?: AbortSignal;
  /**
   * How to wait for another writer of the base (another `kb add`, a `kb remove`, the admin API):
   * one writer at a time per base, across processes; default: wait up to 60 s, then fail naming it.
   */
  lock?: Omit<WriteLockOptions, 'signal'>;
}

export interface IndexReport {
  /** The version searches now use (new when anything changed, else the previous one). */
  version: number;
  published: boolean;
  added: number;
  changed: number;
  unchanged: number;
  /** Of `added` and `changed`: documents an interrupted run had already indexed (same content hash), not redone. */
  resumed: number;
  removed: number;
  skipped: number;
  /** Chunks written by this version and vectors computed by this call. */
  chunks: number;
  embedded: number;
  /** One line per skipped document (naming it and why) and per other problem. */
  warnings: string[];
  /** Each skipped document by id with why, for scripts (`kb add --json`): the warnings' lines, unparsed. */
  skips: { id: string; reason: string }[];
  /** Each document this run read from a file that was not UTF-8, and how it was decoded. */
  decoded: { id: string; encoding: TextEncodingName }[];
}

/**
 * Brings a knowledge base in line with a document set, as one new version: documents whose
 * content hash changed are re-parsed, re-chunked and re-embedded; unchanged ones are not even
 * parsed; documents of the set's roots that are gone (or now unreadable) are removed. Nothing
 * is visible to searches until the whole version is written; a failure leaves the previous
 * version in place. Each batch is committed as it completes, so a run that was interrupted (Ctrl-C,
 * a failed embedding call) keeps what it wrote, unpublished, and the next run resumes: a document
 * it wrote with the same content hash is counted as `resumed`, not re-read or re-embedded. What
 * that run wrote and this one does not confirm (changed again, gone, offered by other roots) is
 * dropped before publishing. Removals are decided only after a complete walk, so documents an
 * interrupted run never reached are not taken for deleted.
 *
 * @example const report = await indexDocuments(kb, walkPaths(['docs']), { embedder });
 */
export async function indexDocuments(kb: KnowledgeBase, set: DocumentSet, options: IndexOptions = {}): Promise<IndexReport> {
  await kb.refresh();
  return withWriteLock(kb, { operation: 'kb add', ...options.lock, ...(options.signal ? { signal: options.signal } : {}) }, (lock) => indexLocked(kb, set, options, lock));
}

async function indexLocked(kb: KnowledgeBase, set: DocumentSet, options: IndexOptions, lock: HeldLock): Promise<IndexReport> {
  const store = kb.store;
  const record = await kb.refresh();
  const embedder = options.embedder ?? kb.embedder;
  if (embedder) assertSameEmbeddingModel(record, embedder);
  // Continues a version an interrupted run began: what it wrote is in `pending`.
  const version = await store.beginVersion(record.id);
  const heads = await store.documentHeads(record.id);
  const pending = await store.pendingHeads(record.id);
  const confirmed = new Set<string>();
  const report: IndexReport = { version: record.version, published: false, added: 0, changed: 0, unchanged: 0, resumed: 0, removed: 0, skipped: 0, chunks: 0, embedded: 0, warnings: [], skips: [], decoded: [] };
  const total = set.total ? await set.total() : undefined;
  const vectors = new VectorState(kb, embedder, record.dimensions);
  const seen = new Set<string>();
  const toRemove: string[] = [];
  let batch: DocumentWrite[] = [];
  let batchOpened = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    await vectors.embedInto(batch, report);
    await store.writeDocuments(record.id, version, batch);
    batch = [];
  };
  let looked = 0;
  for await (const item of set.items) {
    options.signal?.throwIfAborted();
    options.onProgress?.({ done: looked++, total });
    if (seen.has(item.id)) {
      skip(report, item.id, 'offered twice; the first one is indexed');
      report.skipped++;
      continue;
    }
    seen.add(item.id);
    const previous = heads.get(item.id);
    const reason = 'load' in item ? undefined : item.reason;
    if ('load' in item && previous?.hash === item.hash) {
      report.unchanged++;
      continue;
    }
    if ('load' in item && pending.get(item.id)?.hash === item.hash) {
      confirmed.add(item.id);
      report.resumed++;
      if (previous) report.changed++;
      else report.added++;
      continue;
    }
    const write = reason === undefined ? await prepare(item as SourceItem, kb.record.chunking, report) : undefined;
    if (reason !== undefined) skip(report, item.id, reason);
    if (!write) {
      report.skipped++;
      if (previous) toRemove.push(item.id);
      continue;
    }
    if (previous) report.changed++;
    else report.added++;
    report.chunks += write.chunks.length;
    if (batch.length === 0) batchOpened = performance.now();
    batch.push(write);
    confirmed.add(item.id);
    if (batch.length >= (options.batchDocuments ?? 200) || performance.now() - batchOpened >= (options.batchMs ?? 2000)) await flush();
  }
  await flush();
  options.signal?.throwIfAborted();
  const roots = new Set(set.sources);
  for (const [docId, head] of heads) if (roots.has(head.source) && !seen.has(docId)) toRemove.push(docId);
  if (toRemove.length > 0) await store.removeDocuments(record.id, version, toRemove);
  report.removed = toRemove.length;
  // Written by an interrupted run and not confirmed by this one: the published row (if any) stays.
  const removing = new Set(toRemove);
  const stale = [...pending.keys()].filter((docId) => !confirmed.has(docId) && !removing.has(docId));
  if (stale.length > 0) await store.revertPending(record.id, version, stale);
  options.onProgress?.({ done: looked, total });
  if (report.added + report.changed + report.removed > 0) {
    await lock.assertHeld();
    await store.publishVersion(record.id, version, { added: report.added, changed: report.changed, removed: report.removed }, kb.clock.now());
    report.version = version;
    report.published = true;
  }
  report.embedded += await vectors.backfill();
  await kb.refresh();
  if (!embedder && kb.record.embeddingModel && kb.record.embeddedChunks < kb.record.chunks) {
    report.warnings.push(`${kb.record.chunks - kb.record.embeddedChunks} chunks have no vector: dense search skips them until they are embedded with "${kb.record.embeddingModel}"`);
  }
  return report;
}

async function prepare(item: SourceItem, chunking: KnowledgeBase['record']['chunking'], report: IndexReport): Promise<DocumentWrite | undefined> {
  let loaded;
  try {
    loaded = await item.load();
  } catch (error) {
    loaded = { ok: false as const, reason: `cannot load: ${(error as Error).message}` };
  }
  if (!loaded.ok) {
    skip(report, item.id, loaded.reason);
    return undefined;
  }
  const { document } = loaded;
  const chunks = chunkDocument(document, chunking);
  if (chunks.length === 0) {
    skip(report, item.id, 'empty document (no text)');
    return undefined;
  }
  if (loaded.encoding !== undefined) report.decoded.push({ id: item.id, encoding: loaded.encoding });
  return { docId: item.id, source: item.source, title: headingName(document.title), hash: item.hash, text: document.text, metadata: document.metadata, chunks };
}

/** Embeds with one model per base: records it on first use and fills in chunks that lack vectors. */
class VectorState {
  constructor(
    private readonly kb: KnowledgeBase,
    private readonly embedder: Embedder | undefined,
    private dimensions: number | null,
  ) {}

  async embedInto(batch: DocumentWrite[], report: IndexReport): Promise<void> {
    if (!this.embedder) return;
    const chunks = batch.flatMap((doc) => doc.chunks);
    const vectors = await this.embed(chunks.map((c) => c.text));
    chunks.forEach((chunk, i) => {
      chunk.vector = vectors[i];
    });
    report.embedded += vectors.length;
  }

  /** Chunks indexed before the base had an embedder (or re-embedded) get their vectors now. */
  async backfill(): Promise<number> {
    if (!this.embedder) return 0;
    let embedded = 0;
    for (;;) {
      const missing = await this.kb.store.chunksWithoutVectors(this.kb.record.id, 256);
      if (missing.length === 0) return embedded;
      const vectors = await this.embed(missing.map((m) => m.text));
      await this.kb.store.putVectors(this.kb.record.id, missing.map((m, i) => ({ key: m.key, vector: vectors[i] as Float32Array })));
      embedded += vectors.length;
    }
  }

  private async embed(texts: string[]): Promise<Float32Array[]> {
    const embedder = this.embedder as Embedder;
    const vectors = await embedTexts(embedder, texts, this.dimensions);
    if (this.dimensions === null && vectors[0]) {
      this.dimensions = vectors[0].length;
      await this.kb.store.setEmbeddingModel(this.kb.record.id, embedder.model, this.dimensions, false);
    }
    return vectors;
  }
}

/**
 * Replaces every vector of a base with ones from a new embedding model (the only way to change
 * models: vectors of two models are never mixed).
 *
 * @example await reembed(kb, newEmbedder)
 */
export async function reembed(kb: KnowledgeBase, embedder: Embedder, lock: Omit<WriteLockOptions, 'operation'> = {}): Promise<{ embedded: number }> {
  await kb.refresh();
  return withWriteLock(kb, { operation: 'kb add --reembed', ...lock }, () => reembedLocked(kb, embedder));
}

async function reembedLocked(kb: KnowledgeBase, embedder: Embedder): Promise<{ embedded: number }> {
  const record = await kb.refresh();
  const probe = await embedTexts(embedder, ['dimension probe'], null);
  await kb.store.setEmbeddingModel(record.id, embedder.model, (probe[0] as Float32Array).length, true);
  const embedded = await new VectorState(kb, embedder, (probe[0] as Float32Array).length).backfill();
  await kb.refresh();
  return { embedded };
}

/**
 * A document's name as a warning shows it: control and bidirectional characters escaped, a newline
 * and a tab too (`docs/a\\nb.md`), so a name refused for holding one is named on one line.
 */
const shownId = (id: string): string => terminalText(id).replace(/[\n\t]/g, (c) => (c === '\n' ? '\\n' : '\\t'));

/** A skipped document, as a person reads it (a warning line) and as a script does (id, reason). */
function skip(report: IndexReport, id: string, reason: string): void {
  report.warnings.push(`skipped ${shownId(id)}: ${reason}`);
  report.skips.push({ id, reason });
}
