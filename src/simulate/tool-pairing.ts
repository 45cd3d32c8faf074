/**
 * Claude's rule on tool loops: every `tool_use` block of an assistant turn needs a `tool_result`
 * with its id in the next message, or the request is a 400 ("Each `tool_use` block must have a
 * corresponding `tool_result` block in the next message"). A gateway that drops or misplaces a
 * result (an agent answering one of two parallel calls, a translation merging turns) must meet
 * that refusal here as it would on Claude. Server tools (`server_tool_use`, `mcp_tool_use`) get
 * their results in the same assistant turn and are not checked. A conversation that ends on the
 * assistant's tool call (nothing after it) is left alone: that is a prefill, not a missing answer.
 * The other way round is a 400 too: a `tool_result` needs its `tool_use` in the turn before.
 */
import { type JsonObject, isJsonObject } from '../core/openai-wire.js';

function blocksOf(message: unknown): JsonObject[] {
  return isJsonObject(message) && Array.isArray(message.content) ? message.content.filter(isJsonObject) : [];
}

/**
 * Claude's 400 message for the first assistant turn whose tool calls the next message does not all
 * answer; undefined when every call is answered.
 *
 * @example toolPairingProblem([{ role: 'user', content: 'Hi' }, { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'f', input: {} }] }, { role: 'user', content: 'Go on' }])
 * // 'messages.1: `tool_use` ids were found without `tool_result` blocks immediately after: toolu_1. …'
 */
export function toolPairingProblem(messages: readonly unknown[]): string | undefined {
  const repeated = repeatedToolUseProblem(messages);
  if (repeated) return repeated;
  for (let i = 0; i < messages.length - 1; i++) {
    const message = messages[i];
    if (!isJsonObject(message) || message.role !== 'assistant') continue;
    const calls = blocksOf(message).flatMap((block) => (block.type === 'tool_use' && typeof block.id === 'string' ? [block.id] : []));
    if (calls.length === 0) continue;
    const next = messages[i + 1];
    const answered = new Set(isJsonObject(next) && next.role === 'user' ? blocksOf(next).flatMap((block) => (block.type === 'tool_result' && typeof block.tool_use_id === 'string' ? [block.tool_use_id] : [])) : []);
    const missing = calls.filter((id) => !answered.has(id));
    if (missing.length > 0) {
      return `messages.${i}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${missing.join(', ')}. Each \`tool_use\` block must have a corresponding \`tool_result\` block in the next message.`;
    }
  }
  return orphanResultProblem(messages);
}

/**
 * Claude's 400 for a `tool_use` id an earlier block of the request already has, in any turn
 * ("messages.1.content.1: `tool_use` ids must be unique", as Claude Code's and LiteLLM's
 * captures quote it): chat completions lets a client reuse an id from turn to turn, Claude does not.
 */
function repeatedToolUseProblem(messages: readonly unknown[]): string | undefined {
  const seen = new Set<unknown>();
  for (let i = 0; i < messages.length; i++) {
    const blocks = blocksOf(messages[i]);
    for (let j = 0; j < blocks.length; j++) {
      const block = blocks[j]!;
      if (block.type !== 'tool_use') continue;
      if (seen.has(block.id)) return `messages.${i}.content.${j}: \`tool_use\` ids must be unique`;
      seen.add(block.id);
    }
  }
  return undefined;
}

/**
 * Claude's 400 for a `tool_result` whose id no `tool_use` of the assistant turn right before it
 * carries (a result answering nothing, or answering a call two turns back).
 */
function orphanResultProblem(messages: readonly unknown[]): string | undefined {
  for (let i = 0; i < messages.length; i++) {
    const message = messages[i];
    if (!isJsonObject(message) || message.role !== 'user') continue;
    const previous = messages[i - 1];
    const calls = new Set(isJsonObject(previous) && previous.role === 'assistant' ? blocksOf(previous).flatMap((block) => (block.type === 'tool_use' && typeof block.id === 'string' ? [block.id] : [])) : []);
    const blocks = blocksOf(message);
    for (let j = 0; j < blocks.length; j++) {
      const block = blocks[j]!;
      if (block.type !== 'tool_result' || typeof block.tool_use_id !== 'string' || calls.has(block.tool_use_id)) continue;
      return `messages.${i}.content.${j}: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${block.tool_use_id}. Each \`tool_result\` block must have a corresponding \`tool_use\` block in the previous message.`;
    }
  }
  return undefined;
}
