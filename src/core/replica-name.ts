import { hostname } from 'node:os';
import { SwitchyardError } from './errors.js';

/** The longest replica name a trace keeps: room for a pod name (63) or a host name and a pid. */
export const MAX_REPLICA_NAME = 100;

/** Letters, digits and `. _ : -`: what host, pod and container names are made of, safe in a URL and a shell. */
const REPLICA_NAME = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;

/**
 * The name of this gateway process, which every trace it writes records (`TraceRecord.replica`):
 * `$SWITCHYARD_REPLICA` when set, else the host's name and the pid (`web-1-48213`). An environment
 * variable, not a config field, because replicas usually share one config file.
 *
 * @example replicaName({ SWITCHYARD_REPLICA: 'eu-1' }) // 'eu-1'
 */
export function replicaName(env: NodeJS.ProcessEnv = process.env, host: string = hostname(), pid: number = process.pid): string {
  const given = env.SWITCHYARD_REPLICA;
  if (given === undefined || given === '') return defaultReplicaName(host, pid);
  if (given.length > MAX_REPLICA_NAME || !REPLICA_NAME.test(given)) {
    throw new SwitchyardError(
      'config_invalid',
      `SWITCHYARD_REPLICA: expected a replica name of 1 to ${MAX_REPLICA_NAME} letters, digits, '.', '_', ':' or '-' (beginning with a letter or digit), got ${JSON.stringify(given.length > 120 ? `${given.slice(0, 120)}…` : given)}${given.length > MAX_REPLICA_NAME ? ` (${given.length} characters)` : ''}`,
    );
  }
  return given;
}

/** The host's name and the pid, the host's cut to fit and any character a name may not hold made `-`. */
function defaultReplicaName(host: string, pid: number): string {
  const suffix = `-${pid}`;
  const cleaned = host.replace(/[^A-Za-z0-9._:-]/g, '-').replace(/^[^A-Za-z0-9]+/, '') || 'host';
  return `${cleaned.slice(0, MAX_REPLICA_NAME - suffix.length)}${suffix}`;
}

/**
 * A replica to list the calls of (`--replica`, `?replica=`): any text a stored name could be, so a
 * longer one is refused rather than matching nothing.
 *
 * @example replicaFilter('eu-1', '--replica') // 'eu-1'
 */
export function replicaFilter(value: string, param: string): string {
  if (value.length > MAX_REPLICA_NAME) throw new SwitchyardError('invalid_request', `${param} has ${value.length} characters; replica names have at most ${MAX_REPLICA_NAME}`, { param });
  return value;
}
