import { type Dirent, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { closestName } from './format-issues.js';

/** Which files of the folder a missing path could have meant, and what to call them. */
export interface FileKind {
  /** "YAML file", "file": as the message says it. */
  noun: string;
  matches(name: string): boolean;
  /** Folders are offered too (`kb add`, `eval generate --from` take either). */
  folders?: boolean;
}

const YAML_FILES: FileKind = { noun: 'YAML file', matches: (name) => /\.ya?ml$/i.test(name) };
/** Any file but dotfiles (`.env`, `.DS_Store` are no one's typo target). */
const ANY_FILE: FileKind = { noun: 'file', matches: (name) => !name.startsWith('.') };
/** A file or a folder (`node_modules` is tooling, not a typo target). */
const ANY_PATH: FileKind = { noun: 'file or folder', matches: (name) => !name.startsWith('.') && name !== 'node_modules', folders: true };

/**
 * Why a path that is not there fails, with what a newcomer most likely meant: the file of its
 * folder one typo away (`replicas.yml` for `replicas.yaml`), else the folder's files of that kind,
 * else where it looked ("ENOENT: no such file or directory, open …" named no way on).
 *
 * @example missingFile('note.txt') // 'no such file (did you mean notes.txt?)'
 */
export function missingFile(path: string, kind: FileKind = ANY_FILE): string {
  const missing = kind.folders ? 'no such file or folder' : 'no such file';
  const siblings = siblingsOf(path, kind);
  if (!siblings) return `${missing} (nor folder ${resolve(dirname(path))})`;
  const { names, shown } = siblings;
  const meant = closestName(basename(path), names);
  if (meant) return `${missing} (did you mean ${shown(meant)}?)`;
  if (names.length === 0) return `${missing}, and no ${kind.noun} in ${resolve(dirname(path))}`;
  const listed = names.slice(0, 8).map(shown).join(', ');
  const plural = kind.folders ? 'files and folders' : `${kind.noun}s`;
  return `${missing} (${plural} there: ${listed}${names.length > 8 ? `, … ${names.length - 8} more` : ''})`;
}

/**
 * {@link missingFile} for a path that may be a file or a folder (`eval generate --from`).
 *
 * @example missingPath('examples/handbok/') // 'no such file or folder (did you mean examples/handbook?)'
 */
export function missingPath(path: string): string {
  return missingFile(withoutTrailingSlash(path), ANY_PATH);
}

/**
 * The file or folder beside a missing path that a typo most likely meant, written as the path
 * was, or undefined.
 *
 * @example closestPath('examples/handbok/') // 'examples/handbook'
 */
export function closestPath(path: string): string | undefined {
  const trimmed = withoutTrailingSlash(path);
  const siblings = siblingsOf(trimmed, ANY_PATH);
  const meant = siblings && closestName(basename(trimmed), siblings.names);
  return meant ? siblings.shown(meant) : undefined;
}

/** The names of the path's folder that `kind` offers, and how to write one as the path was written. */
function siblingsOf(path: string, kind: FileKind): { names: string[]; shown(name: string): string } | undefined {
  const folder = dirname(path);
  let names: string[];
  try {
    names = readdirSync(folder, { withFileTypes: true })
      .filter((entry) => kind.matches(entry.name) && (isFile(folder, entry) || (kind.folders === true && isFolder(folder, entry))))
      .map((entry) => entry.name)
      .sort();
  } catch {
    return undefined;
  }
  return { names, shown: (name) => (folder === '.' && !path.startsWith('./') ? name : `${folder}/${name}`) };
}

function withoutTrailingSlash(path: string): string {
  return path.replace(/(.)\/+$/, '$1');
}

/** A file, or a link to one (a linked `node_modules` is a folder, not a typo target). */
function isFile(folder: string, entry: Dirent): boolean {
  if (!entry.isSymbolicLink()) return entry.isFile();
  try {
    return statSync(join(folder, entry.name)).isFile();
  } catch {
    return false;
  }
}

function isFolder(folder: string, entry: Dirent): boolean {
  if (entry.isDirectory()) return true;
  if (!entry.isSymbolicLink()) return false;
  try {
    return statSync(join(folder, entry.name)).isDirectory();
  } catch {
    return false;
  }
}

/**
 * {@link missingFile} for a config or a suite: only the folder's YAML files are offered.
 *
 * @example missingYamlFile('examples/switchyard.sim.yml') // 'no such file (did you mean examples/switchyard.sim.yaml?)'
 */
export function missingYamlFile(path: string): string {
  return missingFile(path, YAML_FILES);
}

/**
 * Why a file could not be read, in words that lead somewhere: a missing one as `missing` says
 * (the near-typo, or the files that are there), a folder as such (Node's "EISDIR: illegal
 * operation on a directory, read" named no way on), anything else in Node's words.
 *
 * @example whyUnreadable('examples', eisdirError) // 'a folder, not a file: name a file in it'
 */
export function whyUnreadable(path: string, error: unknown, missing: (path: string) => string = missingFile): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return missing(path);
  if (code === 'EISDIR') return 'a folder, not a file: name a file in it';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied: this user may not read it';
  if (code === 'ENOTDIR') return 'a part of the path before its last name is a file, not a folder';
  return pathTrouble(code) ?? (error as Error).message;
}

/**
 * Words for a path no file can be behind, read or written. Node's own messages for these echo the
 * path again after the caller named it (`ENAMETOOLONG: name too long, open '…'`: a 100,000-character
 * path came back twice) or name no fix (`ELOOP: too many symbolic links encountered`).
 */
function pathTrouble(code: string | undefined): string | undefined {
  if (code === 'ELOOP') return 'its symbolic links lead round in a loop (or more than 40 deep): point the link at a file';
  if (code === 'ENAMETOOLONG') return 'the path, or a name in it, is longer than this system allows (255 bytes a name, 4096 a path)';
  return undefined;
}

/**
 * Why a file could not be written (`--out`), in words that lead somewhere: a folder named where a
 * file was meant (Node: "EISDIR: illegal operation on a directory, open"), a folder that is not
 * there, a place this user may not write.
 *
 * @example whyUnwritable('reports', eisdirError) // 'a folder, not a file: name a file in it'
 */
export function whyUnwritable(path: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EISDIR') return 'a folder, not a file: name a file in it';
  if (code === 'ENOENT') return `no such folder ${resolve(dirname(path))}: create it first`;
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return 'permission denied: this user may not write there';
  if (code === 'ENOTDIR') return 'a part of the path before its last name is a file, not a folder';
  return pathTrouble(code) ?? (error as Error).message;
}
