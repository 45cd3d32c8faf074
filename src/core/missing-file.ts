import { readdirSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { closestName } from './format-issues.js';

/**
 * Why a YAML path (a config, a suite) that is not there fails, with what a newcomer most likely
 * meant: the YAML file of its folder one typo away (`replicas.yml` for `replicas.yaml`), else the
 * folder's YAML files, else where it looked ("ENOENT: no such file or directory, open …" named no
 * way on).
 *
 * @example missingYamlFile('examples/switchyard.sim.yml') // 'no such file (did you mean examples/switchyard.sim.yaml?)'
 */
export function missingYamlFile(path: string): string {
  const folder = dirname(path);
  let yaml: string[];
  try {
    yaml = readdirSync(folder).filter((name) => /\.ya?ml$/i.test(name)).sort();
  } catch {
    return `no such file (nor folder ${resolve(folder)})`;
  }
  const shown = (name: string) => (folder === '.' && !path.startsWith('./') ? name : `${folder}/${name}`);
  const meant = closestName(basename(path), yaml);
  if (meant) return `no such file (did you mean ${shown(meant)}?)`;
  if (yaml.length === 0) return `no such file, and no YAML file in ${resolve(folder)}`;
  const listed = yaml.slice(0, 8).map(shown).join(', ');
  return `no such file (YAML files there: ${listed}${yaml.length > 8 ? `, … ${yaml.length - 8} more` : ''})`;
}
