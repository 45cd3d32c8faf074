/**
 * `POST /v1/messages` and `POST /v1/messages/count_tokens`: turns the neutral reply into
 * Anthropic content blocks (thinking, text, tool_use), accounts usage with explicit prompt
 * caching, and answers as one message or as an event stream.
 */
import type { AnthropicStopReason, AnthropicUsage } from '../core/anthropic-wire.js';
import { isJsonObject } from '../core/openai-wire.js';
import { fnvString } from '../core/fnv-hash.js';
import { generateText, splitTokens } from './content.js';
import { seededRandom } from '../core/seeded-random.js';
import { type Exchange, generationDelay, sendJson, sendStream } from './exchange.js';
import { renderMessageStream } from './anthropic-stream.js';
import { contextOverflow } from './context-limit.js';
import { type MessagesPlan, parseMessagesRequest } from './anthropic-request.js';
import { limitToolCalls, makeReply } from './reply.js';
import { signThinking } from './thinking-signature.js';
import type { ScriptRule } from './types.js';
import { claudeBillingFields } from './served-tier.js';
import { anthropicError, type WireError } from './wire-errors.js';
import { isEmbeddingModelName } from './openai-embeddings.js';
import { searchPages, searchQuery } from './web-search.js';
import { claudeCacheUsage } from './claude-cache-usage.js';
import { type DocumentCitation, documentCitations } from './document-citations.js';
import { argumentsObject } from './call-arguments.js';

export type MessageBlock =
  | { type: 'thinking'; thinking: string; signature: string; pieces: string[]; omitted?: boolean }
  | { type: 'text'; text: string; pieces: string[]; citations?: (WebCitation | DocumentCitation)[] }
  | { type: 'tool_use'; id: string; name: string; input: unknown; pieces: string[] }
  | { type: 'server_tool_use'; id: string; name: 'web_search'; input: { query: string }; pieces: string[] }
  | { type: 'web_search_tool_result'; tool_use_id: string; content: WebSearchResult[]; pieces: string[] };

/** A page of a web search's result, as Claude's `web_search_tool_result` lists it. */
export interface WebSearchResult {
  type: 'web_search_result';
  url: string;
  title: string;
  encrypted_content: string;
  page_age: string | null;
}

/** A text block's citation of a page a web search found. */
export interface WebCitation {
  type: 'web_search_result_location';
  url: string;
  title: string | null;
  encrypted_index: string;
  cited_text: string;
}

export interface MessageResult {
  id: string;
  model: string;
  blocks: MessageBlock[];
  stopReason: AnthropicStopReason;
  stopSequence: string | null;
  usage: AnthropicUsage;
}

/**
 * Validates a Messages request; returns the responder to run once faults have had their say.
 *
 * @example const respond = prepareMessages(ex); if (typeof respond === 'function') respond();
 */
export function prepareMessages(ex: Exchange): (() => void) | WireError {
  const beta = ex.req.headers['anthropic-beta'];
  const plan = parseMessagesRequest(ex.body, true, { interleavedThinking: (Array.isArray(beta) ? beta.join(',') : (beta ?? '')).includes('interleaved-thinking') });
  if ('invalid' in plan) return anthropicError(400, { message: plan.invalid }, ex.requestId);
  if (isEmbeddingModelName(plan.model)) return noSuchModel(plan.model, ex.requestId);
  const overflow = contextOverflow('anthropic', plan.model, plan.promptTokens, ex.requestId, plan.reply.maxTokens);
  if (overflow) return overflow;
  return () => {
    const result = buildMessage(ex, plan);
    const total = result.usage.input_tokens + result.usage.output_tokens;
    if (plan.stream) sendStream(ex, renderMessageStream(result), total);
    else sendJson(ex, renderMessage(result), total, generationDelay(ex, result.usage.output_tokens));
  };
}

/**
 * `count_tokens`: the same estimate as `usage.input_tokens` would be, without generating.
 *
 * @example prepareCountTokens(ex) // answers { "input_tokens": 14 }
 */
export function prepareCountTokens(ex: Exchange): (() => void) | WireError {
  const plan = parseMessagesRequest(ex.body, false);
  if ('invalid' in plan) return anthropicError(400, { message: plan.invalid }, ex.requestId);
  if (isEmbeddingModelName(plan.model)) return noSuchModel(plan.model, ex.requestId);
  return () => sendJson(ex, JSON.stringify({ input_tokens: plan.promptTokens }), 0, 0);
}

/**
 * Claude's answer to a model it does not have, as an embedding model is (Anthropic serves none):
 * a 404 `not_found_error` whose message names it, the words captured in
 * anthropics/anthropic-sdk-typescript#690. The body is checked first, as a malformed request to an
 * unknown model is a 400. Stand-in names (`claude-standin`) still answer.
 */
function noSuchModel(model: string, requestId: string): WireError {
  return anthropicError(404, { message: `model: ${model}` }, requestId);
}

function buildMessage(ex: Exchange, plan: MessagesPlan): MessageResult {
  const { ids, scripts } = ex.state;
  const script = scripts.size > 0 ? scripts.find(plan.reply.lastUserText, plan.model) : undefined;
  const reply = makeReply({ ...plan.reply, seed: plan.seed, script });
  const blocks: MessageBlock[] = [];
  // A scripted reply thinks only when its script says what.
  if (plan.thinkingBudget !== undefined && (!script || script.thinking !== undefined)) blocks.push(thinkingBlock(plan, script?.thinking));
  let stopReason: AnthropicStopReason;
  let stopSequence: string | null = null;
  if (reply.kind === 'tools') {
    // Claude usually says what it is about to do before an automatic tool call.
    let preface = 0;
    if (plan.reply.toolMode === 'auto' && !script) {
      const text = `I'll use the ${reply.calls[0]?.name ?? 'available'} tool to help with that.`;
      const pieces = splitTokens(text);
      preface = pieces.length;
      blocks.push({ type: 'text', text, pieces });
    }
    // max_tokens cuts a call short as it cuts text: the block stays, its input broken off
    // (streamed as far as it got, `{}` whole), and the stop reason says so.
    const maxTokens = plan.reply.maxTokens;
    const limited = limitToolCalls(reply, maxTokens === undefined ? undefined : Math.max(0, maxTokens - preface));
    const calls = limited.kind === 'tools' ? limited.calls : reply.calls;
    const cut = limited.kind === 'tools' && limited.finish === 'length';
    calls.forEach((call, k) => {
      const input = argumentsObject(call.arguments);
      const broken = cut && k === calls.length - 1;
      blocks.push({ type: 'tool_use', id: ids.next('toolu_01', 22), name: call.name, input, pieces: splitTokens(broken ? call.arguments : JSON.stringify(input)) });
    });
    stopReason = cut ? 'max_tokens' : 'tool_use';
  } else {
    if (plan.webSearch) blocks.push(...searchBlocks(ex, plan));
    // The answer cites what it read: the pages a search found, else a document that asks for citations.
    const cited = plan.webSearch ? citationsOf(blocks) : documentCitations(ex.body);
    blocks.push({ type: 'text', text: reply.text, pieces: reply.pieces, ...(cited ? { citations: cited } : {}) });
    stopReason = reply.finish === 'length' ? 'max_tokens' : reply.finish === 'stop_sequence' ? 'stop_sequence' : 'end_turn';
    stopSequence = reply.stopSequence;
  }
  let output = 0;
  for (const block of blocks) output += block.pieces.length;
  // A cut answer used every token it was allowed, the calls' framing included.
  if (stopReason === 'max_tokens' && reply.kind === 'tools' && plan.reply.maxTokens !== undefined) output = plan.reply.maxTokens;
  const usage = messageUsage(ex, plan, output, script);
  // Claude counts its thinking within output_tokens and apart in output_tokens_details (the
  // Anthropic SDK's `OutputTokensDetails.thinking_tokens`), when it thought.
  let thinking = script?.usage?.reasoning_tokens ?? 0;
  if (script?.usage?.reasoning_tokens === undefined) for (const block of blocks) if (block.type === 'thinking') thinking += block.pieces.length;
  if (thinking > 0) usage.output_tokens_details = { thinking_tokens: Math.min(thinking, usage.output_tokens) };
  // Billed per search: every answer to a request with the tool says how many ran.
  if (plan.webSearch) usage.server_tool_use = { web_search_requests: blocks.filter((block) => block.type === 'server_tool_use').length, web_fetch_requests: 0 };
  return { id: ids.next('msg_01', 22), model: plan.model, blocks, stopReason, stopSequence, usage };
}

/**
 * One web search, as Claude runs it before answering and as Anthropic's web search page shows
 * the answer: a short text saying it will search (its own block, before the search; none when
 * `tool_choice` names the search), the `server_tool_use` (the query: the user's words) and its `web_search_tool_result` (the pages,
 * their content encrypted as the real API's is: opaque, only Claude reads it); the answer follows.
 */
function searchBlocks(ex: Exchange, plan: MessagesPlan): MessageBlock[] {
  const query = searchQuery(plan.reply.lastUserText);
  const id = ex.state.ids.next('srvtoolu_01', 22);
  const results: WebSearchResult[] = searchPages(query, plan.seed, plan.webSearch?.allowedDomains).map((page) => ({
    type: 'web_search_result',
    url: page.url,
    title: page.title,
    encrypted_content: Buffer.from(page.text).toString('base64'),
    page_age: page.age,
  }));
  const input = { query };
  const use: MessageBlock[] = [
    { type: 'server_tool_use', id, name: 'web_search', input, pieces: splitTokens(JSON.stringify(input)) },
    { type: 'web_search_tool_result', tool_use_id: id, content: results, pieces: [] },
  ];
  // A tool_choice naming the search makes it Claude's first block, with nothing said before.
  if (isJsonObject(ex.body.tool_choice) && ex.body.tool_choice.type === 'tool') return use;
  const preface = 'Let me search for that. ';
  return [{ type: 'text', text: preface, pieces: splitTokens(preface) }, ...use];
}

/** The answer cites the first page the search found. */
function citationsOf(blocks: MessageBlock[]): WebCitation[] | undefined {
  const result = blocks.find((block) => block.type === 'web_search_tool_result');
  const page = result?.type === 'web_search_tool_result' ? result.content[0] : undefined;
  if (!page) return undefined;
  const cited = Buffer.from(page.encrypted_content, 'base64').toString('utf8');
  return [{ type: 'web_search_result_location', url: page.url, title: page.title, encrypted_index: Buffer.from(`${page.url}#0`).toString('base64'), cited_text: cited }];
}

/** Generated thinking, or a script's. */
function thinkingBlock(plan: MessagesPlan, scripted: string | undefined): MessageBlock {
  const rng = seededRandom(fnvString('thinking', plan.seed));
  const thinking = scripted ?? `Let me think about this. ${generateText(rng, plan.reply.lastUserText)}`;
  const pieces = splitTokens(thinking).slice(0, Math.max(1, plan.thinkingBudget ?? 1));
  // Omitted thinking is still thought and billed; the block comes empty, signed for the next turn.
  const text = plan.thinkingOmitted ? '' : pieces.join('');
  return { type: 'thinking', thinking: text, signature: signThinking(text), pieces, ...(plan.thinkingOmitted ? { omitted: true } : {}) };
}

function messageUsage(ex: Exchange, plan: MessagesPlan, output: number, script: ScriptRule | undefined): AnthropicUsage {
  const cached = claudeCacheUsage(ex.state.cache, plan.breakpoints, plan.blocks);
  const override = script?.usage ?? {};
  const cacheRead = override.cached_tokens ?? cached.read;
  const cacheCreation = override.cache_creation_tokens ?? cached.hourWrites + cached.minuteWrites;
  const hourWrites = Math.min(cacheCreation, override.cache_creation_1h_tokens ?? (override.cache_creation_tokens === undefined ? cached.hourWrites : 0));
  const prompt = override.prompt_tokens ?? plan.promptTokens;
  return {
    // Anthropic's input_tokens counts only what was neither read from nor written to the cache.
    input_tokens: Math.max(0, prompt - cacheRead - cacheCreation),
    cache_creation_input_tokens: cacheCreation,
    cache_read_input_tokens: cacheRead,
    cache_creation: { ephemeral_5m_input_tokens: cacheCreation - hourWrites, ephemeral_1h_input_tokens: hourWrites },
    output_tokens: override.completion_tokens ?? output,
    ...claudeBillingFields(ex.body, script),
  };
}

/**
 * A block as it appears in the final message, without the simulator's bookkeeping.
 *
 * @example blockJson({ type: 'text', text: 'Hi', pieces: ['Hi'] }) // { type: 'text', text: 'Hi' }
 */
export function blockJson(block: MessageBlock): object {
  switch (block.type) {
    case 'thinking':
      return { type: 'thinking', thinking: block.thinking, signature: block.signature };
    case 'text':
      return block.citations ? { type: 'text', text: block.text, citations: block.citations } : { type: 'text', text: block.text };
    case 'server_tool_use':
      return { type: 'server_tool_use', id: block.id, name: block.name, input: block.input };
    case 'web_search_tool_result':
      return { type: 'web_search_tool_result', tool_use_id: block.tool_use_id, content: block.content };
    default:
      return { type: 'tool_use', id: block.id, name: block.name, input: block.input };
  }
}

function renderMessage(result: MessageResult): string {
  return JSON.stringify({
    id: result.id,
    type: 'message',
    role: 'assistant',
    model: result.model,
    content: result.blocks.map(blockJson),
    stop_reason: result.stopReason,
    stop_sequence: result.stopSequence,
    usage: result.usage,
  });
}
