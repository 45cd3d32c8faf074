/**
 * A server's shutdown: stop accepting, tell keep-alive clients to reconnect elsewhere, let the
 * requests in flight finish until the deadline (`server.shutdown_timeout_ms`), end the model
 * calls still running with a retryable error that says why, and only then stop the jobs and
 * close the stores, so every call leaves its trace.
 */
import type { Server } from 'node:http';
import { SwitchyardError } from '../core/errors.js';
import type { Log } from '../core/log.js';
import { countOf } from '../core/plural.js';
import { timedOut } from '../core/timed-out.js';
import type { InFlightCalls } from '../http/in-flight-calls.js';
import type { RequestsInFlight } from './requests-in-flight.js';

export interface ClosingParts {
  server: Server;
  requests: RequestsInFlight;
  /** The model calls the data plane runs, ended with `shutdownCutOff` at the deadline. */
  modelCallsInFlight: InFlightCalls;
  /** The Responses WebSockets: no longer the HTTP server's connections, they drain on their own. */
  responsesSocket: { close(deadlineMs: number): Promise<void> };
  log: Log;
  /** The deadline when `close()` is given none (`server.shutdown_timeout_ms`). */
  defaultDeadlineMs: number;
  /** What to stop once no request is left (the jobs, then the gateway core). */
  stopAfter: () => Promise<void>;
}

/** `RunningServer.close`: the first call shuts down, later calls wait for the same shutdown. */
export function gracefulClose(parts: ClosingParts): (deadlineMs?: number) => Promise<void> {
  const { server, requests, log } = parts;
  let closing: Promise<void> | undefined;
  return (deadlineMs = parts.defaultDeadlineMs) => {
    closing ??= (async () => {
      requests.draining = true;
      const idle = requests.idle();
      server.close();
      server.closeIdleConnections();
      // WebSockets are no longer the HTTP server's connections: they drain on their own.
      const sockets = parts.responsesSocket.close(deadlineMs);
      if (await timedOut(idle, deadlineMs)) {
        log(`shutdown: ${countOf(requests.count, 'request')} still in flight after ${deadlineMs} ms; cutting them off`, { level: 'warn', component: 'shutdown' });
        // Model calls end as aborted calls do: a 503, or an error event mid-stream, that says why,
        // and a trace that says so too. Closing their sockets first made each read as a client
        // that left (499, client_closed) and the client's SDK saw only a broken connection.
        parts.modelCallsInFlight.abortAll(() => shutdownCutOff(deadlineMs));
        await timedOut(idle, 1_000);
        // Whatever did not end on its own (another kind of request, a client not reading) is cut;
        // the pipeline sees the client gone and each call still leaves a trace.
        server.closeAllConnections();
        await timedOut(idle, 1_000);
      }
      server.closeAllConnections();
      await sockets;
      await parts.stopAfter();
    })();
    return closing;
  };
}

/**
 * Why a model call still running at the shutdown's deadline was ended: the client's SDK sees a
 * retryable 503 (or that error event mid-stream) naming the setting that bounds the wait.
 */
export function shutdownCutOff(deadlineMs: number): SwitchyardError {
  return new SwitchyardError(
    'unavailable',
    `the gateway shut down before this answer was complete: it waited server.shutdown_timeout_ms (${deadlineMs} ms) for calls in flight; retry, and the next attempt goes to a running replica`,
    { retryAfter: 1 },
  );
}
