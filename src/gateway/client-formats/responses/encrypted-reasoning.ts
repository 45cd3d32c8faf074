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

/**
 * Signed thinking of answers to clients that did not ask for it, by request: what each reasoning
 * item's `encrypted_content` would have been. The response store keeps it server-side
 * (keep-conversation.ts), as OpenAI keeps a stored response's reasoning, so a conversation
 * continued with `previous_response_id` still brings Claude its signature. Keyed by the client's
 * body object (the codec's `request`, the call's `received`): one record per call, gone with it.
 */
const unsent = new WeakMap<object, Record<string, string>>();

/**
 * Whether an answer to this request keeps Claude's signed thinking somewhere: in the reasoning
 * item the client asked to get it in, or server-side with the stored response.
 */
export function keepsSignedReasoning(request: ResponsesRequest): boolean {
  return wantsEncryptedReasoning(request) || request.store !== false;
}

/** Records the signed thinking of reasoning item `itemId`, not sent to the client (see `unsent`); a later call for the same item replaces it. */
export function keepUnsentReasoning(request: ResponsesRequest, itemId: string, blocks: readonly ThinkingBlock[]): void {
  let kept = unsent.get(request);
  if (!kept) unsent.set(request, (kept = {}));
  kept[itemId] = encryptReasoning(blocks);
}

/**
 * The `encrypted_content` of the reasoning items the client was not given, by item id.
 *
 * @example unsentReasoningOf(call.received) // { rs_0mx4k5_0: 'swy-thinking.v1.W3si…' }
 */
export function unsentReasoningOf(request: object): Readonly<Record<string, string>> | undefined {
  return unsent.get(request);
}

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
 * Whether an `encrypted_content` is one the gateway wrote (readable or not), not a provider's.
 *
 * @example isGatewayReasoning(encryptReasoning(blocks)) // true; isGatewayReasoning('gAAAAABo…') // false
 */
export function isGatewayReasoning(content: unknown): boolean {
  return typeof content === 'string' && content.startsWith(PREFIX);
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
