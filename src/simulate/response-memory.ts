import type { JsonObject } from '../core/openai-wire.js';

/**
 * The responses the simulated OpenAI stored (`store` defaults to true), so `previous_response_id`
 * works against it as against the real API. Bounded: the oldest are forgotten first.
 *
 * @example memory.remember('resp_1', [{ role: 'user', content: 'Hi' }]); memory.recall('resp_1')?.length // 1
 */
export class ResponseMemory {
  private readonly items = new Map<string, JsonObject[]>();

  constructor(private readonly capacity = 1_000) {}

  remember(id: string, conversation: JsonObject[]): void {
    this.items.set(id, conversation);
    if (this.items.size > this.capacity) {
      const oldest = this.items.keys().next().value;
      if (oldest !== undefined) this.items.delete(oldest);
    }
  }

  recall(id: string): JsonObject[] | undefined {
    return this.items.get(id);
  }

  clear(): void {
    this.items.clear();
  }
}
