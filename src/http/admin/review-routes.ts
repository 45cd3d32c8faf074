import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { clip, clipAtWord, quoteClipped } from '../../core/clip.js';
import { SwitchyardError } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import { judgedInput } from '../../evals/judge/judged-input.js';
import { agreementOf } from '../../review/agreement.js';
import { blindView } from '../../review/blind-reviews.js';
import { readableReviews, REVEAL_QUERY } from './blind-read.js';
import { finetuneJsonl } from '../../review/finetune-export.js';
import { lastUserText } from '../../review/last-user-text.js';
import type { ReviewStore } from '../../review/review-store.js';
import { ruleNameTaken } from '../../review/rule-name-taken.js';
import { REVIEW_SOURCES, type Review, type ReviewItem, type ReviewSource, type SamplingRule } from '../../review/types.js';
import type { Principal } from './access.js';
import { API_HEADERS, onlyFields, readJson, sendJson } from './http-kit.js';
import { param, type QuerySpec } from '../query-params.js';
import { reviewInput, reviewsWantedOf, ruleInput, traceIdsOf } from './review-input.js';
import type { Router } from './router.js';
import { findTrace, type TraceRouteDeps } from './trace-routes.js';
import { closestName, describeValue } from '../../core/format-issues.js';
import { CLAIM_MS } from '../../review/review-claims.js';
import { nextTurn } from '../../core/next-turn.js';

/**
 * Store lookups between turns of the event loop in a request that names many traces: SQLite
 * answers synchronously, and 10,000 lookups in one slice held /health and every model call for 2 s.
 */
const LOOKUPS_PER_TURN = 200;

/** What a dataset's name may be (assertDatasetName's rule): reviews of a dataset's items are written back into it. */
const DATASET_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;

/** Hands reviewed traces to the evaluation feature as a new dataset version. */
export type AddToDataset = (
  dataset: string,
  traceIds: readonly string[],
  reviews: ReadonlyMap<string, { score?: number; correction?: string }>,
) => Promise<{ dataset: string; version: number; added: number; skipped: number; /** Items in the resulting version: a trace already in the dataset is not added twice. */ items: number }>;

/** Hands a person's correction of a traced call to the local model trained on it: which route's model learnt which label, or undefined when none did. */
export type CorrectionSink = (traceId: string, corrected: string) => Promise<{ route: string; label: string } | undefined>;

/** A person's correction of a traced call was undone: which route's model unlearnt it, or undefined when none had learnt it. */
export type UncorrectionSink = (traceId: string) => Promise<{ route: string } | undefined>;

/** Writes a person's verdict on a dataset item back into its dataset (human score, correction as expected). */
export type DatasetReviewSink = (item: ReviewItem, review: Review) => Promise<void>;

export interface ReviewRouteDeps extends TraceRouteDeps {
  reviews: ReviewStore;
  addToDataset?: AddToDataset;
  onDatasetReview?: DatasetReviewSink;
  /** A person corrected the answer of a traced call (a review or user feedback): local models learn from it. */
  onCorrection?: CorrectionSink;
  /** A review that corrected a traced call was undone: local models unlearn it. */
  onUncorrection?: UncorrectionSink;
  /**
   * The labels of the local model a call to `route` trains, and the one `corrected` names (undefined
   * when none): a correction of such a call must be a label, or the model never learns from it.
   */
  correctionLabel?: (route: string, corrected: string) => { labels: readonly string[]; label: string | undefined } | undefined;
  now?: () => number;
}

/** `GET /api/review/queue`: which items (open by default), from which source, and how many. */
const QUEUE_QUERY = { source: param.oneOf(REVIEW_SOURCES), status: param.oneOf(['open', 'done', 'all'] as const), limit: param.int(1, 500) } satisfies QuerySpec;

function adminName(principal: Principal): string {
  if (principal.kind !== 'admin') throw new SwitchyardError('forbidden', 'virtual keys may only send feedback');
  return principal.name;
}

/** Text of the last user message (or a dataset item's question or first text field), for queue previews. */
function preview(request: unknown): string {
  if (typeof request === 'string') return clip(request, 240, '');
  const question = (request as { question?: unknown } | null)?.question;
  if (typeof question === 'string') return clip(question, 240, '');
  // An eval case's named variables: the first text among them names it.
  if (request && typeof request === 'object' && !Array.isArray(request) && !('messages' in request) && !('input' in request)) {
    const text = Object.values(request).find((v): v is string => typeof v === 'string');
    if (text) return clip(text, 240, '');
  }
  // A judge's call is named by the question it judged: its last user message is the whole prompt.
  const judged = judgedInput(request);
  if (judged !== undefined) return `Judge: ${clipAtWord(judged.replace(/\s+/g, ' ').trim(), 120)}`;
  return clip(lastUserText(request), 240, '');
}

/**
 * A 400 when a correction of a call to a route with a local model names none of its labels: the
 * model learns only labels, and "cash_withdrawl_charge" or a sentence was kept and never learnt.
 */
async function checkCorrectionLabel(deps: ReviewRouteDeps, traceId: string, corrected: string): Promise<void> {
  if (!deps.correctionLabel) return;
  const trace = await findTrace(deps, traceId);
  if (!trace) return;
  const known = deps.correctionLabel(trace.requestedModel, corrected);
  if (!known || known.label !== undefined) return;
  const near = closestName(corrected.trim(), known.labels);
  const list = known.labels.length > 12 ? `${known.labels.slice(0, 12).join(', ')} … (${known.labels.length} in all)` : known.labels.join(', ');
  throw new SwitchyardError('invalid_request', `corrected must be one of route ${quoteClipped(trace.requestedModel)}'s labels, which its local model learns from, got ${describeValue(corrected)}${near ? ` (did you mean "${near}"?)` : ''}; labels: ${list}`, { param: 'corrected' });
}

/**
 * After an undone correction of a traced call: the local model that learnt it unlearns it, then
 * learns the correction that still stands (another reviewer's, or the user's feedback, the latest
 * first), so training reads the labels as they are now, not as they were before the undo.
 */
async function unlearn(deps: ReviewRouteDeps, traceId: string): Promise<{ untaught: { route: string } | null; taught: { route: string; label: string } | null }> {
  const untaught = deps.onUncorrection ? ((await deps.onUncorrection(traceId)) ?? null) : null;
  const { reviews: left, feedback } = await deps.reviews.forTrace(traceId);
  const latest = (list: readonly { corrected: string | null; createdAt: number }[]) => [...list].sort((a, b) => b.createdAt - a.createdAt).find((r) => r.corrected)?.corrected;
  const standing = latest(left) ?? latest(feedback);
  const taught = standing && deps.onCorrection ? ((await deps.onCorrection(traceId, standing)) ?? null) : null;
  return { untaught, taught };
}

/**
 * A 409 when another sampling rule has this one's name: the review page and the queue's items
 * name a rule by it, and two alike could not be told apart. A rule keeps its own name on an edit.
 * The stores' unique index on the name refuses the same when two replicas pass this check at once.
 */
async function uniqueRuleName(reviews: ReviewStore, rule: SamplingRule): Promise<void> {
  const other = (await reviews.listRules()).find((r) => r.name === rule.name && r.id !== rule.id);
  if (other) throw ruleNameTaken(rule.name, other.id);
}

/**
 * The review queue: items, reviews, sampling rules, stats, dataset hand-off and fine-tuning export.
 *
 * @example reviewRoutes(router, { store, reviews, addToDataset }) // POST /api/review/items/:id/reviews { score: 4 }
 */
export function reviewRoutes(router: Router<Principal>, deps: ReviewRouteDeps): void {
  const { reviews } = deps;
  const now = deps.now ?? Date.now;

  router.get('/api/review/queue', { query: QUEUE_QUERY }, async ({ res, query }, principal) => {
    const items = await reviews.queue({ reviewer: adminName(principal), source: query.source, status: query.status ?? 'open', limit: query.limit ?? 100 });
    const withPreview = await Promise.all(
      items.map(async (item) => {
        const trace = item.traceId ? await deps.store.getTrace(item.traceId) : undefined;
        // An item is named by its content: the case's own input before the prompt built around it.
        return { ...item, model: trace?.requestedModel ?? null, ts: trace?.ts ?? null, preview: preview(item.input ?? trace?.request) };
      }),
    );
    sendJson(res, 200, { items: withPreview });
  });

  router.get('/api/review/items/:id', { query: REVEAL_QUERY }, async ({ res, params, query }, principal) => {
    const reader = adminName(principal);
    const item = await reviews.getItem(params.id as string);
    if (!item) throw new SwitchyardError('not_found', `review item ${quoteClipped(params.id)} not found`);
    // Blind as the page is: the others' verdicts (and their agreement) only once the reader gave theirs.
    const all = await reviews.reviewsOf(item.id);
    const via = principal.kind === 'admin' ? principal.via : 'key';
    const { reviews: list, hidden } = readableReviews({ name: reader, via }, query.reveal === true, `review item ${JSON.stringify(item.id)}`, (reveal) => blindView(item, all, reader, reveal), deps.audit);
    const trace = item.traceId ? ((await findTrace(deps, item.traceId)) ?? null) : null;
    const feedback = item.traceId ? (await reviews.forTrace(item.traceId)).feedback : [];
    // A call to a route with a local model is corrected by naming one of its labels: the page offers them.
    const labels = trace && deps.correctionLabel ? (deps.correctionLabel(trace.requestedModel, '')?.labels ?? null) : null;
    sendJson(res, 200, { item, title: preview(item.input ?? trace?.request) || item.reason, trace, reviews: list, hiddenReviews: hidden, feedback, agreement: agreementOf([list]), labels });
  });

  router.post('/api/review/items/:id/reviews', async ({ req, res, params }, principal) => {
    const reviewer = adminName(principal);
    const input = reviewInput(await readJson(req));
    const before = await reviews.getItem(params.id as string);
    if (before?.traceId && input.corrected) await checkCorrectionLabel(deps, before.traceId, input.corrected);
    const review = await reviews.addReview(params.id as string, reviewer, input);
    const item = await reviews.getItem(review.itemId);
    // The review is stored first; the dataset hand-off is a derived copy and can be redone.
    if (item?.source === 'dataset' && deps.onDatasetReview) await deps.onDatasetReview(item, review);
    // Said back, so a reviewer knows whether their correction reached a local model.
    const taught = item?.traceId && review.corrected && deps.onCorrection ? ((await deps.onCorrection(item.traceId, review.corrected)) ?? null) : null;
    sendJson(res, 201, { ...review, taught });
  });

  // Undo: the reviewer's own review of the item goes, and the item is back in their queue.
  router.delete('/api/review/items/:id/reviews', async ({ res, params }, principal) => {
    const reviewer = adminName(principal);
    const id = params.id as string;
    if (!(await reviews.getItem(id))) throw new SwitchyardError('not_found', `review item ${quoteClipped(id)} not found`);
    const mine = (await reviews.reviewsOf(id)).find((r) => r.reviewer === reviewer);
    if (!mine || !(await reviews.removeReview(id, reviewer))) throw new SwitchyardError('not_found', `${quoteClipped(reviewer)} has no review of item ${quoteClipped(id)} to undo`);
    const item = await reviews.getItem(id);
    const relearnt = item?.traceId && mine.corrected ? await unlearn(deps, item.traceId) : { untaught: null, taught: null };
    sendJson(res, 200, { undone: mine, item, ...relearnt });
  });

  // A reviewer holds the item they opened, so another is not given it; the page renews the hold.
  router.post('/api/review/items/:id/claim', async ({ res, params }, principal) => {
    const reviewer = adminName(principal);
    const claim = await reviews.claim(params.id as string, reviewer, now() + CLAIM_MS);
    if (!claim.held) {
      const who = claim.by.map((h) => quoteClipped(h.reviewer)).join(' and ');
      const until = new Date(Math.max(...claim.by.map((h) => h.until))).toISOString().slice(11, 16);
      throw new SwitchyardError('invalid_request', `${who} ${claim.by.length === 1 ? 'has' : 'have'} this item open (held until ${until} UTC unless saved or skipped): take the next one`, { status: 409 });
    }
    sendJson(res, 200, { held: true, until: claim.until });
  });
  router.delete('/api/review/items/:id/claim', async ({ res, params }, principal) => {
    const reviewer = adminName(principal);
    // As claim and skip: an id no item has was answered 200, echoed whole.
    if (!(await reviews.getItem(params.id as string))) throw new SwitchyardError('not_found', `review item ${quoteClipped(params.id)} not found`);
    await reviews.release(params.id as string, reviewer);
    sendJson(res, 200, { released: params.id });
  });
  // Skipping lets go of the hold and is remembered for this reviewer only: their queue puts the item last.
  router.post('/api/review/items/:id/skip', async ({ res, params }, principal) => {
    await reviews.skip(params.id as string, adminName(principal));
    sendJson(res, 200, { skipped: params.id });
  });

  router.post('/api/review/items', async ({ req, res }) => {
    const body = await readJson(req);
    onlyFields(body, ['source', 'reason', 'reviews_wanted', 'trace_ids', 'trace_id', 'dataset_id', 'dataset_item_id', 'input', 'output']);
    const source = (body.source ?? 'manual') as ReviewSource;
    if (!REVIEW_SOURCES.includes(source)) throw new SwitchyardError('invalid_request', `source must be one of ${REVIEW_SOURCES.join(', ')}, got ${describeValue(source)}`, { param: 'source' });
    const reason = typeof body.reason === 'string' && body.reason ? clip(body.reason, 500) : source === 'flag' ? 'flagged' : 'added by hand';
    // Checked, not defaulted: "2" or 2.5 became 1 silently (and SQLite kept 2.5 where PostgreSQL rounded).
    const wanted = reviewsWantedOf(body);
    const traceIds = traceIdsOf(body);
    if (traceIds.length > 0) {
      for (const [i, id] of traceIds.entries()) {
        if (!(await findTrace(deps, id))) throw new SwitchyardError('not_found', `trace ${quoteClipped(id)} not found`);
        // The store answers synchronously: without a turn now and then, a long list holds every call.
        if (i % LOOKUPS_PER_TURN === LOOKUPS_PER_TURN - 1) await nextTurn();
      }
      sendJson(res, 201, { items: await reviews.enqueue(traceIds.map((traceId) => ({ traceId, source, reason, reviewsWanted: wanted }))) });
      return;
    }
    if (typeof body.dataset_id !== 'string' || typeof body.dataset_item_id !== 'string') {
      throw new SwitchyardError('invalid_request', 'send trace_id / trace_ids, or dataset_id and dataset_item_id with input and output');
    }
    // A review of the item is written back into this dataset: a name no dataset can have ("../x",
    // NUL, 1 MB) was queued, and each review of it was stored and then answered 400 by the write-back.
    if (!DATASET_NAME.test(body.dataset_id)) throw new SwitchyardError('invalid_request', `dataset_id must be a dataset's name, 1–100 letters, digits, ".", "_" or "-", got ${quoteClipped(body.dataset_id)}`, { param: 'dataset_id' });
    const [item] = await reviews.enqueue([{ source: 'dataset', reason, datasetId: body.dataset_id, datasetItemId: body.dataset_item_id, input: body.input, output: body.output, reviewsWanted: wanted }]);
    sendJson(res, 201, { items: [item] });
  });

  router.get('/api/review/stats', async ({ res }) => sendJson(res, 200, await reviews.stats()));
  router.get('/api/review/rules', async ({ res }) => sendJson(res, 200, { rules: await reviews.listRules() }));
  router.post('/api/review/rules', async ({ req, res }) => {
    const rule = ruleInput(await readJson(req), newId('rule', now()), now());
    await uniqueRuleName(reviews, rule);
    await reviews.saveRule(rule);
    sendJson(res, 201, rule);
  });
  router.put('/api/review/rules/:id', async ({ req, res, params }) => {
    const existing = (await reviews.listRules()).find((r) => r.id === params.id);
    if (!existing) throw new SwitchyardError('not_found', `sampling rule ${quoteClipped(params.id)} not found`);
    const rule = ruleInput(await readJson(req), existing.id, existing.createdAt);
    await uniqueRuleName(reviews, rule);
    await reviews.saveRule(rule);
    sendJson(res, 200, rule);
  });
  router.delete('/api/review/rules/:id', async ({ res, params }) => {
    if (!(await reviews.deleteRule(params.id as string))) throw new SwitchyardError('not_found', `sampling rule ${quoteClipped(params.id)} not found`);
    sendJson(res, 200, { deleted: params.id });
  });

  router.post('/api/review/to-dataset', async ({ req, res }) => {
    if (!deps.addToDataset) throw new SwitchyardError('unsupported', 'datasets are not available on this server');
    const body = await readJson(req);
    onlyFields(body, ['dataset', 'trace_ids', 'trace_id']);
    if (typeof body.dataset !== 'string' || !DATASET_NAME.test(body.dataset)) {
      throw new SwitchyardError('invalid_request', 'dataset must be a name of letters, digits, ".", "_" or "-"', { param: 'dataset' });
    }
    const traceIds = traceIdsOf(body);
    if (traceIds.length === 0) throw new SwitchyardError('invalid_request', 'trace_ids must list at least one trace', { param: 'trace_ids' });
    const verdicts = new Map<string, { score?: number; correction?: string }>();
    for (const [i, id] of traceIds.entries()) {
      if (i % LOOKUPS_PER_TURN === LOOKUPS_PER_TURN - 1) await nextTurn();
      const { reviews: list } = await reviews.forTrace(id);
      const scores = list.flatMap((r) => (r.score === null ? [] : [r.score]));
      const corrected = [...list].reverse().find((r) => r.corrected)?.corrected ?? undefined;
      const verdict: { score?: number; correction?: string } = {};
      if (scores.length) verdict.score = Math.round(scores.reduce((a, b) => a + b, 0) / scores.length);
      if (corrected) verdict.correction = corrected;
      verdicts.set(id, verdict);
    }
    sendJson(res, 201, await deps.addToDataset(body.dataset, traceIds, verdicts));
  });

  // Finished reviews only unless include_pending=true: an item that wants two reviews and has one
  // is no decision yet. The headers say which statuses the file holds and how many were left out.
  // Every reviewed item, streamed a page of reviews at a time (chunked): the whole file built first
  // held every trace's bodies at once, and the list stopped at the newest 100,000 without a word.
  router.get('/api/review/export', { query: { min_score: param.int(1, 5), include_pending: param.bool() } }, async ({ res, query }) => {
    const minScore = query.min_score ?? 4;
    const includePending = query.include_pending === true;
    // Counted before the first line, for its header: the lines are written as they are read.
    const pending = await reviews.reviewedCount({ pending: true });
    res.writeHead(200, {
      'content-type': 'application/jsonl; charset=utf-8',
      'content-disposition': 'attachment; filename="switchyard-finetune.jsonl"',
      'x-switchyard-review-status': includePending ? 'done, pending' : 'done',
      [includePending ? 'x-switchyard-pending-included' : 'x-switchyard-pending-left-out']: String(pending),
      ...API_HEADERS,
    });
    const lines = finetuneJsonl(reviews, deps.store, { minScore, includePending }, { examples: 0, rejected: 0, unusable: 0, pending: 0 });
    // One page ahead at most. A client that goes away stops the read (the generator is returned);
    // a store error past the headers cuts the response short, a failed download to the client.
    await pipeline(Readable.from(betweenTurns(lines), { highWaterMark: 1 }), res).catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException | null)?.code !== 'ERR_STREAM_PREMATURE_CLOSE') throw error;
    });
  });
}

/**
 * The chunks with a turn of the event loop after each: SQLite reads a page synchronously, and a
 * fast client never fills the socket, so without it an export of 100,000 traces held every other
 * request until its end.
 */
async function* betweenTurns(chunks: AsyncIterable<string>): AsyncGenerator<string> {
  for await (const chunk of chunks) {
    yield chunk;
    await nextTurn();
  }
}
