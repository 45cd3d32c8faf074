/**
 * Model answers by request hash: a re-run of a suite reads finished answers from here instead
 * of paying for them again.
 */
export interface ResponseCache {
  get<T>(key: string): Promise<T | undefined>;
  /** Stores a JSON value; putting a key again replaces it. */
  put(key: string, value: unknown): Promise<void>;
  /**
   * Deletes the cached answers of these traces (a value's `traceId`, as `ChatResult` records it):
   * a purge of what they quote; a re-run pays for those calls again. Returns how many went.
   */
  forgetTraces(traceIds: readonly string[], dryRun?: boolean): Promise<number>;
}
