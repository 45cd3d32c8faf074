/**
 * Scripted answers: tests install rules so that known questions get known replies, tool calls
 * or JSON, on both APIs. Rules are validated when added, so a typo fails the test that made it
 * rather than silently never matching.
 */
import { SwitchyardError } from '../core/errors.js';
import type { ScriptRule, ScriptTier, ScriptUsage } from './types.js';
import { isJsonObject } from '../core/openai-wire.js';
import { unknownFields } from '../core/format-issues.js';
import { GEMINI_FINISH_REASONS } from './gemini-finish-reasons.js';

interface CompiledScript {
  rule: ScriptRule;
  pattern: RegExp | undefined;
}

function invalid(message: string): SwitchyardError {
  return new SwitchyardError('invalid_request', `script rule: ${message}`);
}


const SCRIPT_TIERS: readonly ScriptTier[] = ['default', 'flex', 'priority', 'scale', 'standard'];

/** Every field of a `ScriptRule`: a typo (`mach` for `match`) made a rule that answered every question. */
const FIELDS: readonly (keyof ScriptRule)[] = ['match', 'exact', 'model', 'reply', 'thinking', 'usage', 'service_tier', 'gemini_finish_reason'];

const USAGE_FIELDS: readonly (keyof ScriptUsage)[] = [
  'prompt_tokens', 'completion_tokens', 'cached_tokens', 'reasoning_tokens', 'cache_creation_tokens', 'cache_creation_1h_tokens',
];

/**
 * Checks an untrusted value (e.g. a `POST /_sim/scripts` body) and returns it as a rule.
 *
 * @example parseScriptRule({ match: 'hello', reply: 'Hi!' })
 */
export function parseScriptRule(input: unknown): ScriptRule {
  if (!isJsonObject(input)) throw invalid('expected a JSON object');
  const unknown = Object.keys(input).filter((key) => !(FIELDS as readonly string[]).includes(key));
  if (unknown.length > 0) throw invalid(`${unknownFields(unknown, FIELDS)} (known: ${FIELDS.join(', ')})`);
  const { match, exact, model, reply, usage, thinking, service_tier: tier, gemini_finish_reason: finish } = input;
  if (finish !== undefined && !(GEMINI_FINISH_REASONS as readonly unknown[]).includes(finish)) {
    throw invalid(`"gemini_finish_reason" must be one of ${GEMINI_FINISH_REASONS.join(', ')}; got ${JSON.stringify(finish).slice(0, 40)}`);
  }
  if (tier !== undefined && !SCRIPT_TIERS.includes(tier as ScriptTier)) throw invalid(`"service_tier" must be one of ${SCRIPT_TIERS.join(', ')}; got ${JSON.stringify(tier).slice(0, 40)}`);
  if (match !== undefined && typeof match !== 'string') throw invalid('"match" must be a string (a regular expression)');
  if (exact !== undefined && typeof exact !== 'string') throw invalid('"exact" must be a string (the whole last user message)');
  if (match !== undefined && exact !== undefined) throw invalid('give "match" or "exact", not both');
  if (model !== undefined && typeof model !== 'string') throw invalid('"model" must be a string');
  if (thinking !== undefined && typeof thinking !== 'string') throw invalid('"thinking" must be a string (the reasoning shown before the reply)');
  if (typeof reply !== 'string') {
    if (!isJsonObject(reply)) throw invalid('"reply" must be a string, { tool_calls: [...] } or { json: ... }');
    if ('tool_calls' in reply) {
      const calls = reply.tool_calls;
      if (!Array.isArray(calls) || calls.length === 0) throw invalid('"reply.tool_calls" must be a non-empty array');
      calls.forEach((call, i) => {
        if (!isJsonObject(call) || typeof call.name !== 'string' || call.name === '') {
          throw invalid(`"reply.tool_calls[${i}].name" must be a non-empty string`);
        }
      });
    } else if (!('json' in reply)) {
      throw invalid('"reply" must be a string, { tool_calls: [...] } or { json: ... }');
    }
  }
  if (usage !== undefined) {
    if (!isJsonObject(usage)) throw invalid('"usage" must be an object');
    for (const [key, value] of Object.entries(usage)) {
      if (!USAGE_FIELDS.includes(key as keyof ScriptUsage)) throw invalid(`unknown usage field "${key}" (known: ${USAGE_FIELDS.join(', ')})`);
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw invalid(`"usage.${key}" must be a non-negative integer`);
    }
  }
  if (match !== undefined) compilePattern(match);
  return input as unknown as ScriptRule;
}

function compilePattern(match: string): RegExp {
  try {
    return new RegExp(match, 'i');
  } catch (error) {
    throw invalid(`"match" is not a valid regular expression: ${(error as Error).message}`);
  }
}

/**
 * The installed scripts, first match wins.
 *
 * @example
 * const book = new ScriptBook();
 * book.add({ match: '^ping$', reply: 'pong' });
 * book.find('PING', 'standin-small')?.reply; // 'pong'
 */
export class ScriptBook {
  private scripts: CompiledScript[] = [];
  private readonly exact = new Map<string, ScriptRule[]>();
  private exactCount = 0;

  /** Adds a rule; `first` puts it ahead of the rules already installed. */
  add(rule: ScriptRule, first = false): void {
    const checked = parseScriptRule(rule);
    if (checked.exact !== undefined) {
      const key = checked.exact.trim();
      const rules = this.exact.get(key) ?? [];
      if (first) rules.unshift(checked);
      else rules.push(checked);
      this.exact.set(key, rules);
      this.exactCount++;
      return;
    }
    const compiled = { rule: checked, pattern: checked.match === undefined ? undefined : compilePattern(checked.match) };
    if (first) this.scripts.unshift(compiled);
    else this.scripts.push(compiled);
  }

  clear(): void {
    this.scripts = [];
    this.exact.clear();
    this.exactCount = 0;
  }

  get size(): number {
    return this.scripts.length + this.exactCount;
  }

  /** The installed rules in the order they are tried: exact ones first, then patterns. */
  list(): ScriptRule[] {
    return [...[...this.exact.values()].flat(), ...this.scripts.map((s) => s.rule)];
  }

  /** Exact rules first (a map lookup), then pattern rules in order. */
  find(lastUserText: string, model: string): ScriptRule | undefined {
    for (const rule of this.exact.get(lastUserText.trim()) ?? []) if (rule.model === undefined || rule.model === model) return rule;
    for (const { rule, pattern } of this.scripts) {
      if (rule.model !== undefined && rule.model !== model) continue;
      if (pattern && !pattern.test(lastUserText)) continue;
      return rule;
    }
    return undefined;
  }
}
