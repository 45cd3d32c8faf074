import type { CascadeJudge } from '../../routing/policies/index.js';
import type { Call } from '../call.js';
import type { RouteStageDeps } from './route-request.js';

/** A cascade step's judge call as `decisions.route.cascade[].judge` records it. */
export interface JudgedStep {
  score: number;
  /** The route's `min_score` the score was compared with: a later config may move it. */
  minScore?: number;
  traceId: string;
  costUsd: number;
}

/**
 * The judge `checkCascade` scores a step's answer with (paid by the call's key, traced as its
 * own call) and what it recorded: one recorder for a model step and a local model's step alike,
 * so both put the same fields on the trace. `scoreWith` is empty when the route has no judge.
 *
 * @example const recorder = judgeRecorder(deps.judge, call, 'triage'); await checkCascade(config, step, recorder.scoreWith); recorder.judged() // { score: 0.4, minScore: 0.75, … }
 */
export function judgeRecorder(judge: RouteStageDeps['judge'], call: Call, route: string): { scoreWith: { judge?: CascadeJudge }; judged: () => JudgedStep | undefined } {
  let judged: JudgedStep | undefined;
  if (!judge) return { scoreWith: {}, judged: () => undefined };
  const scoreWith = {
    judge: async (asked: Parameters<CascadeJudge>[0], answer: string, spec: Parameters<CascadeJudge>[2]) => {
      const scored = await judge(asked, answer, spec, { key: call.key, traceId: call.traceId, session: call.session, route });
      judged = { score: scored.score, minScore: spec.min_score, traceId: scored.traceId, costUsd: scored.costUsd };
      return scored.score;
    },
  };
  return { scoreWith, judged: () => judged };
}
