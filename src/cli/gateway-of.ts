import { loadServerAddress } from '../config/load-config.js';
import { SwitchyardError } from '../core/errors.js';
import { numberInRange } from '../core/number-flag.js';

/** The running gateway a command talks to, and, when `--gateway` was left out, where its address came from (said on stderr). */
export interface GatewayTarget {
  gateway: string;
  gatewayFrom?: string;
}

/** The port `serve` listens on without a config and without $PORT. */
const DEFAULT_PORT = 4000;

/**
 * The gateway a command that only talks to a running one (`providers`, `traces erase`) reaches:
 * `--gateway URL` as given; else the address `serve` would take, by the same lookup: the config
 * file (`--config`, else $SWITCHYARD_CONFIG) and its `server.host`/`server.port`, else $PORT, else
 * 4000 on 127.0.0.1. Both commands took 4000 whatever the config said, so a gateway served from a
 * config on 8080 was missed (or another program on 4000 was asked). Only the address is read from
 * the file: a problem elsewhere in it (a variable only the gateway's shell sets) is the gateway's.
 *
 * @example gatewayOf({ config: 'switchyard.yaml' }, {}) // { gateway: 'http://127.0.0.1:8080', gatewayFrom: 'server.port of switchyard.yaml' }
 */
export function gatewayOf(flags: { gateway?: string; config?: string }, env: Record<string, string | undefined> = process.env): GatewayTarget {
  if (flags.gateway !== undefined) return { gateway: flags.gateway };
  const file = flags.config ?? (env.SWITCHYARD_CONFIG || undefined);
  if (file !== undefined) {
    const { host, port } = loadServerAddress(file, env);
    return { gateway: `http://${reachable(host)}:${known(port, `${file} sets server.port: 0`)}`, gatewayFrom: `server.port of ${file}` };
  }
  if (env.PORT === undefined || env.PORT.trim() === '') return { gateway: `http://127.0.0.1:${DEFAULT_PORT}`, gatewayFrom: 'the default' };
  // As `serve` reads it without a config.
  const port = numberInRange(env.PORT.trim(), { min: 0, max: 65_535, integer: true });
  if (port === undefined) throw new SwitchyardError('invalid_request', `PORT must be an integer from 0 to 65535, got "${env.PORT}"`, { param: 'gateway' });
  return { gateway: `http://127.0.0.1:${known(port, 'PORT is 0')}`, gatewayFrom: '$PORT' };
}

/** A port to connect to: 0 is a free one picked at start, which only the gateway's own banner knows. */
function known(port: number, said: string): number {
  if (port !== 0) return port;
  throw new SwitchyardError('invalid_request', `${said} (a free port picked at start): pass --gateway with the URL the gateway printed when it started`, { param: 'gateway' });
}

/** The host to connect to for one the gateway binds: any address (0.0.0.0, ::) is reached on loopback; IPv6 goes in brackets. */
function reachable(host: string): string {
  if (host === '' || host === '0.0.0.0' || host === '::' || host === '[::]') return '127.0.0.1';
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

/**
 * The stderr line that says whose gateway answered when `--gateway` was left out: after `npm start
 * -- --port 4100` the default reached whatever else held 4000.
 *
 * @example gatewayNote({ gateway: 'http://127.0.0.1:8080', gatewayFrom: 'server.port of switchyard.yaml' }) // '(the gateway at http://127.0.0.1:8080, from server.port of switchyard.yaml; --gateway URL reaches another)'
 */
export function gatewayNote(target: GatewayTarget): string | undefined {
  return target.gatewayFrom === undefined ? undefined : `(the gateway at ${target.gateway}, from ${target.gatewayFrom}; --gateway URL reaches another)`;
}
