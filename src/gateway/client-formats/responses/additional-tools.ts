/**
 * Tools a Responses request offers outside its `tools` field: the Codex CLI's `additional_tools`
 * input items (`{ type: "additional_tools", role: "developer", tools: [...] }`), which recent
 * Codex models get instead of `tools` (the turn's first request carries them; later ones continue
 * it with `previous_response_id`). A native OpenAI provider gets the items as they are; for a
 * translated model they join the request's tools, a later definition of a name replacing an
 * earlier one.
 */
import type { JsonObject } from '../../../core/openai-wire.js';
import type { ResponsesRequest } from '../../../core/responses-wire.js';

export const ADDITIONAL_TOOLS = 'additional_tools';

/** A tool and where the client sent it (`tools[2]`, `input[0].tools[1]`), for errors. */
export interface OfferedTool {
  tool: { type: string } & JsonObject;
  path: string;
}

/**
 * The additional tools of the stored turns a request continues, by the request as the client
 * sent it: the answer's encoder reads that request, which does not hold them (see
 * `noteEarlierTools`).
 */
const EARLIER = new WeakMap<object, OfferedTool[]>();

/**
 * Records the additional tools of `history` (the turns of `previous_response_id`) for `received`,
 * so the answer to it names their calls as the client knows them.
 */
export function noteEarlierTools(received: JsonObject, history: readonly JsonObject[]): void {
  const tools = toolsOfItems(history, () => "previous_response_id's additional_tools");
  if (tools.length > 0) EARLIER.set(received, tools);
}

function toolsOfItems(items: readonly unknown[], pathOf: (i: number, j: number) => string): OfferedTool[] {
  const found: OfferedTool[] = [];
  items.forEach((item, i) => {
    if (!isAdditionalTools(item)) return;
    const tools = (item as JsonObject).tools;
    if (Array.isArray(tools)) tools.forEach((tool, j) => found.push({ tool: tool as OfferedTool['tool'], path: pathOf(i, j) }));
  });
  return found;
}

export function isAdditionalTools(item: unknown): boolean {
  return item !== null && typeof item === 'object' && (item as JsonObject).type === ADDITIONAL_TOOLS;
}

/**
 * Every tool `request` offers: its `tools`, then those of its `additional_tools` items (and of
 * the stored turns it continues), one per name: a later definition replaces an earlier one.
 *
 * @example offeredTools({ model: 'm', input: [{ type: 'additional_tools', tools: [{ type: 'function', name: 'f' }] }] })
 * // [{ tool: { type: 'function', name: 'f' }, path: 'input[0].tools[0]' }]
 */
export function offeredTools(request: ResponsesRequest): OfferedTool[] {
  const own = (request.tools ?? []).map((tool, i) => ({ tool: tool as OfferedTool['tool'], path: `tools[${i}]` }));
  const input = Array.isArray(request.input) ? request.input : [];
  const added = [...(EARLIER.get(request) ?? []), ...toolsOfItems(input, (i, j) => `input[${i}].tools[${j}]`)];
  if (added.length === 0) return own;
  const byName = new Map<string, OfferedTool>();
  for (const offered of [...own, ...added]) {
    const { type, name } = offered.tool;
    const key = typeof name !== 'string' ? String(type) : type === 'namespace' ? `namespace:${name}` : name;
    byName.delete(key);
    byName.set(key, offered);
  }
  return [...byName.values()];
}
