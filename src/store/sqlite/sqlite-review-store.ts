import { quoteClipped } from '../../core/clip.js';
import { type Clock, systemClock } from '../../core/clock.js';
import { SwitchyardError } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import { agreementOf } from '../../review/agreement.js';
import { evalCaseKey, feedbackItem, QUEUE_PRIORITY } from '../../review/queue-rules.js';
import { CapWindows, capHour, cappedByRoute, type ReviewCandidate, type ReviewCapKind, type ReviewCaps } from '../../review/review-caps.js';
import { claimDecision, type Hold } from '../../review/review-claims.js';
import type { ClaimResult, ErasedReviews, QueueQuery, ReviewedCursor, ReviewedItem, ReviewedPage, ReviewStore } from '../../review/review-store.js';
import { type Feedback, type FeedbackInput, type NewReviewItem, type QueuedItem, REVIEW_SOURCES, type Review, type ReviewInput, type ReviewItem, type ReviewSource, type ReviewStats, type SamplingRule } from '../../review/types.js';
import { type SqliteDatabase, withSecureDelete } from './open-database.js';
import { sqliteColumns } from '../rows/column-reader.js';
import { ruleNameTaken } from '../../review/rule-name-taken.js';
import { feedbackFromRow, itemFromRow, reviewFromRow, ruleFromRow, storedSampleFromRow, withReasons } from '../rows/review-rows.js';
import { REASONS_KEPT, reasonOf } from '../../review/review-reasons.js';

type Row = Record<string, unknown>;
type Placed = { id: string; added: boolean };

const toRule = (row: Row): SamplingRule => ruleFromRow(row, sqliteColumns);
const toItem = (row: Row): ReviewItem => itemFromRow(row, sqliteColumns);
const toReview = (row: Row): Review => reviewFromRow(row, sqliteColumns);

const json = (value: unknown) => (value === undefined || value === null ? null : JSON.stringify(value));

/**
 * Review queue, reviews and feedback in the embedded SQLite file. Reviews and feedback are
 * written with `synchronous = FULL` for that one transaction: the trace table can afford to
 * lose the last instant of a power cut, a person's review cannot.
 *
 * @example
 * const reviews = new SqliteReviewStore(openDatabase(file, [REVIEW_MIGRATIONS]));
 * const [item] = await reviews.enqueue([{ traceId: 'tr_…', source: 'manual', reason: 'looked odd' }]);
 * await reviews.addReview(item.id, 'ana', { score: 4, pass: true, corrected: null, comment: null });
 */
export class SqliteReviewStore implements ReviewStore {
  private rules: SamplingRule[];
  /** The file's `data_version` when the rules were read: it moves when another connection commits. */
  private rulesVersion: unknown;
  private readonly dataVersion;
  private readonly insertItem;
  private readonly cappedSamples;
  private readonly supersedeSample;
  private readonly reviveSample;
  private readonly openOfTrace;
  private readonly traceQueued;
  private readonly closedForKind;
  private readonly joinOpen;
  private readonly addReason;
  private readonly reasonsOf;
  private readonly clock: Clock;

  constructor(
    private readonly db: SqliteDatabase,
    options: { clock?: Clock } = {},
  ) {
    this.clock = options.clock ?? systemClock;
    this.insertItem = db.prepare(`INSERT INTO review_items (id, trace_id, source, reason, rule_id, dataset_id, dataset_item_id, input, output, eval_key, eval_case, priority, reviews_wanted, created_at, cap, cap_route, cap_hour, text_key, confidence)
      VALUES (@id, @traceId, @source, @reason, @ruleId, @datasetId, @datasetItemId, @input, @output, @evalKey, @evalCase, @priority, @reviewsWanted, @createdAt, @cap, @capRoute, @capHour, @textKey, @confidence) ON CONFLICT DO NOTHING`);
    // `kept`: an item queued for more than this cap (a rule, a flag joined it) is never replaced.
    this.cappedSamples = db.prepare(`SELECT trace_id, cap_hour, confidence, review_count,
        source <> 'sample' OR EXISTS (SELECT 1 FROM review_reasons r WHERE r.item_id = i.id AND (r.kind <> 'sample' OR r.origin IS NOT i.cap)) AS kept
      FROM review_items i WHERE cap = @kind AND cap_route = @route AND cap_hour >= @from AND cap_hour < @to AND status <> 'superseded'`);
    // Under the write lock: an unreviewed sample stays unreviewed until this transaction ends. It is
    // kept (a reviewer may have it open) but leaves the queue and the caps; its question may come again.
    this.supersedeSample = db.prepare("UPDATE review_items SET status = 'superseded', text_key = NULL WHERE trace_id = ? AND source = 'sample' AND cap = ? AND review_count = 0 AND status = 'open'");
    // A superseded sample keeps its row (and so its trace's place for its source): queued again
    // (another cap, a rule), it is opened again under the new reason rather than refused as a
    // duplicate. Not when its question is already queued in that cap.
    this.reviveSample = db.prepare(`UPDATE review_items SET status = 'open', reason = @reason, rule_id = @ruleId, priority = @priority, reviews_wanted = @reviewsWanted,
        created_at = @createdAt, cap = @cap, cap_route = @capRoute, cap_hour = @capHour, text_key = @textKey, confidence = @confidence
      WHERE id = (SELECT id FROM review_items WHERE trace_id = @traceId AND source = @source AND status = 'superseded' ORDER BY created_at DESC, rowid DESC LIMIT 1)
        AND (@textKey IS NULL OR NOT EXISTS (SELECT 1 FROM review_items o WHERE o.cap = @cap AND o.cap_route = @capRoute AND o.text_key = @textKey))
      RETURNING id`);
    this.openOfTrace = db.prepare("SELECT id FROM review_items WHERE trace_id = ? AND status = 'open'").pluck();
    this.traceQueued = db.prepare('SELECT 1 FROM review_items WHERE trace_id = ? LIMIT 1').pluck();
    this.closedForKind = db
      .prepare("SELECT i.id FROM review_items i WHERE i.trace_id = ? AND i.status = 'done' AND EXISTS (SELECT 1 FROM review_reasons r WHERE r.item_id = i.id AND r.kind = ?) ORDER BY i.created_at DESC, i.rowid DESC LIMIT 1")
      .pluck();
    // The open item takes the newcomer's reason: the most urgent source leads (and orders the queue),
    // and it wants as many reviews as the most demanding of its reasons.
    this.joinOpen = db.prepare(`UPDATE review_items SET source = CASE WHEN @priority < priority THEN @source ELSE source END,
        reason = CASE WHEN @priority < priority THEN @reason ELSE reason END, priority = MIN(priority, @priority),
        reviews_wanted = MAX(reviews_wanted, @reviewsWanted), rule_id = COALESCE(rule_id, @ruleId) WHERE id = @id`);
    this.addReason = db.prepare(`INSERT INTO review_reasons (item_id, kind, origin, detail, at) SELECT @id, @kind, @origin, @detail, @at
      WHERE (SELECT COUNT(*) FROM review_reasons WHERE item_id = @id) < ${REASONS_KEPT} ON CONFLICT DO NOTHING`);
    this.reasonsOf = (ids: readonly string[]) =>
      db.prepare(`SELECT item_id, kind, origin, detail, at FROM review_reasons WHERE item_id IN (${ids.map(() => '?').join(', ')}) ORDER BY at, rowid`).all(...ids) as Row[];
    this.dataVersion = db.prepare('PRAGMA data_version').pluck();
    this.rulesVersion = this.dataVersion.get();
    this.rules = this.readRules();
  }

  private readRules(): SamplingRule[] {
    return (this.db.prepare('SELECT * FROM review_rules ORDER BY created_at, rowid').all() as Row[]).map(toRule);
  }

  async enqueueSampled(items: readonly NewReviewItem[]): Promise<number> {
    // Committed with NORMAL sync, as the traces themselves are. IMMEDIATE: placing an item reads
    // before it writes, and another connection's write between the two would be missed.
    return this.db.transaction(() => items.reduce((added, item) => added + this.insertOne(item), 0)).immediate();
  }

  async enqueueCapped(kind: ReviewCapKind, caps: ReviewCaps, candidates: readonly ReviewCandidate[]): Promise<number> {
    if (candidates.length === 0) return 0;
    // IMMEDIATE takes the file's write lock before reading: a writer on another connection (the
    // trace-write thread, another process) waits, so what is read is what is written against.
    return this.db
      .transaction(() => {
        let added = 0;
        for (const { route, candidates: list, hours } of cappedByRoute(candidates)) {
          const stored = hours.flatMap(({ from, to }) => (this.cappedSamples.all({ kind, route, from, to }) as Row[]).map(storedSampleFromRow));
          const windows = new CapWindows(caps, stored);
          for (const candidate of list) {
            const item: NewReviewItem = { traceId: candidate.traceId, source: 'sample', reason: candidate.reason, origin: kind };
            if (windows.admits(candidate)) {
              if (this.insertOne(item, { kind, candidate }) === 0) continue;
              windows.took(candidate);
              added++;
              continue;
            }
            const victim = windows.displaced(candidate);
            if (!victim || this.insertOne(item, { kind, candidate }) === 0) continue;
            this.supersedeSample.run(victim.traceId, kind);
            windows.replaced(victim, candidate);
            added++;
          }
        }
        return added;
      })
      .immediate();
  }

  /** 1 when the item was new, or a superseded sample of its trace opened again for it (see placeItem). */
  private insertOne(item: NewReviewItem, capped?: { kind: ReviewCapKind; candidate: ReviewCandidate }): number {
    return this.placeItem(item, capped)?.added ? 1 : 0;
  }

  /**
   * Finds an item the reason belongs to, or makes one (in the order `ReviewStore.enqueue` gives). Run
   * under the write lock (an IMMEDIATE transaction), so what it read is what it writes against.
   */
  private placeItem(item: NewReviewItem, capped?: { kind: ReviewCapKind; candidate: ReviewCandidate }): Placed | undefined {
    const now = this.clock.now();
    const reason = reasonOf(item, now);
    const row = {
      id: newId('ri', now),
      traceId: item.traceId ?? null,
      source: item.source,
      reason: item.reason,
      ruleId: item.ruleId ?? null,
      datasetId: item.datasetId ?? null,
      datasetItemId: item.datasetItemId ?? null,
      input: json(item.input),
      output: json(item.output),
      evalKey: item.evalCase ? evalCaseKey(item.evalCase) : null,
      evalCase: json(item.evalCase),
      priority: QUEUE_PRIORITY[item.source],
      reviewsWanted: Math.max(1, item.reviewsWanted ?? 1),
      createdAt: now,
      cap: capped?.kind ?? null,
      capRoute: capped?.candidate.route ?? null,
      capHour: capped ? capHour(capped.candidate.ts) : null,
      textKey: capped?.candidate.textKey ?? null,
      confidence: capped?.candidate.confidence ?? null,
    };
    const placed = this.findPlace(row);
    if (placed) {
      this.addReason.run({ id: placed.id, ...reason });
      return placed;
    }
    if (this.insertItem.run(row).changes === 0) return undefined;
    this.addReason.run({ id: row.id, ...reason });
    return { id: row.id, added: true };
  }

  /** The trace's open item (which takes the reason), a closed one already queued for this kind of reason, or a superseded sample opened again. */
  private findPlace(row: { traceId: string | null; source: ReviewSource; reason: string; priority: number; reviewsWanted: number; ruleId: string | null; textKey: string | null }): Placed | undefined {
    // A trace with no item yet (most of a sampled batch) is one lookup, not three.
    if (row.traceId === null || this.traceQueued.get(row.traceId) === undefined) return undefined;
    const open = this.openOfTrace.get(row.traceId) as string | undefined;
    if (open !== undefined) {
      this.joinOpen.run({ ...row, id: open });
      return { id: open, added: false };
    }
    const closed = this.closedForKind.get(row.traceId, row.source) as string | undefined;
    if (closed !== undefined) return { id: closed, added: false };
    // The same row's fields: the statement reads the ones it names and ignores the rest.
    const revived = this.reviveSample.get(row) as { id: string } | undefined;
    return revived ? { id: revived.id, added: true } : undefined;
  }

  private durably<T>(work: () => T): T {
    this.db.pragma('synchronous = FULL');
    try {
      // IMMEDIATE: the write lock from the start, so a read-then-write (placing an item) sees what it writes against.
      return this.db.transaction(work).immediate();
    } finally {
      this.db.pragma('synchronous = NORMAL');
    }
  }

  async listRules(): Promise<SamplingRule[]> {
    // A rule saved through another connection (the gateway's thread while this one samples on the
    // trace-write thread, or a CLI next to a running gateway) applies from the next batch.
    const version = this.dataVersion.get();
    if (version !== this.rulesVersion) {
      this.rulesVersion = version;
      this.rules = this.readRules();
    }
    return [...this.rules];
  }

  async saveRule(rule: SamplingRule): Promise<void> {
    try {
      this.durably(() =>
        this.db
          .prepare(`INSERT INTO review_rules VALUES (@id, @name, @rate, @match, @reviewsWanted, @enabled, @createdAt)
            ON CONFLICT (id) DO UPDATE SET name = excluded.name, rate = excluded.rate, match = excluded.match,
            reviews_wanted = excluded.reviews_wanted, enabled = excluded.enabled`)
          .run({ ...rule, match: JSON.stringify(rule.match), enabled: rule.enabled ? 1 : 0 }),
      );
    } catch (error) {
      // Another connection (a second gateway on the file) saved a rule of this name since the API checked.
      const { code, message } = error as { code?: unknown; message?: string };
      if (code !== 'SQLITE_CONSTRAINT_UNIQUE' || !message?.includes('review_rules.name')) throw error;
      const other = this.db.prepare('SELECT id FROM review_rules WHERE name = ?').get(rule.name) as { id: string } | undefined;
      throw ruleNameTaken(rule.name, other?.id ?? 'another rule');
    }
    this.rules = this.readRules();
  }

  async deleteRule(id: string): Promise<boolean> {
    const { changes } = this.db.prepare('DELETE FROM review_rules WHERE id = ?').run(id);
    this.rules = this.readRules();
    return changes > 0;
  }

  async enqueue(items: readonly NewReviewItem[]): Promise<QueuedItem[]> {
    const byEval = this.db.prepare('SELECT id FROM review_items WHERE eval_key = ?').pluck();
    const byDataset = this.db.prepare('SELECT id FROM review_items WHERE dataset_id = ? AND dataset_item_id = ?').pluck();
    const byTrace = this.db.prepare('SELECT id FROM review_items WHERE trace_id = ? ORDER BY created_at DESC, rowid DESC LIMIT 1').pluck();
    const placed = this.durably(() =>
      items.map((item) => {
        const place = this.placeItem(item);
        if (place) return place;
        // Refused: the item that holds the place (the same eval case or dataset item, or the trace's question in a cap).
        const id = ((item.evalCase && byEval.get(evalCaseKey(item.evalCase))) || byDataset.get(item.datasetId ?? null, item.datasetItemId ?? null) || (item.traceId && byTrace.get(item.traceId))) as string;
        return { id, added: false };
      }),
    );
    const rows = placed.map(({ id }) => this.db.prepare('SELECT * FROM review_items WHERE id = ?').get(id) as Row);
    const found = this.itemsOf(rows);
    return found.map((item, i) => ({ ...item, added: placed[i]?.added ?? false }));
  }

  /** Rows as items with their reasons. */
  private itemsOf(rows: readonly Row[]): ReviewItem[] {
    const items = rows.map(toItem);
    if (items.length === 0) return items;
    const ids = [...new Set(items.map((item) => item.id))];
    // Pages keep each statement well under SQLite's limit on parameters.
    const reasons: Row[] = [];
    for (let i = 0; i < ids.length; i += 500) reasons.push(...this.reasonsOf(ids.slice(i, i + 500)));
    return withReasons(items, reasons);
  }

  async queue(query: QueueQuery): Promise<ReviewItem[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (query.status !== 'all') {
      where.push('status = ?');
      params.push(query.status ?? 'open');
    } else {
      // Replaced samples are kept for a reviewer who had one open, never offered.
      where.push("status <> 'superseded'");
    }
    if (query.source) {
      where.push('source = ?');
      params.push(query.source);
    }
    if ((query.status ?? 'open') === 'open') {
      where.push('NOT EXISTS (SELECT 1 FROM reviews r WHERE r.item_id = i.id AND r.reviewer = ?)');
      params.push(query.reviewer);
      // Not an item other reviewers hold every place of: two reviewers are not given the same one.
      where.push('(SELECT COUNT(*) FROM review_claims c WHERE c.item_id = i.id AND c.reviewer <> ? AND c.until > ?) < i.reviews_wanted - i.review_count');
      params.push(query.reviewer, this.clock.now());
    }
    const open = (query.status ?? 'open') === 'open';
    // The reviewer's skipped items last, the earliest skipped first among them (NULL sorts first).
    const order = open ? 'skipped, priority, created_at, i.rowid' : 'created_at DESC, i.rowid DESC';
    const skips = open ? 'LEFT JOIN (SELECT item_id, at AS skipped FROM review_skips WHERE reviewer = ?) s ON s.item_id = i.id' : '';
    const sql = `SELECT i.* FROM review_items i ${skips} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY ${order} LIMIT ?`;
    return this.itemsOf(this.db.prepare(sql).all(...(open ? [query.reviewer] : []), ...params, Math.min(query.limit ?? 50, 500)) as Row[]);
  }

  async getItem(id: string): Promise<ReviewItem | undefined> {
    const row = this.db.prepare('SELECT * FROM review_items WHERE id = ?').get(id) as Row | undefined;
    return row ? this.itemsOf([row])[0] : undefined;
  }

  async reviewsOf(itemId: string): Promise<Review[]> {
    return (this.db.prepare('SELECT * FROM reviews WHERE item_id = ? ORDER BY created_at, rowid').all(itemId) as Row[]).map(toReview);
  }

  async addReview(itemId: string, reviewer: string, input: ReviewInput): Promise<Review> {
    const item = await this.getItem(itemId);
    if (!item) throw new SwitchyardError('not_found', `review item ${quoteClipped(itemId)} not found`);
    const now = this.clock.now();
    return this.durably(() => {
      this.db
        .prepare(`INSERT INTO reviews VALUES (@id, @itemId, @traceId, @reviewer, @score, @pass, @corrected, @comment, @createdAt)
          ON CONFLICT (item_id, reviewer) DO UPDATE SET score = excluded.score, pass = excluded.pass,
          corrected = excluded.corrected, comment = excluded.comment, created_at = excluded.created_at`)
        .run({ id: newId('rv', now), itemId, traceId: item.traceId, reviewer, score: input.score, pass: input.pass === null ? null : input.pass ? 1 : 0, corrected: input.corrected, comment: input.comment, createdAt: now });
      const { changes } = this.db
        .prepare(`UPDATE review_items SET review_count = (SELECT COUNT(*) FROM reviews WHERE item_id = @id),
          status = CASE WHEN (SELECT COUNT(*) FROM reviews WHERE item_id = @id) >= reviews_wanted THEN 'done' WHEN status = 'superseded' THEN status ELSE 'open' END WHERE id = @id`)
        .run({ id: itemId });
      // The item was read above; only a delete by hand between the two can leave no row.
      if (changes === 0) throw new SwitchyardError('not_found', `review item ${quoteClipped(itemId)} not found`);
      this.db.prepare('DELETE FROM review_claims WHERE item_id = ? AND reviewer = ?').run(itemId, reviewer);
      return toReview(this.db.prepare('SELECT * FROM reviews WHERE item_id = ? AND reviewer = ?').get(itemId, reviewer) as Row);
    });
  }

  async removeReview(itemId: string, reviewer: string): Promise<boolean> {
    return this.durably(() => {
      const { changes } = this.db.prepare('DELETE FROM reviews WHERE item_id = ? AND reviewer = ?').run(itemId, reviewer);
      if (changes === 0) return false;
      this.db
        .prepare(`UPDATE review_items SET review_count = (SELECT COUNT(*) FROM reviews WHERE item_id = @id),
          status = CASE WHEN status = 'superseded' THEN status WHEN (SELECT COUNT(*) FROM reviews WHERE item_id = @id) >= reviews_wanted THEN 'done' ELSE 'open' END WHERE id = @id`)
        .run({ id: itemId });
      return true;
    });
  }

  async claim(itemId: string, reviewer: string, until: number): Promise<ClaimResult> {
    const now = this.clock.now();
    // IMMEDIATE: two reviewers' claims (other processes included) are decided one after the other.
    return this.db
      .transaction((): ClaimResult => {
        const row = this.db.prepare('SELECT * FROM review_items WHERE id = ?').get(itemId) as Row | undefined;
        if (!row) throw new SwitchyardError('not_found', `review item ${quoteClipped(itemId)} not found`);
        const reviewed = this.db.prepare('SELECT 1 FROM reviews WHERE item_id = ? AND reviewer = ?').get(itemId, reviewer) !== undefined;
        const others = this.db.prepare('SELECT reviewer, until FROM review_claims WHERE item_id = ? AND reviewer <> ? AND until > ? ORDER BY until').all(itemId, reviewer, now) as Hold[];
        const decision = claimDecision(toItem(row), reviewed, others, until);
        if (decision.held) {
          this.db.prepare('INSERT INTO review_claims VALUES (?, ?, ?) ON CONFLICT (item_id, reviewer) DO UPDATE SET until = excluded.until').run(itemId, reviewer, until);
        }
        this.pruneNow(now);
        return decision;
      })
      .immediate();
  }

  async prune(): Promise<{ holds: number; skips: number }> {
    return this.db.transaction(() => this.pruneNow(this.clock.now())).immediate();
  }

  private pruneNow(now: number): { holds: number; skips: number } {
    const holds = this.db.prepare('DELETE FROM review_claims WHERE until <= ?').run(now).changes;
    const skips = this.db.prepare("DELETE FROM review_skips WHERE item_id IN (SELECT id FROM review_items WHERE status <> 'open')").run().changes;
    return { holds, skips };
  }

  async release(itemId: string, reviewer: string): Promise<void> {
    this.db.prepare('DELETE FROM review_claims WHERE item_id = ? AND reviewer = ?').run(itemId, reviewer);
  }

  async skip(itemId: string, reviewer: string): Promise<void> {
    if (!(await this.getItem(itemId))) throw new SwitchyardError('not_found', `review item ${quoteClipped(itemId)} not found`);
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM review_claims WHERE item_id = ? AND reviewer = ?').run(itemId, reviewer);
      this.db.prepare('INSERT INTO review_skips VALUES (?, ?, ?) ON CONFLICT (reviewer, item_id) DO UPDATE SET at = excluded.at').run(itemId, reviewer, this.clock.now());
      this.pruneNow(this.clock.now());
    }).immediate();
  }

  async forTrace(traceId: string): Promise<{ items: ReviewItem[]; reviews: Review[]; feedback: Feedback[] }> {
    return {
      items: this.itemsOf(this.db.prepare('SELECT * FROM review_items WHERE trace_id = ? ORDER BY created_at, rowid').all(traceId) as Row[]),
      reviews: (this.db.prepare('SELECT * FROM reviews WHERE trace_id = ? ORDER BY created_at, rowid').all(traceId) as Row[]).map(toReview),
      feedback: (this.db.prepare('SELECT * FROM feedback WHERE trace_id = ? ORDER BY created_at, rowid').all(traceId) as Row[]).map(feedbackFromRow),
    };
  }

  async addFeedback(input: FeedbackInput): Promise<Feedback> {
    const feedback: Feedback = { ...input, id: newId('fb', this.clock.now()), createdAt: this.clock.now() };
    const item = feedbackItem(feedback);
    this.durably(() => {
      this.db.prepare('INSERT INTO feedback VALUES (@id, @traceId, @keyName, @score, @thumbs, @comment, @corrected, @createdAt)').run(feedback);
      if (item) this.insertOne(item);
    });
    return feedback;
  }

  async stats(): Promise<ReviewStats> {
    const zero = () => Object.fromEntries(REVIEW_SOURCES.map((s) => [s, 0])) as Record<ReviewSource, number>;
    const open = zero();
    const done = zero();
    for (const row of this.db.prepare("SELECT source, status, COUNT(*) AS n FROM review_items WHERE status <> 'superseded' GROUP BY source, status").all() as Row[]) {
      (row.status === 'open' ? open : done)[row.source as ReviewSource] = row.n as number;
    }
    const held = zero();
    // The queue's own test (see `queue`), with no reviewer exempt: live holds fill every place left.
    const heldRows = this.db
      .prepare("SELECT source, COUNT(*) AS n FROM review_items i WHERE status = 'open' AND (SELECT COUNT(*) FROM review_claims c WHERE c.item_id = i.id AND c.until > ?) >= i.reviews_wanted - i.review_count GROUP BY source")
      .all(this.clock.now()) as Row[];
    for (const row of heldRows) held[row.source as ReviewSource] = row.n as number;
    const reviewers = (this.db.prepare('SELECT reviewer, COUNT(*) AS reviews FROM reviews GROUP BY reviewer ORDER BY reviews DESC, reviewer').all() as Row[]).map((r) => ({ reviewer: r.reviewer as string, reviews: r.reviews as number }));
    const fb = this.db.prepare("SELECT SUM(thumbs = 'up') AS up, SUM(thumbs = 'down') AS down, SUM(score IS NOT NULL) AS scored FROM feedback").get() as Row;
    const multi = this.db.prepare('SELECT item_id, score, pass FROM reviews WHERE item_id IN (SELECT id FROM review_items WHERE review_count >= 2) ORDER BY item_id').all() as Row[];
    const byItem = new Map<string, { score: number | null; pass: boolean | null }[]>();
    for (const r of multi) {
      const list = byItem.get(r.item_id as string) ?? [];
      list.push({ score: r.score as number | null, pass: r.pass === null ? null : r.pass === 1 });
      byItem.set(r.item_id as string, list);
    }
    return { open, held, done, reviewers, feedback: { up: (fb.up as number) ?? 0, down: (fb.down as number) ?? 0, scored: (fb.scored as number) ?? 0 }, agreement: agreementOf([...byItem.values()]) };
  }

  async forgetTraceAnswers(traceIds: readonly string[]): Promise<{ items: number; reviews: number; feedback: number }> {
    const ids = JSON.stringify(traceIds);
    // An item of the trace, a dataset item made from it (its id is the trace's), or an eval case of that item.
    const ofTraces = "(trace_id IN (SELECT value FROM json_each(@ids)) OR dataset_item_id IN (SELECT value FROM json_each(@ids)) OR eval_case ->> '$.caseId' IN (SELECT value FROM json_each(@ids)))";
    return withSecureDelete(this.db, () =>
      this.db.transaction(() => {
        const reviews = this.db.prepare(`UPDATE reviews SET corrected = NULL WHERE corrected IS NOT NULL AND (trace_id IN (SELECT value FROM json_each(@ids)) OR item_id IN (SELECT id FROM review_items WHERE ${ofTraces}))`).run({ ids }).changes;
        const items = this.db
          .prepare(`UPDATE review_items SET output = NULL, eval_case = json_remove(eval_case, '$.expected') WHERE ${ofTraces} AND (output IS NOT NULL OR eval_case ->> '$.expected' IS NOT NULL)`)
          .run({ ids }).changes;
        const feedback = this.db.prepare('UPDATE feedback SET corrected = NULL WHERE corrected IS NOT NULL AND trace_id IN (SELECT value FROM json_each(@ids))').run({ ids }).changes;
        return { items, reviews, feedback };
      })(),
    );
  }

  async eraseTraces(traceIds: readonly string[], dryRun = false): Promise<ErasedReviews> {
    const ids = JSON.stringify(traceIds);
    const items = "SELECT id FROM review_items WHERE trace_id IN (SELECT value FROM json_each(@ids)) OR dataset_item_id IN (SELECT value FROM json_each(@ids)) OR eval_case ->> '$.caseId' IN (SELECT value FROM json_each(@ids))";
    const where = {
      items: `id IN (${items})`,
      reviews: `trace_id IN (SELECT value FROM json_each(@ids)) OR item_id IN (${items})`,
      feedback: 'trace_id IN (SELECT value FROM json_each(@ids))',
    };
    const count = (table: string, condition: string) => (this.db.prepare(`SELECT count(*) AS n FROM ${table} WHERE ${condition}`).get({ ids }) as { n: number }).n;
    if (dryRun) return { items: count('review_items', where.items), reviews: count('reviews', where.reviews), feedback: count('feedback', where.feedback) };
    return withSecureDelete(this.db, () =>
      this.db.transaction(() => {
        for (const table of ['review_reasons', 'review_claims', 'review_skips']) this.db.prepare(`DELETE FROM ${table} WHERE item_id IN (${items})`).run({ ids });
        const reviews = this.db.prepare(`DELETE FROM reviews WHERE ${where.reviews}`).run({ ids }).changes;
        const feedback = this.db.prepare(`DELETE FROM feedback WHERE ${where.feedback}`).run({ ids }).changes;
        return { items: this.db.prepare(`DELETE FROM review_items WHERE ${where.items}`).run({ ids }).changes, reviews, feedback };
      })(),
    );
  }

  async reviewedCount(options: { since?: number; pending?: boolean } = {}): Promise<number> {
    // Pending ones from the queue's status index: few, where every review reads the whole reviews table.
    if (options.pending) return (this.db.prepare("SELECT count(*) AS n FROM review_items i WHERE i.status IN ('open', 'superseded') AND EXISTS (SELECT 1 FROM reviews r WHERE r.item_id = i.id AND r.created_at >= ?)").get(options.since ?? 0) as { n: number }).n;
    return (this.db.prepare('SELECT count(DISTINCT item_id) AS n FROM reviews WHERE created_at >= ?').get(options.since ?? 0) as { n: number }).n;
  }

  async reviewed(options: { since?: number; limit?: number } = {}): Promise<ReviewedItem[]> {
    return (await this.reviewedPage({ ...options, limit: options.limit ?? 100_000 })).items;
  }

  async reviewedPage(options: { since?: number; limit: number; after?: ReviewedCursor }): Promise<ReviewedPage> {
    // Each item at its latest review, walked down the reviews' time index from the cursor: a
    // grouped MAX over every review was computed again for each page.
    const after = options.after ?? { last: Number.MAX_SAFE_INTEGER, seq: Number.MAX_SAFE_INTEGER };
    const rows = this.db
      .prepare(`SELECT i.*, r.created_at AS last_review_at, r.rowid AS last_review_seq FROM reviews r JOIN review_items i ON i.id = r.item_id
        WHERE r.created_at >= ? AND (r.created_at, r.rowid) < (?, ?)
          AND NOT EXISTS (SELECT 1 FROM reviews later WHERE later.item_id = r.item_id AND (later.created_at, later.rowid) > (r.created_at, r.rowid))
        ORDER BY r.created_at DESC, r.rowid DESC LIMIT ?`)
      .all(options.since ?? 0, after.last, after.seq, options.limit) as Row[];
    const reviewsOf = this.db.prepare('SELECT * FROM reviews WHERE item_id = ? ORDER BY created_at, rowid');
    const items = this.itemsOf(rows).map((item) => ({ item, reviews: (reviewsOf.all(item.id) as Row[]).map(toReview) }));
    const end = rows.at(-1);
    return { items, next: rows.length < options.limit || end === undefined ? null : { last: Number(end.last_review_at), seq: Number(end.last_review_seq) } };
  }

}
