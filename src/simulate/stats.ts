/**
 * What the simulator has been sent: counts by path, model and status, and the last few
 * requests with headers and bodies, so a test can assert what the gateway asked upstream.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { RecordedRequest, SimulatorStats } from './types.js';

function bump(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

/**
 * @example
 * const stats = new StatsRecorder(50);
 * stats.record('POST', '/v1/chat/completions', 'standin-small', req.headers, body);
 * stats.snapshot().byModel['standin-small']; // 1
 */
export class StatsRecorder {
  private requests = 0;
  // No prototype: a client's model "constructor" read Object itself as its count (and "__proto__"
  // was not counted), so /_sim/stats said "function Object() { [native code] }1".
  private byPath: Record<string, number> = Object.create(null);
  private byModel: Record<string, number> = Object.create(null);
  private byStatus: Record<string, number> = Object.create(null);
  private faultsInjected = 0;
  private streamsAbandoned = 0;
  private tokensUnsent = 0;
  private last: RecordedRequest[] = [];

  constructor(private readonly keep: number) {}

  record(method: string, path: string, model: string | null, headers: IncomingHttpHeaders, body: unknown): void {
    this.requests += 1;
    bump(this.byPath, path);
    if (model !== null) bump(this.byModel, model);
    if (this.keep <= 0) return;
    // Headers and body are kept by reference: copying them on every request would cost the hot path.
    this.last.push({ at: Date.now(), method, path, model, headers, body });
    if (this.last.length > this.keep) this.last.shift();
  }

  countStatus(status: number): void {
    bump(this.byStatus, String(status));
  }

  countFault(): void {
    this.faultsInjected += 1;
  }

  countAbandoned(unsentTokens: number): void {
    this.streamsAbandoned += 1;
    this.tokensUnsent += unsentTokens;
  }

  /** A copy, safe to keep while more requests arrive. */
  snapshot(): SimulatorStats {
    return {
      requests: this.requests,
      byPath: { ...this.byPath },
      byModel: { ...this.byModel },
      byStatus: { ...this.byStatus },
      faultsInjected: this.faultsInjected,
      streamsAbandoned: this.streamsAbandoned,
      tokensUnsent: this.tokensUnsent,
      lastRequests: [...this.last],
    };
  }

  reset(): void {
    this.requests = 0;
    this.byPath = Object.create(null);
    this.byModel = Object.create(null);
    this.byStatus = Object.create(null);
    this.faultsInjected = 0;
    this.streamsAbandoned = 0;
    this.tokensUnsent = 0;
    this.last = [];
  }
}
