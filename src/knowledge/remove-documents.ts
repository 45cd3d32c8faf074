import { quoteClipped } from '../core/clip.js';
import { SwitchyardError } from '../core/errors.js';
import { closestNames } from '../core/format-issues.js';
import { countOf } from '../core/plural.js';
import type { KnowledgeBase } from './knowledge-base.js';
import type { PurgeReport, StoredDocumentHead } from './store/knowledge-store.js';
import { type WriteLockOptions, withWriteLock } from './write-lock.js';

export interface RemoveOptions {
  /**
   * Other spellings of a reference to try after it (the CLI gives a path as the document id
   * `kb add` would have made of it: `./docs/a.md`, an absolute path).
   */
  spellings?: (reference: string) => string[];
  /** How to wait for another writer of the base (default: up to 60 s, then fail naming it). */
  lock?: WriteLockOptions;
  /**
   * Forget the documents: also delete them from every earlier version (and what an interrupted
   * run wrote), text, chunks, vectors and index entries, so no version returns them again. A
   * reference may then name a document only earlier versions hold (removed before).
   */
  purge?: boolean;
}

export interface RemoveReport {
  /** The version published without the documents; searches use it from their next read. */
  version: number;
  /** The document ids removed, in order. */
  removed: string[];
  /** What the new version holds. */
  documents: number;
  chunks: number;
  /** With `purge`: the versions that held the documents and what was deleted from them. */
  purged?: PurgeReport;
}

/**
 * Removes documents from a knowledge base and publishes the version without them at once. Each
 * reference is a document id, or a source `kb add` was given (a folder, a JSONL file) or a folder
 * under one, which stands for every document from it. A reference that names nothing is an error
 * naming the base and the closest ids, and nothing is removed. Earlier versions keep the
 * documents (`--kb-version N`, eval runs pinned to them), unless `purge` deletes them from every
 * version; a later `kb add` of a folder that still holds the file indexes it again.
 *
 * @example await removeDocuments(kb, ['docs/old-policy.md']) // { version: 4, removed: ['docs/old-policy.md'], … }
 */
export async function removeDocuments(kb: KnowledgeBase, references: readonly string[], options: RemoveOptions = {}): Promise<RemoveReport> {
  if (references.length === 0) throw new SwitchyardError('invalid_request', `name the documents to remove from "${kb.name}": their ids as kb show lists them, or a folder or JSONL file kb add read`, { param: 'documents' });
  await kb.refresh();
  // Decided and published under the base's write lock: a `kb add` running meanwhile would
  // otherwise publish its version over this one, or this one into its unpublished rows.
  return withWriteLock(kb, { operation: 'kb remove', ...options.lock }, async () => {
    const record = await kb.refresh();
    const live = await kb.store.documentHeads(record.id);
    // A purge may name a document only earlier versions hold: removed before, now to be forgotten.
    const heads = options.purge ? await kb.store.allDocumentHeads(record.id) : live;
    const removed = new Set<string>();
    const unknown: string[] = [];
    for (const [i, reference] of references.entries()) {
      if (ROOT.test(reference) && !heads.has(reference)) throw rootReference(kb.name, reference, i, references.length);
      const found = matchReference(heads, [reference, ...(options.spellings?.(reference) ?? [])]);
      if (found.length === 0) unknown.push(reference);
      for (const docId of found) removed.add(docId);
    }
    if (unknown.length > 0) throw notFound(kb.name, record.version, heads, unknown, options);
    const inCurrent = [...removed].filter((docId) => live.has(docId));
    const version = inCurrent.length > 0 || !options.purge ? await kb.store.removeAndPublish(record.id, inCurrent, kb.clock.now()) : record.version;
    const purged = options.purge ? await kb.store.purgeDocuments(record.id, [...removed]) : undefined;
    const fresh = await kb.refresh();
    return { version, removed: [...removed], documents: fresh.documents, chunks: fresh.chunks, ...(purged ? { purged } : {}) };
  });
}

/** A reference that is empty or slashes only: the folder "/", not a source kb add would be given. */
const ROOT = /^\/*$/;

/**
 * An empty reference read as the folder "/", which stands for every document kb add named by an
 * absolute path: `kb remove NAME "$DOC"` (or "$DIR/") with the variable unset emptied the base, and
 * with --purge every version of it. The whole base is `kb delete`'s, said so.
 */
function rootReference(name: string, reference: string, index: number, count: number): SwitchyardError {
  const got = reference === '' ? 'empty' : `${quoteClipped(reference, 20)}, the root folder, which would stand for every document kb add named by an absolute path`;
  return new SwitchyardError('invalid_request', `document reference ${index + 1} of ${count} to remove from "${name}" is ${got}: name a document id as kb show lists it, or a folder or JSONL file kb add read (kb delete ${name} removes the whole base); nothing was removed`, { param: `documents[${index}]` });
}

/** The ids a reference stands for: the document itself, else every document from that source or folder. */
function matchReference(heads: Map<string, StoredDocumentHead>, spellings: string[]): string[] {
  for (const spelling of spellings) if (heads.has(spelling)) return [spelling];
  for (const spelling of spellings) {
    // The CLI spells "../.." from a folder near the root as "/": no folder of everything.
    if (ROOT.test(spelling)) continue;
    const folder = `${spelling.replace(/\/+$/, '')}/`;
    const under = [...heads.values()].filter((head) => head.source === spelling || head.docId.startsWith(folder)).map((head) => head.docId);
    if (under.length > 0) return under.sort();
  }
  return [];
}

function notFound(name: string, version: number, heads: Map<string, StoredDocumentHead>, unknown: string[], options: RemoveOptions): SwitchyardError {
  const ids = [...heads.keys()];
  const holds = version === 0 ? 'which has no published version yet' : `(version ${version}, ${countOf(ids.length, 'document')})`;
  const lines = unknown.map((reference) => {
    // The path as the CLI would spell it is the likelier match for a typo in a path.
    const tried = [reference, ...(options.spellings?.(reference) ?? [])];
    const near = [...new Set(tried.flatMap((spelling) => closestNames(spelling, ids)))].slice(0, 3);
    return `${quoteClipped(reference, 200)}${near.length > 0 ? ` (did you mean ${near.map((id) => quoteClipped(id, 200)).join(', ')}?)` : ''}`;
  });
  const what = unknown.length === 1 ? `no document ${lines[0]}` : `no documents ${lines.join(', ')}`;
  return new SwitchyardError('not_found', `${what} in knowledge base "${name}" ${holds}; nothing was removed. switchyard kb show ${name} lists its document ids`, { param: 'documents' });
}
