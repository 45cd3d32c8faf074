import { jsonValueOf } from '../core/json-text.js';

/**
 * The text of an answer as kept for the trace (OpenAI or Anthropic shape, whole or rebuilt from
 * a stream): message content plus tool-call arguments, so it can be counted or learned from.
 *
 * @example answerText(call.response) // 'card_arrival'
 */
export function answerText(kept: unknown): string {
  const response = jsonValueOf(kept);
  if (!response || typeof response !== 'object') return '';
  const r = response as {
    choices?: { message?: { content?: unknown; tool_calls?: { function?: { arguments?: string } }[] } }[];
    content?: { text?: string; input?: unknown }[];
    output?: { content?: { text?: unknown }[]; arguments?: unknown }[];
  };
  let text = '';
  for (const choice of r.choices ?? []) {
    if (typeof choice.message?.content === 'string') text += choice.message.content;
    for (const call of choice.message?.tool_calls ?? []) text += call.function?.arguments ?? '';
  }
  for (const block of r.content ?? []) {
    if (typeof block.text === 'string') text += block.text;
    else if (block.input !== undefined) text += JSON.stringify(block.input);
  }
  for (const item of Array.isArray(r.output) ? r.output : []) {
    for (const part of Array.isArray(item.content) ? item.content : []) if (typeof part.text === 'string') text += part.text;
    if (typeof item.arguments === 'string') text += item.arguments;
  }
  return text;
}
