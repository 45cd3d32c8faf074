/**
 * The two transports model calls arrive on: the HTTP data plane (`/v1/…`) and OpenAI's Responses
 * WebSocket mode (the Codex CLI's), built with the same limits, and the set of calls in flight a
 * shutdown ends at its deadline.
 */
import type { Config } from '../config/schema.js';
import type { Clock } from '../core/clock.js';
import { createDataPlane } from '../http/data-plane.js';
import { InFlightCalls } from '../http/in-flight-calls.js';
import { createResponsesSocket } from '../http/responses-socket/responses-socket.js';
import type { SocketLifetimeLimits } from '../http/responses-socket/socket-lifetime.js';
import type { GatewayCore } from './gateway-core.js';

export interface ModelTransports {
  dataPlane: ReturnType<typeof createDataPlane>;
  responsesSocket: ReturnType<typeof createResponsesSocket>;
  /** The data plane's model calls, for the shutdown to end at its deadline. */
  modelCallsInFlight: InFlightCalls;
}

/** `lifetime` bounds a Responses WebSocket's idle time and age (defaults: 10 and 60 minutes), kept on `clock`. */
export function openModelTransports(config: Config, core: Pick<GatewayCore, 'gateway' | 'keys'>, sockets: { lifetime: SocketLifetimeLimits | undefined; clock: Clock }): ModelTransports {
  const transportOptions = {
    gateway: core.gateway,
    keys: core.keys,
    bodyLimitBytes: Math.round(config.server.body_limit_mb * 1024 * 1024),
    totalTimeoutMs: config.timeouts.total_ms,
    durableTraces: config.traces.durability === 'sync',
  };
  const modelCallsInFlight = new InFlightCalls();
  const dataPlane = createDataPlane({ ...transportOptions, inFlight: modelCallsInFlight });
  const responsesSocket = createResponsesSocket({ ...transportOptions, ...sockets });
  return { dataPlane, responsesSocket, modelCallsInFlight };
}
