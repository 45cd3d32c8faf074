import type { CallTags, ModelCaller } from '../client/model-caller.js';
import type { ScoreResult } from '../types.js';
import { buildJudgeMessages, type JudgedCase } from './judge-prompt.js';
import type { JudgeSpec } from './judge-spec.js';
import { parseJudgeReply } from './parse-judge-reply.js';

/** Judge calls are deterministic where the provider allows, and ask for JSON. */
export const JUDGE_PARAMS = { temperature: 0, response_format: { type: 'json_object' } } as const;

/**
 * Scores one answer with an LLM judge through the gateway. The score is normalised to [0, 1]
 * and the pass decision made in code from `passAt`.
 *
 * @example await runJudge(caller, spec, { input: 'Where is my card?', output: 'Monday' }, tags) // { pass: true, raw: 4, score: 0.75 … }
 */
export async function runJudge(caller: ModelCaller, spec: JudgeSpec, judged: JudgedCase, tags: CallTags, options: { trial?: number; signal?: AbortSignal } = {}): Promise<ScoreResult> {
  const reply = await caller.chat({ model: spec.model, messages: buildJudgeMessages(spec, judged), params: { ...JUDGE_PARAMS }, tags, trial: options.trial, signal: options.signal });
  const { score, reason } = parseJudgeReply(reply.text, spec.scale, reply.traceId);
  const [lo, hi] = spec.scale;
  return { pass: score >= spec.passAt, score: (score - lo) / (hi - lo), raw: score, reason, costUsd: reply.cached ? 0 : reply.costUsd };
}
