/**
 * What every guardrail check returns (the PII detector has its own finding type; the gateway
 * turns both into verdicts on the trace). `pass` lets the request through untouched; `warn`
 * lets it through and records the warning; `flag` lets it through and sends the trace to the
 * review queue; `block` stops it with an error that names the check, never the content.
 */
export type GuardAction = 'pass' | 'block' | 'flag' | 'warn';

export const GUARD_ACTIONS: readonly GuardAction[] = ['pass', 'block', 'flag', 'warn'];

/** The actions a check may be configured to take when it triggers. */
export type TriggeredAction = Exclude<GuardAction, 'pass'>;

export const TRIGGERED_ACTIONS: readonly TriggeredAction[] = ['block', 'flag', 'warn'];

export interface GuardVerdict {
  /** The check's name, e.g. `injection`, `banned-words`, `json-schema`. */
  check: string;
  action: GuardAction;
  /** 0–1 when the check has a graded score. */
  score?: number;
  /** Why, in words fit for a trace; never a copy of the checked text. */
  reason: string;
}

/**
 * A verdict for a check that either triggered (taking its configured action) or passed.
 *
 * @example verdict('banned-words', true, 'block', 'matched 1 banned term', 1) // { check, action: 'block', score: 1, reason }
 */
export function verdict(check: string, triggered: boolean, action: TriggeredAction, reason: string, score?: number): GuardVerdict {
  return { check, action: triggered ? action : 'pass', ...(score === undefined ? {} : { score }), reason };
}

/** Severity order, for summarising several verdicts: block > flag > warn > pass. */
const SEVERITY: Record<GuardAction, number> = { pass: 0, warn: 1, flag: 2, block: 3 };

/**
 * The most severe action among verdicts (`pass` for none).
 *
 * @example strongestAction([{ check: 'a', action: 'warn', reason: '' }, { check: 'b', action: 'block', reason: '' }]) // 'block'
 */
export function strongestAction(verdicts: readonly GuardVerdict[]): GuardAction {
  let strongest: GuardAction = 'pass';
  for (const v of verdicts) if (SEVERITY[v.action] > SEVERITY[strongest]) strongest = v.action;
  return strongest;
}
