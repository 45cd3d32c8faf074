import type { WebSocket } from 'ws';
import { CallAbort } from '../../core/call-abort.js';
import { type Clock, systemClock } from '../../core/clock.js';

/** How long a Responses socket may stay open and may sit idle between responses. */
export interface SocketLifetimeLimits {
  /** Closed after this long without a message or a response in progress (default 10 minutes). */
  idleMs: number;
  /** Closed between responses once this old (default 60 minutes, as OpenAI's connection limit). */
  maxAgeMs: number;
}

/**
 * OpenAI ends a Responses WebSocket at 60 minutes; a client reconnects and sends its whole input.
 * Idle: long enough for a person to read an answer and type the next turn, short enough that a
 * forgotten client does not hold its conversation in memory (AWS API Gateway's WebSocket idle
 * timeout is the same 10 minutes).
 */
export const DEFAULT_SOCKET_LIFETIME: SocketLifetimeLimits = { idleMs: 10 * 60_000, maxAgeMs: 60 * 60_000 };


/**
 * One socket's idle and age clock. A response in progress is never cut: the socket closes only
 * when nothing is being answered, with 1000 and a reason naming the limit (OpenAI documents no
 * close code of its own for these). A single wait per socket on the gateway's clock, re-armed when
 * a response ends (tests step that clock rather than wait out the limits).
 *
 * @example const life = new SocketLifetime(ws, DEFAULT_SOCKET_LIFETIME, clock); life.busy(); …; life.idle();
 */
export class SocketLifetime {
  private readonly openedAt: number;
  private lastActive: number;
  private working = 0;
  /** Ends the wait armed last (a message came, or the socket closed). */
  private wait: CallAbort | undefined;

  constructor(
    private readonly ws: WebSocket,
    private readonly limits: SocketLifetimeLimits,
    private readonly clock: Clock = systemClock,
  ) {
    this.openedAt = clock.now();
    this.lastActive = this.openedAt;
    // A client's ping counts as activity (ws answers it with a pong by itself).
    ws.on('ping', () => this.touch());
    ws.on('close', () => this.disarm());
    this.arm();
  }

  /** Whether the socket reached its maximum age (a new response is refused, then the socket closes). */
  get expired(): boolean {
    return this.clock.now() - this.openedAt >= this.limits.maxAgeMs;
  }

  /** A message arrived or a response started: no close until `idle()`. */
  busy(): void {
    this.working++;
    this.touch();
  }

  /** A message was answered: the clocks run again from now. */
  idle(): void {
    this.working--;
    this.touch();
  }

  /** OpenAI's message for a `response.create` on a socket past its age (code `websocket_connection_limit_reached`). */
  get ageLimitMessage(): string {
    return `Responses websocket connection limit reached (${minutes(this.limits.maxAgeMs)}). Create a new websocket connection to continue.`;
  }

  /** Closes a socket past its age, after its refusal of a new response went out. */
  closeExpired(): void {
    this.ws.close(1000, `connection limit reached (${minutes(this.limits.maxAgeMs)}): open a new one`);
  }

  private touch(): void {
    this.lastActive = this.clock.now();
    this.arm();
  }

  private arm(): void {
    this.disarm();
    if (this.working > 0 || this.ws.readyState !== this.ws.OPEN) return;
    const now = this.clock.now();
    const due = Math.min(this.lastActive + this.limits.idleMs, this.openedAt + this.limits.maxAgeMs);
    const wait = (this.wait = new CallAbort());
    // An ended wait rejects: nothing to do, the next one (if any) is armed already.
    this.clock.sleep(Math.max(due - now, 0), wait).then(
      () => {
        if (this.wait === wait) this.check();
      },
      () => undefined,
    );
  }

  private disarm(): void {
    this.wait?.abort(DISARMED);
    this.wait = undefined;
  }

  private check(): void {
    this.wait = undefined;
    if (this.working > 0) return;
    if (this.expired) this.closeExpired();
    else if (this.clock.now() - this.lastActive >= this.limits.idleMs) this.ws.close(1000, `idle for ${minutes(this.limits.idleMs)}: open a new one`);
    else this.arm();
  }
}

/** An ended wait's reason: a constant, since nobody reads it (an `AbortError` would build a stack per message). */
const DISARMED = 'disarmed';

function minutes(ms: number): string {
  return ms >= 60_000 && ms % 60_000 === 0 ? `${ms / 60_000} minutes` : `${ms} ms`;
}
