import type { Server } from 'node:http';
import { describe, expect, it } from 'vitest';
import { CallAbort } from '../core/call-abort.js';
import { SwitchyardError } from '../core/errors.js';
import { InFlightCalls } from '../http/in-flight-calls.js';
import { gracefulClose, shutdownCutOff } from './graceful-close.js';
import { RequestsInFlight } from './requests-in-flight.js';

/** A server that records what the shutdown did to it; `onCloseAll` plays a connection ending when cut. */
function recordingServer(steps: string[], onCloseAll: () => void = () => undefined): Server {
  return {
    close: () => steps.push('stop accepting'),
    closeIdleConnections: () => steps.push('close idle'),
    closeAllConnections: () => {
      steps.push('cut all');
      onCloseAll();
    },
  } as unknown as Server;
}

function closer(requests: RequestsInFlight, steps: string[], calls = new InFlightCalls(), server = recordingServer(steps)) {
  const lines: string[] = [];
  const close = gracefulClose({
    server,
    requests,
    modelCallsInFlight: calls,
    responsesSocket: { close: async (deadlineMs) => void steps.push(`sockets closing within ${deadlineMs} ms`) },
    log: (line) => lines.push(line),
    defaultDeadlineMs: 30_000,
    stopAfter: async () => void steps.push('stop jobs and core'),
  });
  return { close, lines };
}

describe('shutdownCutOff', () => {
  it('is a 503 to retry after 1 s that names the setting and its value', () => {
    const error = shutdownCutOff(2_500);
    expect(error).toBeInstanceOf(SwitchyardError);
    expect(error.status).toBe(503);
    expect(error.retryAfter).toBe(1);
    expect(error.message).toBe('the gateway shut down before this answer was complete: it waited server.shutdown_timeout_ms (2500 ms) for calls in flight; retry, and the next attempt goes to a running replica');
  });
});

describe('gracefulClose', () => {
  it('with nothing in flight stops accepting, then stops the jobs and core without a warning', async () => {
    const steps: string[] = [];
    const requests = new RequestsInFlight();
    const { close, lines } = closer(requests, steps);
    await close();
    expect(requests.draining).toBe(true);
    expect(steps).toEqual(['stop accepting', 'close idle', 'sockets closing within 30000 ms', 'cut all', 'stop jobs and core']);
    expect(lines).toEqual([]);
  });

  it('waits for a request in flight to settle before stopping the core', async () => {
    const steps: string[] = [];
    const requests = new RequestsInFlight();
    requests.count = 1;
    const { close } = closer(requests, steps);
    const closing = close(5_000);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(steps).not.toContain('stop jobs and core');
    steps.push('request settled');
    requests.settled();
    await closing;
    expect(steps.slice(-3)).toEqual(['request settled', 'cut all', 'stop jobs and core']);
  });

  it('at the deadline says how many are left, ends model calls with shutdownCutOff, then cuts the connections', async () => {
    const steps: string[] = [];
    const requests = new RequestsInFlight();
    requests.count = 2;
    const calls = new InFlightCalls();
    const call = new CallAbort();
    calls.add(call);
    // The aborted model call settles at once; the other request ends only when its connection is cut.
    call.addEventListener('abort', () => requests.settled());
    const server = recordingServer(steps, () => requests.count > 0 && requests.settled());
    const { close, lines } = closer(requests, steps, calls, server);
    await close(30);
    expect(lines).toEqual(['shutdown: 2 requests still in flight after 30 ms; cutting them off']);
    expect((call.reason as SwitchyardError).message).toBe(shutdownCutOff(30).message);
    expect(steps.slice(-3)).toEqual(['cut all', 'cut all', 'stop jobs and core']);
  });

  it('shuts down once however often it is called', async () => {
    const steps: string[] = [];
    const { close } = closer(new RequestsInFlight(), steps);
    const first = close();
    expect(close(10)).toBe(first);
    await first;
    expect(steps.filter((step) => step === 'stop jobs and core')).toHaveLength(1);
  });
});
