/**
 * Mid-conversation system messages (`role: "system"` in `messages`) for a Claude model that takes
 * none. Only Claude Opus 4.8 takes them; the others refuse the role with a 400. Claude Code sends
 * them to every model name it does not know, which is what a gateway's aliases are, so Claude Code
 * on an alias of Sonnet or Haiku failed on its first request. Each one becomes a
 * `<system-reminder>` text block at the end of the user turn before it: what Claude Code itself
 * writes to models without the feature, so the model reads it as it was trained to.
 */
import { takesSystemTurns } from '../../core/claude-models.js';
import type { JsonObject } from '../../core/openai-wire.js';
import type { DecisionSink } from '../spec.js';

type Block = JsonObject & { type: string };

function blocksOf(content: unknown): Block[] {
  if (typeof content === 'string') return content === '' ? [] : [{ type: 'text', text: content }];
  return Array.isArray(content) ? (content as Block[]) : [];
}

function reminders(content: unknown): Block[] {
  return blocksOf(content).map((block) => (block.type === 'text' ? { ...block, text: `<system-reminder>\n${String(block.text)}\n</system-reminder>` } : block));
}

/**
 * `body` for Claude `model` with its system messages folded into user turns, or `body` itself
 * (same object) when it has none or `model` takes them (names that are not a Claude generation
 * included: the provider decides). Records the fold under `decisions.system_turns`.
 *
 * @example
 * withFoldedSystemTurns({ model: 'coder', messages: [{ role: 'user', content: 'Hi' }, { role: 'system', content: 'Be brief.' }] }, 'claude-sonnet-4-6')
 * // messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }, { type: 'text', text: '<system-reminder>\nBe brief.\n</system-reminder>' }] }]
 */
export function withFoldedSystemTurns(body: JsonObject, model: string, decisions?: DecisionSink): JsonObject {
  const messages = body.messages;
  if (!Array.isArray(messages) || !messages.some(isSystem) || takesSystemTurns(model) !== false) return body;
  const kept: JsonObject[] = [];
  let folded = 0;
  for (const message of messages as JsonObject[]) {
    if (!isSystem(message)) {
      kept.push(message);
      continue;
    }
    folded++;
    const before = kept[kept.length - 1];
    if (before?.role === 'user') kept[kept.length - 1] = { ...before, content: [...blocksOf(before.content), ...reminders(message.content)] };
    else kept.push({ role: 'user', content: reminders(message.content) });
  }
  decisions?.decide('system_turns', {
    model,
    folded,
    reason: 'only Claude Opus 4.8 takes system messages inside messages: each became a <system-reminder> text block of the user turn before it',
  });
  return { ...body, messages: kept };
}

function isSystem(message: unknown): boolean {
  return (message as { role?: unknown } | null)?.role === 'system';
}
