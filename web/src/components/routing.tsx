import type { CascadeStep } from '../../../src/gateway/stages/run-cascade.js';
import type { RouteStep } from '../../../src/routing/policies/plan-route.js';
import { count, ms, num, usd } from '../format.js';
import { Label } from './ui.js';
import { href } from '../router.js';

/** A row of the route table: a route's step, or the step a nested classify route's local model took (policy `local`). */
type TableStep = Omit<RouteStep, 'policy'> & { policy: RouteStep['policy'] | 'local' };

/**
 * The inner route's step of a local answer another route sent the call to: the gateway records
 * the outer route's step (front chose intent) and `decisions.local`, but no step of the inner
 * route, whose local model answered; the table showed the outer step alone. An escalated call
 * has the inner route's own step already (intent chose its target).
 */
function innerLocalStep(local: LocalDecision | undefined, steps: readonly RouteStep[]): TableStep[] {
  if (!local?.answered || local.route === undefined || steps.some((s) => s.route === local.route)) return [];
  const version = local.version === undefined ? 'its local model' : `its local model v${local.version}`;
  const confidence = local.confidence === undefined ? '' : ` at confidence ${num(local.confidence, 2)}`;
  return [{ route: local.route, policy: 'local', target: 'local', reason: `${version} answered${local.label ? ` ${local.label}` : ''}${confidence}` }];
}

/** `decisions.local` as the local-answer stage writes it: answered, or escalated and why. */
interface LocalDecision {
  answered: boolean;
  reason?: string;
  label?: string;
  confidence?: number;
  version?: number;
  predictMs?: number;
  savedUsd?: number;
  /** Set when the route with the local model was reached through another route (a conditional, split, learned or static route, or a cascade's step). */
  route?: string;
  /** Local models asked earlier on the call that passed it on (a classify route whose target is another), outer first. */
  before?: LocalDecision[];
}

const VERDICT_CLASS: Record<string, string> = { accept: 'pill ok', final: 'pill ok', delivered: 'pill', escalate: 'pill src-flag', skip: 'pill' };

/**
 * How the gateway routed this call, in words: each route's policy, the target it chose and why,
 * a cascade's steps with their verdicts, tokens and cost, and what the route's local model did.
 * These were only in the raw decisions JSON, where a cascade's verdicts sat below the guardrails'
 * forty lines and a local answer's confidence and saving further down still.
 */
export function RoutingPanel({ decisions }: { decisions: Record<string, unknown> | null }) {
  const route = decisions?.route as { steps?: RouteStep[]; cascade?: CascadeStep[] } | undefined;
  const cascade = Array.isArray(route?.cascade) ? route.cascade : [];
  const all = Array.isArray(route?.steps) ? route.steps : [];
  // A cascade's route steps repeat its own table, one row a step: listed once, in the table with the verdicts.
  const cascadeRoute = cascade.length > 0 ? all.find((s) => s.policy === 'cascade')?.route : undefined;
  const steps = cascadeRoute === undefined ? all : all.filter((s) => s.policy !== 'cascade');
  const local = decisions?.local as LocalDecision | undefined;
  const rows: TableStep[] = [...steps, ...innerLocalStep(local, all)];
  if (steps.length === 0 && cascade.length === 0 && !local) return null;
  return (
    <div data-testid="routing">
      <h2>Routing</h2>
      {local?.before?.length ? <EarlierLocal before={local.before} /> : null}
      {local ? <LocalLine local={local} inCascade={cascade.some((c) => c.model.startsWith('local:')) ? cascadeRoute : undefined} /> : null}
      {/* Each step's why on a row of its own under it, across the table, as the attempts' errors are:
          a fourth or sixth column of the narrow side panel held one word a line and pushed the cost past its edge. */}
      {rows.length > 0 ? (
        <table className="table stack attempts route-steps" data-testid="route-steps">
          <thead>
            <tr>
              <th>policy</th>
              <th>route</th>
              <th>chose</th>
            </tr>
          </thead>
          {rows.map((s, i) => (
            <tbody key={i} className="attempt">
              <tr>
                <td data-label="policy">{s.policy}</td>
                <td data-label="route" className="name">
                  <Label text={s.route} />
                </td>
                <td data-label="chose" className="name">
                  <Label text={s.target} />
                </td>
              </tr>
              <tr>
                <td colSpan={3} className="small attempt-error" data-label="why">
                  {s.reason}
                  {s.skipped?.length ? <div className="muted">passed over: {s.skipped.map((k) => `${k.target}${k.param ? ` (cannot honour ${k.param})` : ''}`).join(', ')}</div> : null}
                </td>
              </tr>
            </tbody>
          ))}
        </table>
      ) : null}
      {cascade.length > 0 ? <p className="small muted">Cascade <Label text={cascadeRoute ?? ''} />: each target in turn, until an answer passes the route's check.</p> : null}
      {cascade.length > 0 ? (
        <table className="table stack attempts cascade-steps" data-testid="cascade-steps">
          <thead>
            <tr>
              <th>#</th>
              <th>target</th>
              <th>verdict</th>
              <th className="num" title="tokens in / out">tokens</th>
              <th className="num">cost</th>
            </tr>
          </thead>
          {cascade.map((s, i) => (
            <tbody key={i} className="attempt">
              <tr>
                <td data-label="step">{i + 1}</td>
                <td data-label="target" className="name">
                  <Label text={s.target} />
                </td>
                <td data-label="verdict">
                  <span className={VERDICT_CLASS[s.action] ?? 'pill'}>{s.action}</span>
                </td>
                <td data-label="tokens in / out" className="num">{s.inputTokens === null ? '–' : `${count(s.inputTokens)} / ${count(s.outputTokens ?? 0)}`}</td>
                <td data-label="cost" className="num">{s.costUsd === null ? '–' : usd(s.costUsd)}</td>
              </tr>
              <tr>
                <td />
                <td colSpan={4} className="small attempt-error" data-label="why">
                  {s.reason}
                  <StepCalls step={s} />
                </td>
              </tr>
            </tbody>
          ))}
        </table>
      ) : null}
    </div>
  );
}

/**
 * What a step's model calls took and, when the route's guardrail re-asked inside it, that its
 * figures hold every answer: the cost and tokens of a re-asked answer are the step's, not lost.
 */
function StepCalls({ step }: { step: CascadeStep }) {
  const reasked = step.reasks?.filter((a) => a.action === 'reask').length ?? 0;
  // Absent on a trace from before 2026-12-06.
  const latency = step.latencyMs ?? null;
  if (latency === null && reasked === 0 && !step.judge) return null;
  const answers = step.reasks?.length ?? 0;
  return (
    <div className="muted" data-testid="cascade-step-calls">
      {latency === null ? null : `model time ${ms(latency)}`}
      {reasked > 0 ? `${latency === null ? '' : ' · '}${answers} answers, ${reasked} re-asked by the guardrail: all in this step's tokens and cost` : null}
      {step.judge ? (
        <>
          {latency === null && reasked === 0 ? '' : ' · '}
          <a href={href(`/traces/${step.judge.traceId}`)}>judge</a> scored {judgeScore(step.judge)}, {usd(step.judge.costUsd)} (its own call, not in this step's cost)
        </>
      ) : null}
    </div>
  );
}

/**
 * A judge's score beside the route's bar it was compared with, as the step's verdict read it
 * ("0.62 < 0.75"); the score alone on a trace from before 2026-12-07, which did not record the bar.
 */
function judgeScore(judge: NonNullable<CascadeStep['judge']>): string {
  if (typeof judge.minScore !== 'number') return num(judge.score, 2);
  return `${num(judge.score, 2)} ${judge.score < judge.minScore ? '<' : '>='} ${judge.minScore}`;
}

/** The local models that passed the call on before the one the call followed, one sentence each, outer first. */
function EarlierLocal({ before }: { before: LocalDecision[] }) {
  return (
    <p className="small" data-testid="local-before">
      {before.map((b, i) => (
        <span key={`${b.route ?? ''}-${i}`}>
          {i > 0 ? ' ' : ''}
          First, {b.version === undefined ? 'the local model' : `local model v${b.version}`} of route {b.route ?? '–'} passed it on: {b.reason ?? 'no reason recorded'}.
        </span>
      ))}
    </p>
  );
}

/**
 * One sentence on the route's local model: what it answered and what that saved, or why it passed
 * the call on. `inCascade`: the cascade whose step asked the model (a step's local model is on the
 * trail): its next step answers what the model passes on, not the classify route's own target.
 */
function LocalLine({ local, inCascade }: { local: LocalDecision; inCascade: string | undefined }) {
  const of = local.route === undefined ? '' : ` of route ${local.route}`;
  const version = local.version === undefined ? `the local model${of}` : `local model v${local.version}${of}`;
  const confidence = local.confidence === undefined ? '' : ` at confidence ${num(local.confidence, 2)}`;
  if (local.answered) {
    return (
      <p className="small" data-testid="local-decision">
        Answered by {version}: <b>{local.label ?? '–'}</b>
        {confidence}
        {local.predictMs === undefined ? '' : ` in ${ms(local.predictMs)}`}; no provider was called
        {local.savedUsd === undefined ? '.' : `, saving ${usd(local.savedUsd)} (the route's target at its price).`}
      </p>
    );
  }
  if (local.route !== undefined && local.version === undefined && local.reason?.startsWith('not asked') === true) {
    return (
      <p className="small" data-testid="local-decision">
        The local model of route <Label text={local.route} /> was {local.reason ?? 'not asked'}. Its target answered.
      </p>
    );
  }
  return (
    <p className="small" data-testid="local-decision">
      Passed on by {version}
      {local.label ? (
        <>
          {' '}
          (its guess <b>{local.label}</b>
          {confidence})
        </>
      ) : null}
      : {local.reason ?? 'no reason recorded'}. {inCascade === undefined ? "The route's target answered." : `Cascade ${inCascade} went on to its next step.`}
    </p>
  );
}
