import { quoteClipped } from '../../core/clip.js';
import { type Clock, systemClock } from '../../core/clock.js';
import { SwitchyardError } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import { agreementOf } from '../../review/agreement.js';
import { evalCaseKey, feedbackItem, QUEUE_PRIORITY } from '../../review/queue-rules.js';
import { CapWindows, capHour, cappedByRoute, type ReviewCandidate, type ReviewCapKind, type ReviewCaps, type StoredSample } from '../../review/review-caps.js';
import { claimDecision } from '../../review/review-claims.js';
import type { ClaimResult, ErasedReviews, QueueQuery, ReviewedCursor, ReviewedItem, ReviewedPage, ReviewStore } from '../../review/review-store.js';
import { type Feedback, type FeedbackInput, type NewReviewItem, type QueuedItem, REVIEW_SOURCES, type Review, type ReviewInput, type ReviewItem, type ReviewReason, type ReviewSource, type ReviewStats, type SamplingRule } from '../../review/types.js';
import { inTransaction, type PgClient, type PgPool } from './connect.js';
import { pgColumns } from '../rows/column-reader.js';
import { ruleNameTaken } from '../../review/rule-name-taken.js';
import { feedbackFromRow, itemFromRow, reviewFromRow, ruleFromRow, storedSampleFromRow, withReasons } from '../rows/review-rows.js';
import { REASONS_KEPT, reasonOf } from '../../review/review-reasons.js';
import { jsonb, pgInt, pgText } from './pg-values.js';

type Row = Record<string, unknown>;
type Queryable = Pick<PgClient, 'query'>;
type Placed = { id: string; added: boolean; how?: 'inserted' | 'reopened' };

/** Sampling rules are re-read at most this often: a rule saved on another replica applies within a second. */
const RULES_TTL_MS = 1_000;
const UNIQUE_VIOLATION = '23505';

const toRule = (row: Row): SamplingRule => ruleFromRow(row, pgColumns);
const toItem = (row: Row): ReviewItem => itemFromRow(row, pgColumns);
const toReview = (row: Row): Review => reviewFromRow(row, pgColumns);

// Columns without the identity `seq`, which orders rows created in the same millisecond.
const ITEM_COLUMNS = 'id, trace_id, source, reason, rule_id, dataset_id, dataset_item_id, input, output, eval_case, priority, reviews_wanted, review_count, status, created_at';
const REVIEW_COLUMNS = 'id, item_id, trace_id, reviewer, score, pass, corrected, comment, created_at';
const FEEDBACK_COLUMNS = 'id, trace_id, key_name, score, thumbs, comment, corrected, created_at';

/**
 * The review queue, reviews, rules and feedback in PostgreSQL. Writes that answer a person are
 * committed with the server's durable default; sampled items from the trace writer commit
 * without waiting for the WAL flush, as the traces they point at do.
 *
 * @example const reviews = new PgReviewStore(pool); await reviews.addFeedback({ traceId: 'tr_1', thumbs: 'down', … });
 */
export class PgReviewStore implements ReviewStore {
  private readonly clock: Clock;
  private rules: { at: number; list: SamplingRule[] } | undefined;

  constructor(
    private readonly pool: PgPool,
    options: { clock?: Clock } = {},
  ) {
    this.clock = options.clock ?? systemClock;
  }

  async listRules(): Promise<SamplingRule[]> {
    const now = performance.now();
    if (!this.rules || now - this.rules.at > RULES_TTL_MS) {
      const { rows } = await this.pool.query('SELECT id, name, rate, match, reviews_wanted, enabled, created_at FROM review_rules ORDER BY created_at, seq');
      this.rules = { at: now, list: rows.map(toRule) };
    }
    return [...this.rules.list];
  }

  async saveRule(rule: SamplingRule): Promise<void> {
    try {
      await this.durably(
        `INSERT INTO review_rules (id, name, rate, match, reviews_wanted, enabled, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
          ON CONFLICT (id) DO UPDATE SET name = excluded.name, rate = excluded.rate, match = excluded.match,
          reviews_wanted = excluded.reviews_wanted, enabled = excluded.enabled`,
        [pgText(rule.id), pgText(rule.name), rule.rate, jsonb(rule.match), pgInt(rule.reviewsWanted), rule.enabled, pgInt(rule.createdAt)],
      );
    } catch (error) {
      // Another replica saved a rule of this name since the API checked (its rules are read once a second).
      const { code, constraint } = error as { code?: unknown; constraint?: unknown };
      if (code !== UNIQUE_VIOLATION || constraint !== 'review_rules_name') throw error;
      const { rows } = await this.pool.query<{ id: string }>('SELECT id FROM review_rules WHERE name = $1', [pgText(rule.name)]);
      throw ruleNameTaken(rule.name, rows[0]?.id ?? 'another rule');
    } finally {
      this.rules = undefined;
    }
  }

  async deleteRule(id: string): Promise<boolean> {
    const { rowCount } = await this.durably('DELETE FROM review_rules WHERE id = $1', [pgText(id)]);
    this.rules = undefined;
    return (rowCount ?? 0) > 0;
  }

  /** One statement, committed durably (the pool's own commits do not wait for the WAL flush). */
  private durably(sql: string, params: unknown[]) {
    return inTransaction(this.pool, (client) => client.query(sql, params));
  }

  /** 1 when the item was new, or a superseded sample of its trace opened again for it (see placeItem). */
  private async insertOne(client: Queryable, item: NewReviewItem, capped?: { kind: ReviewCapKind; candidate: ReviewCandidate }, fresh?: Set<string>): Promise<number> {
    return (await this.placeItem(client, item, capped, fresh))?.added ? 1 : 0;
  }

  /**
   * Holds the traces' places until commit, on every replica: one lock per trace, taken in one
   * order, so a writer placing a batch never deadlocks another placing an overlapping one. The
   * unique index on a trace's open item stands behind it.
   */
  private async lockTraces(client: Queryable, traceIds: readonly (string | null | undefined)[]): Promise<Set<string>> {
    const ids = [...new Set(traceIds.filter((id): id is string => typeof id === 'string'))].map(pgText);
    if (ids.length === 0) return new Set();
    await client.query(
      `SELECT pg_advisory_xact_lock(k) FROM (SELECT DISTINCT hashtextextended(current_schema() || ' review trace ' || t, 0) AS k FROM unnest($1::text[]) t ORDER BY k) keys`,
      [ids],
    );
    // Under the locks, the traces with no item at all stay so until this transaction places one.
    const { rows } = await client.query<{ t: string }>('SELECT t FROM unnest($1::text[]) t WHERE NOT EXISTS (SELECT 1 FROM review_items i WHERE i.trace_id = t)', [ids]);
    return new Set(rows.map((r) => r.t));
  }

  /**
   * Finds the item the reason belongs to, or makes one, in the order `ReviewStore.enqueue` gives:
   * the trace's open item takes it; else a closed one already queued for this kind of reason;
   * else a superseded sample of the trace for this source opens again ('reopened'); else a new
   * item ('inserted'), unless its eval case, dataset item or (capped) question is queued already.
   * The caller holds the trace's lock (`lockTraces`).
   */
  private async placeItem(client: Queryable, item: NewReviewItem, capped?: { kind: ReviewCapKind; candidate: ReviewCandidate }, fresh?: Set<string>): Promise<Placed | undefined> {
    const now = this.clock.now();
    const reason = reasonOf(item, now);
    const traceId = item.traceId === undefined || item.traceId === null ? null : pgText(item.traceId);
    const priority = QUEUE_PRIORITY[item.source];
    const wanted = Math.max(1, pgInt(item.reviewsWanted ?? 1));
    // A trace with no item yet (most of a sampled batch) goes straight to the insert: one round trip, not five.
    const isNew = traceId !== null && fresh?.delete(traceId) === true;
    const placed = traceId === null || isNew ? undefined : await this.existingPlace(client, traceId, item, priority, wanted);
    if (placed) {
      await this.addReason(client, placed.id, reason);
      return placed;
    }
    // What an insert and a reopening both write, in the order both statements take them.
    const queueFields = [
      pgText(item.reason),
      pgText(item.ruleId),
      priority,
      wanted,
      now,
      capped?.kind ?? null,
      capped ? pgText(capped.candidate.route) : null,
      capped ? capHour(capped.candidate.ts) : null,
      capped ? pgText(capped.candidate.textKey) : null,
      capped?.candidate.confidence ?? null,
    ];
    if (traceId !== null && !isNew) {
      const reopened = await client.query<{ id: string }>(
        `UPDATE review_items SET status = 'open', reason = $3, rule_id = $4, priority = $5, reviews_wanted = $6, created_at = $7, cap = $8, cap_route = $9, cap_hour = $10, text_key = $11, confidence = $12
          WHERE id = (SELECT id FROM review_items WHERE trace_id = $1 AND source = $2 AND status = 'superseded' ORDER BY created_at DESC, seq DESC LIMIT 1)
            AND ($11::text IS NULL OR NOT EXISTS (SELECT 1 FROM review_items o WHERE o.cap = $8 AND o.cap_route = $9 AND o.text_key = $11))
          RETURNING id`,
        [traceId, item.source, ...queueFields],
      );
      const id = reopened.rows[0]?.id;
      if (id !== undefined) {
        await this.addReason(client, id, reason);
        return { id, added: true, how: 'reopened' };
      }
    }
    const id = newId('ri', now);
    // The item and its first reason in one statement.
    const { rowCount } = await client.query(
      `WITH inserted AS (
         INSERT INTO review_items (id, trace_id, source, dataset_id, dataset_item_id, input, output, eval_key, eval_case, reason, rule_id, priority, reviews_wanted, created_at, cap, cap_route, cap_hour, text_key, confidence)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19) ON CONFLICT DO NOTHING RETURNING id)
       INSERT INTO review_reasons (item_id, kind, origin, detail, at) SELECT id, $20, $21, $22, $23 FROM inserted`,
      [
        id,
        traceId,
        item.source,
        pgText(item.datasetId),
        pgText(item.datasetItemId),
        jsonb(item.input),
        jsonb(item.output),
        item.evalCase ? pgText(evalCaseKey(item.evalCase)) : null,
        jsonb(item.evalCase),
        ...queueFields,
        reason.kind,
        reason.origin === null ? null : pgText(reason.origin),
        pgText(reason.detail),
        reason.at,
      ],
    );
    if (rowCount !== 1) return undefined;
    return { id, added: true, how: 'inserted' };
  }

  /** The trace's open item, which takes the reason (the most urgent source leads), or a closed one already queued for this kind of reason. */
  private async existingPlace(client: Queryable, traceId: string, item: NewReviewItem, priority: number, wanted: number): Promise<Placed | undefined> {
    const joined = await client.query<{ id: string }>(
      `UPDATE review_items SET source = CASE WHEN $2 < priority THEN $3 ELSE source END, reason = CASE WHEN $2 < priority THEN $4 ELSE reason END,
          priority = LEAST(priority, $2), reviews_wanted = GREATEST(reviews_wanted, $5), rule_id = COALESCE(rule_id, $6)
        WHERE trace_id = $1 AND status = 'open' RETURNING id`,
      [traceId, priority, item.source, pgText(item.reason), wanted, pgText(item.ruleId)],
    );
    const open = joined.rows[0]?.id;
    if (open !== undefined) return { id: open, added: false };
    const closed = await client.query<{ id: string }>(
      `SELECT i.id FROM review_items i WHERE i.trace_id = $1 AND i.status = 'done' AND EXISTS (SELECT 1 FROM review_reasons r WHERE r.item_id = i.id AND r.kind = $2)
        ORDER BY i.created_at DESC, i.seq DESC LIMIT 1`,
      [traceId, item.source],
    );
    const id = closed.rows[0]?.id;
    return id === undefined ? undefined : { id, added: false };
  }

  private async addReason(client: Queryable, itemId: string, reason: ReviewReason): Promise<void> {
    await client.query(
      `INSERT INTO review_reasons (item_id, kind, origin, detail, at) SELECT $1, $2, $3, $4, $5
        WHERE (SELECT COUNT(*) FROM review_reasons WHERE item_id = $1) < ${REASONS_KEPT} ON CONFLICT DO NOTHING`,
      [itemId, reason.kind, reason.origin === null ? null : pgText(reason.origin), pgText(reason.detail), reason.at],
    );
  }

  /** Rows as items with their reasons. */
  private async itemsOf(client: Queryable, rows: readonly Row[]): Promise<ReviewItem[]> {
    const items = rows.map(toItem);
    if (items.length === 0) return items;
    const { rows: reasons } = await client.query('SELECT item_id, kind, origin, detail, at FROM review_reasons WHERE item_id = ANY($1::text[]) ORDER BY at, seq', [[...new Set(items.map((i) => i.id))]]);
    return withReasons(items, reasons);
  }

  async enqueue(items: readonly NewReviewItem[]): Promise<QueuedItem[]> {
    return inTransaction(this.pool, async (client) => {
      const fresh = await this.lockTraces(client, items.map((item) => item.traceId));
      const placed: Placed[] = [];
      for (const item of items) {
        const place = await this.placeItem(client, item, undefined, fresh);
        if (place) {
          placed.push(place);
          continue;
        }
        // Refused: the item that holds the place (the same eval case or dataset item, or the trace's question in a cap).
        const { rows } = await client.query<{ id: string }>(
          `SELECT id FROM review_items WHERE eval_key = $1 OR (dataset_id = $2 AND dataset_item_id = $3) OR trace_id = $4
            ORDER BY (eval_key = $1) IS TRUE DESC, (dataset_item_id = $3) IS TRUE DESC, created_at DESC, seq DESC LIMIT 1`,
          [item.evalCase ? pgText(evalCaseKey(item.evalCase)) : null, pgText(item.datasetId), pgText(item.datasetItemId), pgText(item.traceId)],
        );
        if (rows[0]) placed.push({ id: rows[0].id, added: false });
      }
      const { rows } = await client.query(`SELECT ${ITEM_COLUMNS} FROM review_items WHERE id = ANY($1::text[])`, [placed.map((p) => p.id)]);
      const byId = new Map((await this.itemsOf(client, rows)).map((item) => [item.id, item]));
      return placed.flatMap(({ id, added }) => {
        const item = byId.get(id);
        return item ? [{ ...item, added }] : [];
      });
    });
  }

  async enqueueSampled(items: readonly NewReviewItem[]): Promise<number> {
    if (items.length === 0) return 0;
    return inTransaction(
      this.pool,
      async (client) => {
        const fresh = await this.lockTraces(client, items.map((item) => item.traceId));
        let added = 0;
        for (const item of items) added += await this.insertOne(client, item, undefined, fresh);
        return added;
      },
      { relaxed: true },
    );
  }

  async enqueueCapped(kind: ReviewCapKind, caps: ReviewCaps, candidates: readonly ReviewCandidate[]): Promise<number> {
    if (candidates.length === 0) return 0;
    return inTransaction(
      this.pool,
      async (client) => {
        // The traces first, then the caps (as every writer takes them): no two writers wait on each other in a circle.
        await this.lockTraces(client, candidates.map((c) => c.traceId));
        let added = 0;
        for (const { route, candidates: list, hours } of cappedByRoute(candidates)) {
          // One writer per (schema, kind, route) at a time, until commit: every replica counts
          // under the same lock, and (READ COMMITTED) each read sees what the last holder committed.
          await client.query(`SELECT pg_advisory_xact_lock(hashtextextended(current_schema() || ' review cap ' || $1 || ' ' || $2, 0))`, [kind, pgText(route)]);
          const stored: StoredSample[] = [];
          for (const { from, to } of hours) {
            // `kept`: an item queued for more than this cap (a rule, a flag joined it) is never replaced.
            const { rows } = await client.query(
              `SELECT trace_id, cap_hour, confidence, review_count,
                  source <> 'sample' OR EXISTS (SELECT 1 FROM review_reasons r WHERE r.item_id = i.id AND (r.kind <> 'sample' OR r.origin IS DISTINCT FROM i.cap)) AS kept
                FROM review_items i WHERE cap = $1 AND cap_route = $2 AND cap_hour >= $3 AND cap_hour < $4 AND status <> 'superseded'`,
              [kind, pgText(route), from, to],
            );
            stored.push(...rows.map(storedSampleFromRow));
          }
          const windows = new CapWindows(caps, stored);
          for (const candidate of list) {
            const item: NewReviewItem = { traceId: candidate.traceId, source: 'sample', reason: candidate.reason, origin: kind };
            if (windows.admits(candidate)) {
              if ((await this.insertOne(client, item, { kind, candidate })) === 0) continue;
              windows.took(candidate);
              added++;
              continue;
            }
            const victim = windows.displaced(candidate);
            const placed = victim ? await this.placeItem(client, item, { kind, candidate }) : undefined;
            if (!victim || !placed?.added) continue;
            // The replaced sample is kept (a reviewer may have it open) but leaves the queue and the
            // caps, and its question may come again. A review committed since the read keeps its
            // item open: then the candidate, just inserted and seen by nobody, goes instead.
            const { rowCount } = await client.query(
              `UPDATE review_items i SET status = 'superseded', text_key = NULL WHERE trace_id = $1 AND source = 'sample' AND cap = $2 AND review_count = 0 AND status = 'open'
                AND NOT EXISTS (SELECT 1 FROM review_reasons r WHERE r.item_id = i.id AND (r.kind <> 'sample' OR r.origin IS DISTINCT FROM i.cap))`,
              [pgText(victim.traceId), kind],
            );
            if (rowCount === 0) {
              // Undone as it was done: a reopened sample goes back to superseded, a new one goes.
              if (placed.how === 'reopened') await client.query("UPDATE review_items SET status = 'superseded', text_key = NULL WHERE id = $1", [placed.id]);
              else await client.query('WITH gone AS (DELETE FROM review_items WHERE id = $1) DELETE FROM review_reasons WHERE item_id = $1', [placed.id]);
              continue;
            }
            windows.replaced(victim, candidate);
            added++;
          }
        }
        return added;
      },
      { relaxed: true },
    );
  }

  async queue(query: QueueQuery): Promise<ReviewItem[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const status = query.status ?? 'open';
    // Replaced samples are kept for a reviewer who had one open, never offered.
    where.push(status === 'all' ? "status <> 'superseded'" : `status = ${param(status)}`);
    if (query.source) where.push(`source = ${param(query.source)}`);
    if (status === 'open') {
      const reviewer = param(pgText(query.reviewer));
      where.push(`NOT EXISTS (SELECT 1 FROM reviews r WHERE r.item_id = i.id AND r.reviewer = ${reviewer})`);
      // Not an item other reviewers hold every place of: two reviewers are not given the same one.
      where.push(`(SELECT COUNT(*) FROM review_claims c WHERE c.item_id = i.id AND c.reviewer <> ${reviewer} AND c.until > ${param(this.clock.now())}) < i.reviews_wanted - i.review_count`);
    }
    // The reviewer's skipped items last, the earliest skipped first among them.
    const order = status === 'open' ? `(SELECT s.at FROM review_skips s WHERE s.item_id = i.id AND s.reviewer = ${param(pgText(query.reviewer))}) NULLS FIRST, priority, created_at, seq` : 'created_at DESC, seq DESC';
    const limit = Math.min(Math.max(pgInt(query.limit ?? 50), 1), 500);
    const { rows } = await this.pool.query(`SELECT ${ITEM_COLUMNS.split(', ').map((c) => `i.${c}`).join(', ')} FROM review_items i ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY ${order} LIMIT ${param(limit)}`, params);
    return this.itemsOf(this.pool, rows);
  }

  async getItem(id: string): Promise<ReviewItem | undefined> {
    const { rows } = await this.pool.query(`SELECT ${ITEM_COLUMNS} FROM review_items WHERE id = $1`, [pgText(id)]);
    return (await this.itemsOf(this.pool, rows))[0];
  }

  async reviewsOf(itemId: string): Promise<Review[]> {
    const { rows } = await this.pool.query(`SELECT ${REVIEW_COLUMNS} FROM reviews WHERE item_id = $1 ORDER BY created_at, seq`, [pgText(itemId)]);
    return rows.map(toReview);
  }

  async addReview(itemId: string, reviewer: string, input: ReviewInput): Promise<Review> {
    const now = this.clock.now();
    return inTransaction(this.pool, async (client) => {
      // Locks the item, so two reviewers' counts never race.
      const item = (await client.query('SELECT trace_id FROM review_items WHERE id = $1 FOR UPDATE', [pgText(itemId)])).rows[0] as Row | undefined;
      if (!item) throw new SwitchyardError('not_found', `review item ${quoteClipped(itemId)} not found`);
      await client.query(
        `INSERT INTO reviews (${REVIEW_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
          ON CONFLICT (item_id, reviewer) DO UPDATE SET score = excluded.score, pass = excluded.pass,
          corrected = excluded.corrected, comment = excluded.comment, created_at = excluded.created_at`,
        [newId('rv', now), pgText(itemId), item.trace_id, pgText(reviewer), input.score === null ? null : pgInt(input.score), input.pass, pgText(input.corrected), pgText(input.comment), now],
      );
      await client.query(
        `UPDATE review_items SET review_count = c.n, status = CASE WHEN c.n >= reviews_wanted THEN 'done' WHEN status = 'superseded' THEN status ELSE 'open' END
          FROM (SELECT COUNT(*) AS n FROM reviews WHERE item_id = $1) c WHERE id = $1`,
        [pgText(itemId)],
      );
      await client.query('DELETE FROM review_claims WHERE item_id = $1 AND reviewer = $2', [pgText(itemId), pgText(reviewer)]);
      const { rows } = await client.query(`SELECT ${REVIEW_COLUMNS} FROM reviews WHERE item_id = $1 AND reviewer = $2`, [pgText(itemId), pgText(reviewer)]);
      return toReview(rows[0] as Row);
    });
  }

  async removeReview(itemId: string, reviewer: string): Promise<boolean> {
    return inTransaction(this.pool, async (client) => {
      // Locks the item, as addReview does, so the count never races.
      await client.query('SELECT 1 FROM review_items WHERE id = $1 FOR UPDATE', [pgText(itemId)]);
      const { rowCount } = await client.query('DELETE FROM reviews WHERE item_id = $1 AND reviewer = $2', [pgText(itemId), pgText(reviewer)]);
      if (!rowCount) return false;
      await client.query(
        `UPDATE review_items SET review_count = c.n, status = CASE WHEN status = 'superseded' THEN status WHEN c.n >= reviews_wanted THEN 'done' ELSE 'open' END
          FROM (SELECT COUNT(*) AS n FROM reviews WHERE item_id = $1) c WHERE id = $1`,
        [pgText(itemId)],
      );
      return true;
    });
  }

  async claim(itemId: string, reviewer: string, until: number): Promise<ClaimResult> {
    const now = this.clock.now();
    const decision = await inTransaction(this.pool, async (client) => {
      // Locks the item: two reviewers' claims on any replica are decided one after the other.
      const row = (await client.query(`SELECT ${ITEM_COLUMNS} FROM review_items WHERE id = $1 FOR UPDATE`, [pgText(itemId)])).rows[0] as Row | undefined;
      if (!row) throw new SwitchyardError('not_found', `review item ${quoteClipped(itemId)} not found`);
      const reviewed = (await client.query('SELECT 1 FROM reviews WHERE item_id = $1 AND reviewer = $2', [pgText(itemId), pgText(reviewer)])).rowCount !== 0;
      const others = (await client.query('SELECT reviewer, until FROM review_claims WHERE item_id = $1 AND reviewer <> $2 AND until > $3 ORDER BY until', [pgText(itemId), pgText(reviewer), now])).rows.map((r: Row) => ({ reviewer: r.reviewer as string, until: Number(r.until) }));
      const decision = claimDecision(toItem(row), reviewed, others, until);
      if (decision.held) {
        await client.query('INSERT INTO review_claims (item_id, reviewer, until) VALUES ($1, $2, $3) ON CONFLICT (item_id, reviewer) DO UPDATE SET until = excluded.until', [pgText(itemId), pgText(reviewer), until]);
      }
      return decision;
    });
    await this.prune();
    return decision;
  }

  async prune(): Promise<{ holds: number; skips: number }> {
    // One statement of its own, after the write that called it: rows it deletes are locked only
    // for that statement. One pruner at a time per schema; another replica's call finds the lock
    // taken and leaves the work to it.
    const { rows } = await this.pool.query<{ holds: number; skips: number }>(
      `WITH go AS (SELECT pg_try_advisory_xact_lock(hashtextextended(current_schema() || ' review prune', 0)) AS ok),
        holds AS (DELETE FROM review_claims WHERE until <= $1 AND (SELECT ok FROM go) RETURNING 1),
        skips AS (DELETE FROM review_skips s WHERE (SELECT ok FROM go) AND EXISTS (SELECT 1 FROM review_items i WHERE i.id = s.item_id AND i.status <> 'open') RETURNING 1)
      SELECT (SELECT COUNT(*) FROM holds)::int AS holds, (SELECT COUNT(*) FROM skips)::int AS skips`,
      [this.clock.now()],
    );
    return rows[0] ?? { holds: 0, skips: 0 };
  }

  async release(itemId: string, reviewer: string): Promise<void> {
    await this.pool.query('DELETE FROM review_claims WHERE item_id = $1 AND reviewer = $2', [pgText(itemId), pgText(reviewer)]);
  }

  async skip(itemId: string, reviewer: string): Promise<void> {
    if (!(await this.getItem(itemId))) throw new SwitchyardError('not_found', `review item ${quoteClipped(itemId)} not found`);
    await this.pool.query(
      `WITH released AS (DELETE FROM review_claims WHERE item_id = $1 AND reviewer = $2)
       INSERT INTO review_skips (item_id, reviewer, at) VALUES ($1, $2, $3) ON CONFLICT (reviewer, item_id) DO UPDATE SET at = excluded.at`,
      [pgText(itemId), pgText(reviewer), this.clock.now()],
    );
    await this.prune();
  }

  async forTrace(traceId: string): Promise<{ items: ReviewItem[]; reviews: Review[]; feedback: Feedback[] }> {
    const id = [pgText(traceId)];
    const [items, reviews, feedback] = await Promise.all([
      this.pool.query(`SELECT ${ITEM_COLUMNS} FROM review_items WHERE trace_id = $1 ORDER BY created_at, seq`, id),
      this.pool.query(`SELECT ${REVIEW_COLUMNS} FROM reviews WHERE trace_id = $1 ORDER BY created_at, seq`, id),
      this.pool.query(`SELECT ${FEEDBACK_COLUMNS} FROM feedback WHERE trace_id = $1 ORDER BY created_at, seq`, id),
    ]);
    return { items: await this.itemsOf(this.pool, items.rows), reviews: reviews.rows.map(toReview), feedback: feedback.rows.map(feedbackFromRow) };
  }

  async addFeedback(input: FeedbackInput): Promise<Feedback> {
    const feedback: Feedback = { ...input, id: newId('fb', this.clock.now()), createdAt: this.clock.now() };
    const item = feedbackItem(feedback);
    await inTransaction(this.pool, async (client) => {
      await client.query(`INSERT INTO feedback (${FEEDBACK_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, [
        feedback.id,
        pgText(feedback.traceId),
        pgText(feedback.keyName),
        feedback.score === null ? null : pgInt(feedback.score),
        feedback.thumbs,
        pgText(feedback.comment),
        pgText(feedback.corrected),
        feedback.createdAt,
      ]);
      if (item) {
        await this.lockTraces(client, [item.traceId]);
        await this.insertOne(client, item);
      }
    });
    return feedback;
  }

  async stats(): Promise<ReviewStats> {
    const zero = () => Object.fromEntries(REVIEW_SOURCES.map((s) => [s, 0])) as Record<ReviewSource, number>;
    const open = zero();
    const done = zero();
    const held = zero();
    const [counts, heldRows, reviewers, fb, multi] = await Promise.all([
      this.pool.query<{ source: ReviewSource; status: string; n: number }>("SELECT source, status, COUNT(*) AS n FROM review_items WHERE status <> 'superseded' GROUP BY source, status"),
      // The queue's own test (see `queue`), with no reviewer exempt: live holds fill every place left.
      this.pool.query<{ source: ReviewSource; n: number }>(
        "SELECT source, COUNT(*) AS n FROM review_items i WHERE status = 'open' AND (SELECT COUNT(*) FROM review_claims c WHERE c.item_id = i.id AND c.until > $1) >= i.reviews_wanted - i.review_count GROUP BY source",
        [this.clock.now()],
      ),
      this.pool.query<{ reviewer: string; reviews: number }>('SELECT reviewer, COUNT(*) AS reviews FROM reviews GROUP BY reviewer ORDER BY reviews DESC, reviewer'),
      this.pool.query<{ up: number; down: number; scored: number }>(
        "SELECT COUNT(*) FILTER (WHERE thumbs = 'up') AS up, COUNT(*) FILTER (WHERE thumbs = 'down') AS down, COUNT(*) FILTER (WHERE score IS NOT NULL) AS scored FROM feedback",
      ),
      this.pool.query<{ item_id: string; score: number | null; pass: boolean | null }>('SELECT item_id, score, pass FROM reviews WHERE item_id IN (SELECT id FROM review_items WHERE review_count >= 2) ORDER BY item_id'),
    ]);
    for (const row of counts.rows) (row.status === 'open' ? open : done)[row.source] = row.n;
    for (const row of heldRows.rows) held[row.source] = row.n;
    const byItem = new Map<string, { score: number | null; pass: boolean | null }[]>();
    for (const r of multi.rows) {
      const list = byItem.get(r.item_id) ?? [];
      list.push({ score: r.score, pass: r.pass });
      byItem.set(r.item_id, list);
    }
    const feedback = fb.rows[0] ?? { up: 0, down: 0, scored: 0 };
    return { open, held, done, reviewers: reviewers.rows, feedback: { up: feedback.up, down: feedback.down, scored: feedback.scored }, agreement: agreementOf([...byItem.values()]) };
  }

  async forgetTraceAnswers(traceIds: readonly string[]): Promise<{ items: number; reviews: number; feedback: number }> {
    const ids = traceIds.map((id) => pgText(id));
    // An item of the trace, a dataset item made from it (its id is the trace's), or an eval case of that item.
    const ofTraces = "(trace_id = ANY($1::text[]) OR dataset_item_id = ANY($1::text[]) OR eval_case ->> 'caseId' = ANY($1::text[]))";
    return inTransaction(this.pool, async (client) => {
      const reviews = await client.query(`UPDATE reviews SET corrected = NULL WHERE corrected IS NOT NULL AND (trace_id = ANY($1::text[]) OR item_id IN (SELECT id FROM review_items WHERE ${ofTraces}))`, [ids]);
      const items = await client.query(`UPDATE review_items SET output = NULL, eval_case = eval_case - 'expected' WHERE ${ofTraces} AND (output IS NOT NULL OR eval_case ? 'expected')`, [ids]);
      const feedback = await client.query('UPDATE feedback SET corrected = NULL WHERE corrected IS NOT NULL AND trace_id = ANY($1::text[])', [ids]);
      return { items: items.rowCount ?? 0, reviews: reviews.rowCount ?? 0, feedback: feedback.rowCount ?? 0 };
    });
  }

  async eraseTraces(traceIds: readonly string[], dryRun = false): Promise<ErasedReviews> {
    const ids = [traceIds.map((id) => pgText(id))];
    const items = "SELECT id FROM review_items WHERE trace_id = ANY($1::text[]) OR dataset_item_id = ANY($1::text[]) OR eval_case ->> 'caseId' = ANY($1::text[])";
    const where = { items: `id IN (${items})`, reviews: `trace_id = ANY($1::text[]) OR item_id IN (${items})`, feedback: 'trace_id = ANY($1::text[])' };
    if (dryRun) {
      const count = async (table: string, condition: string) => Number((await this.pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${table} WHERE ${condition}`, ids)).rows[0]?.n ?? 0);
      return { items: await count('review_items', where.items), reviews: await count('reviews', where.reviews), feedback: await count('feedback', where.feedback) };
    }
    return inTransaction(this.pool, async (client) => {
      for (const table of ['review_reasons', 'review_claims', 'review_skips']) await client.query(`DELETE FROM ${table} WHERE item_id IN (${items})`, ids);
      const reviews = await client.query(`DELETE FROM reviews WHERE ${where.reviews}`, ids);
      const feedback = await client.query(`DELETE FROM feedback WHERE ${where.feedback}`, ids);
      const deleted = await client.query(`DELETE FROM review_items WHERE ${where.items}`, ids);
      return { items: deleted.rowCount ?? 0, reviews: reviews.rowCount ?? 0, feedback: feedback.rowCount ?? 0 };
    });
  }

  async reviewedCount(options: { since?: number; pending?: boolean } = {}): Promise<number> {
    // Pending ones from the queue's status index: few, where every review reads the whole reviews table.
    const sql = options.pending
      ? "SELECT count(*) AS n FROM review_items i WHERE i.status IN ('open', 'superseded') AND EXISTS (SELECT 1 FROM reviews r WHERE r.item_id = i.id AND r.created_at >= $1)"
      : 'SELECT count(DISTINCT item_id) AS n FROM reviews WHERE created_at >= $1';
    const { rows } = await this.pool.query<{ n: string }>(sql, [pgInt(options.since ?? 0)]);
    return Number(rows[0]?.n ?? 0);
  }

  async reviewed(options: { since?: number; limit?: number } = {}): Promise<ReviewedItem[]> {
    return (await this.reviewedPage({ ...options, limit: options.limit ?? 100_000 })).items;
  }

  async reviewedPage(options: { since?: number; limit: number; after?: ReviewedCursor }): Promise<ReviewedPage> {
    // Each item at its latest review, walked down the reviews' time index from the cursor: a
    // grouped MAX over every review was computed again for each page. `created_at <= $2` is the
    // index's range; the row comparison alone is not one for an index of created_at only.
    const after = options.after ?? { last: Number.MAX_SAFE_INTEGER, seq: Number.MAX_SAFE_INTEGER };
    const { rows } = await this.pool.query(
      `SELECT ${ITEM_COLUMNS.split(', ').map((c) => `i.${c}`).join(', ')}, r.created_at AS last_review_at, r.seq AS last_review_seq FROM reviews r JOIN review_items i ON i.id = r.item_id
        WHERE r.created_at >= $1 AND r.created_at <= $2 AND (r.created_at, r.seq) < ($2, $3)
          AND NOT EXISTS (SELECT 1 FROM reviews later WHERE later.item_id = r.item_id AND (later.created_at, later.seq) > (r.created_at, r.seq))
        ORDER BY r.created_at DESC, r.seq DESC LIMIT $4`,
      [pgInt(options.since ?? 0), pgInt(after.last), pgInt(after.seq), pgInt(options.limit)],
    );
    if (rows.length === 0) return { items: [], next: null };
    const ids = rows.map((row) => row.id as string);
    const reviews = await this.pool.query(`SELECT ${REVIEW_COLUMNS} FROM reviews WHERE item_id = ANY($1::text[]) ORDER BY created_at, seq`, [ids]);
    const byItem = new Map<string, Review[]>();
    for (const row of reviews.rows) {
      const review = toReview(row);
      const list = byItem.get(review.itemId) ?? [];
      list.push(review);
      byItem.set(review.itemId, list);
    }
    const items = (await this.itemsOf(this.pool, rows)).map((item) => ({ item, reviews: byItem.get(item.id) ?? [] }));
    const end = rows.at(-1) as Row;
    return { items, next: rows.length < options.limit ? null : { last: Number(end.last_review_at), seq: Number(end.last_review_seq) } };
  }

}
