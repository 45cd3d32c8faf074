import { SwitchyardError } from './errors.js';

/**
 * A failed `listen` as a message a person can act on: a port in use or one that needs root
 * names the address and the way out; anything else stays as it was.
 *
 * @example listenError(Object.assign(new Error('listen EADDRINUSE'), { code: 'EADDRINUSE' }), '127.0.0.1:9300')
 */
export function listenError(error: NodeJS.ErrnoException, where: string, inUseHint = ''): Error {
  if (error.code === 'EADDRINUSE') return new SwitchyardError('config_invalid', `cannot listen on ${where}: the port is in use${inUseHint}; stop the other process or pass --port N`);
  if (error.code === 'EACCES') return new SwitchyardError('config_invalid', `cannot listen on ${where}: permission denied; use a port above 1023`);
  return error;
}
