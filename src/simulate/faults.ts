/**
 * Fault injection: the rules tests install to make the simulated provider misbehave the way
 * real ones do (rate limits, overload, hung requests, streams cut mid-way, slow answers, a
 * connection reset before any answer, a 200 whose body is not JSON).
 */
import type { Random } from '../core/clock.js';
import { SwitchyardError } from '../core/errors.js';
import { unknownFields } from '../core/format-issues.js';
import type { FaultKind, FaultRule } from './types.js';

const KINDS: readonly FaultKind[] = ['status', 'timeout', 'stream_cut', 'slow', 'reset', 'not_json'];

/** Every field of a `FaultRule`: a typo (`time` for `times`) installed a fault that never ran out. */
const FIELDS: readonly (keyof FaultRule)[] = ['kind', 'model', 'path', 'status', 'retryAfter', 'retryAfterMs', 'afterChunks', 'delayMs', 'times', 'probability', 'message', 'type', 'code'];

function invalid(message: string): SwitchyardError {
  return new SwitchyardError('invalid_request', `fault rule: ${message}`);
}

function checkNumber(rule: Record<string, unknown>, field: string, min: number, max: number, integer: boolean): void {
  const value = rule[field];
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
    throw invalid(`"${field}" must be ${integer ? 'an integer' : 'a number'} between ${min} and ${max}`);
  }
}

/**
 * Checks an untrusted value (e.g. a `POST /_sim/faults` body) and returns it as a rule.
 *
 * @example parseFaultRule({ kind: 'status', status: 429, retryAfter: 2 })
 */
export function parseFaultRule(input: unknown): FaultRule {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw invalid('expected a JSON object');
  const rule = input as Record<string, unknown>;
  const unknown = Object.keys(rule).filter((key) => !(FIELDS as readonly string[]).includes(key));
  if (unknown.length > 0) throw invalid(`${unknownFields(unknown, FIELDS)} (known: ${FIELDS.join(', ')})`);
  if (!KINDS.includes(rule.kind as FaultKind)) throw invalid(`"kind" must be one of ${KINDS.join(', ')}`);
  for (const field of ['model', 'path', 'message', 'type']) {
    if (rule[field] !== undefined && typeof rule[field] !== 'string') throw invalid(`"${field}" must be a string`);
  }
  if (rule.code !== undefined && typeof rule.code !== 'string' && !Number.isInteger(rule.code)) throw invalid('"code" must be a string or an integer');
  checkNumber(rule, 'status', 400, 599, true);
  checkNumber(rule, 'retryAfter', 0, 86_400, false);
  checkNumber(rule, 'retryAfterMs', 0, 86_400_000, false);
  checkNumber(rule, 'afterChunks', 0, 1_000_000, true);
  checkNumber(rule, 'delayMs', 0, 3_600_000, false);
  checkNumber(rule, 'times', 1, Number.MAX_SAFE_INTEGER, true);
  checkNumber(rule, 'probability', 0, 1, false);
  return rule as unknown as FaultRule;
}

interface ActiveFault {
  rule: FaultRule;
  remaining: number;
}

/**
 * The installed faults. `take` returns the first rule that matches the request and wins its
 * probability roll, counting down its `times`; exhausted rules drop out.
 *
 * @example
 * const book = new FaultBook(Math.random);
 * book.add({ kind: 'status', status: 503, times: 1 });
 * book.take('/v1/chat/completions', 'standin-small')?.status; // 503
 * book.take('/v1/chat/completions', 'standin-small');         // undefined
 */
export class FaultBook {
  private faults: ActiveFault[] = [];

  constructor(
    private readonly random: Random,
    /** Chance of a background 500 on model endpoints, apart from the rules (the CLI's `--fault-rate`). */
    private readonly baseRate = 0,
  ) {}

  add(rule: FaultRule): void {
    const checked = parseFaultRule(rule);
    this.faults.push({ rule: checked, remaining: checked.times ?? Number.POSITIVE_INFINITY });
  }

  clear(): void {
    this.faults = [];
  }

  get size(): number {
    return this.faults.length;
  }

  /** The installed rules with how many times each will still fire (null: until cleared). */
  list(): { rule: FaultRule; remaining: number | null }[] {
    return this.faults.map((f) => ({ rule: f.rule, remaining: Number.isFinite(f.remaining) ? f.remaining : null }));
  }

  /** Whether `take` could return anything; lets the hot path skip the lookup. */
  get active(): boolean {
    return this.faults.length > 0 || this.baseRate > 0;
  }

  take(path: string, model: string | null): FaultRule | undefined {
    for (const fault of this.faults) {
      const { rule } = fault;
      if (rule.model !== undefined && rule.model !== model) continue;
      if (rule.path !== undefined && !path.startsWith(rule.path)) continue;
      if (rule.probability !== undefined && this.random() >= rule.probability) continue;
      fault.remaining -= 1;
      if (fault.remaining <= 0) this.faults = this.faults.filter((f) => f !== fault);
      return rule;
    }
    if (this.baseRate > 0 && model !== null && this.random() < this.baseRate) {
      return { kind: 'status', status: 500, message: 'The server had an error while processing your request (simulated fault rate).' };
    }
    return undefined;
  }
}
