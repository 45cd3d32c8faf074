/**
 * Model answers by request hash: a re-run of a suite reads finished answers from here instead
 * of paying for them again.
 */
export interface ResponseCache {
  get<T>(key: string): Promise<T | undefined>;
  /** Stores a JSON value; putting a key again replaces it. */
  put(key: string, value: unknown): Promise<void>;
}
