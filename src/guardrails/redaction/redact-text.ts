import type { Finding, PiiDetector, PiiEntityType } from '../pii/entity-types.js';
import { actionFor, type PiiAction, type PiiPolicy } from './policy.js';
import type { PiiVault } from './vault.js';

/** A finding with where it was found and what the policy decided. */
export interface PolicyFinding extends Finding {
  action: PiiAction;
  /** Where in the request: `messages[2].content`, `messages[1].tool_calls[0].function.arguments`… */
  path: string;
}

/** Redacts one text: placeholders for findings whose action is `redact`. */
export function redactText(
  text: string,
  path: string,
  context: { detector: PiiDetector; policy: PiiPolicy; allowed: ReadonlySet<string>; vault: PiiVault; findings: PolicyFinding[] },
): string {
  const found = context.detector.detect(text);
  if (found.length === 0) return text;
  let out = '';
  let last = 0;
  for (const f of found) {
    const value = text.slice(f.start, f.end);
    const action = actionFor(context.policy, f, value, context.allowed);
    // A literal, not `{ ...f, action, path }`: one hidden class for every policy finding (a spread
    // site's copies get a class of their own once warm, and readers of the list turn polymorphic).
    context.findings.push({ type: f.type, start: f.start, end: f.end, score: f.score, action, path });
    if (action !== 'redact') continue;
    out += text.slice(last, f.start) + context.vault.placeholderFor(f.type as PiiEntityType, value);
    last = f.end;
  }
  return out + text.slice(last);
}
