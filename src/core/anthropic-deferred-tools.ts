/**
 * Tool search in the Anthropic wire format. With the `advanced-tool-use` beta a client declares
 * tools with `defer_loading: true`; Claude sees none of them until a `tool_result` holds a
 * `tool_reference` naming one, which the API expands into that tool's definition
 * (platform.claude.com, "Tool search tool", custom tool search). Claude Code works this way: its
 * ToolSearch tool answers with references, and a placeholder tool stays deferred for good.
 * The simulator hides the deferred tools no result has named, as Claude does, and the gateway
 * gives a translated model the same view.
 */
import type { AnthropicToolReferenceBlock } from './anthropic-wire.js';

/** The tool names a conversation's tool results have loaded with `tool_reference` blocks (messages as sent, unvalidated). */
export function referencedToolNames(messages: unknown): Set<string> {
  const names = new Set<string>();
  if (!Array.isArray(messages)) return names;
  for (const message of messages as { content?: unknown }[]) {
    if (!Array.isArray(message?.content)) continue;
    for (const block of message.content as { type?: unknown; content?: unknown }[]) {
      if (block?.type !== 'tool_result' || !Array.isArray(block.content)) continue;
      for (const inner of block.content as { type?: unknown; tool_name?: unknown }[]) {
        if (inner?.type === 'tool_reference' && typeof inner.tool_name === 'string') names.add(inner.tool_name);
      }
    }
  }
  return names;
}

/** A deferred tool the model cannot see yet: no tool result has referenced it. */
export function isHiddenDeferredTool(tool: { name?: unknown; defer_loading?: unknown }, referenced: ReadonlySet<string>): boolean {
  return tool.defer_loading === true && !(typeof tool.name === 'string' && referenced.has(tool.name));
}

/**
 * What a translated model reads for a reference. The tool itself is in its tools by then, so a
 * line naming it says what the search found, as Claude reads the expanded definition.
 *
 * @example toolReferenceText({ type: 'tool_reference', tool_name: 'WebSearch' }) // 'Tool "WebSearch" is loaded and can be called.'
 */
export function toolReferenceText(block: AnthropicToolReferenceBlock): string {
  return `Tool "${block.tool_name}" is loaded and can be called.`;
}
