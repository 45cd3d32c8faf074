import { isUtf8 } from 'node:buffer';
import { type Dirent, statSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { overLimit, readAtMost } from '../../core/read-at-most.js';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { SwitchyardError } from '../../core/errors.js';
import { loadFile } from './load-file.js';
import { closestPath } from '../../core/missing-file.js';
import { oddNameReason } from './odd-name.js';
import { type DocumentSet, type EncodingChoice, type SkippedItem, type SourceItem, contentHash } from './source-item.js';

export interface WalkOptions {
  /** Document ids are paths relative to this directory (default: the process's). */
  cwd?: string;
  /** Larger files are skipped with a warning instead of being read (default 50 MiB). */
  maxFileBytes?: number;
  /** What a text file that is not UTF-8 is read as (default `auto`: by its letters). */
  encoding?: EncodingChoice;
}

// Folders that hold tooling, not documents.
const SKIP_DIRS = new Set(['node_modules', '__pycache__']);

/**
 * Offers every file under the given files and folders (recursively, in sorted order; dot-files,
 * `node_modules` and symlinked folders skipped). Throws before anything is read when a path does
 * not exist, so a typo never empties a knowledge base.
 *
 * @example await indexDocuments(kb, walkPaths(['docs', 'README.md']))
 */
export function walkPaths(paths: readonly string[], options: WalkOptions = {}): DocumentSet {
  const cwd = options.cwd ?? process.cwd();
  const maxBytes = options.maxFileBytes ?? 50 * 1024 * 1024;
  if (paths.length === 0) throw new SwitchyardError('invalid_request', 'no paths given: name at least one file or folder');
  for (const path of paths) {
    try {
      statSync(resolve(cwd, path));
    } catch {
      throw new SwitchyardError('invalid_request', `path not found: ${path} (relative to ${cwd})${meantPath(cwd, path)}`, { param: 'path' });
    }
  }
  const idOf = (absolute: string) => documentIdOf(absolute, cwd);
  const roots = paths.map((p) => resolve(cwd, p));
  async function* items(): AsyncIterable<SourceItem | SkippedItem> {
    for (const root of roots) {
      const source = idOf(root);
      let files = 0;
      for await (const file of filesUnder(root)) {
        files++;
        if (typeof file !== 'string') {
          yield { id: idOf(file.path), source, reason: file.reason };
          continue;
        }
        const id = idOf(file);
        const odd = oddNameReason(id, 'name');
        yield odd === undefined ? await offerFile(file, id, source, maxBytes, options.encoding ?? 'auto') : { id, source, reason: `its name ${odd}; rename the file to index it` };
      }
      // An empty folder (or one of hidden files) was passed over as "0 skipped", without a word.
      if (files === 0) yield { id: source, source, reason: 'no files to read in this folder (hidden files, node_modules and __pycache__ are not read)' };
    }
  }
  const total = async () => {
    let n = 0;
    for (const root of roots) {
      let files = 0;
      for await (const _ of filesUnder(root)) files++;
      n += Math.max(files, 1); // an empty folder is offered as one skipped item
    }
    return n;
  };
  return { sources: roots.map(idOf), items: items(), total };
}

/**
 * The document id `kb add` gives a file (or the source id it gives a folder): its path relative to
 * `cwd` with `/` separators, or its absolute path when it lies outside `cwd`. `kb remove` spells a
 * path it is given the same way, so `./docs/a.md` and `/abs/…/docs/a.md` find `docs/a.md`.
 *
 * @example documentIdOf('docs/a.md', '/work') // 'docs/a.md'
 */
export function documentIdOf(path: string, cwd = process.cwd()): string {
  const absolute = resolve(cwd, path);
  const rel = relative(cwd, absolute);
  return (rel === '' ? '.' : rel.startsWith('..') || isAbsolute(rel) ? absolute : rel).split(sep).join('/');
}

/** `; did you mean examples/handbook?` for a typo of a file or folder beside it, else nothing. */
function meantPath(cwd: string, path: string): string {
  const meant = closestPath(resolve(cwd, path));
  return meant ? `; did you mean ${isAbsolute(path) ? meant : relative(cwd, meant)}?` : '';
}

/**
 * How a file that is not UTF-8 is decoded is part of what it holds: the hash of such a file names
 * the decoding asked for (and the detector's revision), so `--encoding` set or changed, or a
 * detector that reads more encodings (2: Windows-1250 and ISO-8859-2 beside Windows-1252,
 * 2026-12-06), re-reads exactly those files; UTF-8 files and PDFs keep their hashes.
 */
const DETECTOR = 2;

function fileHash(bytes: Uint8Array, encoding: EncodingChoice): string {
  const legacy = !isUtf8(bytes) && !(bytes[0] === 0x25 && bytes[1] === 0x50 && bytes[2] === 0x44 && bytes[3] === 0x46); // %PDF
  return legacy ? contentHash(bytes, `decoded:${encoding === 'auto' ? `auto-${DETECTOR}` : encoding}`) : contentHash(bytes);
}

async function offerFile(file: string, id: string, source: string, maxBytes: number, encoding: EncodingChoice): Promise<SourceItem | SkippedItem> {
  try {
    // Bounded as it is read: `kb add docs /dev/zero` (or a link to it) read until memory ran out.
    const read = await readAtMost(file, maxBytes);
    if ('over' in read) return { id, source, reason: read.endless ? overLimit(read, maxBytes, 'a document') : `file of ${read.over} bytes is over the ${maxBytes}-byte limit` };
    const bytes = read.bytes;
    return { id, source, hash: fileHash(bytes, encoding), load: () => loadFile(id, bytes, { encoding }) };
  } catch (error) {
    return { id, source, reason: `cannot read: ${(error as Error).message}` };
  }
}

/** A file to offer, or a link passed over with the reason (they were passed over without a word). */
type Found = string | { path: string; reason: string };

async function* filesUnder(path: string): AsyncIterable<Found> {
  const info = await stat(path);
  if (!info.isDirectory()) {
    yield path;
    return;
  }
  let entries: Dirent[];
  try {
    entries = await readdir(path, { withFileTypes: true });
  } catch {
    return; // An unreadable folder holds nothing we can index; its files are not claimed either.
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.name.startsWith('.') || SKIP_DIRS.has(entry.name)) continue;
    const full = join(path, entry.name);
    if (entry.isDirectory()) yield* filesUnder(full);
    else if (entry.isFile()) yield full;
    else if (entry.isSymbolicLink()) yield await linkTarget(full);
  }
}

/** A link to a file is read as the file; one to a folder, to nothing or to itself is named. */
async function linkTarget(path: string): Promise<Found> {
  try {
    const target = await stat(path);
    if (target.isFile()) return path;
    if (target.isDirectory()) return { path, reason: 'a link to a folder: links to folders are not followed (so a loop cannot be); name the folder itself to index it' };
    return { path, reason: 'a link to a device, pipe or socket, not a file' };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { path, reason: code === 'ELOOP' ? 'a link that leads back to itself (a loop of symbolic links)' : code === 'ENOENT' ? 'a link to a file that is not there' : `cannot follow the link: ${(error as Error).message}` };
  }
}
