import type { ConditionalRoute, Matcher, RouteCondition } from '../../config/route-schema.js';
import { headerSafe, quote, type RouteDecision } from './decision.js';
import type { RequestFeatures } from './request-features.js';

/**
 * Regular expressions run on at most this many characters of the last user message. A pattern
 * with heavy backtracking on a 10 MB body would stall the event loop for every other request; rules
 * are about what a message is, which its first 20,000 characters say.
 */
export const MAX_REGEX_INPUT = 20_000;

/** A conditional route's decision; `rule` is the index of the rule that matched, absent for the default. */
export interface ConditionalDecision extends RouteDecision {
  rule?: number;
}

// Patterns compiled once per parsed config object, not per request.
const compiled = new WeakMap<RouteCondition, RegExp>();

/**
 * The first rule whose conditions all hold picks the target; otherwise the default does.
 * Metadata, key and team values are compared as text, so `equals: 5` matches `"5"` from a header.
 *
 * @example
 * decideConditional(route, requestFeatures(request, { metadata: { tier: 'gold' } }))
 * // { target: 'claude', reason: 'rule 1: metadata.tier = "gold"', rule: 0 }
 */
export function decideConditional(route: ConditionalRoute, features: RequestFeatures): ConditionalDecision {
  for (let i = 0; i < route.rules.length; i++) {
    const rule = route.rules[i] as ConditionalRoute['rules'][number];
    const why = matchCondition(rule.when, features);
    if (why !== undefined) return { target: rule.target, reason: headerSafe(`rule ${i + 1}: ${why.join('; ')}`), rule: i };
  }
  return { target: route.default, reason: `no rule matched (${route.rules.length} tried): default` };
}

/**
 * Every target the route would accept for this request, in its order of preference: each rule that
 * matches, then the default. The route stage walks on when a target cannot honour the request
 * (`planRoute` with refused models); the first one is `decideConditional`'s.
 *
 * @example [...conditionalChoices(route, features)].map((d) => d.target) // ['claude', 'small'] (rule 1 matched, then the default)
 */
export function* conditionalChoices(route: ConditionalRoute, features: RequestFeatures): Generator<ConditionalDecision> {
  let matched = 0;
  for (let i = 0; i < route.rules.length; i++) {
    const rule = route.rules[i] as ConditionalRoute['rules'][number];
    const why = matchCondition(rule.when, features);
    if (why === undefined) continue;
    matched++;
    yield { target: rule.target, reason: headerSafe(`rule ${i + 1}: ${why.join('; ')}`), rule: i };
  }
  yield { target: route.default, reason: matched === 0 ? `no rule matched (${route.rules.length} tried): default` : `default, after ${matched} matching rule${matched === 1 ? '' : 's'}` };
}

/** The reasons each condition holds, or undefined when one does not. */
function matchCondition(when: RouteCondition, f: RequestFeatures): string[] | undefined {
  const why: string[] = [];
  for (const [field, matcher] of Object.entries(when.metadata ?? {})) {
    const hit = matches(matcher, f.metadata[field], `metadata.${field}`);
    if (hit === undefined) return undefined;
    why.push(hit);
  }
  for (const [label, matcher, value] of [
    ['key', when.key, f.keyName],
    ['team', when.team, f.team],
  ] as const) {
    if (matcher === undefined) continue;
    const hit = matches(matcher, value, label);
    if (hit === undefined) return undefined;
    why.push(hit);
  }
  if (when.prompt_tokens) {
    const { gt, lt } = when.prompt_tokens;
    const tokens = f.promptTokens;
    if ((gt !== undefined && !(tokens > gt)) || (lt !== undefined && !(tokens < lt))) return undefined;
    why.push([gt !== undefined ? `prompt_tokens > ${gt}` : '', lt !== undefined ? `prompt_tokens < ${lt}` : ''].filter(Boolean).join(' and '));
  }
  if (when.last_user_message) {
    const text = f.lastUserText.length > MAX_REGEX_INPUT ? f.lastUserText.slice(0, MAX_REGEX_INPUT) : f.lastUserText;
    if (!patternOf(when).test(text)) return undefined;
    why.push(`last user message matches /${when.last_user_message.regex}/${when.last_user_message.ignore_case ? 'i' : ''}`);
  }
  if (when.tools !== undefined) {
    if (f.tools !== when.tools) return undefined;
    why.push(when.tools ? 'tools offered' : 'no tools');
  }
  if (when.images !== undefined) {
    if (f.images !== when.images) return undefined;
    why.push(when.images ? 'has images' : 'no images');
  }
  return why;
}

function patternOf(when: RouteCondition): RegExp {
  let pattern = compiled.get(when);
  if (!pattern) {
    const spec = when.last_user_message as NonNullable<RouteCondition['last_user_message']>;
    // No `g` flag: a global RegExp keeps lastIndex between calls and would alternate results.
    pattern = new RegExp(spec.regex, spec.ignore_case ? 'iu' : 'u');
    compiled.set(when, pattern);
  }
  return pattern;
}

function asText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** Why `value` satisfies the matcher, or undefined when it does not. */
function matches(matcher: Matcher, value: unknown, label: string): string | undefined {
  if (matcher.exists !== undefined) {
    const present = value !== undefined && value !== null;
    return present === matcher.exists ? `${label} ${present ? 'present' : 'absent'}` : undefined;
  }
  const text = asText(value);
  if (text === undefined) return undefined;
  if (matcher.equals !== undefined) return text === String(matcher.equals) ? `${label} = ${quote(matcher.equals)}` : undefined;
  const listed = (matcher.in ?? []).some((candidate) => String(candidate) === text);
  return listed ? `${label} = ${quote(text)} (in list)` : undefined;
}
