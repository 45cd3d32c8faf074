/**
 * Responses API namespaces (`{ type: "namespace", name, description, tools: [functions] }`) for
 * models reached through chat completions, which have no namespaces: each function goes on as
 * `<namespace>__<name>` (a name every chat API takes: letters, digits, `_`, `-`), and a call of
 * that name comes back as the Responses API writes it, `name` and `namespace` apart. The Codex CLI
 * sends its sub-agent tools this way on every request. `functions` is the namespace of top-level
 * tools (the Codex CLI puts its own there): its tools keep their names, and their calls come back
 * without a namespace, as OpenAI's do.
 */
import type { JsonObject } from '../../../core/openai-wire.js';
import type { ResponsesRequest } from '../../../core/responses-wire.js';
import { offeredTools } from './additional-tools.js';

const SEPARATOR = '__';
/** The namespace of top-level function and custom tools: naming it is naming none. */
const DEFAULT_NAMESPACE = 'functions';

/** The chat name of function `name` in `namespace` (`multi_agent_v1__spawn_agent`; `exec` in `functions`). */
export function joinedName(namespace: string | undefined, name: string): string {
  return namespace && namespace !== DEFAULT_NAMESPACE ? `${namespace}${SEPARATOR}${name}` : name;
}

/**
 * The tools a namespace groups, each with its chat name; `description` falls back to the
 * namespace's, which is all the model would be told of the tool otherwise.
 *
 * @example namespaceFunctions({ type: 'namespace', name: 'crm', description: 'CRM', tools: [{ type: 'function', name: 'find' }] })
 * // [{ type: 'function', name: 'crm__find', description: 'CRM' }]
 */
export function namespaceFunctions(tool: JsonObject): JsonObject[] {
  const namespace = String(tool.name);
  const inner = Array.isArray(tool.tools) ? (tool.tools as JsonObject[]) : [];
  return inner.map((fn) => {
    const description = typeof fn.description === 'string' && fn.description !== '' ? fn.description : tool.description;
    return { ...fn, name: joinedName(namespace, String(fn.name)), ...(typeof description === 'string' && description !== '' ? { description } : {}) };
  });
}

/** A call's name as the Responses API writes it; `custom` when it calls a custom tool (see custom-tools.ts). */
export interface CallName {
  name: string;
  namespace?: string;
  custom?: true;
}

/**
 * Splits a chat tool call's name back into the Responses API's `name` and `namespace`, for the
 * names `request`'s namespaces gave out, and says which calls are of custom tools; any other name
 * is returned as it is.
 *
 * @example callName({ model: 'm', tools: [{ type: 'namespace', name: 'crm', tools: [{ type: 'function', name: 'find' }] }] })('crm__find') // { name: 'find', namespace: 'crm' }
 */
export function callName(request: ResponsesRequest): (chatName: string) => CallName {
  const split = new Map<string, CallName>();
  const add = (tool: JsonObject, namespace: string | undefined) => {
    const name = String(tool.name);
    const named: CallName = namespace && namespace !== DEFAULT_NAMESPACE ? { name, namespace } : { name };
    if (tool.type === 'custom') named.custom = true;
    if (named.namespace !== undefined || named.custom) split.set(joinedName(namespace, name), named);
  };
  for (const { tool } of offeredTools(request)) {
    if (tool.type !== 'namespace') add(tool, undefined);
    else if (Array.isArray(tool.tools)) for (const inner of tool.tools as JsonObject[]) add(inner, String(tool.name));
  }
  return (chatName) => split.get(chatName) ?? { name: chatName };
}
