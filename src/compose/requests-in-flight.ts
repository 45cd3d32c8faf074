/**
 * The server's requests in flight: what a shutdown waits for before it closes the stores, what
 * /health reports while draining, and the metrics' gauge of model calls. A request counts until
 * its response closed and, for a model call, its trace is queued.
 */
export class RequestsInFlight {
  /** Requests not settled yet. */
  count = 0;
  /** Model calls whose pipeline has not finished (the metrics' in-flight gauge). */
  modelCalls = 0;
  /** Set once the shutdown begins: keep-alive clients are told to reconnect, model calls are refused. */
  draining = false;
  private drained: (() => void) | undefined;

  /** One request settled; the last one while a shutdown waits ends its wait. */
  settled(): void {
    this.count--;
    if (this.count === 0) this.drained?.();
  }

  /** Resolves once no request is in flight (at once when none is). */
  idle(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.drained = resolve;
      if (this.count === 0) resolve();
    });
  }
}
