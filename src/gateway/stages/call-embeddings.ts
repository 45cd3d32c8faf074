import { SwitchyardError } from '../../core/errors.js';
import { orderTargets } from '../../routing/order-targets.js';
import { notingSkips, type ProviderCallDeps } from './call-provider.js';
import type { Stage } from '../pipeline.js';
import { runAttempts } from '../run-attempts.js';
import { droppedHeader } from '../../providers/dropped-params.js';
import { pricedTargets } from '../unpriced-policy.js';
import { toGeminiEmbeddings } from '../client-formats/gemini/gemini-embeddings.js';
import { SIMULATED_HEADER } from '../../core/simulated-header.js';
import { headerSafe } from '../../routing/policies/decision.js';
import { withEmbeddingsId } from '../embeddings-id.js';

/** OpenAI's 403 and Google's 404 to embeddings from a chat model: the request's fault, not the target's (`requestFaults`). */
const NOT_AN_EMBEDDING_MODEL = new Set([403, 404]);

/** The last stage for embeddings: OpenAI-format in and out (a Gemini API client's answer put back in Google's shape), with the same retries and fallbacks as chat. */
export function callEmbeddings(deps: ProviderCallDeps): Stage {
  // Made once, not per request.
  const attemptDeps = { ...deps, requestFaults: NOT_AN_EMBEDDING_MODEL };
  return async (call) => {
    const plan = call.plan;
    if (!plan) throw new SwitchyardError('internal', 'no model plan: the route stage must run before the provider call');
    const { value, target } = await notingSkips(
      call,
      runAttempts(plan.name, pricedTargets(call, plan.name, orderTargets(plan, deps.random, deps.health)), plan.retry, attemptDeps, call.input.signal, call.attempts, (t) => {
        if (!t.provider.embed) {
          throw new SwitchyardError('unsupported', `model "${plan.name}" is served by provider "${t.provider.name}", which has no embeddings endpoint; use a model on an OpenAI-compatible or Gemini provider`, {
            param: 'model',
          });
        }
        return t.provider.embed(call.body, { model: t.model, signal: call.input.signal, timeoutMs: plan.timeouts.attempt_ms, bodyText: call.unchangedBodyText, decisions: call });
      }),
    );
    call.provider = target.provider.name;
    call.upstreamModel = target.model;
    // Wherever the trace is shown, a simulated answer must not pass for a real model's.
    if (target.provider.simulated) call.decide('simulated', { provider: target.provider.name, reason: 'answered by the built-in simulator, not a real model' });
    call.price = target.price;
    call.usage = value.usage;
    // The vectors are not worth keeping in a trace; how many there were is.
    call.response = { object: 'list', data: `[${value.count} embeddings]`, model: target.model };
    call.ttftMs = performance.now() - call.t0;
    const dropped = droppedHeader(call.decisions);
    // A Gemini API client asked in Google's terms and gets its answer in them.
    const fromPath = call.input.format === 'gemini' ? call.input.fromPath : undefined;
    const body =
      fromPath && fromPath.method !== 'generateContent' && fromPath.method !== 'streamGenerateContent' ? toGeminiEmbeddings(value.text, fromPath.method) : withEmbeddingsId(value.text, `embd-${call.traceId}`);
    return { kind: 'json', status: 200, body, headers: { 'content-type': 'application/json', ...(dropped ? { 'x-switchyard-dropped-params': dropped } : {}), ...(target.provider.simulated ? { [SIMULATED_HEADER]: headerSafe(target.provider.name) } : {}) } };
  };
}
