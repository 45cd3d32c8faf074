import type { Clock, Random } from '../../core/clock.js';
import type { TargetHealth } from '../../routing/target-health.js';
import { SwitchyardError } from '../../core/errors.js';
import { billedFailure, billedFailureOf } from '../../core/billed-failure.js';
import { JsonText } from '../../core/json-text.js';
import type { ChatCompletionRequest, JsonObject } from '../../core/openai-wire.js';
import type { CallOptions, ChatProvider } from '../../providers/spec.js';
import { capBody } from '../../providers/output-cap.js';
import { droppedHeader, noteDropped, withoutRefusedSampling } from '../../providers/dropped-params.js';
import { refuseEffortNotTaken } from '../../providers/openai-compatible/effort-not-taken.js';
import type { ModelPlan, Target } from '../../routing/catalog.js';
import { orderTargets, targetId } from '../../routing/order-targets.js';
import type { Call } from '../call.js';
import { codecFor } from '../client-formats/index.js';
import { forNativeResponses } from '../client-formats/responses/for-native-responses.js';
import type { JsonOutcome, Outcome, StreamOutcome } from '../outcome.js';
import type { Stage } from '../pipeline.js';
import { type Refusal, runAttempts, skipsOf } from '../run-attempts.js';
import { type StreamState, trackStream } from './track-stream.js';
import { pricedTargets } from '../unpriced-policy.js';
import { noteOverflow, promptPastWindow } from '../context-window.js';
import { SIMULATED_HEADER } from '../../core/simulated-header.js';
import { headerSafe } from '../../routing/policies/decision.js';

export interface ProviderCallDeps {
  clock: Clock;
  random: Random;
  health?: TargetHealth | undefined;
}

/**
 * The last stage for chat: tries the plan's targets with retries and fallbacks. A provider that
 * speaks the client's format gets the body as sent (only `model` replaced) and its answer goes
 * back byte for byte; any other pair is translated through the canonical format. Once a stream's
 * first byte is out there is no retry: a failure ends the stream with an error event.
 */
/**
 * OpenAI's and Google's 404 to a chat request for a model that cannot chat (an embedding model:
 * "This is not a chat model…", "…not supported for generateContent"): the request's fault, not
 * the target's (`requestFaults`). The target's circuit is the one its embeddings calls use, so
 * five chat requests naming `text-embedding-3-small` had opened it for every embeddings client.
 */
const NOT_A_CHAT_MODEL = new Set([404]);

export function callProvider(deps: ProviderCallDeps): Stage {
  // Made once, not per request.
  const attemptDeps = { ...deps, requestFaults: NOT_A_CHAT_MODEL };
  return async (call) => {
    const plan = planOf(call);
    const canonicalRequest = () => (call.canonical ??= codecFor(call.input.format).toCanonical(call.body));
    const order = pricedTargets(call, plan.name, orderTargets(plan, deps.random, deps.health));
    if (plan.balance && plan.balance !== 'weighted' && deps.health) call.decide('balance', balanceDecision(plan.balance, order, deps.health));
    const { value, target } = await notingSkips(call, runAttempts(plan.name, order, plan.retry, attemptDeps, call.input.signal, call.attempts, (t) => send(call, t, plan, canonicalRequest, deps.health).catch((error: unknown) => {
      noteOverflow(call, t, error);
      throw error;
    })));
    call.bookTo(target);
    // Wherever the trace is shown, a simulated answer must not pass for a real model's.
    if (target.provider.simulated) {
      call.decide('simulated', { provider: target.provider.name, reason: 'answered by the built-in simulator, not a real model' });
      // And to the client, which may keep no store with the trace (`eval run --gateway URL`).
      value.headers[SIMULATED_HEADER] = headerSafe(target.provider.name);
    }
    const dropped = droppedHeader(call.decisions);
    if (dropped) value.headers['x-switchyard-dropped-params'] = dropped;
    return value;
  };
}

/**
 * The attempts' result, with what they passed over written on the trace whether they answered or
 * failed (a failed call's skips are often why it failed).
 */
export async function notingSkips<T extends { skipped: readonly string[]; refused: readonly Refusal[] }>(call: Call, attempts: Promise<T>): Promise<T> {
  try {
    const result = await attempts;
    noteSkips(call, result.skipped, result.refused);
    return result;
  } catch (error) {
    const skips = skipsOf(error);
    if (skips) noteSkips(call, skips.skipped, skips.refused);
    throw error;
  }
}

/**
 * Targets passed over, on the trace: `breaker` for open circuits, `unsupported` for targets that
 * cannot honour the request (Claude and `n>1`). A call can reach the provider more than once (a
 * route skipping a refusing model, a cascade's steps): each pass adds to the lists.
 */
function noteSkips(call: Call, skipped: readonly string[], refused: readonly Refusal[]): void {
  if (skipped.length > 0) {
    const earlier = call.decisions?.['breaker'] as { skipped: string[] } | undefined;
    if (earlier) earlier.skipped.push(...skipped);
    else call.decide('breaker', { skipped, reason: 'open circuit after repeated failures' });
  }
  if (refused.length > 0) {
    const earlier = call.decisions?.['unsupported'] as { skipped: Refusal[] } | undefined;
    if (earlier) earlier.skipped.push(...refused);
    else call.decide('unsupported', { skipped: refused });
  }
}

/** Why the targets were tried in this order: each one's recent latency, requests in flight and rate-limit headroom. */
function balanceDecision(rule: string, order: readonly Target[], health: TargetHealth) {
  return {
    rule,
    order: order.map((t) => {
      const id = targetId(t);
      const latency = health.latencyOf(id);
      const headroom = health.headroomOf(id);
      return { target: id, latencyMs: latency === null ? null : Math.round(latency), inFlight: health.inFlightOf(id), headroom: headroom === null ? null : Math.round(headroom * 1000) / 1000, circuit: health.state(id) };
    }),
  };
}

function planOf(call: Call): ModelPlan {
  if (!call.plan) throw new SwitchyardError('internal', 'no model plan: the route stage must run before the provider call');
  return call.plan;
}

function optionsFor(call: Call, target: Target, plan: ModelPlan, health: TargetHealth | undefined): CallOptions {
  const options: CallOptions = { model: target.model, signal: call.input.signal, timeoutMs: plan.timeouts.attempt_ms, forward: call.input.forward, bodyText: call.unchangedBodyText, decisions: call, outputLimit: target.outputLimit, clientFormat: call.input.format };
  if (health) {
    const id = targetId(target);
    options.onHeaders = (headers) => health.observeHeaders(id, headers);
  }
  return options;
}

/**
 * The client's body for a same-format call to `target`. When the client named another model (an
 * alias, a fallback) it could not have fitted the request to this one, so its output cap is held
 * to the target's limit (`capBody`) and the sampling parameters the target refuses are left out
 * (`withoutRefusedSampling`: Claude Opus 4.7 on, OpenAI's reasoning models), named on the trace.
 * A client that named the upstream model itself gets its own body, and the provider's answer to
 * it. A changed body is sent serialised again.
 */
function forTarget(call: Call, target: Target, options: CallOptions): JsonObject {
  let body = call.body;
  if (call.input.format === 'responses') {
    // A conversation begun on another provider holds reasoning OpenAI would refuse (see for-native-responses.ts).
    const native = forNativeResponses(body);
    if (native.dropped > 0) call.decide('foreign_reasoning', { dropped: native.dropped, reason: 'reasoning items another provider produced, which the Responses API would refuse, left out' });
    body = native.body;
  }
  if (body.model !== target.model) {
    // An effort this target does not take: passed over for a fallback that does (effort-not-taken.ts).
    if (call.input.format === 'openai' || call.input.format === 'responses') refuseEffortNotTaken(body, target.model, call.input.format);
    body = capBody(body, target.model, target.outputLimit, call);
    body = withoutRefusedSampling(body, target.model, call.input.format, call);
  }
  if (body !== call.body) options.bodyText = undefined;
  return body;
}

async function send(call: Call, target: Target, plan: ModelPlan, canonicalRequest: () => ChatCompletionRequest, health: TargetHealth | undefined): Promise<Outcome> {
  // A prompt clearly past the target's window is refused here, so the attempts pass it over.
  const pastWindow = promptPastWindow(call, target);
  if (pastWindow) throw pastWindow;
  const provider = target.provider;
  const options = optionsFor(call, target, plan, health);
  const format = call.input.format;
  const native = provider.native.has(format) && !call.forceCanonical && !call.canonicalOnly && (provider.speaksNatively?.(format, target.model, call.body) ?? true);
  const nativeBody = native ? forTarget(call, target, options) : call.body;
  const codec = codecFor(format);
  if (!native) noteDropped(call, 'chat', codec.untranslated(call.body));
  // A translation's refusal names the canonical request's fields: the client hears its own.
  const inClientTerms = (error: unknown): unknown => (error instanceof SwitchyardError && codec.clientError ? codec.clientError(error, canonicalRequest()) : error);
  if (!call.stream) {
    let text: string;
    if (native && provider.nativeGenerate) {
      const answer = await provider.nativeGenerate(nativeBody, options, format);
      call.usage = answer.usage;
      text = answer.text;
    } else {
      const result = await provider.generate(canonicalRequest(), options).catch((error: unknown) => Promise.reject(inClientTerms(error)));
      call.usage = result.usage;
      call.completion = result.completion;
      text = codec.encodeCompletion(result.completion, call.received);
    }
    call.response = new JsonText(text);
    call.ttftMs = performance.now() - call.t0;
    return jsonAnswer(text);
  }
  const wantsUsage = format === 'openai' && (call.body.stream_options as JsonObject | undefined)?.include_usage === true;
  if (native && provider.nativeStream) {
    const stream = await provider.nativeStream(nativeBody, options, wantsUsage, format);
    // A stream the client gets whole is read to its end here; one that may still refuse after its
    // 200 (the Responses API's opening events, then a refusal) until it is past that point.
    const ready = call.holdStream ? never : stream.started;
    const events = ready ? await heldUntil(call, provider, stream.events, stream.cancel, ready) : stream.events;
    return streamAnswer(call, provider, events, { usage: stream.usage, response: stream.response, cancel: stream.cancel, fail: stream.fail });
  }
  const stream = await provider.stream(canonicalRequest(), options).catch((error: unknown) => Promise.reject(inClientTerms(error)));
  const encoder = codec.streamEncoder(wantsUsage, call.received);
  async function* encode(): AsyncGenerator<string> {
    for await (const chunks of stream.chunks) {
      const out = encoder.push(chunks);
      if (out !== '') yield out;
    }
    yield encoder.end();
  }
  const fail = encoder.fail ? (error: SwitchyardError) => encoder.fail?.(error) ?? '' : undefined;
  const events = call.holdStream ? await heldUntil(call, provider, encode(), stream.cancel, never) : encode();
  return streamAnswer(call, provider, events, { usage: stream.usage, response: () => encoder.response(), cancel: stream.cancel, fail });
}

/**
 * A stream's first pieces, read inside the attempt until `ready()` says the upstream is answering:
 * a provider that breaks the connection or sends an error event before then fails this attempt,
 * and the attempts go on to a retry or a fallback, as for a whole answer; nothing reached the
 * client. Two uses: a stream the client only gets whole (`call.holdStream`, `ready` never true),
 * read to its end (before, the guard held the broken stream and the client got the error although
 * nothing had been sent); and a Responses stream from a provider that serves the API natively,
 * held until its first event past `response.created` / `response.in_progress` (`NativeStream.started`):
 * OpenAI refuses a prompt past the model's window only then, in an `error` event at sequence 2,
 * so the client got the refusal of a target the chain could have passed over. The pieces held go
 * out first, then the rest as it arrives.
 */
async function heldUntil(call: Call, provider: ChatProvider, events: AsyncIterable<string>, cancel: () => void, ready: () => boolean): Promise<AsyncIterableIterator<string>> {
  const held: string[] = [];
  const source = events[Symbol.asyncIterator]();
  try {
    for (let next = await source.next(); !next.done; next = await source.next()) {
      held.push(next.value);
      if (ready()) break;
    }
  } catch (error) {
    cancel();
    const failure = error instanceof SwitchyardError ? error : provider.networkError(error, { signal: call.input.signal, timeoutMs: 0 });
    // A connection cut after the provider's 200 is billed, as a whole answer's cut body is
    // (http-provider's readAll); an error event the provider sent (`upstream_error`) is its answer.
    const cut = failure.code !== 'upstream_error' && !call.input.signal.aborted && billedFailureOf(failure) === undefined;
    throw cut ? billedFailure(failure, 'body_cut') : failure;
  }
  return new ResumedEvents(held, source);
}

const never = (): boolean => false;

/**
 * The pieces `heldUntil` read, then the rest of the source, whose reads are handed on as they are
 * (no generator layer on every event of a relayed stream). Closing it early closes the source.
 */
class ResumedEvents implements AsyncIterableIterator<string> {
  private index = 0;

  constructor(
    private readonly held: readonly string[],
    private readonly source: AsyncIterator<string>,
  ) {}

  [Symbol.asyncIterator](): AsyncIterableIterator<string> {
    return this;
  }

  next(): Promise<IteratorResult<string>> {
    if (this.index < this.held.length) return Promise.resolve({ done: false, value: this.held[this.index++] as string });
    return this.source.next();
  }

  async return(): Promise<IteratorResult<string>> {
    this.index = this.held.length;
    await this.source.return?.();
    return { done: true, value: undefined };
  }
}

function jsonAnswer(body: string): JsonOutcome {
  return { kind: 'json', status: 200, body, headers: { 'content-type': 'application/json' } };
}

/** The stream as the client will receive it, instrumented (see `trackStream`). */
function streamAnswer(call: Call, provider: ChatProvider, events: AsyncIterable<string>, state: StreamState): StreamOutcome {
  const outcome: StreamOutcome = { kind: 'stream', headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' }, events: trackStream(call, provider, events, state) };
  if (state.fail) outcome.failure = state.fail;
  return outcome;
}
