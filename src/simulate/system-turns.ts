/**
 * Where a mid-conversation system message (`role: "system"` in `messages`) may stand, as
 * Anthropic's placement rules for Claude Opus 4.8 state them: not first, right after a user turn
 * (or an assistant turn ending in a server tool use), last or followed by an assistant turn,
 * never beside another, text blocks only. The wording of each 400 is the rule's, not a capture.
 */
import { type JsonObject, isJsonObject } from '../core/openai-wire.js';
import { takesSystemTurns } from '../core/claude-models.js';

function endsInServerToolUse(message: JsonObject): boolean {
  const content = message.content;
  if (!Array.isArray(content) || content.length === 0) return false;
  const last = content[content.length - 1];
  return isJsonObject(last) && last.type === 'server_tool_use';
}

/**
 * The 400 for the system message at `i` of `messages`, or undefined when it may stand there.
 *
 * @example systemTurnProblem('claude-opus-4-8', [{ role: 'system', content: 'x' }], 0) // 'messages.0: a system message cannot be the first message; …'
 */
export function systemTurnProblem(model: string, messages: readonly unknown[], i: number): string | undefined {
  // Models without the feature refuse the role as they always did.
  if (takesSystemTurns(model) === false) return `messages.${i}.role: Input should be 'user' or 'assistant'`;
  const before = messages[i - 1];
  const after = messages[i + 1];
  if (!isJsonObject(before)) return `messages.${i}: a system message cannot be the first message; use the top-level system parameter for instructions that apply from the start`;
  if (before.role === 'system' || (isJsonObject(after) && after.role === 'system')) return `messages.${i}: system messages cannot be adjacent to another system message`;
  if (before.role !== 'user' && !(before.role === 'assistant' && endsInServerToolUse(before))) {
    return `messages.${i}: a system message must immediately follow a user message or an assistant message ending in a server tool use`;
  }
  if (after !== undefined && !(isJsonObject(after) && after.role === 'assistant')) return `messages.${i}: a system message must be the last message or be followed by an assistant message`;
  const content = (messages[i] as JsonObject).content;
  if (Array.isArray(content)) {
    for (const [j, block] of content.entries()) {
      if (!isJsonObject(block) || block.type !== 'text') return `messages.${i}.content.${j}: system messages may contain text blocks only`;
    }
  }
  return undefined;
}
