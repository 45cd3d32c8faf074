import type { KnowledgeOption } from '../../config/knowledge-schema.js';
import { knowledgeOptionSchema } from '../../config/knowledge-schema.js';
import type { RoutesConfig } from '../../config/route-schema.js';
import { toSwitchyardError } from '../../core/errors.js';
import { JsonText } from '../../core/json-text.js';
import type { ChatCompletion } from '../../core/openai-wire.js';
import { modelReranker } from '../../knowledge/rerank/model-reranker.js';
import { ownCompletion } from '../../providers/openai-usage-details.js';
import { search } from '../../knowledge/search/search.js';
import type { Embedder } from '../../knowledge/types.js';
import { answerText } from '../answer-text.js';
import { answerWith } from '../answer-with.js';
import type { Call } from '../call.js';
import { featuresOf } from '../call-features.js';
import { checkGroundedness } from '../knowledge/check-groundedness.js';
import { citationHeader, withExtension } from '../knowledge/citation-output.js';
import { buildContextBlock, type ContextBlock } from '../knowledge/context-block.js';
import { injectContext } from '../knowledge/inject-context.js';
import type { KnowledgeDecision } from '../knowledge/decisions.js';
import type { OpenBases } from '../knowledge/open-bases.js';
import type { OnBehalfOf } from '../call.js';
import type { Outcome } from '../outcome.js';
import type { Stage } from '../pipeline.js';

export interface GroundStageDeps {
  routes: RoutesConfig;
  bases: OpenBases;
  /** The embedder for dense and hybrid retrieval (calls the embedding model through the pipeline, paid by the client's key). */
  embedderFor: (model: string, onBehalfOf: OnBehalfOf) => Embedder;
  /** Asks a judge model (through the pipeline, paid by the client's key) and returns its text. */
  judge: (model: string, prompt: string, onBehalfOf: OnBehalfOf) => Promise<string>;
  /** Asks a reranking model (through the pipeline, paid by the client's key) and returns its text. */
  rerank: (model: string, prompt: string, onBehalfOf: OnBehalfOf) => Promise<string>;
  /** `traces.bodies: full`: the trace keeps the retrieved chunks' text too, and the groundedness verdict quotes the answer. */
  keepText: boolean;
  /**
   * The answer's text with the call's PII placeholders restored, those `only` accepts. The chunks
   * are checked as retrieved, values and all, while the provider saw them redacted: an answer that
   * copied a source's `<EMAIL_1>` was "not in the context" and flagged, or in `block` mode refused.
   */
  restoreAnswerText?: (call: Call, text: string, only?: (value: string) => boolean) => string;
}

/** Chunk text kept on the trace per chunk: enough to see why it was retrieved. */
const TRACE_TEXT_CHARS = 600;

/**
 * Grounds a route's requests in its knowledge base: retrieves chunks for the last user turn,
 * adds them (numbered) to the system prompt in the client's format, returns the citations in
 * the `x-switchyard-citations` header and in a `switchyard` field of whole answers, records the
 * chunks on the trace, and checks the answer's groundedness (after delivery, or before it in
 * `block` mode). A retrieval that fails lets the request through without context, flagged.
 */
export function groundRequest(deps: GroundStageDeps): Stage {
  // A call without knowledge settings (nearly every one) passes straight on, not through an
  // async frame: that frame alone was ~1% of a streamed request's CPU.
  // Only the sources' own values come back: the judge reads the chunks with them already, while the
  // client's values (its address in the question) stay placeholders for it as for the provider.
  const asClientReads = (call: Call, text: string, contexts: readonly string[]) => (deps.restoreAnswerText ? deps.restoreAnswerText(call, text, (value) => contexts.some((c) => c.includes(value))) : text);
  return (call, next) => {
    const settings = settingsFor(call, deps.routes);
    return settings ? ground(call, next, settings) : next();
  };

  async function ground(call: Call, next: () => Promise<Outcome>, settings: KnowledgeOption): Promise<Outcome> {
    const question = featuresOf(call).lastUserText;
    const started = performance.now();
    let block: ContextBlock;
    let version: number;
    try {
      const kb = await deps.bases.get(settings.base);
      const embedder = settings.mode === 'bm25' || !settings.embed_model ? undefined : deps.embedderFor(settings.embed_model, call);
      const rerankWarnings: string[] = [];
      const rerank = settings.rerank;
      const reranker = rerank ? modelReranker((prompt) => deps.rerank(rerank.model, prompt, call), { onFallback: (reason) => rerankWarnings.push(reason) }) : undefined;
      const found = await search(kb, question, { k: settings.k, mode: settings.mode, filter: settings.filter, ...(embedder ? { embedder } : {}), ...(reranker && rerank ? { reranker, candidates: rerank.candidates } : {}) });
      found.warnings.push(...rerankWarnings);
      const chunks = settings.min_score === undefined ? found.chunks : found.chunks.filter((c) => c.score >= (settings.min_score as number));
      block = buildContextBlock(chunks, settings.template, settings.max_context_chars);
      version = found.version;
      const decision: KnowledgeDecision = {
        base: settings.base,
        version,
        mode: found.mode,
        k: settings.k,
        ...(rerank ? { rerankedBy: rerank.model } : {}),
        retrievalMs: round(performance.now() - started),
        chunks: block.chunks.map((chunk, i) => ({
          index: i + 1,
          docId: chunk.docId,
          chunkId: chunk.chunkId,
          title: chunk.title,
          headingPath: chunk.headingPath,
          score: round(chunk.score),
          start: chunk.start,
          end: chunk.end,
          ...(deps.keepText ? { text: chunk.text.slice(0, TRACE_TEXT_CHARS) } : {}),
        })),
        ...(found.warnings.length > 0 ? { warnings: found.warnings } : {}),
      };
      call.decide('knowledge', decision);
    } catch (thrown) {
      const error = toSwitchyardError(thrown);
      call.decide('knowledge', { base: settings.base, action: 'flag', reason: `retrieval failed, answered without context: ${error.message.slice(0, 500)}`, retrievalMs: round(performance.now() - started) });
      call.notCached = `knowledge base "${settings.base}" could not be searched, so the answer has no context`;
      return next();
    }
    call.body = injectContext(call.input.format, call.body, block.text);
    // The template around the sources is the operator's, not retrieved: the guards' re-check skips it.
    const at = settings.template.indexOf('{{context}}');
    call.configuredText.push(...[settings.template.slice(0, at), settings.template.slice(at + '{{context}}'.length)].map((part) => part.trim()).filter((part) => part !== ''));
    // The canonical request is re-derived from the grounded body by whoever needs it next.
    call.canonical = undefined;
    const extension = { knowledge_base: settings.base, version, citations: block.citations };
    const check = settings.groundedness.check;
    const contexts = block.chunks.map((c) => c.text);
    let outcome: Outcome;
    if (check === 'block') {
      outcome = await answerChecked(call, next, contexts, settings, deps.keepText, asClientReads);
    } else {
      outcome = await next();
      if (check === 'flag' && outcome.kind !== 'error') {
        const judgeModel = settings.groundedness.judge;
        call.onSettled(async () => {
          if (call.error !== null || (call.delivery?.status ?? 200) !== 200) return;
          const judge = judgeModel ? (prompt: string) => deps.judge(judgeModel, prompt, call) : undefined;
          try {
            call.decide('groundedness', await checkGroundedness(asClientReads(call, answerText(call.response), contexts), contexts, settings.groundedness, 'flag', judge, { quote: deps.keepText }));
          } catch (error) {
            call.decide('groundedness', { action: 'flag', reason: `the groundedness check failed: ${(error as Error).message.slice(0, 300)}` });
          }
        });
      }
    }
    outcome.headers['x-switchyard-citations'] = citationHeader(block.citations);
    if (outcome.kind === 'json' && outcome.status === 200) {
      outcome.body = withExtension(outcome.body, extension);
      call.response = new JsonText(outcome.body);
    }
    return outcome;
  }
}

/**
 * `block` mode: the answer is produced whole (canonically, so it can be read), checked before
 * it is sent, and replaced by the route's refusal when the context does not support it; a client
 * that asked for a stream gets the checked answer as one.
 */
async function answerChecked(call: Call, next: () => Promise<Outcome>, contexts: string[], settings: KnowledgeOption, quote: boolean, asClientReads: (call: Call, text: string, contexts: readonly string[]) => string): Promise<Outcome> {
  const wantsStream = call.stream;
  call.stream = false;
  call.forceCanonical = true;
  call.completion = undefined;
  const outcome = await next();
  call.stream = wantsStream;
  if (outcome.kind !== 'json' || outcome.status !== 200) return outcome;
  const completion = (call.completion as ChatCompletion | undefined) ?? ownCompletion(call.upstreamModel ?? call.model, answerText(call.response));
  const text = completion.choices[0]?.message.content;
  const decision = await checkGroundedness(asClientReads(call, typeof text === 'string' ? text : '', contexts), contexts, settings.groundedness, 'block', undefined, { quote });
  call.decide('groundedness', decision);
  if (decision.pass) return wantsStream ? answerWith(call, completion) : outcome;
  // The refusal in the shape of the answer it replaces (the tokens that answer spent stay in usage).
  const refusal = ownCompletion(completion.model, settings.groundedness.refusal, { id: completion.id, created: completion.created, usage: completion.usage, serviceTier: completion['service_tier'] });
  return answerWith(call, refusal);
}

/**
 * The knowledge settings for this call: the route's, or an in-process override (the ladder's
 * rungs) naming another base (with the route's other settings, or the defaults) or none.
 */
function settingsFor(call: Call, routes: RoutesConfig): KnowledgeOption | undefined {
  const configured = call.routeName === null ? undefined : routes[call.routeName]?.options.knowledge;
  const override = call.input.overrides?.knowledge;
  if (override === undefined) return configured;
  if (override === null) return undefined;
  const wanted = typeof override === 'string' ? { base: override } : override;
  return knowledgeOptionSchema.parse(configured ? { ...configured, ...wanted } : wanted);
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
