/**
 * The simulator's thinking-block signatures. Anthropic signs each thinking block it writes and
 * refuses a request that sends one back with a signature it did not make (an empty one
 * included): `messages.1.content.0: Invalid \`signature\` in \`thinking\` block`. The simulator
 * signs the thinking text itself, so a block whose text or signature was changed, or that a
 * gateway wrote from another provider's reasoning, fails here as it would at Anthropic.
 */
import { fnvString } from '../core/fnv-hash.js';

const PREFIX = 'sim-signature-';

/**
 * The signature of a thinking text.
 *
 * @example signThinking('Let me think.') // base64 of 'sim-signature-<hash of the text>'
 */
export function signThinking(thinking: string): string {
  return Buffer.from(`${PREFIX}${fnvString(thinking).toString(16)}`).toString('base64');
}

/**
 * Anthropic's 400 message for a thinking block whose signature does not verify, else undefined;
 * `at` is the block's path (`messages.1.content.0`).
 *
 * @example signatureProblem({ type: 'thinking', thinking: 'hm', signature: '' }, 'messages.1.content.0') // 'messages.1.content.0: Invalid `signature` in `thinking` block'
 */
export function signatureProblem(block: { thinking?: unknown; signature?: unknown }, at: string): string | undefined {
  if (typeof block.thinking === 'string' && typeof block.signature === 'string' && block.signature === signThinking(block.thinking)) return undefined;
  return `${at}: Invalid \`signature\` in \`thinking\` block`;
}
