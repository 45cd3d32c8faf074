import type { GuardVerdict } from '../../guardrails/verdict.js';
import type { Call } from '../call.js';
import { canonicalOf } from '../call-features.js';
import { checkFailed, entry, piiEntry, redactInto } from './guard-input.js';
import type { GuardEntry, GuardState } from './guard-state.js';
import { messageText } from './input-texts.js';

/**
 * Checks what stages between guard-in and the provider added to the request (a knowledge route's
 * retrieved context): the added messages are scored for indirect injection, and the PII policy is
 * applied again with the call's vault, so retrieved PII is redacted too and a value already seen
 * keeps its placeholder (texts guard-in redacted are not scanned twice). Cheap when nothing changed (an identity check of the messages). Returns
 * the entry that blocks, if one does.
 *
 * @example const blocked = recheckAdded(call, state);
 */
export function recheckAdded(call: Call, state: GuardState): GuardEntry | undefined {
  const checked = state.checked;
  if (!checked || call.canonical?.messages === checked.messages) return undefined;
  const { policy } = state;
  const added: GuardEntry[] = [];
  try {
    const request = canonicalOf(call);
    const fresh = request.messages.map(messageText).filter((text) => text !== '' && !checked.texts.has(text));
    if (policy.injection && fresh.length > 0) {
      let worst: GuardVerdict | undefined;
      for (const text of fresh) {
        const retrieved = withoutConfigured(text, call.configuredText);
        if (retrieved === '') continue;
        const v = policy.injection(retrieved, 'indirect');
        if (worst === undefined || (v.score ?? 0) > (worst.score ?? 0)) worst = v;
      }
      if (worst) added.push({ ...entry('input', worst), name: 'context-injection' });
    }
    if (policy.pii && fresh.length > 0) {
      const result = redactInto(call, request, policy.pii, state.vault, checked.texts);
      state.vault ??= result.vault;
      if (result.findings.length > 0) added.push(piiEntry(result, 'context-pii'));
    }
    const sent = canonicalOf(call).messages;
    state.checked = { messages: sent, texts: new Set(sent.map(messageText)) };
  } catch (error) {
    added.push({ ...checkFailed('input', policy, error), name: 'context-error' });
  }
  state.entries.push(...added);
  return added.find((e) => e.action === 'block');
}

/**
 * The text with the gateway's configured parts (`Call.configuredText`: a knowledge template around
 * its sources) taken out, each once, so that only what was retrieved (and the client's own text
 * around it) is scored as a document.
 *
 * @example withoutConfigured('Be brief.\n\nSources:\n[1] Refunds…', ['Sources:']) // 'Be brief.\n\n\n[1] Refunds…'
 */
export function withoutConfigured(text: string, configured: readonly string[]): string {
  let out = text;
  for (const part of configured) {
    const at = out.indexOf(part);
    if (at !== -1) out = `${out.slice(0, at)}${out.slice(at + part.length)}`;
  }
  return out.trim();
}
