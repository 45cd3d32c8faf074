import type { TraceRetention as RetentionPolicy } from '../config/schema.js';
import type { Clock } from '../core/clock.js';
import type { AppSpanStore } from '../core/app-spans.js';
import type { CompactResult, KeptSpend, PruneResult, SpendOwner, TraceStore } from '../core/trace-store.js';
import { periodStart } from '../limits/limit-store.js';
import { withoutPromptText } from './drift/report-text.js';
import type { DriftReport } from './drift/drift-types.js';
import type { MonitorStore } from './signals/monitor-store.js';
import { nextTurn } from '../core/next-turn.js';
import { BatchPacer } from '../core/batch-pacer.js';
import type { Log } from '../core/log.js';

const DAY_MS = 86_400_000;
/**
 * The most rows per statement; each statement is then sized to take about 25 ms (`BatchPacer`), so
 * requests and trace writes interleave with a long prune: on SQLite the statements run on the event
 * loop, and a thousand traces' bodies took up to 466 ms (an operator's hour of traffic stalled the
 * gateway 1.1–2.6 s a pass when every statement took a thousand).
 */
const BATCH = 1_000;
/** A pass stops after this many statements and continues next time, so one pass cannot run for hours. */
const MAX_STEPS_PER_PASS = 5_000;
/** Pages (4 KB each) released per compaction step: 8 MB, a few milliseconds of SQLite time. */
const COMPACT_PAGES = 2_000;
/** Drift reports read per step when their example prompts are blanked. */
const REPORTS_PER_BATCH = 200;

export interface TraceRetentionDeps {
  store: Pick<TraceStore, 'pruneTraces' | 'nthNewestTs'>;
  /** Application spans (OTLP), deleted after `days` too. */
  spans?: Pick<AppSpanStore, 'pruneSpans'>;
  /** Monitoring's per-trace signals: they copy the prompt and answer, so they go with their traces and lose that text with their bodies. */
  signals?: Pick<MonitorStore, 'pruneSignals' | 'stripTexts' | 'listDocs' | 'putDoc'>;
  policy: RetentionPolicy;
  /**
   * Keys and teams with a budget: their traces of the current period are kept, since spend
   * restores from them. A key's by its identity, as the budget counts (a later key under a removed
   * key's name keeps only its own), and by name on traces older than identities.
   */
  budgets: readonly (SpendOwner & { period: 'total' | 'monthly' | 'daily' })[];
  clock: Clock;
  log?: Log;
  /** The most rows per statement (tests make it small). */
  batchSize?: number;
  /** Time for the statements' pacing (tests drive it). */
  now?: () => number;
  /** Releases free pages after deletes (SQLite); absent where the database does it itself. */
  compact?: (maxPages: number) => Promise<CompactResult>;
  /** Pages per compaction step (tests make it small). */
  compactPages?: number;
}

/** What one retention pass did. */
export interface RetentionPass extends PruneResult {
  /** Pages handed back to the file system after the deletes. */
  releasedPages: number;
}

/**
 * Enforces `traces.retention` in the background: deletes traces older than `days` or beyond the
 * newest `max_rows`, and drops the bodies of traces older than `bodies_days`, in batches of a
 * thousand rows with a turn of the event loop between them. Rollups are separate rows and are
 * never touched, so the overview's history outlives the traces. Traces a budget still counts
 * (its key's current period) are kept whatever their age. Monitoring's signals older than the
 * traces' cut-off go too, and their copy of the prompt and answer is blanked after `bodies_days`
 * like the bodies it came from, as are the example requests quoted in drift reports; drift
 * reports and alert history keep `monitoring.keep_days` (topic models are kept). After deletes, SQLite's freed pages
 * are handed back in small steps too, so the file shrinks.
 *
 * @example const retention = new TraceRetentionJob({ store: stores.traces, policy, budgets, clock: systemClock }); retention.start(); … await retention.stop();
 */
export class TraceRetentionJob {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<RetentionPass> | undefined;
  private stopped = false;
  /** Bodies before this time are already dropped (kept in memory: after a restart the first pass checks again). */
  private strippedUpTo = 0;
  /** Signals before this time have no text left (advanced batch by batch, so a batch never rescans blanked rows). */
  private signalTextsFrom = 0;
  /** Drift reports before this time quote no prompt text any more. */
  private reportTextsFrom = 0;

  constructor(private readonly deps: TraceRetentionDeps) {}

  /** Runs a pass soon after start, then every `every_minutes`. */
  start(firstDelayMs = 10_000): void {
    const schedule = (delay: number) => {
      if (this.stopped) return;
      this.timer = setTimeout(() => {
        void this.runOnce()
          .catch((error: unknown) => this.deps.log?.(`trace retention failed, will retry: ${(error as Error).message}`, { level: 'warn' }))
          .finally(() => schedule(this.deps.policy.every_minutes * 60_000));
      }, delay);
      this.timer.unref();
    };
    schedule(firstDelayMs);
  }

  /** Stops the schedule and waits for a pass in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** One pass: everything due now, up to a bounded number of statements. */
  runOnce(): Promise<RetentionPass> {
    this.running ??= this.pass().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async pass(): Promise<RetentionPass> {
    const { policy, store, clock } = this.deps;
    const limit = this.deps.batchSize ?? BATCH;
    const now = clock.now();
    let deleteBefore = policy.days === undefined ? undefined : now - policy.days * DAY_MS;
    if (policy.max_rows !== undefined) {
      // Everything older than the newest max_rows goes (traces of one millisecond go or stay together).
      const edge = await store.nthNewestTs(policy.max_rows);
      if (edge !== undefined) deleteBefore = Math.max(deleteBefore ?? 0, edge);
    }
    const bodiesBefore = policy.bodies_days === undefined ? undefined : now - policy.bodies_days * DAY_MS;
    // Signals follow the age cut-off (days, max_rows); a budget's traces are kept for spend, not for monitoring.
    const signalsBefore = deleteBefore;
    const keep: KeptSpend[] = this.deps.budgets.map(({ period, ...owner }) => ({ ...owner, since: periodStart(period, now) }));
    const total: PruneResult = { deleted: 0, stripped: 0 };
    const traces = this.pacer(limit);
    for (let step = 0; step < MAX_STEPS_PER_PASS && !this.stopped; step++) {
      const strip = bodiesBefore !== undefined && this.strippedUpTo < bodiesBefore ? { from: this.strippedUpTo, before: bodiesBefore } : undefined;
      if (deleteBefore === undefined && !strip) break;
      const asked = traces.limit;
      const result = await traces.run((rows) => store.pruneTraces({ deleteBefore, stripBodies: strip, keep, limit: rows }));
      total.deleted += result.deleted;
      total.stripped += result.stripped;
      if (result.deleted < asked) deleteBefore = undefined;
      if (strip && result.stripped < asked) this.strippedUpTo = strip.before;
      // Rows at that time may remain; the statement skips the stripped ones, so starting there is safe,
      // and each statement no longer rescans every body dropped before it (quadratic over a backlog).
      else if (strip && result.lastStrippedTs !== undefined) this.strippedUpTo = result.lastStrippedTs;
      // Let the trace writer and requests in between statements.
      await nextTurn();
    }
    let spans = 0;
    const appSpans = this.deps.spans;
    if (appSpans && policy.days !== undefined) {
      const before = now - policy.days * DAY_MS;
      spans = await this.drain(limit, (rows) => appSpans.pruneSpans(before, rows));
    }
    const signals = signalsBefore === undefined ? 0 : await this.pruneSignals(signalsBefore, limit);
    const signalTexts = bodiesBefore === undefined ? 0 : await this.blankSignalTexts(bodiesBefore, limit);
    const reportTexts = bodiesBefore === undefined ? 0 : await this.blankReportTexts(bodiesBefore);
    const changed = total.deleted + total.stripped + spans + signals + signalTexts + reportTexts > 0;
    const releasedPages = changed ? await this.compact() : 0;
    if (changed) this.deps.log?.(`trace retention: deleted ${total.deleted} traces, ${spans} application spans and ${signals} monitoring signals, dropped the bodies of ${total.stripped} traces and the prompt text of ${signalTexts} monitoring signals and ${reportTexts} drift reports, released ${releasedPages} pages`);
    return { ...total, releasedPages };
  }

  private pacer(max: number): BatchPacer {
    return new BatchPacer(max, { now: this.deps.now });
  }

  /** Deletes monitoring's signals older than `before`, in paced batches. */
  private async pruneSignals(before: number, limit: number): Promise<number> {
    const signals = this.deps.signals;
    if (!signals) return 0;
    return this.drain(limit, (rows) => signals.pruneSignals(before, rows));
  }

  /** Runs a deleting statement in paced batches until one removes fewer rows than it was allowed; returns the total. */
  private async drain(limit: number, batch: (rows: number) => Promise<number>): Promise<number> {
    const pacer = this.pacer(limit);
    let removed = 0;
    for (let step = 0; step < MAX_STEPS_PER_PASS && !this.stopped; step++) {
      const asked = pacer.limit;
      const done = await pacer.run(batch);
      removed += done;
      if (done < asked) break;
      await nextTurn();
    }
    return removed;
  }

  /** Blanks the prompt and answer monitoring copied from traces whose bodies are due to go, in batches. */
  private async blankSignalTexts(before: number, limit: number): Promise<number> {
    const signals = this.deps.signals;
    if (!signals || this.signalTextsFrom >= before) return 0;
    let blanked = 0;
    const pacer = this.pacer(limit);
    for (let step = 0; step < MAX_STEPS_PER_PASS && !this.stopped; step++) {
      const asked = pacer.limit;
      const result = await pacer.run((rows) => signals.stripTexts({ from: this.signalTextsFrom, before, limit: rows }));
      blanked += result.stripped;
      if (result.stripped < asked || result.lastTs === null) {
        this.signalTextsFrom = before;
        break;
      }
      // Rows at lastTs may remain; the condition skips the blanked ones, so starting there is safe.
      this.signalTextsFrom = result.lastTs;
      await nextTurn();
    }
    return blanked;
  }

  /** Drops the prompt text drift reports quote as examples once it is older than the bodies. */
  private async blankReportTexts(before: number): Promise<number> {
    const store = this.deps.signals;
    if (!store || this.reportTextsFrom >= before) return 0;
    let blanked = 0;
    let until = before;
    for (let step = 0; step < MAX_STEPS_PER_PASS && !this.stopped; step++) {
      // Newest first, so each batch ends the range for the next (reports are hourly: a batch is days of them).
      const docs = await store.listDocs<DriftReport>('drift-report', { since: this.reportTextsFrom, until, limit: REPORTS_PER_BATCH });
      for (const doc of docs) {
        const body = withoutPromptText(doc.body);
        if (!body) continue;
        await store.putDoc({ ...doc, body });
        blanked++;
      }
      if (docs.length < REPORTS_PER_BATCH) {
        this.reportTextsFrom = before;
        break;
      }
      // A report sharing the oldest one's millisecond beyond this batch is left for a pass after a restart.
      until = Math.min(...docs.map((d) => d.ts));
      await nextTurn();
    }
    return blanked;
  }

  /** Hands the pages the deletes freed back to the file system, a few megabytes per statement. */
  private async compact(): Promise<number> {
    if (!this.deps.compact) return 0;
    let released = 0;
    const compact = this.deps.compact;
    const pacer = this.pacer(this.deps.compactPages ?? COMPACT_PAGES);
    for (let step = 0; step < MAX_STEPS_PER_PASS && !this.stopped; step++) {
      const result = await pacer.run((pages) => compact(pages));
      released += result.released;
      if (!result.incremental && step === 0 && result.free > 0) this.deps.log?.(`trace retention: the SQLite file was created before incremental vacuum, so ${result.free} free pages are reused but not returned; run VACUUM once (sqlite3 FILE "PRAGMA auto_vacuum=INCREMENTAL; VACUUM;") while the gateway is stopped`, { level: 'warn' });
      if (result.released === 0 || result.free === 0) break;
      await nextTurn();
    }
    return released;
  }
}

