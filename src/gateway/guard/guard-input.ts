import { JsonText, jsonTextOf } from '../../core/json-text.js';
import type { Finding, PiiDetector } from '../../guardrails/pii/index.js';
import type { ChatCompletionRequest, JsonObject } from '../../core/openai-wire.js';
import { type NativeRedaction, type PiiPolicy, type PiiVault, type Pseudonymizer, redactAnthropicRequest, redactChatRequest, redactGeminiRequest, type RedactionResult, redactResponsesRequest } from '../../guardrails/redaction/index.js';
import { codecFor } from '../client-formats/index.js';
import type { GuardVerdict } from '../../guardrails/verdict.js';
import type { Call } from '../call.js';
import { canonicalOf } from '../call-features.js';
import type { Outcome } from '../outcome.js';
import type { Stage } from '../pipeline.js';
import type { CompiledPolicy } from './compile-policy.js';
import { CACHE_HEADER } from '../stages/cache-answers.js';
import { blockedOutcome, type GuardEntry, type GuardState, guardHeader, recordTiming, startRecord } from './guard-state.js';
import { type AskJudge, escalateToJudge } from './injection-judge.js';
import { checkableRequest, isContentPart } from './checkable-request.js';
import { type InputTexts, inputTexts, messageText } from './input-texts.js';
import { restoreOutcome } from './restore-outcome.js';
import { mayHoldPlaceholder, redactKnownValues, restoreDeep } from './restore-json.js';
import { unscannedEntries } from './unscanned.js';
import { identityEcho, type IdentityEcho, restoreIdentities, traceEcho, withTraceEcho } from './restore-identities.js';
import { sharingScans } from '../../guardrails/shared-scans.js';

/**
 * The guard-in stage: picks the call's policy, scores the user turn and tool results for
 * injection, runs the input word and topic checks, and applies the PII policy to the canonical
 * request (values replaced by placeholders before anything leaves; the mapping stays in this
 * call's memory). A `block` answers at once with an error naming the guard, never the content.
 * On the way back it puts the original values into the answer, streamed or whole, in the
 * client's format. Traces keep the redacted request unless the policy says `trace: original`.
 */
export function guardInput(select: (call: Call) => CompiledPolicy | undefined, states: WeakMap<Call, GuardState>, judge?: AskJudge): Stage {
  return async (call, next) => {
    const policy = select(call);
    if (!policy) return next();
    const state = startRecord(call, policy);
    states.set(call, state);
    const started = performance.now();
    let redaction: Redaction | undefined;
    let echo: IdentityEcho | undefined;
    try {
      // The checks share what they compute on the same text: one hash and one normalisation per text.
      const checked = sharingScans(() => runInputChecks(call, policy, state.entries));
      redaction = checked.redaction;
      echo = checked.echo;
      // A request read without its untranslatable parts was never converted: nothing later can add to it.
      const sent = checked.exact ? canonicalOf(call).messages : undefined;
      if (sent) state.checked = { messages: sent, texts: new Set(sent.map(messageText)) };
      state.vault = redaction?.vault;
      // The judge sees the redacted request: PII does not leave for a judge either.
      if (policy.injectionJudge && judge) await escalateToJudge(policy, sent ? inputTexts(canonicalOf(call)) : checked.texts, state.entries, (model, text) => judge(model, text, call));
    } catch (error) {
      state.entries.push(checkFailed('input', policy, error));
    }
    state.inputMs = performance.now() - started;
    recordTiming(call, state);
    const blocked = state.entries.find((e) => e.action === 'block');
    if (blocked) return blockedOutcome(call, state, blocked, 'request');
    if (policy.traceOriginals && redaction && redaction.vault.size > 0) traceAnswerRestored(call, redaction.vault, policy.restoreThinking);
    if (redaction && call.input.format === 'responses') traceResponseEcho(call, policy.traceOriginals);
    if (redaction && !policy.traceOriginals) traceDecisionsRedacted(call, redaction.vault);
    const outcome: Outcome = await next();
    // A cached answer skips the output checks (they ran when it was stored, under this policy: the
    // cache key holds its digest); the header and trace say so rather than leaving them out unsaid.
    if (outcome.headers[CACHE_HEADER] === 'hit' && policy.output.checks.length > 0) {
      state.entries.push({ name: 'cached-answer', stage: 'output', action: 'pass', reason: 'answered from the cache: the output checks ran on this answer when it was stored, under the same policy' });
    }
    outcome.headers['x-switchyard-guardrails'] = guardHeader(state);
    const restored = redaction && redaction.vault.size > 0 ? restoreOutcome(outcome, redaction.vault, call.input.format, policy.restoreThinking) : outcome;
    // A native Responses provider echoes the identity fields as sent: the client gets its own back.
    return echo ? restoreIdentities(restored, echo) : restored;
  };
}

type Redaction = Omit<RedactionResult, 'request'>;

/**
 * `trace: original`: the trace keeps the answer as the client got it, values in place, as it keeps
 * the request (it kept the provider's answer, placeholders and all, beside a request with the
 * values). Registered before `next()`, so it runs once the stages inside have settled the answer
 * (the cache has stored it as the provider wrote it), after delivery, off the request path.
 */
function traceAnswerRestored(call: Call, vault: PiiVault, reasoning: boolean): void {
  call.onSettled(() => {
    if (call.answerTracedOn !== null) return;
    const text = jsonTextOf(call.response);
    if (text === null || !mayHoldPlaceholder(text)) return;
    call.response = restoreDeep(JSON.parse(text), vault, '', reasoning);
  });
}

/**
 * A Responses trace's echoed request fields (`user`, `metadata`, `instructions`…) as its request
 * keeps them: under `trace: redacted` the values sent upstream (the Response the gateway writes
 * for a chat provider echoed the client's, so a redacted trace held the address in `user` and
 * `metadata`), under `trace: original` the client's (a native provider's echo kept the `sy-user-…`
 * pseudonyms the client never saw). Runs once the answer is settled, after `traceAnswerRestored`.
 */
function traceResponseEcho(call: Call, originals: boolean): void {
  const echo = originals ? traceEcho(call.received, call.body) : traceEcho(call.body, call.received);
  if (!echo) return;
  call.onSettled(() => {
    if (call.answerTracedOn !== null || call.response === null) return;
    call.response = withTraceEcho(call.response, jsonTextOf(call.response), echo);
  });
}

/**
 * `trace: redacted`: the trace's decisions say nothing its request and answer redact. Stages
 * inside record text there — a knowledge route's retrieved chunks (with `traces.bodies: full`),
 * its groundedness verdict, whose judge read the restored passages — and they held the values the
 * request went upstream without (a retrieved document's e-mail address beside its `<EMAIL_2>` in
 * the request). Every value the call's vault holds, the context's included (it grows until the
 * provider call), goes back to its placeholder. Registered before `next()`: runs after every
 * stage inside has decided, off the request path.
 */
function traceDecisionsRedacted(call: Call, vault: PiiVault): void {
  call.onSettled(() => {
    const decisions = call.decisions;
    if (decisions === null || vault.size === 0) return;
    const pairs = [...vault.entries()];
    for (const [stage, decision] of Object.entries(decisions)) {
      // The guard's own entries name types and counts, never values (and are shared by reference).
      if (stage === 'guardrails' || stage === 'guard' || decision === null || typeof decision !== 'object') continue;
      const text = JSON.stringify(decision);
      const redacted = redactKnownValues(text, pairs);
      if (redacted !== text) decisions[stage] = JSON.parse(redacted);
    }
  });
}

function runInputChecks(call: Call, policy: CompiledPolicy, entries: GuardEntry[]): { redaction: Redaction | undefined; exact: boolean; texts: InputTexts; echo?: IdentityEcho } {
  const { request, exact, skipped } = checkableRequest(call);
  const texts = inputTexts(request);
  for (const part of skipped) if (isContentPart(part)) texts.unreadable.files.push(part.param ?? 'a part');
  if (policy.injection) {
    if (texts.userTurn !== '') entries.push(entry('input', policy.injection(texts.userTurn, 'user')));
    if (texts.documents.length > 0) {
      // One entry for all documents: the most suspicious one decides.
      let worst: GuardVerdict | undefined;
      for (const doc of texts.documents) {
        const v = policy.injection(doc, 'indirect');
        if (worst === undefined || (v.score ?? 0) > (worst.score ?? 0)) worst = v;
      }
      if (worst) entries.push(entry('input', worst));
    }
  }
  for (const check of policy.input) entries.push(entry('input', check(texts.all)));
  entries.push(...unscannedEntries(texts.unreadable, policy.attachments));
  if (!policy.pii) return { redaction: undefined, exact, texts };
  const sent = call.body;
  const { result, seen } = redactBody(call, policy.pii);
  entries.push(piiEntry(result, 'pii'));
  if (!policy.traceOriginals && result.findings.length > 0) {
    // The trace keeps the request as sent, with every acted-on value replaced.
    const pairs: [string, string][] = [];
    result.findings.forEach((f, i) => {
      const value = seen[i];
      if (value === undefined || f.action === 'allow') return;
      pairs.push([value, f.action === 'redact' ? result.vault.placeholderFor(f.type, value) : `<${f.type}>`]);
    });
    // A text file's values are inside its base64: the trace gets the redacted file instead.
    pairs.push(...result.files);
    call.request = new JsonText(withUpstreamIdentities(redactKnownValues(call.input.bodyText, pairs), sent, call.body));
  }
  const echo = call.input.format === 'responses' ? identityEcho(sent, call.body) : undefined;
  return { redaction: result, exact, texts, echo };
}

/**
 * The trace's request (JSON text) with the identity fields as they went upstream: the keyed
 * pseudonyms (`sy-user-…`, `sy-meta-…`) of `user`, `safety_identifier`, `prompt_cache_key`,
 * `metadata` (Anthropic's `metadata.user_id` with it) and a chat message's `name`. Replacing the
 * values found in the body's text gave them placeholders (`"user": "<EMAIL_1>"`), which no
 * request carried, while a Responses trace's answer echoed the pseudonyms the provider got: the
 * request and answer of one redacted trace disagreed. The text as it was when no field changed.
 *
 * @example withUpstreamIdentities('{"user":"<EMAIL_1>"}', { user: 'ann@example.com' }, { user: 'sy-user-5c0e…' }) // '{"user":"sy-user-5c0e…"}'
 */
function withUpstreamIdentities(traceText: string, sent: JsonObject, forwarded: JsonObject): string {
  const fields = identityEcho(forwarded, sent);
  const names = chatNames(sent, forwarded);
  if (!fields && !names) return traceText;
  let trace: JsonObject;
  try {
    trace = JSON.parse(traceText) as JsonObject;
  } catch {
    return traceText;
  }
  Object.assign(trace, fields);
  const messages = trace.messages;
  if (names && Array.isArray(messages)) for (const [i, name] of names) if (messages[i] && typeof messages[i] === 'object') (messages[i] as JsonObject).name = name;
  return JSON.stringify(trace);
}

/** The chat messages whose `name` left as a pseudonym, with it; undefined when none did. */
function chatNames(sent: JsonObject, forwarded: JsonObject): [number, string][] | undefined {
  const before = sent.messages;
  const after = forwarded.messages;
  if (before === after || !Array.isArray(before) || !Array.isArray(after)) return undefined;
  let names: [number, string][] | undefined;
  after.forEach((message, i) => {
    const name = (message as JsonObject | null)?.name;
    if (typeof name === 'string' && name !== (before[i] as JsonObject | null)?.name) (names ??= []).push([i, name]);
  });
  return names;
}

/**
 * A second redaction pass, over what a later stage added to the canonical request, with the
 * call's vault: the redacted request replaces the canonical one, which providers must then get.
 * Texts in `done` were
 * redacted by the pass before: they are not scanned again (their placeholders are not PII, and
 * what the policy allowed or flagged there was recorded then).
 */
export function redactInto(call: Call, request: ChatCompletionRequest, pii: NonNullable<CompiledPolicy['pii']>, vault: PiiVault | undefined, done: ReadonlySet<string>): RedactionResult {
  const result = redactChatRequest(request, pii.policy, skipping(pii.detector, done), vault, pii.pseudonym);
  if (result.outcome.redactedCount > 0) {
    call.canonical = result.request;
    call.canonicalOnly = true;
  }
  return result;
}

/** A client format's redactor (Gemini's has no identity fields, so no use for the pseudonymizer). */
type NativeRedactor = (body: JsonObject, policy: PiiPolicy, detector: PiiDetector, vault: PiiVault | undefined, pseudonym: Pseudonymizer | undefined) => NativeRedaction;

const NATIVE_REDACTORS: Record<'anthropic' | 'responses' | 'openai' | 'gemini', NativeRedactor> = { anthropic: redactAnthropicRequest, responses: redactResponsesRequest, openai: redactChatBody, gemini: redactGeminiRequest };

/**
 * The client's body redacted as it was sent, in its own format: it replaces the call's body (a
 * provider that speaks that format gets it with everything only it understands — server tools,
 * extended thinking, prompt caching, Responses built-in tools) and its canonical form (any other
 * provider gets that; a body with parts only its own API understands has none, and such a
 * provider refuses it as it would unredacted).
 */
function redactBody(call: Call, pii: NonNullable<CompiledPolicy['pii']>): { result: Redaction; seen: string[] } {
  const seen: string[] = [];
  const format = call.input.format;
  const { body, ...result } = NATIVE_REDACTORS[format](call.body, pii.policy, recording(pii.detector, seen), undefined, pii.pseudonym);
  if (result.outcome.redactedCount > 0) {
    call.body = body;
    try {
      call.canonical = codecFor(format).toCanonical(body);
    } catch {
      call.canonical = undefined;
    }
  }
  return { result, seen };
}

/**
 * A token-count body redacted as the model call's would be (`CountBody`): the body to forward,
 * or `null` when the policy blocks something in it. A policy without PII checks leaves it as is.
 */
export function redactForCount(policy: CompiledPolicy, format: 'anthropic' | 'gemini', body: JsonObject): JsonObject | null {
  if (!policy.pii) return body;
  const { body: redacted, outcome } = NATIVE_REDACTORS[format](body, policy.pii.policy, policy.pii.detector, undefined, policy.pii.pseudonym);
  return outcome.blocked ? null : redacted;
}

/** A Chat Completions body is the canonical request's own shape: redacted as one, unknown fields kept. */
function redactChatBody(body: JsonObject, policy: PiiPolicy, detector: PiiDetector, vault: PiiVault | undefined, pseudonym: Pseudonymizer | undefined): NativeRedaction {
  const { request, ...result } = redactChatRequest(body as unknown as ChatCompletionRequest, policy, detector, vault, pseudonym);
  return { body: request as unknown as JsonObject, ...result };
}

/** The detector, finding nothing in texts already scanned. */
function skipping(detector: PiiDetector, done: ReadonlySet<string>): PiiDetector {
  return { detect: (text) => (done.has(text) ? [] : detector.detect(text)) };
}

/** The detector, noting each found value in order (the redactor's findings come in the same order). */
function recording(detector: PiiDetector, seen: string[]): PiiDetector {
  return {
    detect(text: string): Finding[] {
      const found = detector.detect(text);
      for (const f of found) seen.push(text.slice(f.start, f.end));
      return found;
    },
  };
}

export function piiEntry(result: Pick<RedactionResult, 'findings' | 'outcome'>, name: string): GuardEntry {
  const entities: Record<string, Record<string, number>> = {};
  for (const f of result.findings) {
    const byAction = (entities[f.type] ??= {});
    byAction[f.action] = (byAction[f.action] ?? 0) + 1;
  }
  const { outcome } = result;
  const list = (types: readonly string[]) => types.join(', ');
  if (outcome.blocked) return { name, stage: 'input', action: 'block', reason: `the request contains ${list(outcome.blockedTypes)}`, entities };
  const redacted = result.findings.filter((f) => f.action === 'redact').map((f) => f.type);
  const redactedText = redacted.length > 0 ? `redacted ${redacted.length} value${redacted.length > 1 ? 's' : ''} (${list([...new Set(redacted)])})` : '';
  if (outcome.flagged) return { name, stage: 'input', action: 'flag', reason: [`flagged ${list(outcome.flaggedTypes)}`, redactedText].filter(Boolean).join('; '), entities };
  if (redacted.length > 0) return { name, stage: 'input', action: 'redact', reason: redactedText, entities };
  return { name, stage: 'input', action: 'pass', reason: result.findings.length > 0 ? 'only allowed values found' : 'no PII found', entities };
}

/** A check's verdict as a trace entry. */
export function entry(stage: GuardEntry['stage'], v: GuardVerdict): GuardEntry {
  return { name: v.check, stage, action: v.action, reason: v.reason, ...(v.score === undefined ? {} : { score: Math.round(v.score * 1000) / 1000 }) };
}

/** A check that threw: the policy decides whether that stops the request (`on_error`). */
export function checkFailed(stage: GuardEntry['stage'], policy: CompiledPolicy, error: unknown): GuardEntry {
  const message = error instanceof Error ? error.message : String(error);
  return {
    name: 'guard-error',
    stage,
    action: policy.onError === 'closed' ? 'block' : 'warn',
    reason: `an ${stage} check failed (${policy.onError === 'closed' ? 'fail closed' : 'fail open'}): ${message.slice(0, 200)}`,
  };
}
