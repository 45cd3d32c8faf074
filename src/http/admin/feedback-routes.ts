import type { IncomingMessage } from 'node:http';
import { quoteClipped } from '../../core/clip.js';
import { methodNotAllowed, SwitchyardError } from '../../core/errors.js';
import type { KeyRegistry, VirtualKey } from '../../limits/keys.js';
import type { ReviewStore } from '../../review/review-store.js';
import type { AdminAccess, Principal } from './access.js';
import { readJson, sendJson } from './http-kit.js';
import { authorize } from './roles.js';
import { feedbackInput } from './review-input.js';
import type { CorrectionSink } from './review-routes.js';
import { NO_QUERY, param, readQuery } from '../query-params.js';
import type { RouteContext } from './router.js';
import { ownsTrace } from './own-trace-routes.js';
import { findTrace, type TraceRouteDeps } from './trace-routes.js';

/** `GET /api/feedback?trace_id=`: the one trace whose feedback is listed. */
const FEEDBACK_QUERY = { trace_id: param.text(200) };

export interface FeedbackDeps extends TraceRouteDeps {
  reviews: ReviewStore;
  access: AdminAccess;
  keys: KeyRegistry;
  /** A user corrected the answer: local models learn from it. */
  onCorrection?: CorrectionSink;
}

/**
 * Who may give feedback on which trace: a virtual key on its own traces only (a trace of another
 * key reads as not found, so keys can't probe each other's ids); an admin on any; the reviewer
 * role on none (its 403); anyone when the gateway itself has no keys and so accepts any caller. A
 * key's own are the traces of its identity, not of its name (`ownsTrace`).
 */
async function caller(req: IncomingMessage, deps: FeedbackDeps): Promise<{ key: VirtualKey | null }> {
  let principal: Principal;
  try {
    principal = await deps.access.authenticate(req);
  } catch (error) {
    if (deps.keys.open) return { key: null };
    throw error;
  }
  if (principal.kind === 'key') return { key: principal.key };
  // The reviewer role is the admin's here only as far as the review queue goes: it read every
  // trace's feedback (a user's comment and corrected answer) and gave feedback on any trace, whose
  // correction local models learn from, where the traces themselves were its 403.
  authorize(principal, req.method ?? 'GET', '/api/feedback');
  return { key: null };
}

/**
 * POST /api/feedback — an application forwards its user's verdict on an answer:
 * `{ "trace_id": "tr_…", "thumbs": "down", "comment": "wrong plan" }` or `{ "trace_id", "score": 4 }`.
 * The feedback is fsynced before the 201; a thumbs-down also lands in the review queue.
 * GET /api/feedback?trace_id= lists the feedback on one of the caller's traces.
 */
export async function handleFeedback(ctx: Omit<RouteContext, 'query'>, deps: FeedbackDeps): Promise<void> {
  const { req, res, url } = ctx;
  const who = await caller(req, deps);
  if (req.method === 'GET') {
    const traceId = readQuery(url.searchParams, FEEDBACK_QUERY).trace_id ?? '';
    await ownedTrace(deps, traceId, who);
    sendJson(res, 200, { feedback: (await deps.reviews.forTrace(traceId)).feedback });
    return;
  }
  if (req.method !== 'POST') throw methodNotAllowed('/api/feedback', req.method, ['POST', 'GET']);
  readQuery(url.searchParams, NO_QUERY);
  const input = feedbackInput(await readJson(req), who.key?.name ?? null);
  await ownedTrace(deps, input.traceId, who);
  const feedback = await deps.reviews.addFeedback(input);
  if (feedback.corrected && deps.onCorrection) await deps.onCorrection(feedback.traceId, feedback.corrected);
  sendJson(res, 201, { id: feedback.id, trace_id: feedback.traceId, created_at: new Date(feedback.createdAt).toISOString() });
}

async function ownedTrace(deps: FeedbackDeps, traceId: string, who: { key: VirtualKey | null }): Promise<void> {
  if (!traceId) throw new SwitchyardError('invalid_request', '"trace_id" is required', { param: 'trace_id' });
  const trace = await findTrace(deps, traceId);
  if (!trace || (who.key !== null && !ownsTrace(who.key, trace))) throw new SwitchyardError('not_found', `trace ${quoteClipped(traceId)} not found`);
}
