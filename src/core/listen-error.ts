import { clip } from './clip.js';
import { SwitchyardError } from './errors.js';

/** What a server adds when its port is taken: its likely holder, and how to move it instead. */
export interface InUseAdvice {
  /** Said after "the port is in use", e.g. " (a simulator already running? …)". */
  hint?: string;
  /** The way out besides stopping the other process; "pass --port N" unless given. */
  moveIt?: string;
}

/**
 * A failed `listen` as a message a person can act on: a port in use, one that needs root, or a
 * host that is not this machine's names the address and the way out; anything else keeps Node's
 * reason. The address is named by its first 100 characters: `--host` is whatever was typed, and
 * Node's own message echoed all of it (a 100,000-character one filled the terminal).
 *
 * @example listenError(Object.assign(new Error('listen EADDRINUSE'), { code: 'EADDRINUSE' }), '127.0.0.1:9300')
 */
export function listenError(error: NodeJS.ErrnoException, address: string, inUse: InUseAdvice = {}, env: Record<string, string | undefined> = process.env): Error {
  const where = clip(address, 100);
  // Under `npm start` the flag must follow `--`: `npm start --port 4100` hands serve a bare "4100".
  const moveIt = inUse.moveIt ?? (env.npm_lifecycle_event === 'start' ? 'run npm start -- --port N (npm passes on only what follows --)' : 'pass --port N');
  if (error.code === 'EADDRINUSE') return new SwitchyardError('config_invalid', `cannot listen on ${where}: the port is in use${inUse.hint ?? ''}; stop the other process or ${moveIt}`);
  if (error.code === 'EACCES') return new SwitchyardError('config_invalid', `cannot listen on ${where}: permission denied; use a port above 1023`);
  if (error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN' || error.code === 'EINVAL') return new SwitchyardError('config_invalid', `cannot listen on ${where}: no such host name; pass --host with an address of this machine (127.0.0.1 for this machine only, 0.0.0.0 for every interface)`);
  if (error.code === 'EADDRNOTAVAIL') return new SwitchyardError('config_invalid', `cannot listen on ${where}: that address is not one of this machine's; pass --host 127.0.0.1 (this machine only) or 0.0.0.0 (every interface)`);
  return new SwitchyardError('config_invalid', `cannot listen on ${where}: ${clip(error.message, 200)}`, { cause: error });
}
