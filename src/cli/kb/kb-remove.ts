import { existsSync } from 'node:fs';
import { countOf } from '../../core/plural.js';
import { terminalText } from '../../core/terminal-text.js';
import { CLI } from '../../core/cli-command.js';
import { documentIdOf } from '../../knowledge/ingest/walk-paths.js';
import { removeDocuments } from '../../knowledge/remove-documents.js';
import { gatewayCopiesNote } from './gateway-copies-note.js';
import { type StoreFlags, openBase, openStore, waitFlags } from './kb-flags.js';

/**
 * `switchyard kb remove NAME DOC…`: removes documents (by id, or every document of a folder or
 * JSONL file `kb add` read) and publishes the version without them at once, so searches, the
 * gateway's included, stop returning their chunks. A path is also tried as the id `kb add` gives
 * it from here (`./docs/a.md`, an absolute path).
 *
 * @example await removeAction('handbook', ['docs/old-policy.md'], {})
 */
export async function removeAction(name: string, documents: string[], flags: StoreFlags & { json?: boolean; wait?: string; purge?: boolean }): Promise<void> {
  const store = await openStore(flags, { existing: true });
  try {
    const kb = await openBase(store, name);
    const report = await removeDocuments(kb, documents, { spellings: (reference) => [documentIdOf(reference)], lock: { operation: flags.purge ? 'kb remove --purge' : 'kb remove', ...waitFlags(name, flags.wait) }, purge: flags.purge === true });
    if (flags.json) {
      console.log(JSON.stringify({ name, ...report }));
      return;
    }
    const shown = report.removed.length <= 10 ? `: ${report.removed.join(', ')}` : `: ${report.removed.slice(0, 10).join(', ')} and ${report.removed.length - 10} more`;
    if (report.purged) {
      const { versions, chunks } = report.purged;
      const them = report.removed.length === 1 ? 'it' : 'them';
      const held = versions.length === 0 ? `no published version held ${them}` : `${versions.length === 1 ? 'version' : 'versions'} ${spanOf(versions)} held ${them}`;
      console.log(terminalText(`purged ${countOf(report.removed.length, 'document')} from every version of ${name}${shown}`));
      console.log(`${held}; ${countOf(chunks, 'chunk')} deleted with their text, vectors and index entries. ${name}@${report.version}: ${countOf(report.documents, 'document')}, ${countOf(report.chunks, 'chunk')}; no version returns ${them} again (a gateway within 2 s)`);
      console.log(terminalText(gatewayCopiesNote(name, report.removed)));
    } else {
      console.log(terminalText(`removed ${countOf(report.removed.length, 'document')} from ${name}${shown}`));
      console.log(`${name}@${report.version}: ${countOf(report.documents, 'document')}, ${countOf(report.chunks, 'chunk')}; searches use it from now on (a gateway within 2 s); ${name}@${report.version - 1} still holds them (--kb-version ${report.version - 1}; --purge deletes them from every version)`);
    }
    // The file is still there: the next `kb add` of its folder would index it again.
    const onDisk = report.removed.filter((id) => existsSync(id));
    if (onDisk.length > 0) console.log(terminalText(`note: ${countOf(onDisk.length, 'file')} still on disk (${onDisk.slice(0, 3).join(', ')}${onDisk.length > 3 ? ', …' : ''}): ${CLI} kb add of ${onDisk.length === 1 ? 'its' : 'their'} folder indexes ${onDisk.length === 1 ? 'it' : 'them'} again; delete or move ${onDisk.length === 1 ? 'it' : 'them'} first`));
  } finally {
    await store.close();
  }
}

/** `1–3, 5`: version numbers as runs. */
function spanOf(versions: number[]): string {
  const runs: string[] = [];
  let start = versions[0] as number;
  for (let i = 1; i <= versions.length; i++) {
    const v = versions[i];
    const previous = versions[i - 1] as number;
    if (v === previous + 1) continue;
    runs.push(start === previous ? `${start}` : `${start}–${previous}`);
    start = v as number;
  }
  return runs.join(', ');
}
