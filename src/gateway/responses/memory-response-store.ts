import type { Clock } from '../../core/clock.js';
import { SwitchyardError } from '../../core/errors.js';
import type { ErasureMatch } from '../../core/erasure-match.js';
import { DEFAULT_RETENTION, echoesErasure, followConversations, forgetWithContinuations, outputItemIds, type ResponseRetention, type ResponseStore, type StoredResponse } from './response-store.js';

interface Entry {
  owner: string | null;
  createdAt: number;
  /** The input and response as JSON text: exact to account for, and no object graph kept alive. */
  text: string;
  /** Its output items' ids, as `byItem` holds them. */
  items: string[];
}

/**
 * Stored responses in process memory, bounded by count, age and bytes (oldest out first). For
 * tests and a gateway without a database; they do not survive a restart.
 *
 * @example const store = new MemoryResponseStore(systemClock, { ...DEFAULT_RETENTION, maxEntries: 100 });
 */
export class MemoryResponseStore implements ResponseStore {
  // Map order is insertion order, and a put re-inserts: the first entry is always the oldest.
  private readonly entries = new Map<string, Entry>();
  /** Response ids by output item id, for `holdingItem`. */
  private readonly byItem = new Map<string, Set<string>>();
  private bytes = 0;

  constructor(
    private readonly clock: Pick<Clock, 'now'>,
    private readonly retention: ResponseRetention = DEFAULT_RETENTION,
  ) {}

  async put(record: StoredResponse): Promise<void> {
    const text = JSON.stringify({ input: record.input, response: record.response, serverReasoning: record.serverReasoning, context: record.context });
    if (text.length > this.retention.maxBytes) throw tooLarge(record.id, text.length, this.retention.maxBytes);
    this.remove(record.id);
    const items = outputItemIds(record.response);
    this.entries.set(record.id, { owner: record.owner, createdAt: record.createdAt, text, items });
    for (const item of items) {
      const holders = this.byItem.get(item);
      if (holders) holders.add(record.id);
      else this.byItem.set(item, new Set([record.id]));
    }
    this.bytes += text.length;
    this.prune();
  }

  async get(id: string): Promise<StoredResponse | undefined> {
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    if (entry.createdAt < this.clock.now() - this.retention.maxAgeMs) {
      this.remove(id);
      return undefined;
    }
    const { input, response, serverReasoning, context } = JSON.parse(entry.text) as Pick<StoredResponse, 'input' | 'response' | 'serverReasoning' | 'context'>;
    return { id, owner: entry.owner, createdAt: entry.createdAt, input, response, ...(serverReasoning ? { serverReasoning } : {}), ...(context ? { context } : {}) };
  }

  async delete(id: string): Promise<boolean> {
    return this.remove(id);
  }

  async forgetConversations(ids: readonly string[]): Promise<number> {
    return forgetWithContinuations(ids, async (batch) => batch.filter((id) => this.remove(id)).length, (parents) => this.continuing(parents));
  }

  async conversations(ids: readonly string[]): Promise<string[]> {
    return followConversations(ids, async (batch) => batch.filter((id) => this.entries.has(id)), (parents) => this.continuing(parents));
  }

  async echoing(match: ErasureMatch): Promise<string[]> {
    return [...this.entries]
      .filter(([, entry]) => {
        const { response, context } = JSON.parse(entry.text) as Pick<StoredResponse, 'response' | 'context'>;
        return echoesErasure(JSON.stringify(response), match, context);
      })
      .map(([id]) => id);
  }

  /** The stored responses whose `previous_response_id` is one of `parents`. */
  private async continuing(parents: readonly string[]): Promise<string[]> {
    const wanted = new Set(parents);
    return [...this.entries].filter(([, entry]) => wanted.has((JSON.parse(entry.text) as { response: { previous_response_id?: unknown } }).response.previous_response_id as string)).map(([id]) => id);
  }

  async holdingItem(owner: string | null, itemId: string): Promise<StoredResponse | undefined> {
    let newest: string | undefined;
    let newestAt = -Infinity;
    for (const id of this.byItem.get(itemId) ?? []) {
      const entry = this.entries.get(id);
      if (entry && entry.owner === owner && entry.createdAt >= newestAt) [newest, newestAt] = [id, entry.createdAt];
    }
    return newest === undefined ? undefined : this.get(newest);
  }

  private remove(id: string): boolean {
    const entry = this.entries.get(id);
    if (!entry) return false;
    this.entries.delete(id);
    this.bytes -= entry.text.length;
    for (const item of entry.items) {
      const holders = this.byItem.get(item);
      holders?.delete(id);
      if (holders?.size === 0) this.byItem.delete(item);
    }
    return true;
  }

  private prune(): void {
    const oldest = this.clock.now() - this.retention.maxAgeMs;
    for (const [id, entry] of this.entries) {
      const over = this.entries.size > this.retention.maxEntries || this.bytes > this.retention.maxBytes;
      if (!over && entry.createdAt >= oldest) break;
      this.remove(id);
    }
  }
}

/**
 * The error for a response too large to keep within the store's size bound.
 *
 * @example tooLarge('resp_1', 2_000, 1_000).code // 'body_too_large'
 */
export function tooLarge(id: string, size: number, max: number): SwitchyardError {
  return new SwitchyardError('body_too_large', `response ${id} is not stored: its ${size} bytes exceed the store's bound of ${max}`);
}
