/**
 * Renders a chat result as OpenAI's chunk stream: a role chunk, one chunk per token (text or
 * tool-call argument deltas), a finish chunk per choice, the usage chunk when
 * `stream_options.include_usage` asked for it, then `data: [DONE]`. Chunks are assembled from
 * a pre-serialised head and tail, because a stream is mostly identical envelopes. Each chunk with
 * a choice carries OpenAI's `obfuscation` padding unless `stream_options.include_obfuscation`
 * is false.
 */
import type { ChatUsage } from '../core/openai-wire.js';
import { splitTokens } from './content.js';
import { tokenLogprobs, type TokenLogprob } from './logprobs.js';
import type { ChatPlan } from './openai-chat-request.js';
import type { Reply } from './reply.js';
import { dataEvent, type SseEvent } from './sse.js';
import { obfuscator } from './obfuscation.js';

/** What both renderings share: ids, the generated choices and the usage. */
export interface ChatResult {
  id: string;
  created: number;
  model: string;
  fingerprint: string;
  replies: Reply[];
  /** One seed per choice, for logprobs. */
  seeds: number[];
  toolCallIds: string[][];
  usage: ChatUsage;
  plan: ChatPlan;
  /** The tier the answer says served it (see served-tier.ts). */
  serviceTier: string;
  /** A script's reasoning, sent as `reasoning_content` before a text reply (OpenAI-compatible reasoning servers). */
  thinking?: string | undefined;
}

/**
 * OpenAI's finish reason for a reply.
 *
 * @example finishReason(toolReply, true) // 'stop': OpenAI says so when a named function was forced
 */
export function finishReason(reply: Reply, forcedTool: boolean, legacyFunctions = false): 'stop' | 'length' | 'tool_calls' | 'function_call' {
  if (reply.kind === 'tools') return reply.finish ?? (forcedTool ? 'stop' : legacyFunctions ? 'function_call' : 'tool_calls');
  return reply.finish === 'length' ? 'length' : 'stop';
}

const DONE: SseEvent = { data: 'data: [DONE]\n\n', token: false };

/**
 * All events of the stream, in order; choices of `n > 1` interleave like the real API's.
 *
 * @example renderChatStream(result).at(-1)?.data // 'data: [DONE]\n\n'
 */
export function renderChatStream(result: ChatResult): SseEvent[] {
  const head =
    `{"id":${JSON.stringify(result.id)},"object":"chat.completion.chunk","created":${result.created},` +
    `"model":${JSON.stringify(result.model)},"service_tier":${JSON.stringify(result.serviceTier)},"system_fingerprint":"${result.fingerprint}","choices":[`;
  const tail = result.plan.includeUsage ? '],"usage":null' : ']';
  const perChoice = result.replies.map((reply, index) => choiceChunks(result, reply, index));
  // Each chunk's padding, after its other fields, as OpenAI sends it.
  const pad = result.plan.obfuscate ? obfuscator(result.plan.seed) : undefined;

  const events: SseEvent[] = [];
  const longest = Math.max(...perChoice.map((chunks) => chunks.length));
  for (let position = 0; position < longest; position++) {
    for (const chunks of perChoice) {
      const chunk = chunks[position];
      if (chunk) events.push(dataEvent(`${head}${chunk.json}${tail}${pad ? `,"obfuscation":"${pad(chunk.json.length)}"` : ''}}`, chunk.token));
    }
  }
  if (result.plan.includeUsage) events.push(dataEvent(`${head}],"usage":${JSON.stringify(result.usage)}}`, false));
  events.push(DONE);
  return events;
}

interface ChoiceChunk {
  /** The serialised choice object. */
  json: string;
  token: boolean;
}

function choice(index: number, delta: string, logprobs: string, finish: string | null, token: boolean): ChoiceChunk {
  const reason = finish === null ? 'null' : `"${finish}"`;
  return { json: `{"index":${index},"delta":${delta},"logprobs":${logprobs},"finish_reason":${reason}}`, token };
}

function choiceChunks(result: ChatResult, reply: Reply, index: number): ChoiceChunk[] {
  const chunks = reply.kind === 'text' ? textChunks(result, reply.pieces, index) : toolChunks(result, reply, index);
  chunks.push(choice(index, '{}', 'null', finishReason(reply, result.plan.forcedTool, result.plan.legacyFunctions), false));
  return chunks;
}

function textChunks(result: ChatResult, pieces: string[], index: number): ChoiceChunk[] {
  const top = result.plan.topLogprobs;
  const logprobs: TokenLogprob[] | undefined = top === undefined ? undefined : tokenLogprobs(pieces, top, result.seeds[index] ?? 0);
  const chunks: ChoiceChunk[] = [
    choice(index, '{"role":"assistant","content":"","refusal":null}', logprobs ? '{"content":[],"refusal":null}' : 'null', null, false),
  ];
  for (const piece of result.thinking === undefined ? [] : splitTokens(result.thinking)) {
    chunks.push(choice(index, `{"reasoning_content":${JSON.stringify(piece)}}`, 'null', null, true));
  }
  pieces.forEach((piece, i) => {
    const lp = logprobs ? `{"content":[${JSON.stringify(logprobs[i])}],"refusal":null}` : 'null';
    chunks.push(choice(index, `{"content":${JSON.stringify(piece)}}`, lp, null, true));
  });
  return chunks;
}

function toolChunks(result: ChatResult, reply: Extract<Reply, { kind: 'tools' }>, index: number): ChoiceChunk[] {
  const chunks: ChoiceChunk[] = [];
  if (result.plan.legacyFunctions && reply.calls[0]) {
    const call = reply.calls[0];
    chunks.push(choice(index, `{"role":"assistant","content":null,"function_call":{"name":${JSON.stringify(call.name)},"arguments":""},"refusal":null}`, 'null', null, false));
    for (const piece of splitTokens(call.arguments)) chunks.push(choice(index, `{"function_call":{"arguments":${JSON.stringify(piece)}}}`, 'null', null, true));
    return chunks;
  }
  reply.calls.forEach((call, k) => {
    const id = result.toolCallIds[index]?.[k] ?? `call_${k}`;
    const opening = `{"index":${k},"id":${JSON.stringify(id)},"type":"function","function":{"name":${JSON.stringify(call.name)},"arguments":""}}`;
    // The first delta of a choice carries the role, as in the real stream.
    const role = k === 0 ? '"role":"assistant",' : '';
    chunks.push(choice(index, `{${role}"content":null,"tool_calls":[${opening}],"refusal":null}`, 'null', null, false));
    for (const piece of splitTokens(call.arguments)) {
      chunks.push(choice(index, `{"tool_calls":[{"index":${k},"function":{"arguments":${JSON.stringify(piece)}}}]}`, 'null', null, true));
    }
  });
  return chunks;
}
