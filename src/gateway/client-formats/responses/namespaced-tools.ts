/**
 * Responses API namespaces (`{ type: "namespace", name, description, tools: [functions] }`) for
 * models reached through chat completions, which have no namespaces: each function goes on as
 * `<namespace>__<name>` (a name every chat API takes: letters, digits, `_`, `-`), and a call of
 * that name comes back as the Responses API writes it, `name` and `namespace` apart. The Codex CLI
 * sends its sub-agent tools this way on every request.
 */
import type { JsonObject } from '../../../core/openai-wire.js';
import type { ResponsesRequest } from '../../../core/responses-wire.js';

const SEPARATOR = '__';

/** The chat name of function `name` in `namespace` (`multi_agent_v1__spawn_agent`). */
export function joinedName(namespace: string | undefined, name: string): string {
  return namespace ? `${namespace}${SEPARATOR}${name}` : name;
}

/**
 * The function tools a namespace groups, each with its chat name; `description` falls back to
 * the namespace's, which is all the model would be told of the function otherwise.
 *
 * @example namespaceFunctions({ type: 'namespace', name: 'crm', description: 'CRM', tools: [{ type: 'function', name: 'find' }] })
 * // [{ type: 'function', name: 'crm__find', description: 'CRM' }]
 */
export function namespaceFunctions(tool: JsonObject): JsonObject[] {
  const namespace = String(tool.name);
  const inner = Array.isArray(tool.tools) ? (tool.tools as JsonObject[]) : [];
  return inner.map((fn) => {
    const description = typeof fn.description === 'string' && fn.description !== '' ? fn.description : tool.description;
    return { ...fn, name: joinedName(namespace, String(fn.name)), ...(typeof description === 'string' ? { description } : {}) };
  });
}

/**
 * Splits a chat tool call's name back into the Responses API's `name` and `namespace`, for the
 * names `request`'s namespaces gave out; any other name is returned as it is.
 *
 * @example callName({ model: 'm', tools: [{ type: 'namespace', name: 'crm', tools: [{ type: 'function', name: 'find' }] }] })('crm__find') // { name: 'find', namespace: 'crm' }
 */
export function callName(request: ResponsesRequest): (chatName: string) => { name: string; namespace?: string } {
  const split = new Map<string, { name: string; namespace: string }>();
  for (const tool of request.tools ?? []) {
    if (tool.type !== 'namespace' || !Array.isArray(tool.tools)) continue;
    for (const fn of tool.tools as JsonObject[]) split.set(joinedName(String(tool.name), String(fn.name)), { name: String(fn.name), namespace: String(tool.name) });
  }
  return (chatName) => split.get(chatName) ?? { name: chatName };
}
