/**
 * The question in a user turn whose text comes in several blocks. Agents put context of their own
 * beside what the person typed, each in a block wrapped in one tag: Claude Code's
 * `<system-reminder>…</system-reminder>`, the Codex CLI's `<environment_context>…` (a user message of
 * its own, which the gateway joins to the next user message for Claude). A model reads those as
 * context, not as the request: a simulated one that took them for the question searched the web for
 * the whole environment block and called every tool a word of it named.
 */

/** A block that is one tagged element and nothing else: `<name …>…</name>`. */
const CONTEXT_BLOCK = /^\s*<([A-Za-z][\w-]*)(?:\s[^>]*)?>[\s\S]*<\/\1>\s*$/;

/**
 * The blocks that are not an agent's tagged context, joined by newlines; all of them when every
 * block is such context (a person may paste one tagged element and ask nothing else).
 *
 * @example questionText(['<environment_context><cwd>/tmp</cwd></environment_context>', 'Run cat notes.txt'])
 * // 'Run cat notes.txt'
 */
export function questionText(blocks: readonly string[]): string {
  const asked = blocks.filter((block) => !CONTEXT_BLOCK.test(block));
  return (asked.length > 0 ? asked : blocks).join('\n');
}
