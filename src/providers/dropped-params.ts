import type { DecisionSink } from './spec.js';
import { refusedIn, requestedEffort, samplingRefusals } from '../core/refused-sampling.js';

/** The trace decision that lists, per API translated into, the client's fields left behind. */
export const DROPPED_PARAMS = 'dropped_params';
const MAX_NAMES = 50;
const MAX_NAME = 100;
// What a header value may carry: a name of other characters is on the trace only.
const HEADER_NAME = /^[A-Za-z0-9_.$-]{1,64}$/;

/**
 * The top-level fields of `body` that a translation does not carry (`carried` names the ones it
 * reads), in the order sent. A `null` says "the default" and loses nothing, so it is not listed.
 *
 * @example untranslated({ model: 'm', seed: 1, store: null }, new Set(['model'])) // ['seed']
 */
export function untranslated(body: object, carried: ReadonlySet<string>): string[] {
  const names: string[] = [];
  for (const [name, value] of Object.entries(body)) if (!carried.has(name) && value !== undefined && value !== null) names.push(name);
  return names;
}

/**
 * Writes on the trace that translating into `to` dropped `names`. A request sent to another API
 * keeps only what that API can say: a field it does not know would make it refuse the whole
 * request (Anthropic and Gemini refuse unknown fields, and so does OpenAI), so it is dropped, and
 * this is the trace of it. Adds to what earlier attempts (fallbacks to other APIs) recorded.
 *
 * @example noteDropped(call, 'anthropic', ['seed']) // decisions.dropped_params: { anthropic: ['seed'] }
 */
export function noteDropped(sink: DecisionSink | undefined, to: string, names: readonly string[]): void {
  if (!sink || names.length === 0) return;
  const earlier = sink.decisions?.[DROPPED_PARAMS] as Record<string, string[]> | undefined;
  const record = earlier ?? {};
  const list = (record[to] ??= []);
  // Names are the client's own keys: held to a size a trace can show.
  for (const name of names) {
    const shown = name.slice(0, MAX_NAME);
    if (list.length < MAX_NAMES && !list.includes(shown)) list.push(shown);
  }
  if (!earlier) sink.decide(DROPPED_PARAMS, record);
}

/**
 * The `x-switchyard-dropped-params` header: every name dropped on this call, once each.
 *
 * @example droppedHeader({ dropped_params: { chat: ['container'], gemini: ['user'] } }) // 'container, user'
 */
export function droppedHeader(decisions: Record<string, unknown> | null | undefined): string | undefined {
  const record = decisions?.[DROPPED_PARAMS] as Record<string, string[]> | undefined;
  if (!record) return undefined;
  const names = [...new Set(Object.values(record).flat())].filter((name) => HEADER_NAME.test(name));
  return names.length > 0 ? names.join(', ') : undefined;
}

/** The trace decision that says, per upstream model, which sampling parameters it refused and why. */
export const REFUSED_SAMPLING = 'refused_sampling';

/**
 * Drops from `body` (a copy; `body` itself when nothing goes) the sampling parameters `model`
 * refuses at the body's reasoning effort (`samplingRefusals`), and writes on the trace that they went (`dropped_params`, under
 * `to`, so the `x-switchyard-dropped-params` header names them) and why (`refused_sampling`,
 * per model: a fallback to another model adds its own). The drop is per target: a fallback to a
 * model that takes them sends them.
 *
 * @example withoutRefusedSampling({ model: 'm', temperature: 0.2 }, 'claude-opus-4-7', 'anthropic', call)
 * // { model: 'm' }; decisions: dropped_params { anthropic: ['temperature'] }, refused_sampling { 'claude-opus-4-7': { params: ['temperature'], reason } }
 */
export function withoutRefusedSampling<T extends object>(body: T, model: string, to: string, sink: DecisionSink | undefined): T {
  const refusals = samplingRefusals(model, requestedEffort(body as Record<string, unknown>));
  if (refusals.params.size === 0) return body;
  const names = refusedIn(body as Record<string, unknown>, refusals);
  if (names.length === 0) return body;
  const kept = { ...body } as Record<string, unknown>;
  for (const name of names) delete kept[name];
  noteRefused(sink, to, model, names, refusals.reason);
  return kept as T;
}

/** Records `names` as dropped for `model` (see `withoutRefusedSampling`), for a converter that leaves them out itself. */
export function noteRefused(sink: DecisionSink | undefined, to: string, model: string, names: readonly string[], reason: string): void {
  if (!sink || names.length === 0) return;
  noteDropped(sink, to, names);
  const earlier = sink.decisions?.[REFUSED_SAMPLING] as Record<string, { params: string[]; reason: string }> | undefined;
  const record = earlier ?? {};
  record[model.slice(0, MAX_NAME)] = { params: [...names], reason };
  if (!earlier) sink.decide(REFUSED_SAMPLING, record);
}
