/**
 * What the request path needs of an abort signal: whether and why it was aborted, and a way to
 * hear it. A real `AbortSignal` is one; so is a `CallAbort`, which the HTTP edge makes for
 * every model call.
 */
export interface AbortLike {
  readonly aborted: boolean;
  readonly reason: unknown;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

/**
 * An abort controller and its signal in one plain object. Node 20's `AbortController` costs
 * ~5 µs to make (its signal is an `EventTarget` whose prototype is swapped after construction),
 * about 4% of a proxied request's CPU, and undici's listener on it as much again; this is an
 * array of listeners. undici takes it as a request's `signal` (any object with
 * `addEventListener`). Listeners run once, on the first abort, with no event argument; one that
 * throws is reported as an uncaught exception without stopping the others, as `EventTarget` does.
 *
 * @example const abort = new CallAbort(); pool.request({ …, signal: abort }); abort.abort(new SwitchyardError('client_closed', '…'));
 */
export class CallAbort implements AbortLike {
  aborted = false;
  reason: unknown = undefined;
  private listeners: (() => void)[] | undefined = undefined;

  /** Listeners run at most once whether or not `once` is asked for: a call is aborted at most once. */
  addEventListener(type: 'abort', listener: () => void, _options?: { once?: boolean }): void {
    if (type !== 'abort' || this.aborted) return;
    const listeners = (this.listeners ??= []);
    if (!listeners.includes(listener)) listeners.push(listener);
  }

  removeEventListener(type: 'abort', listener: () => void): void {
    const listeners = this.listeners;
    if (type !== 'abort' || !listeners) return;
    const at = listeners.indexOf(listener);
    if (at >= 0) listeners.splice(at, 1);
  }

  /** Aborts once; later calls change nothing. Without a reason it is an `AbortError`, as with `AbortController`. */
  abort(reason?: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason ?? new DOMException('This operation was aborted', 'AbortError');
    const listeners = this.listeners;
    this.listeners = undefined;
    if (!listeners) return;
    for (const listener of listeners) {
      try {
        listener();
      } catch (error) {
        process.nextTick(() => {
          throw error;
        });
      }
    }
  }
}
