/**
 * OpenAI's rules on a chat tool loop, with its 400s as sent: a tool message needs a
 * `tool_call_id`, answers a call of the assistant message right before its run of tool messages,
 * and every call of that assistant message is answered before anything else is said. A gateway
 * that drops, misplaces or invents a tool result (a translation splitting or merging turns) must
 * meet that refusal here as it would on OpenAI. A conversation ending on the assistant's calls is
 * left alone, as `tool-pairing.ts` leaves Claude's.
 */
import { isJsonObject } from '../core/openai-wire.js';

export interface ToolPairingError {
  message: string;
  param: string;
  code: string | null;
}

function callIds(message: unknown): string[] {
  if (!isJsonObject(message) || message.role !== 'assistant' || !Array.isArray(message.tool_calls)) return [];
  return message.tool_calls.flatMap((call) => (isJsonObject(call) && typeof call.id === 'string' ? [call.id] : []));
}

/**
 * OpenAI's 400 for the first tool message or tool call that breaks the pairing; undefined when the
 * loop is well formed. OpenAI writes these params with a dot before the index (`messages.[3].role`).
 *
 * @example openaiToolPairingProblem([{ role: 'user', content: 'Hi' }, { role: 'tool', tool_call_id: 'call_1', content: 'x' }])
 * // { message: "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.", param: 'messages.[1].role', code: null }
 */
export function openaiToolPairingProblem(messages: readonly unknown[]): ToolPairingError | undefined {
  let open: { at: number; pending: Set<string>; ids: Set<string> } | undefined;
  for (let i = 0; i < messages.length; i++) {
    const message = messages[i];
    const role = isJsonObject(message) ? message.role : undefined;
    if (role === 'tool' && isJsonObject(message)) {
      const id = message.tool_call_id;
      if (typeof id !== 'string') return { message: `Missing required parameter: 'messages[${i}].tool_call_id'.`, param: `messages[${i}].tool_call_id`, code: 'missing_required_parameter' };
      if (!open) return { message: "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.", param: `messages.[${i}].role`, code: null };
      if (!open.ids.has(id)) return { message: `Invalid parameter: 'tool_call_id' of '${id}' not found in 'tool_calls' of previous message.`, param: `messages.[${i}].tool_call_id`, code: null };
      open.pending.delete(id);
      continue;
    }
    if (open && open.pending.size > 0) return unanswered(open.at, open.pending);
    const ids = callIds(message);
    open = ids.length > 0 ? { at: i, pending: new Set(ids), ids: new Set(ids) } : undefined;
  }
  // Calls at the very end are the assistant's latest turn, not a missing answer.
  if (open && open.pending.size > 0 && open.pending.size < open.ids.size) return unanswered(open.at, open.pending);
  return undefined;
}

function unanswered(at: number, pending: ReadonlySet<string>): ToolPairingError {
  return {
    message: `An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: ${[...pending].join(', ')}`,
    param: `messages.[${at}].role`,
    code: null,
  };
}
