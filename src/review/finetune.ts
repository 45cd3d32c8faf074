import type { LabelledTrace } from './labelled-traces.js';
import type { Review } from './types.js';
import { isJsonObject } from '../core/openai-wire.js';

/** A chat message as OpenAI's fine-tuning format takes it. */
export interface FinetuneMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string | null;
  tool_calls?: unknown[];
  tool_call_id?: string;
}

export interface FinetuneExample {
  messages: FinetuneMessage[];
  tools?: unknown[];
}

export interface ApprovalPolicy {
  /** Mean reviewer score (1–5) at or above which an unchanged answer counts as approved. */
  minScore: number;
}


/** Text of a message content: a string, or the text parts of an OpenAI/Anthropic content array. */
function textOf(content: unknown): string | null {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return null;
  const parts = content.flatMap((part) => (isJsonObject(part) && typeof part.text === 'string' ? [part.text] : []));
  return parts.length ? parts.join('\n') : null;
}

/** The conversation that led to the answer, from an OpenAI chat or Anthropic messages request. */
function promptOf(request: unknown): { messages: FinetuneMessage[]; tools?: unknown[] } | null {
  if (!isJsonObject(request) || !Array.isArray(request.messages)) return null;
  const messages: FinetuneMessage[] = [];
  const system = textOf(request.system);
  if (system !== null) messages.push({ role: 'system', content: system });
  for (const m of request.messages) {
    if (!isJsonObject(m) || typeof m.role !== 'string') continue;
    const role = m.role === 'developer' ? 'system' : m.role;
    if (role !== 'system' && role !== 'user' && role !== 'assistant' && role !== 'tool') continue;
    const message: FinetuneMessage = { role, content: textOf(m.content) };
    if (Array.isArray(m.tool_calls)) message.tool_calls = m.tool_calls;
    if (typeof m.tool_call_id === 'string') message.tool_call_id = m.tool_call_id;
    messages.push(message);
  }
  return Array.isArray(request.tools) ? { messages, tools: request.tools } : { messages };
}

/** The model's own answer from an OpenAI chat completion or an Anthropic message. */
function answerOf(response: unknown): FinetuneMessage | null {
  if (!isJsonObject(response)) return null;
  const choice = Array.isArray(response.choices) ? response.choices[0] : undefined;
  if (isJsonObject(choice) && isJsonObject(choice.message)) {
    const message: FinetuneMessage = { role: 'assistant', content: textOf(choice.message.content) };
    if (Array.isArray(choice.message.tool_calls) && choice.message.tool_calls.length) message.tool_calls = choice.message.tool_calls;
    return message;
  }
  const text = textOf(response.content);
  return text === null ? null : { role: 'assistant', content: text };
}

/**
 * What reviewers decided: the newest correction wins; otherwise the answer is approved when the
 * mean score reaches the bar and nobody failed it (or, without scores, when everyone passed it).
 */
export function verdictOf(reviews: readonly Review[], policy: ApprovalPolicy): { corrected: string } | { approved: boolean } {
  const corrected = [...reviews].sort((a, b) => b.createdAt - a.createdAt).find((r) => r.corrected !== null && r.corrected.trim() !== '');
  if (corrected?.corrected) return { corrected: corrected.corrected };
  if (reviews.some((r) => r.pass === false)) return { approved: false };
  const scores = reviews.flatMap((r) => (r.score === null ? [] : [r.score]));
  if (scores.length) return { approved: scores.reduce((a, b) => a + b, 0) / scores.length >= policy.minScore };
  return { approved: reviews.some((r) => r.pass === true) };
}

/**
 * A dataset item that never was a trace (a synthetic question `eval generate` made, an imported
 * item waiting for a score) holds its question and answer as text: the question is the user turn,
 * the answer the assistant's. An input that is an object (`{"question": …}`) has no one turn to
 * give, so it is no example.
 */
function itemPromptOf(input: unknown): { messages: FinetuneMessage[]; tools?: unknown[] } | null {
  return typeof input === 'string' && input.trim() !== '' ? { messages: [{ role: 'user', content: input }] } : null;
}

function itemAnswerOf(output: unknown): FinetuneMessage | null {
  return typeof output === 'string' && output.trim() !== '' ? { role: 'assistant', content: output } : null;
}

/**
 * A fine-tuning example from a reviewed trace or dataset item: the prompt plus the corrected
 * answer, or the model's answer when reviewers approved it; null when it was rejected or has no
 * usable body ({@link whyNoExample} says which).
 *
 * @example finetuneExample(labelled, { minScore: 4 }) // { messages: [{ role: 'user', … }, { role: 'assistant', … }] }
 */
export function finetuneExample(trace: Omit<LabelledTrace, 'status'>, policy: ApprovalPolicy): FinetuneExample | null {
  const item = trace.traceId === null;
  const prompt = item ? itemPromptOf(trace.request) : promptOf(trace.request);
  if (!prompt || prompt.messages.length === 0) return null;
  const verdict = verdictOf(trace.reviews, policy);
  let answer: FinetuneMessage | null;
  if ('corrected' in verdict) answer = { role: 'assistant', content: verdict.corrected };
  else answer = verdict.approved ? (item ? itemAnswerOf(trace.response) : answerOf(trace.response)) : null;
  if (!answer) return null;
  return prompt.tools ? { messages: [...prompt.messages, answer], tools: prompt.tools } : { messages: [...prompt.messages, answer] };
}

/**
 * Why a reviewed trace or item gave no example: reviewers rejected it, or it holds no prompt and
 * answer to train on (bodies not kept, an item whose input is not text).
 *
 * @example whyNoExample(labelled, { minScore: 4 }) // 'rejected'
 */
export function whyNoExample(trace: Omit<LabelledTrace, 'status'>, policy: ApprovalPolicy): 'rejected' | 'unusable' {
  const verdict = verdictOf(trace.reviews, policy);
  return 'approved' in verdict && !verdict.approved ? 'rejected' : 'unusable';
}
