/**
 * Renders a generated answer as Gemini's stream. With `alt=sse` every event is a whole
 * `GenerateContentResponse` framed `data: {…}\r\n\r\n`, as Google sends it; without it the same
 * responses form one JSON array written piece by piece. Text comes in slices of a few tokens,
 * function calls whole, usage (running) on every event and final on the last, which also carries
 * each candidate's finishReason. With `responseLogprobs`, each event's `logprobsResult` covers the
 * tokens of that event's text, so a streamed answer carries all of them as a whole one does.
 */
import type { CandidateResult, GenerateResult } from './gemini-generate.js';
import type { SseEvent } from './sse.js';

// Google sends text in slices of several tokens, not token by token.
const TOKENS_PER_EVENT = 6;

type Slice = { candidate: CandidateResult; parts: Record<string, unknown>[]; tokens: number; last: boolean; logprobs?: Record<string, unknown> };

/** The entries of a whole answer's `logprobsResult` for its tokens `from` to `to`. */
function logprobsSlice(logprobs: Record<string, unknown>, from: number, to: number): Record<string, unknown> {
  const slice: Record<string, unknown> = {};
  for (const [key, entries] of Object.entries(logprobs)) slice[key] = Array.isArray(entries) ? entries.slice(from, to) : entries;
  return slice;
}

/** Each candidate's parts cut into per-event slices. */
function slicesOf(candidate: CandidateResult): Slice[] {
  const slices: Slice[] = [];
  for (const part of candidate.parts) {
    if (part.pieces.length === 0) {
      slices.push({ candidate, parts: [part.json], tokens: 1, last: false });
      continue;
    }
    for (let at = 0; at < part.pieces.length; at += TOKENS_PER_EVENT) {
      const text = part.pieces.slice(at, at + TOKENS_PER_EVENT).join('');
      const thought = part.json['thought'] === true;
      const json = thought ? { text, thought: true } : { text };
      // The whole answer's logprobs are one entry per token of its text part (never of a thought).
      const logprobs = !thought && candidate.logprobs ? logprobsSlice(candidate.logprobs, at, at + TOKENS_PER_EVENT) : undefined;
      slices.push({ candidate, parts: [json], tokens: Math.min(TOKENS_PER_EVENT, part.pieces.length - at), last: false, ...(logprobs ? { logprobs } : {}) });
    }
  }
  if (slices.length === 0) slices.push({ candidate, parts: [{ text: '' }], tokens: 0, last: false });
  slices[slices.length - 1]!.last = true;
  return slices;
}

/**
 * @example renderGeminiStream(result, true)[0]?.data.startsWith('data: {"candidates"') // true
 */
export function renderGeminiStream(result: GenerateResult, sse: boolean): SseEvent[] {
  const perCandidate = result.candidates.map(slicesOf);
  const steps = Math.max(...perCandidate.map((slices) => slices.length));
  const prompt = Number(result.usage['promptTokenCount']);
  const searched = Number(result.usage['toolUsePromptTokenCount'] ?? 0);
  const bodies: string[] = [];
  let produced = 0;
  let sent = 0;
  const tokens: number[] = [];
  for (let step = 0; step < steps; step++) {
    const candidates: Record<string, unknown>[] = [];
    for (const slices of perCandidate) {
      const slice = slices[step];
      if (!slice) continue;
      produced += slice.tokens;
      const json: Record<string, unknown> = { content: { parts: slice.parts, role: 'model' } };
      if (slice.last) json['finishReason'] = slice.candidate.finishReason;
      if (slice.logprobs) json['logprobsResult'] = slice.logprobs;
      // Grounding comes whole with the candidate's last event, as Google sends it.
      if (slice.last && slice.candidate.grounding) json['groundingMetadata'] = slice.candidate.grounding;
      json['index'] = slice.candidate.index;
      candidates.push(json);
    }
    const final = step === steps - 1;
    // The search runs before the answer: its tokens are counted from the first event on.
    const usage = final ? result.usage : { promptTokenCount: prompt, candidatesTokenCount: produced, totalTokenCount: prompt + searched + produced, ...(searched > 0 ? { toolUsePromptTokenCount: searched } : {}), promptTokensDetails: result.usage['promptTokensDetails'] };
    bodies.push(JSON.stringify({ candidates, usageMetadata: usage, modelVersion: result.model, responseId: result.responseId }));
    // The pace (x-sim-tokens-per-second) applies to the tokens an event carries, not to events.
    tokens.push(Math.max(1, produced - (tokens.length === 0 ? 0 : sent)));
    sent = produced;
  }
  if (sse) return bodies.map((body, i) => ({ data: `data: ${body}\r\n\r\n`, token: true, tokens: tokens[i]! }));
  return bodies.map((body, i) => ({ data: `${i === 0 ? '[' : ',\r\n'}${body}${i === bodies.length - 1 ? ']' : ''}`, token: true, tokens: tokens[i]! }));
}
