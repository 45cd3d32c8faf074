import type { CallAbort } from '../core/call-abort.js';
import type { SwitchyardError } from '../core/errors.js';

/**
 * The model calls a data plane is answering, so a shutdown whose deadline ran out can end them
 * with a reason instead of closing their sockets under them: each call then ends as any aborted
 * call does (a 503 before its answer began, an error event in the client's format mid-stream), and
 * its trace says why, where a socket closed by the gateway read as the client having left (499,
 * `client_closed`).
 *
 * @example const calls = new InFlightCalls(); calls.add(abort); …; calls.abortAll(() => new SwitchyardError('unavailable', 'the gateway shut down …'));
 */
export class InFlightCalls {
  private readonly calls = new Set<CallAbort>();

  get size(): number {
    return this.calls.size;
  }

  add(call: CallAbort): void {
    this.calls.add(call);
  }

  delete(call: CallAbort): void {
    this.calls.delete(call);
  }

  /**
   * Aborts every call in flight, each with an error of its own from `reasonOf`; returns how many
   * there were. One shared error would be one key for what each call keeps about its abort (the
   * target it abandoned, booked by the cost stage): every call cut at a shutdown was booked to the
   * last one's provider, model and price.
   */
  abortAll(reasonOf: () => SwitchyardError): number {
    const calls = [...this.calls];
    this.calls.clear();
    for (const call of calls) call.abort(reasonOf());
    return calls.length;
  }
}
