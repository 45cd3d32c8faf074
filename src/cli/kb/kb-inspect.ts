import { countOf } from '../../core/plural.js';
import { clipAtWord } from '../../core/clip.js';
import { TerminalTable } from '../../core/terminal-table.js';
import { type StoreFlags, openBase, openStore, waitFlags } from './kb-flags.js';
import { gatewayCopiesNote } from './gateway-copies-note.js';
import { deleteKnowledgeBase } from '../../knowledge/delete-base.js';
import { cliTime } from '../../core/cli-time.js';
import { CLI } from '../../core/cli-command.js';
import { numberFlag } from '../../core/number-flag.js';
import { terminalText } from '../../core/terminal-text.js';

/**
 * `switchyard kb list`: every knowledge base with its version, size and embedding model.
 *
 * @example await listAction({ json: true })
 */
export async function listAction(flags: StoreFlags & { json?: boolean }): Promise<void> {
  const store = await openStore(flags, { existing: true });
  try {
    const bases = await store.listKnowledgeBases();
    if (flags.json) {
      console.log(JSON.stringify(bases));
      return;
    }
    if (bases.length === 0) {
      console.log(`no knowledge bases yet: ${CLI} kb add NAME PATH…`);
      return;
    }
    // The name stays whole (it is what every kb command takes); to fit a terminal the embedding
    // model and the time wrap at their words, and the time, then the chunks, give way.
    const table = new TerminalTable({ head: ['name', 'version', 'documents', 'chunks', 'embedding model', 'created'], dropToFit: ['created', 'chunks'], wrapsOnTerminal: ['embedding model', 'created'] });
    for (const b of bases) table.push([b.name, b.version, b.documents, b.chunks, b.embeddingModel ? `${b.embeddingModel} (${b.dimensions})` : '—', cliTime(b.createdAt)]);
    console.log(table.toString());
    // A base an interrupted `kb add` left documents in would otherwise read as its last version (or empty).
    for (const b of bases) {
      const pending = (await store.pendingHeads(b.id)).size;
      if (pending > 0) console.log(terminalText(`${b.name}: ${countOf(pending, 'document')} indexed by an interrupted ${CLI} kb add, not published yet (${CLI} kb add ${b.name} … again resumes)`));
    }
  } finally {
    await store.close();
  }
}

/**
 * `switchyard kb show NAME`: chunking, embedding model, the versions and the first documents.
 *
 * @example await showAction('handbook', { limit: '20' })
 */
export async function showAction(name: string, flags: StoreFlags & { json?: boolean; limit?: string }): Promise<void> {
  const store = await openStore(flags, { existing: true });
  try {
    const kb = await openBase(store, name);
    const r = kb.record;
    const versions = await store.versions(r.id);
    const documents = await store.listDocuments(r.id, r.version, numberFlag('--limit', flags.limit, { min: 1, max: 100_000, integer: true, fallback: 20 }));
    // Written by an interrupted `kb add`, kept for the next one to resume; not searched yet.
    const pending = (await store.pendingHeads(r.id)).size;
    if (flags.json) {
      console.log(JSON.stringify({ ...r, pendingDocuments: pending, versions, documents: documents.map(({ text, ...d }) => ({ ...d, chars: text.length })) }));
      return;
    }
    console.log(`${r.name}@${r.version}: ${countOf(r.documents, 'document')}, ${countOf(r.chunks, 'chunk')} · chunking ${r.chunking.maxChars} chars, overlap ${r.chunking.overlapChars}`);
    if (pending > 0) console.log(`unpublished: ${countOf(pending, 'document')} indexed by an interrupted ${CLI} kb add; running it again resumes and publishes them`);
    console.log(`embedding model: ${r.embeddingModel ? `${r.embeddingModel} (${r.dimensions} dimensions), ${r.embeddedChunks}/${r.chunks} chunks embedded` : 'none (BM25 only)'}`);
    const vt = new TerminalTable({ head: ['version', 'created', 'added', 'changed', 'removed', 'documents', 'chunks'] });
    for (const v of versions) vt.push([v.version, cliTime(v.createdAt), v.added, v.changed, v.removed, v.documents, v.chunks]);
    console.log(vt.toString());
    // The document id stays whole (it is what to search for); the title wraps at its words.
    const dt = new TerminalTable({ head: ['document', 'title', 'chunks', 'since', 'chars'], dropToFit: ['since', 'chars'] });
    for (const d of documents) dt.push([d.docId, clipAtWord(d.title, 40), d.chunks, `v${d.versionFrom}`, d.text.length]);
    console.log(dt.toString());
    if (r.documents > documents.length) console.log(`… ${r.documents - documents.length} more (--limit N)`);
  } finally {
    await store.close();
  }
}

/**
 * `switchyard kb delete NAME`: removes a base with every version, so a misnamed or unwanted one
 * leaves `kb list` (a route that grounds in it then answers without context, flagged). Like `kb
 * add` and `kb remove` it takes the base's write lease first, waiting up to `--wait` for a writer
 * that holds it: deleting under a running `kb add` dropped the rows it was writing and its lease
 * with them, and it failed at publishing.
 *
 * @example await deleteAction('faq-old', { wait: '600' })
 */
export async function deleteAction(name: string, flags: StoreFlags & { wait?: string }): Promise<void> {
  const lock = waitFlags(name, flags.wait);
  const store = await openStore(flags, { existing: true });
  try {
    const kb = await openBase(store, name);
    const r = await deleteKnowledgeBase(kb, { operation: 'kb delete', ...lock });
    const held = r.version === 0 ? 'empty: no version was published' : `${countOf(r.version, 'version')}, the latest with ${countOf(r.documents, 'document')}`;
    console.log(`deleted knowledge base "${name}" (${held})`);
    if (r.version > 0) console.log(terminalText(gatewayCopiesNote(name, 'all')));
  } finally {
    await store.close();
  }
}
