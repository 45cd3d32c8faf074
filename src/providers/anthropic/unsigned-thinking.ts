/**
 * Thinking blocks the gateway wrote, taken out before an Anthropic client's conversation reaches
 * Claude. When such a client's earlier turns were answered by Gemini or an OpenAI reasoning
 * model, their reasoning came back as thinking blocks with an empty `signature` (there is none
 * to give, see `convert-to-anthropic-response.ts`); Claude refuses any block whose signature it
 * did not make (`messages.1.content.0: Invalid \`signature\` in \`thinking\` block`), so a
 * conversation that moves to Claude (a fallback, a route) would fail on the gateway's own blocks.
 *
 * Anthropic documents that thinking blocks of earlier turns may be left out. The one it requires
 * is the last assistant turn's when its tool calls are being answered and thinking is on
 * ("a final assistant message must start with a thinking block … To avoid this requirement,
 * disable thinking"): when that block is one the gateway wrote, thinking goes off for this
 * request, as for an OpenAI client answering tool calls (`thinking-from-effort.ts`).
 */
import type { JsonObject } from '../../core/openai-wire.js';
import type { DecisionSink } from '../spec.js';

interface Block {
  type?: unknown;
  signature?: unknown;
}

/** A thinking block no provider signed: what the gateway writes from other providers' reasoning. */
function unsigned(block: unknown): boolean {
  const b = block as Block | null;
  return b !== null && typeof b === 'object' && b.type === 'thinking' && (typeof b.signature !== 'string' || b.signature === '');
}

/**
 * `body` (for Claude `model`) without unsigned thinking blocks, or `body` itself (same object) when it has none, which
 * costs one pass over the assistant turns' blocks and no allocation. Records what was dropped,
 * and thinking turned off, under `decisions.thinking`.
 *
 * @example
 * withoutUnsignedThinking({ model: 'claude', messages: [{ role: 'user', content: 'Hi' },
 *   { role: 'assistant', content: [{ type: 'thinking', thinking: 'hm', signature: '' }, { type: 'text', text: 'Hello' }] },
 *   { role: 'user', content: 'Again' }] }, 'claude-sonnet-4-5')
 * // the same body with the assistant turn's content [{ type: 'text', text: 'Hello' }]
 */
export function withoutUnsignedThinking(body: JsonObject, model: string, decisions?: DecisionSink): JsonObject {
  const messages = body.messages;
  if (!Array.isArray(messages) || !messages.some(hasUnsigned)) return body;
  let dropped = 0;
  const kept: unknown[] = [];
  for (const message of messages) {
    if (!hasUnsigned(message)) {
      kept.push(message);
      continue;
    }
    const content = (message as { content: unknown[] }).content;
    const rest = content.filter((block) => !unsigned(block));
    dropped += content.length - rest.length;
    // A turn that held nothing else goes: Claude refuses empty content, and joins the user turns either side.
    if (rest.length > 0) kept.push({ ...(message as JsonObject), content: rest });
  }
  const out: JsonObject = { ...body, messages: kept as JsonObject[] };
  const decision: Record<string, unknown> = {
    model,
    unsigned_dropped: dropped,
    reason: 'thinking blocks the gateway wrote from another provider’s reasoning carry no signature, and Claude refuses a block it did not sign',
  };
  if (thinkingOn(body) && lastTurnLostItsThinking(messages)) {
    delete out.thinking;
    Object.assign(decision, {
      requested: (body.thinking as { type: string }).type,
      applied: false,
      reason: `${decision.reason as string}; the last assistant turn, whose tool calls are being answered, lost its thinking block, and with thinking on Claude requires that turn to start with one, so thinking is off for this request`,
    });
  }
  decisions?.decide('thinking', decision);
  return out;
}

function hasUnsigned(message: unknown): boolean {
  const m = message as { role?: unknown; content?: unknown } | null;
  return m?.role === 'assistant' && Array.isArray(m.content) && m.content.some(unsigned);
}

function thinkingOn(body: JsonObject): boolean {
  const type = (body.thinking as { type?: unknown } | null | undefined)?.type;
  return type === 'enabled' || type === 'adaptive';
}

/**
 * Whether the last assistant turn holds tool calls and, its unsigned blocks gone, no longer starts
 * with a thinking block (what Claude checks with thinking on).
 */
function lastTurnLostItsThinking(messages: readonly unknown[]): boolean {
  const last = lastAssistant(messages);
  if (last === undefined || !hasUnsigned(last)) return false;
  const content = (last as { content: Block[] }).content;
  if (!content.some((block) => block?.type === 'tool_use')) return false;
  const first = content.find((block) => !unsigned(block))?.type;
  return first !== 'thinking' && first !== 'redacted_thinking';
}

function lastAssistant(messages: readonly unknown[]): unknown {
  for (let i = messages.length - 1; i >= 0; i--) if ((messages[i] as { role?: unknown } | null)?.role === 'assistant') return messages[i];
  return undefined;
}
