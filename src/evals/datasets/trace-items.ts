import type { DatasetItem } from '../types.js';

/** Text of an OpenAI or Anthropic message content (string or parts). */
function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part) => (part && typeof part === 'object' && typeof (part as { text?: unknown }).text === 'string' ? (part as { text: string }).text : ''))
    .join('');
}

/**
 * The last user message of a traced request (OpenAI chat or Anthropic messages), and the
 * system prompt when there is one.
 *
 * @example requestText({ messages: [{ role: 'user', content: 'hi' }] }) // { input: 'hi' }
 */
export function requestText(request: unknown): { input: string; system?: string } | undefined {
  if (!request || typeof request !== 'object') return undefined;
  const body = request as { messages?: unknown; system?: unknown; input?: unknown };
  if (typeof body.input === 'string') return { input: body.input };
  if (!Array.isArray(body.messages)) return undefined;
  const messages = body.messages as { role?: string; content?: unknown }[];
  const user = [...messages].reverse().find((m) => m.role === 'user');
  if (!user) return undefined;
  const systemMessage = messages.find((m) => m.role === 'system' || m.role === 'developer');
  const system = typeof body.system === 'string' || Array.isArray(body.system) ? contentText(body.system) : systemMessage ? contentText(systemMessage.content) : undefined;
  return system ? { input: contentText(user.content), system } : { input: contentText(user.content) };
}

/**
 * The answer text of a traced response (OpenAI choices or Anthropic content blocks).
 *
 * @example responseText({ choices: [{ message: { content: 'hello' } }] }) // 'hello'
 */
export function responseText(response: unknown): string | undefined {
  if (!response || typeof response !== 'object') return undefined;
  const body = response as { choices?: { message?: { content?: unknown } }[]; content?: unknown };
  if (Array.isArray(body.choices)) {
    const content = body.choices[0]?.message?.content;
    return content === undefined || content === null ? undefined : contentText(content);
  }
  if (Array.isArray(body.content)) return contentText(body.content);
  return undefined;
}

/** What a person said about a trace in the review queue. */
export interface TraceReview {
  /** 1–5. */
  score?: number;
  /** The corrected answer; becomes the item's expected output. */
  correction?: string;
}

/**
 * A dataset item from a trace: the user's message as input, the model's answer as the scored
 * output, the trace id as the item id (so adding a trace twice replaces, never duplicates).
 *
 * @example traceToItem(trace, { score: 4 }) // { id: 'tr_…', input: '…', output: '…', humanScore: 4 }
 */
export function traceToItem(
  trace: { id: string; requestedModel: string; metadata: Record<string, unknown> | null; request: unknown; response: unknown },
  review?: TraceReview,
): DatasetItem | undefined {
  const asked = requestText(trace.request);
  if (!asked || asked.input === '') return undefined;
  const item: DatasetItem = { id: trace.id, input: asked.input };
  const output = responseText(trace.response);
  if (output !== undefined) item.output = output;
  if (review?.score !== undefined) item.humanScore = review.score;
  if (review?.correction !== undefined) item.expected = review.correction;
  item.metadata = { ...(trace.metadata ?? {}), trace_id: trace.id, model: trace.requestedModel, ...(asked.system ? { system: asked.system } : {}) };
  return item;
}
