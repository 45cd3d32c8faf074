/**
 * Claude's signed thinking in a Responses reasoning item's `encrypted_content`. OpenAI gives a
 * reasoning model's state to a client that asks (`include: ["reasoning.encrypted_content"]`,
 * for conversations it does not store) as an opaque string the client sends back with the item;
 * the gateway does the same with what Claude needs back in a tool loop with thinking: the thinking
 * blocks, text and signature as Claude wrote them (summaries may be shortened, guardrails may
 * have restored text Claude signed with placeholders). It is the client's to keep, not a secret:
 * the text is the reasoning it was shown, and Claude refuses a signature that was altered.
 */
import type { JsonObject, ThinkingBlock } from '../../../core/openai-wire.js';
import type { ResponsesRequest } from '../../../core/responses-wire.js';

/** What a Responses request includes to get reasoning back in `encrypted_content`. */
export const INCLUDE_ENCRYPTED_REASONING = 'reasoning.encrypted_content';

/** Marks the gateway's own content, so another provider's (OpenAI's `gAAAA…`) is told apart. */
const PREFIX = 'swy-thinking.v1.';

/** Whether the request asked for reasoning items' `encrypted_content`. */
export function wantsEncryptedReasoning(request: ResponsesRequest): boolean {
  return Array.isArray(request.include) && request.include.includes(INCLUDE_ENCRYPTED_REASONING);
}

/**
 * @example encryptReasoning([{ type: 'thinking', thinking: 'Hm.', signature: 'EqQB' }]) // 'swy-thinking.v1.W3sidHlwZSI6…'
 */
export function encryptReasoning(blocks: readonly ThinkingBlock[]): string {
  return PREFIX + Buffer.from(JSON.stringify(blocks)).toString('base64url');
}

/**
 * The thinking blocks in an `encrypted_content` the gateway wrote; undefined for anything else
 * (OpenAI's own, a value altered past reading).
 *
 * @example decryptReasoning(encryptReasoning(blocks)) // blocks
 */
export function decryptReasoning(content: unknown): ThinkingBlock[] | undefined {
  if (typeof content !== 'string' || !content.startsWith(PREFIX)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(content.slice(PREFIX.length), 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!Array.isArray(value) || value.length === 0 || !value.every(isThinkingBlock)) return undefined;
  return value as ThinkingBlock[];
}

function isThinkingBlock(value: unknown): boolean {
  const block = value as JsonObject | null;
  if (block === null || typeof block !== 'object') return false;
  if (block.type === 'thinking') return typeof block.thinking === 'string' && typeof block.signature === 'string' && block.signature !== '';
  return block.type === 'redacted_thinking' && typeof block.data === 'string';
}
