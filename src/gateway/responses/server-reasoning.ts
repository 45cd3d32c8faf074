/**
 * Reasoning the gateway keeps for a stored conversation without giving it to the client
 * (`StoredResponse.serverReasoning`): Claude's signed thinking, as a reasoning item's
 * `encrypted_content`, by item id. The client's items are stored as it has them; the upstream
 * request gets them with that content put back, so Claude sees its own signature again.
 */
import type { JsonObject } from '../../core/openai-wire.js';

export type ServerReasoning = Readonly<Record<string, string>>;

/**
 * The items with each reasoning item that has no `encrypted_content` of its own given the one kept
 * for its id; the items themselves when nothing applies.
 *
 * @example withServerReasoning([{ type: 'reasoning', id: 'rs_1', summary: [] }], { rs_1: 'swy-thinking.v1.W3si…' })
 * // [{ type: 'reasoning', id: 'rs_1', summary: [], encrypted_content: 'swy-thinking.v1.W3si…' }]
 */
export function withServerReasoning(items: JsonObject[], kept: ServerReasoning): JsonObject[] {
  if (!items.some((item) => hiddenFor(item, kept) !== undefined)) return items;
  return items.map((item) => {
    const content = hiddenFor(item, kept);
    return content === undefined ? item : { ...item, encrypted_content: content };
  });
}

/**
 * What a stored response keeps server-side: the kept content of the reasoning items among `items`
 * (its input, its output), nothing for ids it does not hold, so what is stored stays bounded by
 * the conversation itself; undefined when there is none.
 *
 * @example serverReasoningFor([historyItem, ...output], { ...previous.serverReasoning, ...unsent })
 */
export function serverReasoningFor(items: readonly JsonObject[], kept: ServerReasoning): Record<string, string> | undefined {
  let found: Record<string, string> | undefined;
  for (const item of items) {
    const content = hiddenFor(item, kept);
    if (content !== undefined) (found ??= {})[item.id as string] = content;
  }
  return found;
}

function hiddenFor(item: JsonObject, kept: ServerReasoning): string | undefined {
  if (item?.type !== 'reasoning' || typeof item.id !== 'string' || typeof item.encrypted_content === 'string') return undefined;
  return Object.hasOwn(kept, item.id) ? kept[item.id] : undefined;
}
