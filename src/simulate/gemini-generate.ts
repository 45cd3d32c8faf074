/**
 * `POST …:generateContent` and `…:streamGenerateContent`: generates each candidate with the
 * shared reply generator, accounts usage the way Gemini reports it (prompt incl. implicit cache
 * hits, candidates without thoughts, thoughts apart), and answers as one JSON object or a stream.
 */
import { geminiAlt } from '../core/gemini-alt.js';
import type { JsonObject } from '../core/openai-wire.js';
import { seededRandom } from '../core/seeded-random.js';
import { fnvString } from '../core/fnv-hash.js';
import { generateText, splitTokens } from './content.js';
import { type Exchange, generationDelay, sendJson, sendStream } from './exchange.js';
import { contextOverflow } from './context-limit.js';
import { type GeminiPlan, parseGenerateRequest, promptTokensDetails } from './gemini-request.js';
import { renderGeminiStream } from './gemini-stream.js';
import { tokenLogprobs } from './logprobs.js';
import { makeReply } from './reply.js';
import { groundingMetadata, groundingPromptTokens } from './grounding.js';
import type { ScriptRule } from './types.js';
import type { GeminiFinishReasonName } from './gemini-finish-reasons.js';
import type { WireError } from './wire-errors.js';
import { geminiError } from './gemini-errors.js';
import { isEmbeddingModelName } from './openai-embeddings.js';
import { argumentsObject } from './call-arguments.js';

/** A part as it goes on the wire, with the output tokens a stream spreads it over. */
export interface RenderedPart {
  json: Record<string, unknown>;
  /** Text pieces (one per token) for text and thoughts; empty for function calls, which arrive whole. */
  pieces: string[];
}

export interface CandidateResult {
  index: number;
  parts: RenderedPart[];
  finishReason: GeminiFinishReasonName;
  logprobs: Record<string, unknown> | undefined;
  /** Google Search grounding of the answer, when the request asked for it (see grounding.ts). */
  grounding?: Record<string, unknown> | undefined;
}

export interface GenerateResult {
  responseId: string;
  model: string;
  candidates: CandidateResult[];
  usage: Record<string, unknown>;
  script: ScriptRule | undefined;
}

/**
 * The tier Gemini says served a call, in the `x-gemini-service-tier` header (never in the body):
 * the script's (`standard` or `default` for a priority request downgraded for want of capacity),
 * else the tier asked for (`flex`, `priority`), else `standard`.
 *
 * @example geminiServedTier({ service_tier: 'flex' }, undefined) // 'flex'
 */
function geminiServedTier(body: JsonObject, script: ScriptRule | undefined): string {
  const tier = script?.service_tier;
  if (tier) return tier === 'default' ? 'standard' : tier;
  const asked = body['service_tier'] ?? body['serviceTier'];
  return asked === 'flex' || asked === 'priority' ? asked : 'standard';
}

/**
 * Validates; returns the responder to run once faults have had their say.
 *
 * @example const respond = prepareGenerate(ex, 'gemini-2.5-flash', false); if (typeof respond === 'function') respond();
 */
export function prepareGenerate(ex: Exchange, model: string, stream: boolean): (() => void) | WireError {
  if (isEmbeddingModelName(model)) {
    // Google's 404 for a model without the method, as for embedContent on a chat model.
    const version = /^\/(v1\w*)\//.exec(ex.path)?.[1] ?? 'v1beta';
    const method = stream ? 'streamGenerateContent' : 'generateContent';
    return geminiError(404, { message: `models/${model} is not found for API version ${version}, or is not supported for ${method}. Call ListModels to see the list of available models and their supported methods.` });
  }
  const plan = parseGenerateRequest(ex.body, model);
  if ('status' in plan) return plan;
  const overflow = contextOverflow('gemini', model, plan.promptTokens, ex.requestId);
  if (overflow) return overflow;
  return () => {
    const result = generate(ex, plan);
    ex.answerHeaders = { 'x-gemini-service-tier': geminiServedTier(ex.body, result.script) };
    const total = Number(result.usage['totalTokenCount']);
    if (stream) sendStream(ex, renderGeminiStream(result, geminiAlt(new URL(ex.req.url ?? '/', 'http://simulator'), 'the simulator') === 'sse'), total);
    else sendJson(ex, JSON.stringify(responseBody(result), null, 2), total, generationDelay(ex, Number(result.usage['candidatesTokenCount'])));
  };
}

function generate(ex: Exchange, plan: GeminiPlan): GenerateResult {
  const { scripts } = ex.state;
  const script = scripts.size > 0 ? scripts.find(plan.reply.lastUserText, plan.model) : undefined;
  const candidates: CandidateResult[] = [];
  const thoughts = thoughtTokens(plan, script);
  // Gemini 2.5 counts thinking toward maxOutputTokens: the answer gets what thinking left.
  const max = plan.settings.maxTokens;
  const answerLimit = max === undefined ? undefined : Math.max(0, max - thoughts);
  let output = 0;
  let searched = 0;
  for (let index = 0; index < plan.settings.candidateCount; index++) {
    // Candidate 0 keeps the request's seed, so asking for more candidates does not change the first.
    const seed = index === 0 ? plan.seed : fnvString(`candidate ${index}`, plan.seed);
    const candidate = makeCandidate(plan, seed, index, script, answerLimit);
    // Thought summaries are thinking, counted in thoughtsTokenCount, not in the candidates.
    for (const part of candidate.parts) if (part.json['thought'] !== true) output += part.pieces.length || 4;
    if (candidate.grounding) searched += groundingPromptTokens(plan.reply.lastUserText, seed);
    candidates.push(candidate);
  }
  return { responseId: ex.requestId, model: plan.model, candidates, usage: usageOf(ex, plan, output, thoughts, searched, script), script };
}

/**
 * Thinking tokens: the script's count, else a seeded amount within the thinking budget, and never
 * more than maxOutputTokens (thinking that reaches the limit leaves the answer no room). Dynamic
 * thinking (no budget) does not yield to the answer either: gemini-2.5-pro given
 * `maxOutputTokens: 100` thinks 99 tokens and answers an empty text with MAX_TOKENS (Google AI
 * developer forum, "no model response when limiting output tokens").
 */
function thoughtTokens(plan: GeminiPlan, script: ScriptRule | undefined): number {
  const scripted = script?.usage?.reasoning_tokens;
  if (scripted !== undefined) return scripted;
  if (!plan.thinks) return 0;
  const budget = plan.settings.thinkingBudget;
  const natural = 32 + (plan.seed % 8) * 16;
  const thoughts = budget !== undefined && budget > 0 ? Math.min(budget, natural) : natural;
  const max = plan.settings.maxTokens;
  return max === undefined ? thoughts : Math.min(thoughts, max);
}

function makeCandidate(plan: GeminiPlan, seed: number, index: number, script: ScriptRule | undefined, answerLimit: number | undefined): CandidateResult {
  const reply = makeReply({ ...plan.reply, maxTokens: answerLimit, seed, script });
  const parts: RenderedPart[] = [];
  // A scripted reply shows a thought only when its script says what (as on the Anthropic side).
  if (plan.thinks && plan.settings.includeThoughts && (!script || script.thinking !== undefined)) {
    const thought = script?.thinking ?? `**Thinking it through**\n\n${generateText(seededRandom(fnvString('thought', seed)), plan.reply.lastUserText)}`;
    parts.push({ json: { text: thought, thought: true }, pieces: splitTokens(thought) });
  }
  // Thinking used up maxOutputTokens: no answer, as Gemini ends such a turn.
  if (answerLimit === 0) return { index, parts, finishReason: 'MAX_TOKENS', logprobs: undefined };
  if (reply.kind === 'tools') {
    reply.calls.forEach((call, k) => {
      const json: Record<string, unknown> = { functionCall: { name: call.name, args: argumentsObject(call.arguments) } };
      // Thinking models sign the first call of a step; Gemini 3 insists on getting it back.
      if (k === 0 && plan.thinks) json['thoughtSignature'] = Buffer.from(`sim-thought-signature:${seed.toString(16)}:${plan.model}`).toString('base64');
      parts.push({ json, pieces: [] });
    });
    return { index, parts, finishReason: script?.gemini_finish_reason ?? 'STOP', logprobs: undefined };
  }
  if (reply.pieces.length > 0) parts.push({ json: { text: reply.text }, pieces: reply.pieces });
  const logprobs = plan.settings.logprobs === undefined ? undefined : logprobsResult(reply.pieces, plan.settings.logprobs, seed);
  const grounding = plan.grounded && reply.text !== '' ? groundingMetadata(plan.reply.lastUserText, reply.text, seed) : undefined;
  const finishReason = script?.gemini_finish_reason ?? (reply.finish === 'length' ? 'MAX_TOKENS' : 'STOP');
  return { index, parts, finishReason, logprobs, ...(grounding ? { grounding } : {}) };
}

function logprobsResult(pieces: string[], top: number, seed: number): Record<string, unknown> {
  const entries = tokenLogprobs(pieces, Math.max(1, top), seed);
  const candidate = (token: string, logprob: number) => ({ token, tokenId: fnvString(token) % 262_144, logProbability: logprob });
  const result: Record<string, unknown> = { chosenCandidates: entries.map((e) => candidate(e.token, e.logprob)) };
  if (top > 0) result['topCandidates'] = entries.map((e) => ({ candidates: e.top_logprobs.map((t) => candidate(t.token, t.logprob)) }));
  return result;
}

/** Usage as Gemini reports it; `searched` is the tokens of search results fed to the model (toolUsePromptTokenCount). */
function usageOf(ex: Exchange, plan: GeminiPlan, output: number, thoughts: number, searched: number, script: ScriptRule | undefined): Record<string, unknown> {
  const { cache } = ex.state;
  const cached = Math.min(cache.longestSeen(plan.checkpoints), plan.promptTokens);
  cache.remember(plan.checkpoints);
  const override = script?.usage ?? {};
  const prompt = override.prompt_tokens ?? plan.promptTokens;
  const candidates = override.completion_tokens ?? output;
  const cachedTokens = override.cached_tokens ?? cached;
  // Gemini leaves out counts that are zero or do not apply.
  const usage: Record<string, unknown> = { promptTokenCount: prompt, candidatesTokenCount: candidates, totalTokenCount: prompt + candidates + thoughts + searched };
  if (cachedTokens > 0) usage['cachedContentTokenCount'] = cachedTokens;
  if (searched > 0) usage['toolUsePromptTokenCount'] = searched;
  if (thoughts > 0) usage['thoughtsTokenCount'] = thoughts;
  // A script's prompt count replaces the estimate, media included: all of it is reported as text.
  usage['promptTokensDetails'] = promptTokensDetails(prompt, override.prompt_tokens === undefined ? plan.media : new Map());
  if (cachedTokens > 0) usage['cacheTokensDetails'] = [{ modality: 'TEXT', tokenCount: cachedTokens }];
  if (searched > 0) usage['toolUsePromptTokensDetails'] = [{ modality: 'TEXT', tokenCount: searched }];
  return usage;
}

/**
 * A candidate's JSON as it appears in a whole (non-streamed) response.
 *
 * @example candidateJson(candidate).content.role // 'model'
 */
export function candidateJson(candidate: CandidateResult): Record<string, unknown> {
  const json: Record<string, unknown> = {
    content: { parts: candidate.parts.map((part) => part.json), role: 'model' },
    finishReason: candidate.finishReason,
    index: candidate.index,
  };
  if (candidate.logprobs) json['logprobsResult'] = candidate.logprobs;
  if (candidate.grounding) json['groundingMetadata'] = candidate.grounding;
  return json;
}

function responseBody(result: GenerateResult): Record<string, unknown> {
  return { candidates: result.candidates.map(candidateJson), usageMetadata: result.usage, modelVersion: result.model, responseId: result.responseId };
}
