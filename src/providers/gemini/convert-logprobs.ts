/**
 * Gemini `logprobsResult` → OpenAI `choice.logprobs`. Gemini gives, per generated token, the
 * chosen token and (with `generationConfig.logprobs`) the top alternatives; OpenAI wants one
 * entry per token with its UTF-8 bytes and the alternatives inline.
 */
import type { GeminiLogprobsCandidate, GeminiLogprobsResult } from './gemini-wire.js';

export interface OpenAITokenLogprob {
  token: string;
  logprob: number;
  bytes: number[];
  top_logprobs: { token: string; logprob: number; bytes: number[] }[];
}

/**
 * @example
 * toOpenAILogprobs({ chosenCandidates: [{ token: 'Hi', logProbability: -0.1 }], topCandidates: [{ candidates: [{ token: 'Hi', logProbability: -0.1 }] }] })
 * // { content: [{ token: 'Hi', logprob: -0.1, bytes: [72, 105], top_logprobs: [{ token: 'Hi', logprob: -0.1, bytes: [72, 105] }] }], refusal: null }
 */
export function toOpenAILogprobs(result: GeminiLogprobsResult | undefined): { content: OpenAITokenLogprob[]; refusal: null } | null {
  const chosen = result?.chosenCandidates;
  if (!Array.isArray(chosen)) return null;
  const content = chosen.map((candidate, i) => {
    const top = result?.topCandidates?.[i]?.candidates ?? [];
    return { ...entry(candidate), top_logprobs: top.map(entry) };
  });
  return { content, refusal: null };
}

function entry(candidate: GeminiLogprobsCandidate): { token: string; logprob: number; bytes: number[] } {
  const token = candidate.token ?? '';
  return { token, logprob: candidate.logProbability ?? 0, bytes: Array.from(Buffer.from(token, 'utf8')) };
}
