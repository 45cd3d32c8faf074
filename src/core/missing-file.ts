import { type Dirent, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { closestName } from './format-issues.js';

/** Which files of the folder a missing path could have meant, and what to call them. */
export interface FileKind {
  /** "YAML file", "file": as the message says it. */
  noun: string;
  matches(name: string): boolean;
}

const YAML_FILES: FileKind = { noun: 'YAML file', matches: (name) => /\.ya?ml$/i.test(name) };
/** Any file but dotfiles (`.env`, `.DS_Store` are no one's typo target). */
const ANY_FILE: FileKind = { noun: 'file', matches: (name) => !name.startsWith('.') };

/**
 * Why a path that is not there fails, with what a newcomer most likely meant: the file of its
 * folder one typo away (`replicas.yml` for `replicas.yaml`), else the folder's files of that kind,
 * else where it looked ("ENOENT: no such file or directory, open …" named no way on).
 *
 * @example missingFile('note.txt') // 'no such file (did you mean notes.txt?)'
 */
export function missingFile(path: string, kind: FileKind = ANY_FILE): string {
  const folder = dirname(path);
  let names: string[];
  try {
    names = readdirSync(folder, { withFileTypes: true })
      .filter((entry) => kind.matches(entry.name) && isFile(folder, entry))
      .map((entry) => entry.name)
      .sort();
  } catch {
    return `no such file (nor folder ${resolve(folder)})`;
  }
  const shown = (name: string) => (folder === '.' && !path.startsWith('./') ? name : `${folder}/${name}`);
  const meant = closestName(basename(path), names);
  if (meant) return `no such file (did you mean ${shown(meant)}?)`;
  if (names.length === 0) return `no such file, and no ${kind.noun} in ${resolve(folder)}`;
  const listed = names.slice(0, 8).map(shown).join(', ');
  return `no such file (${kind.noun}s there: ${listed}${names.length > 8 ? `, … ${names.length - 8} more` : ''})`;
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

/**
 * {@link missingFile} for a config or a suite: only the folder's YAML files are offered.
 *
 * @example missingYamlFile('examples/switchyard.sim.yml') // 'no such file (did you mean examples/switchyard.sim.yaml?)'
 */
export function missingYamlFile(path: string): string {
  return missingFile(path, YAML_FILES);
}
