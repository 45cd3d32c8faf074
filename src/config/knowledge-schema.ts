import { z } from 'zod';

/** Knowledge base names, as `switchyard kb add NAME` accepts them. */
const KB_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/**
 * The default context template: numbered sources the model is asked to cite as [1], [2]. The
 * sources go where `{{context}}` is; the result is added to the request's system prompt.
 */
export const DEFAULT_KNOWLEDGE_TEMPLATE = [
  'Answer using the numbered sources below. Cite each source you use by its number in square brackets, as in [1].',
  'If the sources do not contain the answer, say that you do not know.',
  '',
  'Sources:',
  '{{context}}',
].join('\n');

const scalarSchema = z.union([z.string().max(1_000), z.number(), z.boolean()]);

/**
 * What the gateway does with an answer whose sentences the retrieved context does not support:
 * `flag` records it on the trace (and puts it in the review queue) after the answer went out;
 * `block` waits for the whole answer, checks it before sending, and replaces an unsupported one;
 * `off` skips the check.
 */
export const groundednessCheckSchema = z.strictObject({
  check: z.enum(['off', 'flag', 'block']).default('flag'),
  /**
   * The lexical pass's per-sentence threshold (share of idf-weighted content words found in the
   * context). 0.6 was chosen on the SQuAD dev claims in bench/rag.mjs.
   */
  threshold: z.number().min(0).max(1).default(0.6),
  /** The answer passes when at least this share of its checked sentences is supported. */
  min_supported: z.number().min(0).max(1).default(1),
  /**
   * A judge model (or route) asked, off the request path, about answers the lexical pass doubts;
   * it has the last word in `flag` mode. Never called in `block` mode, which must stay fast.
   */
  judge: z.string().min(1).max(256).optional(),
  /** What a blocked answer is replaced with. */
  refusal: z.string().min(1).max(2_000).default('I could not find support for an answer in the knowledge base.'),
});

/**
 * `options.knowledge` of a route: retrieve from a knowledge base for the last user turn and put
 * the chunks in the prompt. `knowledge: handbook` is short for `knowledge: { base: handbook }`.
 */
export const knowledgeOptionSchema = z.preprocess(
  (value) => (typeof value === 'string' ? { base: value } : value),
  z
    .strictObject({
      base: z.string().regex(KB_NAME, 'a knowledge base name: 1–64 letters, digits, ".", "_" or "-"'),
      /** Chunks put in the prompt. Each costs input tokens on every request. */
      k: z.number().int().min(1).max(50).default(4),
      mode: z.enum(['bm25', 'dense', 'hybrid']).default('bm25'),
      /** The embedding model (a configured model name) for dense and hybrid retrieval. */
      embed_model: z.string().min(1).max(256).optional(),
      /** Only documents whose metadata equal these values (an array: any of them). */
      filter: z.record(z.string().min(1).max(128), z.union([scalarSchema, z.array(scalarSchema).min(1).max(1_000)])).optional(),
      /** Must contain `{{context}}`; added to the system prompt (Anthropic `system`, Responses `instructions`). */
      template: z.string().min(1).max(8_000).refine((t) => t.includes('{{context}}'), 'the template must contain {{context}}').default(DEFAULT_KNOWLEDGE_TEMPLATE),
      /** Bound on the context's length, so a knowledge base of long chunks cannot blow the prompt up. */
      max_context_chars: z.number().int().min(200).max(400_000).default(12_000),
      /** Chunks scoring below this are left out (BM25 scores are unbounded; hybrid ones are RRF sums). */
      min_score: z.number().optional(),
      /**
       * Rerank the first `candidates` chunks with a model (one call rating each 0–10) before taking
       * k. It costs a model call before the provider call on every request: worth it only when the
       * ladder or an eval says so. `min_score` then compares the model's ratings.
       */
      rerank: z.strictObject({ model: z.string().min(1).max(256), candidates: z.number().int().min(2).max(100).default(20) }).optional(),
      groundedness: groundednessCheckSchema.default(groundednessCheckSchema.parse({})),
    })
    .superRefine((k, ctx) => {
      if (k.mode !== 'bm25' && k.embed_model === undefined) ctx.addIssue({ code: 'custom', path: ['embed_model'], message: `mode "${k.mode}" needs "embed_model": the embedding model the knowledge base was indexed with` });
    }),
);

export type KnowledgeOption = z.output<typeof knowledgeOptionSchema>;
export type GroundednessCheck = z.output<typeof groundednessCheckSchema>;
