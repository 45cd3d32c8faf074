import { renderTemplate } from '../suite/template.js';
import type { ScoreResult } from '../types.js';
import type { ScoreInput } from './scorer.js';

/**
 * Cosine similarity of two vectors; 0 when either is all zeros.
 *
 * @example cosine([1, 0], [1, 1]) // 0.7071
 */
export function cosine(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = (b[i] ?? 0) as number;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

/**
 * Embedding similarity between the output and a reference, through the gateway's embeddings
 * endpoint (so it is traced and costed like every call).
 *
 * @example await similarityScore({ model: 'embed', value: '{{expected}}', threshold: 0.8 }, input)
 */
export async function similarityScore(spec: { model: string; value: string; threshold: number }, input: ScoreInput, scorer: string): Promise<ScoreResult> {
  const reference = renderTemplate(spec.value, input.vars);
  const { vectors, costUsd, cached } = await input.caller.embed(spec.model, [input.output || ' ', reference || ' '], { ...input.tags, scorer }, input.signal);
  const similarity = cosine(vectors[0] ?? [], vectors[1] ?? []);
  const pass = similarity >= spec.threshold;
  return { pass, score: Math.max(0, similarity), raw: similarity, reason: `cosine ${similarity.toFixed(3)} ${pass ? '≥' : '<'} ${spec.threshold}`, costUsd: cached ? 0 : costUsd };
}
