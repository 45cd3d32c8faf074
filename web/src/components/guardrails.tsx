import { count, ms, num } from '../format.js';
import type { GuardEntry, GuardTiming, TracePage } from '../types.js';
import { href } from '../router.js';
import { Stat } from './ui.js';
import { useApi } from './use-api.js';

const ACTION_CLASS: Record<GuardEntry['action'], string> = { pass: 'pill ok', redact: 'pill src-dataset', warn: 'pill', flag: 'pill src-flag', block: 'pill bad', reask: 'pill' };

/**
 * What the guardrails decided for this call: the policy, each check with its action and reason,
 * and the PII found by type and what was done with it (counts only: traces never hold the
 * values). Text is rendered as text only.
 */
export function GuardrailsPanel({ decisions }: { decisions: Record<string, unknown> | null }) {
  const entries = decisions?.guardrails as GuardEntry[] | undefined;
  if (!Array.isArray(entries)) return null;
  const timing = decisions?.guard as GuardTiming | undefined;
  return (
    <div data-testid="guardrails">
      <h2>Guardrails</h2>
      <div className="muted small">
        policy <b>{timing?.policy ?? '–'}</b> · input checks {ms(timing?.inputMs ?? null)} · output checks {ms(timing?.outputMs ?? null)}
      </div>
      <table className="table">
        <thead>
          <tr>
            <th>check</th>
            <th>stage</th>
            <th>action</th>
            <th>reason</th>
            <th className="num">score</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e, i) => (
            <tr key={i}>
              <td>{e.name}</td>
              <td>{e.stage}</td>
              <td>
                <span className={ACTION_CLASS[e.action] ?? 'pill'}>{e.action}</span>
              </td>
              <td className="small">
                {e.reason}
                {e.entities ? <div className="muted">{entityList(e.entities)}</div> : null}
              </td>
              <td className="num">{e.score === undefined ? '' : num(e.score, 2)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** `{ EMAIL: { redact: 2 } }` → `EMAIL: redact ×2` */
function entityList(entities: Record<string, Record<string, number>>): string {
  return Object.entries(entities)
    .map(([type, actions]) => `${type}: ${Object.entries(actions).map(([a, n]) => `${a} ×${n}`).join(', ')}`)
    .join(' · ');
}

const SEVERITY: Record<GuardEntry['action'], number> = { pass: 0, reask: 1, warn: 1, redact: 2, flag: 3, block: 4 };
const SUMMARY: Record<GuardEntry['action'], string> = { pass: '', warn: 'guard warned', redact: 'redacted', flag: 'guard flagged', block: 'guard blocked', reask: 're-asked' };

/** For trace lists: the strongest thing a guardrail did to this call (nothing when all passed). */
export function GuardPill({ decisions }: { decisions: Record<string, unknown> | null }) {
  const entries = decisions?.guardrails as GuardEntry[] | undefined;
  if (!Array.isArray(entries)) return null;
  let strongest: GuardEntry | undefined;
  for (const e of entries) if (SEVERITY[e.action] > SEVERITY[strongest?.action ?? 'pass']) strongest = e;
  if (!strongest) return null;
  return (
    <span className={ACTION_CLASS[strongest.action]} title={`${strongest.name}: ${strongest.reason}`} data-testid="guard-pill">
      {SUMMARY[strongest.action]}
    </span>
  );
}

const RECENT = 200;

/**
 * For the overview: what the guardrails did to the most recent requests (counted in the browser
 * from one page of trace summaries, so it costs the server one indexed query). Hidden when no
 * recent request went through a policy.
 */
export function GuardOverview() {
  const { data } = useApi<TracePage>(`/api/traces?limit=${RECENT}`);
  if (!data) return null;
  let guarded = 0;
  const counts = { redact: 0, block: 0, flag: 0, warn: 0 };
  for (const t of data.traces) {
    const entries = t.decisions?.guardrails as GuardEntry[] | undefined;
    if (!Array.isArray(entries)) continue;
    guarded += 1;
    const actions = new Set(entries.map((e) => e.action));
    for (const action of ['redact', 'block', 'flag', 'warn'] as const) if (actions.has(action)) counts[action] += 1;
  }
  if (guarded === 0) return null;
  return (
    <div className="stats" data-testid="guard-overview">
      {/* Each card opens the trace list filtered to the calls it counts (newest first, as counted here). */}
      <Stat label="Guarded requests" value={count(guarded)} hint={`of the last ${count(data.traces.length)}`} to={href('/traces', { guard: 'guarded' })} />
      <Stat label="PII redacted" value={count(counts.redact)} hint="requests with placeholders" to={href('/traces', { guard: 'redact' })} />
      <Stat label="Blocked by a guard" value={count(counts.block)} to={href('/traces', { guard: 'block' })} />
      <Stat label="Flagged for review" value={count(counts.flag)} hint={counts.warn > 0 ? `${count(counts.warn)} warned` : undefined} to={href('/traces', { guard: 'flag' })} />
    </div>
  );
}
