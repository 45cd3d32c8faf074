import type { JsonObject } from '../core/openai-wire.js';

/**
 * The responses the simulated OpenAI stored (`store` defaults to true), so `previous_response_id`
 * works against it as against the real API. Bounded: the oldest are forgotten first.
 *
 * @example memory.remember('resp_1', [{ role: 'user', content: 'Hi' }]); memory.recall('resp_1')?.length // 1
 */
export class ResponseMemory {
  private readonly items = new Map<string, JsonObject[]>();
  /** Output item ids of the stored responses, by the response that holds them. */
  private readonly itemIds = new Map<string, string>();

  constructor(private readonly capacity = 1_000) {}

  /** Keeps a response's conversation; `output` names its own items, which later input may send back by id. */
  remember(id: string, conversation: JsonObject[], output: readonly JsonObject[] = []): void {
    this.items.set(id, conversation);
    for (const item of output) if (typeof item.id === 'string') this.itemIds.set(item.id, id);
    if (this.items.size > this.capacity) {
      const oldest = this.items.keys().next().value;
      if (oldest !== undefined) this.forget(oldest);
    }
  }

  /** Whether an item of a stored response has this id (the API finds such items by id). */
  knowsItem(itemId: string): boolean {
    const owner = this.itemIds.get(itemId);
    return owner !== undefined && this.items.has(owner);
  }

  private forget(id: string): void {
    for (const item of this.items.get(id) ?? []) if (typeof item.id === 'string' && this.itemIds.get(item.id) === id) this.itemIds.delete(item.id);
    this.items.delete(id);
  }

  recall(id: string): JsonObject[] | undefined {
    return this.items.get(id);
  }

  clear(): void {
    this.items.clear();
    this.itemIds.clear();
  }
}
