/**
 * Plausible, deterministic log probabilities for generated tokens, in OpenAI's shape:
 * `{ token, logprob, bytes, top_logprobs: [{ token, logprob, bytes }] }`.
 */
import { fnvString } from '../core/fnv-hash.js';
import { generateWord } from './content.js';
import { seededRandom } from '../core/seeded-random.js';

export interface TokenLogprob {
  token: string;
  logprob: number;
  bytes: number[];
  top_logprobs: { token: string; logprob: number; bytes: number[] }[];
}

function bytesOf(text: string): number[] {
  return Array.from(Buffer.from(text, 'utf8'));
}

/**
 * One entry per token. The chosen token comes first in `top_logprobs`, as in the real API,
 * followed by less likely alternatives.
 *
 * @example tokenLogprobs([' Hello'], 2, 7)[0].top_logprobs.length // 2
 */
export function tokenLogprobs(tokens: readonly string[], topCount: number, seed: number): TokenLogprob[] {
  const rng = seededRandom(fnvString('logprobs', seed));
  return tokens.map((token) => {
    const logprob = -Math.round(rng() * 1.5 * 1e6) / 1e6;
    const top: TokenLogprob['top_logprobs'] = [];
    let next = logprob;
    for (let i = 0; i < topCount; i++) {
      if (i === 0) {
        top.push({ token, logprob, bytes: bytesOf(token) });
        continue;
      }
      next = Math.round((next - 0.5 - rng() * 3) * 1e6) / 1e6;
      const alternative = ` ${generateWord(rng)}`;
      top.push({ token: alternative, logprob: next, bytes: bytesOf(alternative) });
    }
    return { token, logprob, bytes: bytesOf(token), top_logprobs: top };
  });
}
