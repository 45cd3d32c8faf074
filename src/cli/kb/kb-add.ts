import { countOf } from '../../core/plural.js';
import { SwitchyardError } from '../../core/errors.js';
import { checkFirstRecord, readJsonl } from '../../knowledge/ingest/load-jsonl.js';
import { walkPaths } from '../../knowledge/ingest/walk-paths.js';
import { ENCODING_CHOICES, type EncodingChoice } from '../../knowledge/ingest/source-item.js';
import { type IndexReport, indexDocuments, reembed } from '../../knowledge/index-documents.js';
import { type EmbedFlags, embedderFromFlags, openBase, openStore, progressBar, waitFlags } from './kb-flags.js';
import type { KnowledgeStore } from '../../knowledge/store/knowledge-store.js';
import { interruptOnSigint } from '../../evals/cli/common-flags.js';
import { CLI } from '../../core/cli-command.js';
import { terminalText } from '../../core/terminal-text.js';
import { numberFlag } from '../../core/number-flag.js';

export interface AddFlags extends EmbedFlags {
  jsonl?: string;
  idField?: string;
  textField?: string;
  titleField?: string;
  reembed?: boolean;
  maxChars?: string;
  overlap?: string;
  json?: boolean;
  encoding?: string;
  wait?: string;
}

/**
 * `switchyard kb add NAME PATH…` / `--jsonl FILE`: creates the base if needed and indexes the
 * files as a new version; prints what was added, changed, unchanged, removed and skipped.
 *
 * @example await addAction('handbook', ['docs'], { db: 'sy.db' })
 */
export async function addAction(name: string, paths: string[], flags: AddFlags): Promise<void> {
  if (paths.length > 0 && flags.jsonl) throw new SwitchyardError('invalid_request', 'give either PATH… or --jsonl FILE, not both');
  if (paths.length === 0 && !flags.jsonl && !flags.reembed) throw new SwitchyardError('invalid_request', `nothing to add: give files or folders (${CLI} kb add ${name} docs/) or --jsonl FILE`);
  // Named as a PATH, a JSONL file became one text document of JSON lines (`kb add faq faq.jsonl`
  // read "1 added · 1 chunk"): its records are documents only through --jsonl.
  const jsonlPath = paths.find((path) => /\.(jsonl|ndjson)$/i.test(path));
  if (jsonlPath !== undefined) {
    throw new SwitchyardError('invalid_request', `${jsonlPath} is a JSONL file: index its records, one document each, with --jsonl (${CLI} kb add ${name} --jsonl ${jsonlPath}; --text-field NAME for the field holding the text); as a PATH it would be one text document of JSON lines`, { param: 'path' });
  }
  const embedder = embedderFromFlags(flags, `kb-add:${name}`);
  if (flags.reembed && !embedder) throw new SwitchyardError('invalid_request', '--reembed needs the new model: --gateway URL --api-key KEY --embed-model MODEL');
  const chunking = flags.maxChars || flags.overlap ? { maxChars: numberFlag('--max-chars', flags.maxChars, { min: 50, max: 100_000, integer: true, fallback: 1600 }), overlapChars: numberFlag('--overlap', flags.overlap, { min: 0, max: 50_000, integer: true, fallback: 200 }) } : undefined;
  const fields = { ...(flags.idField ? { id: flags.idField } : {}), ...(flags.textField ? { text: flags.textField } : {}), ...(flags.titleField ? { title: flags.titleField } : {}) };
  const encoding = encodingFlag(flags.encoding);
  if (flags.jsonl && encoding !== 'auto') throw new SwitchyardError('invalid_request', `--encoding reads files named as PATHs; JSONL records (--jsonl) must be UTF-8: convert the file first (iconv -f ${encoding === 'utf-8' ? 'windows-1250' : encoding} -t utf-8)`, { param: 'encoding' });
  const set = flags.jsonl ? readJsonl(flags.jsonl, fields) : paths.length > 0 ? walkPaths(paths, { encoding }) : undefined;
  if (flags.jsonl) await checkFirstRecord(flags.jsonl, fields);
  // Before the store opens: a Ctrl-C from here on stops at the next document and publishes
  // nothing; what was written is kept for the next run to resume, and a base this run created
  // with nothing written is removed (it was listed as NAME@0, empty, and searched as such).
  const interrupt = interruptOnSigint(() => process.stderr.write('\nCtrl-C: stopping at the next document; nothing of this run is published, what it indexed is kept for the next run (Ctrl-C again to quit now)…\n'));
  const lock = waitFlags(name, flags.wait);
  const store = await openStore(flags);
  let created = false;
  try {
    created = !(await store.getKnowledgeBase(name));
    const kb = await openBase(store, name, true, embedder, chunking);
    if (flags.reembed && embedder) {
      const { embedded } = await reembed(kb, embedder, { ...lock, signal: interrupt.signal });
      console.error(`re-embedded ${countOf(embedded, 'chunk')} of ${name} with "${embedder.model}"`);
    }
    if (!set) return;
    const bar = progressBar(name, 'documents');
    const report = await indexDocuments(kb, set, { onProgress: (p) => bar.update(p.done, p.total), signal: interrupt.signal, lock }).finally(() => bar.stop());
    for (const warning of report.warnings) console.error(terminalText(`warning: ${warning}`));
    if (flags.json) {
      console.log(JSON.stringify({ name, ...report }));
      return;
    }
    const where = report.published ? `${name}@${report.version}` : `${name}@${report.version} (unchanged)`;
    console.log(
      `${where}: ${report.added} added, ${report.changed} changed, ${report.unchanged} unchanged, ${report.removed} removed, ${report.skipped} skipped` +
        ` · ${countOf(report.chunks, 'chunk')} written${report.embedded > 0 ? `, ${report.embedded} embedded` : ''}` +
        (report.resumed > 0 ? ` · ${report.resumed} of them already indexed by the interrupted run` : ''),
    );
    for (const line of decodedLines(report.decoded)) console.log(terminalText(line));
  } catch (error) {
    if (!interrupt.signal.aborted) {
      await sayKept(store, name).catch(() => undefined); // the error itself is what matters
      throw error;
    }
    await sayStopped(store, name, created);
    process.exitCode = 130;
  } finally {
    interrupt.dispose();
    await store.close();
  }
}

/** `--encoding NAME`, checked before anything is read. */
function encodingFlag(value: string | undefined): EncodingChoice {
  const name = (value ?? 'auto').toLowerCase();
  if ((ENCODING_CHOICES as readonly string[]).includes(name)) return name as EncodingChoice;
  throw new SwitchyardError('invalid_request', `--encoding must be one of ${ENCODING_CHOICES.join(', ')}, got ${JSON.stringify(value)}`, { param: 'encoding' });
}

const ENCODING_NAMES: Record<IndexReport['decoded'][number]['encoding'], string> = {
  'windows-1252': 'Windows-1252 (Latin-1): not UTF-8',
  'windows-1250': 'Windows-1250 (Central European): not UTF-8',
  'iso-8859-2': 'ISO-8859-2 (Latin-2, Central European): not UTF-8',
  'utf-16le': 'UTF-16LE, from its byte order mark',
  'utf-16be': 'UTF-16BE, from its byte order mark',
};
/** Files named one by one after the summary; past these, a count (`--json` lists every one). */
const DECODED_SHOWN = 10;

/**
 * The files this run read in an encoding other than UTF-8, and which: a person whose corpus
 * mixes encodings sees which ones were read as Windows-1252 or a Central European encoding (and can check them) instead of
 * learning it from a citation.
 *
 * @example decodedLines([{ id: 'docs/old.txt', encoding: 'windows-1252' }]) // ['decoded docs/old.txt as Windows-1252 (Latin-1): not UTF-8']
 */
export function decodedLines(decoded: IndexReport['decoded']): string[] {
  const lines = decoded.slice(0, DECODED_SHOWN).map((d) => `decoded ${d.id} as ${ENCODING_NAMES[d.encoding]}`);
  if (decoded.length > DECODED_SHOWN) lines.push(`… and ${decoded.length - DECODED_SHOWN} more files not in UTF-8 (--json lists each under "decoded")`);
  return lines;
}

/**
 * After a Ctrl-C: what the run wrote stays, unpublished, for the next run to resume; a base this
 * run created with nothing written goes; one that existed keeps its published version.
 */
async function sayStopped(store: KnowledgeStore, name: string, created: boolean): Promise<void> {
  const record = await store.getKnowledgeBase(name);
  const kept = record ? (await store.pendingHeads(record.id)).size : 0;
  if (created && kept === 0) {
    await store.deleteKnowledgeBase(name);
    console.error(`stopped: nothing indexed; "${name}" was new and is not kept (${CLI} kb add ${name} … again indexes from the start)`);
    return;
  }
  const searches = record && record.version > 0 ? `searches still use ${name}@${record.version} (${countOf(record.documents, 'document')})` : `${name} has no published version yet`;
  const resume = kept > 0 ? `; what it indexed (${countOf(kept, 'document')}) is kept: ${CLI} kb add again resumes, skipping them` : `. ${CLI} kb add again indexes what changed`;
  console.error(`stopped: nothing of this run is published; ${searches}${resume}`);
}

/** After a failure (an embedding call refused, say): what the run wrote is kept for the next one. */
async function sayKept(store: KnowledgeStore, name: string): Promise<void> {
  const record = await store.getKnowledgeBase(name);
  const kept = record ? (await store.pendingHeads(record.id)).size : 0;
  if (kept > 0) console.error(`kept: ${countOf(kept, 'document')} this run indexed, unpublished; ${CLI} kb add again resumes, skipping them`);
}
