/**
 * `POST /v1/responses`: generates the answer (text, function calls, structured output),
 * accounts usage (prompt caching and reasoning tokens) and answers as one Response object or as
 * the API's typed event stream (see `openai-responses-stream.ts`). Stored answers can be
 * continued with `previous_response_id`.
 */
import type { JsonObject } from '../core/openai-wire.js';
import { type Exchange, generationDelay, sendJson, sendStream } from './exchange.js';
import { type ResponsesPlan, parseResponsesRequest } from './openai-responses-request.js';
import { type ResponsesResult, responseObject } from './openai-responses-object.js';
import { renderRefusedStream, renderResponsesStream } from './openai-responses-stream.js';
import { makeReply, type Reply } from './reply.js';
import { fitReply, shareOutputCap } from './output-cap.js';
import { tokenLogprobs } from './logprobs.js';
import { reasons } from './reasoning.js';
import { sealReasoning } from './responses-items.js';
import { fnvString } from '../core/fnv-hash.js';
import { generateText } from './content.js';
import { seededRandom } from '../core/seeded-random.js';
import type { ScriptRule } from './types.js';
import { openAIServedTier } from './served-tier.js';
import type { WireError } from './wire-errors.js';
import { contextOverflow } from './context-limit.js';
import { webSearchCallItem, webSearchesOf } from './openai-responses-search.js';


/**
 * Validates the request; returns the responder to run once faults have had their say.
 *
 * @example const respond = prepareResponses(ex); if (typeof respond === 'function') respond();
 */
export function prepareResponses(ex: Exchange): (() => void) | WireError {
  const plan = parseResponsesRequest(ex.body, ex.state.responses);
  if ('status' in plan) return plan;
  const overflow = contextOverflow('responses', plan.model, plan.promptTokens, ex.requestId);
  // Streamed, OpenAI opens the stream before it refuses the input (renderRefusedStream).
  if (overflow) return plan.stream ? () => refuseInStream(ex, plan, overflow) : overflow;
  return () => respondResponses(ex, plan);
}

function refuseInStream(ex: Exchange, plan: ResponsesPlan, refusal: WireError): void {
  const opening = responseObject({ id: ex.state.ids.next('resp_', 53), createdAt: Math.floor(Date.now() / 1000), model: plan.model, body: ex.body, serviceTier: 'auto' }, 'in_progress', [], null);
  const { error } = JSON.parse(refusal.body) as { error: JsonObject };
  sendStream(ex, renderRefusedStream(opening, error), 0);
}

function respondResponses(ex: Exchange, plan: ResponsesPlan): void {
  const { ids, scripts } = ex.state;
  const script = scripts.size > 0 ? scripts.find(plan.reply.lastUserText, plan.model) : undefined;
  // Reasoning comes first and counts inside max_output_tokens; the answer gets what is left.
  const { reasoning, answerRoom } = shareOutputCap(plan.reply.maxTokens, reasons(plan.model, ex.body) ? 32 + (plan.seed % 8) * 16 : 0);
  const reply = fitReply(makeReply({ ...plan.reply, maxTokens: answerRoom, seed: plan.seed, script }), answerRoom);
  const status = reply.finish === 'length' ? 'incomplete' : 'completed';
  const output: JsonObject[] = [];
  const include = Array.isArray(ex.body.include) ? ex.body.include : [];
  if (reasoning > 0) {
    const id = ids.next('rs_', 51);
    // The reasoning's state, for a client that keeps the conversation itself (`store: false`).
    const summary = summaryAsked(ex.body) ? [{ type: 'summary_text', text: script?.thinking ?? `**Working it out**\n\n${generateText(seededRandom(fnvString('summary', plan.seed)), plan.reply.lastUserText)}` }] : [];
    output.push({ id, type: 'reasoning', summary, ...(include.includes('reasoning.encrypted_content') ? { encrypted_content: sealReasoning(id) } : {}) });
  }
  // Reasoning that used the whole cap leaves OpenAI's Response its reasoning item alone.
  const answered = answerRoom !== 0;
  const webSearches = webSearchesOf(ex.body, answered && reply.kind === 'text');
  if (webSearches) output.push(webSearchCallItem(ids.next('ws_', 50), plan.reply.lastUserText));
  if (answered && reply.kind === 'text') {
    // Log probabilities come back only when `include` names them, one entry per token.
    const wanted = include.includes('message.output_text.logprobs');
    const top = typeof ex.body.top_logprobs === 'number' ? ex.body.top_logprobs : 0;
    const logprobs = wanted ? tokenLogprobs(reply.pieces, top, plan.seed) : [];
    output.push({ id: ids.next('msg_', 52), type: 'message', status, role: 'assistant', content: [{ type: 'output_text', annotations: [], logprobs, text: reply.text }] });
  } else if (reply.kind === 'tools') {
    for (const [k, call] of reply.calls.entries()) {
      // Only the call the cap broke off is incomplete; those before it were written whole.
      const cut = status === 'incomplete' && k === reply.calls.length - 1;
      output.push({ id: ids.next('fc_', 51), type: 'function_call', status: cut ? 'incomplete' : 'completed', arguments: call.arguments, call_id: ids.next('call_', 29), name: call.name });
    }
  }
  const result: ResponsesResult = {
    id: ids.next('resp_', 53),
    createdAt: Math.floor(Date.now() / 1000),
    model: plan.model,
    reply,
    output,
    status,
    usage: responsesUsage(ex, plan, reply, reasoning, script),
    body: ex.body,
    serviceTier: openAIServedTier(ex.body, script),
    ...(webSearches === undefined ? {} : { webSearches }),
  };
  if (plan.store) ex.state.responses.remember(result.id, [...plan.context, ...output], output);
  const total = result.usage.total_tokens as number;
  if (plan.stream) sendStream(ex, renderResponsesStream(result), total);
  else sendJson(ex, JSON.stringify(responseObject(result, result.status, result.output, result.usage)), total, generationDelay(ex, result.usage.output_tokens as number));
}

/**
 * Whether the request asks for reasoning summaries (`reasoning.summary`, or its older name
 * `generate_summary`: `auto`, `concise` or `detailed`), as the AI SDK 7 does by default whenever it
 * sets an effort: the reasoning item then carries one, as OpenAI's does.
 */
function summaryAsked(body: JsonObject): boolean {
  const reasoning = body.reasoning as JsonObject | null | undefined;
  const summary = reasoning?.summary ?? reasoning?.generate_summary;
  return summary === 'auto' || summary === 'concise' || summary === 'detailed';
}

function responsesUsage(ex: Exchange, plan: ResponsesPlan, reply: Reply, reasoning: number, script: ScriptRule | undefined): JsonObject {
  const { cache } = ex.state;
  const cached = Math.min(cache.longestSeen(plan.checkpoints), plan.promptTokens);
  cache.remember(plan.checkpoints);
  const visible = reply.kind === 'text' ? reply.pieces.length : reply.outputTokens;
  const override = script?.usage ?? {};
  const input = override.prompt_tokens ?? plan.promptTokens;
  const reasoningTokens = override.reasoning_tokens ?? reasoning;
  const output = override.completion_tokens ?? visible + reasoningTokens;
  return {
    input_tokens: input,
    // OpenAI's usage always names its cache writes; the simulator models none of its own (a script may).
    input_tokens_details: { cached_tokens: override.cached_tokens ?? Math.min(cached, input), cache_write_tokens: override.cache_creation_tokens ?? 0 },
    output_tokens: output,
    output_tokens_details: { reasoning_tokens: reasoningTokens },
    total_tokens: input + output,
  };
}
