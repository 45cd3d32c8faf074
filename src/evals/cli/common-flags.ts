import { setMaxListeners } from 'node:events';
import { SwitchyardError } from '../../core/errors.js';
import { exitWhenFlushed } from '../../core/exit-when-flushed.js';

/** Flags every eval command that calls models shares. */
export interface GatewayFlags {
  db?: string;
  config?: string;
  gateway?: string;
  apiKey?: string;
}

/** Ctrl-C once: abort the signal (work in flight that listens to it is cancelled; what finished is kept); twice: leave now. */
export function interruptOnSigint(onFirst: () => void): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  // Every in-flight call listens on this one signal; hundreds at once is expected, not a leak.
  setMaxListeners(0, controller.signal);
  let count = 0;
  const handler = () => {
    count++;
    if (count === 1) {
      onFirst();
      controller.abort(new SwitchyardError('internal', 'interrupted (Ctrl-C)'));
    } else exitWhenFlushed(130);
  };
  process.on('SIGINT', handler);
  return { signal: controller.signal, dispose: () => process.off('SIGINT', handler) };
}
