import { quoteClipped } from '../../core/clip.js';
import { closestName } from '../../core/format-issues.js';
import type { RollupReader } from '../../monitor/rollup.js';
import { countOf } from '../../core/plural.js';
import { loadConfigSection } from '../../config/load-config.js';
import { loadMonitoringToRead } from '../../config/load-monitoring.js';
import { monitoringSchema, type MonitoringConfig } from '../../config/monitor-schema.js';
import { systemClock } from '../../core/clock.js';
import { DATE_RANGE_TEXT, isDateMs } from '../../core/date-range.js';
import { parseDuration } from '../../core/duration.js';
import { SwitchyardError } from '../../core/errors.js';
import type { AlertEvent } from '../../monitor/alerts/alert-state.js';
import { ruleStatuses, sendTestAlert } from '../../monitor/alerts/evaluate-alerts.js';
import { runDrift } from '../../monitor/drift/drift-report.js';
import type { DriftReport } from '../../monitor/drift/drift-types.js';
import { driftVerdict } from '../../monitor/drift/drift-verdict.js';
import { backfillSignals } from '../../monitor/signals/backfill-signals.js';
import { topicReport } from '../../monitor/topics/topic-report.js';
import { upkeepTopics } from '../../monitor/topics/topic-upkeep.js';
import { reviewScores } from '../../review/review-scores.js';
import { withStores } from '../open-cli-stores.js';
import { alertLines } from './alert-lines.js';
import { formatDrift } from './print-drift.js';
import { topicTable } from './topic-table.js';
import { cliTime } from '../../core/cli-time.js';
import { monitorStep } from '../../monitor/series-window.js';
import { CLI } from '../../core/cli-command.js';
import { terminalText } from '../../core/terminal-text.js';
import { numberFlag } from '../../core/number-flag.js';
import { nameFlag } from '../name-flag.js';

interface StoreFlags {
  config?: string;
  db?: string;
  json?: boolean;
}

export interface DriftFlags extends StoreFlags {
  route?: string;
  current: string;
  reference: string;
  referenceSince?: string;
  referenceUntil?: string;
  backfill?: boolean;
  history?: boolean;
}

function time(text: string, name: string): number {
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new SwitchyardError('invalid_request', `${name} must be a date or time like 2026-01-31 or 2026-01-31T12:00Z, got ${quoteClipped(text)}`);
  return ms;
}

/**
 * The `monitoring` section of --config, checked as `serve` checks it (a variable unset in it is an
 * error); the rest of the file is the gateway's (examples/gateway.yaml's
 * $SWITCHYARD_METRICS_TOKEN stopped drift, topics and alerts in a shell without it). Its rules'
 * routes, keys and teams are checked by `serve`, against the sections that define them. A command
 * that sends to no webhook (`reading`: drift, topics, alerts) runs on without a webhook whose
 * variable is unset here, and warns naming it.
 */
async function monitoringOf(flags: StoreFlags, reading?: string): Promise<MonitoringConfig> {
  if (!flags.config) return monitoringSchema.parse({});
  if (reading === undefined) return loadConfigSection(flags.config, 'monitoring');
  return loadMonitoringToRead(flags.config, reading, process.env, (line) => console.error(terminalText(line)));
}

/**
 * `switchyard drift`: compares the current window (default the last 24 h) with the reference
 * window before it (default 7 days, or pinned with --reference-since/--reference-until), stores
 * the report and prints what changed. Exit code 3 when drift was found, for scripts.
 */
export async function driftAction(flags: DriftFlags): Promise<void> {
  nameFlag('--route', flags.route, `a route or model (${CLI} routes lists those with traffic), or leave --route out for all traffic`);
  const monitoring = await monitoringOf(flags, 'drift');
  await withStores(
    flags,
    async (stores) => {
      if (flags.history) {
        const docs = await stores.monitor.listDocs<DriftReport>('drift-report', { route: flags.route, limit: 20 });
        if (flags.json) return console.log(JSON.stringify(docs.map((d) => d.body)));
        if (docs.length === 0) return console.log('no drift reports yet');
        for (const d of docs) console.log(terminalText(`${d.body.id}  ${cliTime(d.ts)}  ${d.body.route ?? '(all)'}  ${d.body.drifted ? 'DRIFT' : driftVerdict(d.body)}  ${d.body.headline[0] ?? ''}`.trimEnd()));
        return;
      }
      const now = Date.now();
      const currentSince = now - parseDuration(flags.current, '--current');
      const reference =
        flags.referenceSince !== undefined
          ? { since: time(flags.referenceSince, '--reference-since'), until: flags.referenceUntil ? time(flags.referenceUntil, '--reference-until') : currentSince }
          : { since: currentSince - parseDuration(flags.reference, '--reference'), until: currentSince };
      if (reference.since >= reference.until) throw new SwitchyardError('invalid_request', '--reference-since must be before the reference window ends');
      // Each duration is within the dates' span, their sum need not be.
      if (!isDateMs(reference.since)) throw new SwitchyardError('invalid_request', `--current and --reference together reach past the dates JavaScript holds, ${DATE_RANGE_TEXT}`);
      if (flags.backfill) sayBackfilled(await backfillSignals(stores.traces, stores.monitor, { since: reference.since, until: now + 1, model: flags.route }), reference.since, flags.route);
      const report = await runDrift(stores.monitor, {
        route: flags.route,
        reference,
        current: { since: currentSince, until: now + 1 },
        thresholds: { alpha: monitoring.drift.alpha, minPsi: monitoring.drift.min_psi, minKs: monitoring.drift.min_ks, minSamples: monitoring.drift.min_samples },
        now,
        random: Math.random,
      });
      const untraced = report.route !== null && report.current.count === 0 && report.reference.count === 0;
      const meant = untraced && !flags.json ? await routeMeant(stores.rollups, report.route!) : undefined;
      console.log(flags.json ? JSON.stringify(report) : formatDrift(report, { backfilled: flags.backfill, meant }));
      if (report.drifted) process.exitCode = 3;
    },
    { existing: true },
  );
}

/**
 * The route with traffic in the last 90 days (as `traces` and the dashboard's filters list them)
 * that a route without any trace most likely meant: `drift --route suport` said only "check the
 * name" where other commands name the one meant.
 *
 * @example await routeMeant(stores.rollups, 'suport') // 'support'
 */
async function routeMeant(rollups: Pick<RollupReader, 'dimensionValues'>, route: string): Promise<string | undefined> {
  const known = (await rollups.dimensionValues(Date.now() - 90 * 86_400_000)).model.filter((name) => name !== route);
  return closestName(route, known);
}

/**
 * What --backfill did, on stderr (stdout may be --json): without it the flag looks like it did
 * nothing. The traces that became no signal are named: a report testing 32 requests after "read
 * 360" read as if most were lost.
 */
function sayBackfilled({ read, signals }: { read: number; signals: number }, since: number, route: string | undefined): void {
  const own = read - signals;
  const left = own === 0 ? '' : `; ${own} of them ${own === 1 ? 'was a call' : 'were calls'} the gateway made itself or refused (eval runs, judges, load tests, requests without a valid key), left out as drift and topics leave them out`;
  console.error(`--backfill: read ${countOf(read, 'stored trace')}${route ? ` of ${route}` : ''} since ${cliTime(since, 'minutes')} into the monitoring signals${left}`);
}

export interface TopicsFlags extends StoreFlags {
  route: string;
  range: string;
  refit?: boolean;
  backfill?: boolean;
  k?: string;
}

/** `switchyard topics ROUTE`: fits (or refits) the route's topics, assigns new traces, prints per-topic traffic. */
export async function topicsAction(flags: TopicsFlags): Promise<void> {
  nameFlag('the route argument', flags.route, `a route or model (${CLI} routes lists those with traffic)`);
  const monitoring = await monitoringOf(flags, 'topics');
  const span = parseDuration(flags.range, '--range');
  const k = flags.k === undefined ? monitoring.topics.k : numberFlag('--k', flags.k, { min: 2, max: 200, integer: true });
  await withStores(
    flags,
    async (stores) => {
      const now = Date.now();
      if (flags.backfill) sayBackfilled(await backfillSignals(stores.traces, stores.monitor, { since: now - span, until: now + 1, model: flags.route }), now - span, flags.route);
      // On demand, a fit needs no more than 50 prompts, even where the worker waits for min_traces.
      const minTraces = Math.min(monitoring.topics.min_traces, 50);
      const upkeep = await upkeepTopics(stores.monitor, flags.route, { minTraces, maxTraces: monitoring.topics.max_traces, k, now, random: Math.random, refit: flags.refit });
      const reviewed = reviewScores(await stores.reviews.reviewed({ since: now - span, limit: 10_000 }));
      const report = await topicReport(stores.monitor, flags.route, { since: now - span, until: now + 1, stepMs: monitorStep(span) }, reviewed);
      if (flags.json) return console.log(JSON.stringify(report));
      if (!upkeep.model && !upkeep.prompts) {
        const meant = await routeMeant(stores.rollups, flags.route);
        return console.log(`route ${flags.route}: no prompts recorded for it; ${meant === undefined ? '' : `did you mean ${JSON.stringify(meant)}? `}check the name (${CLI} routes lists routes with traffic)${flags.backfill ? ' (--backfill found no stored trace of it either)' : ' or try --backfill to read stored traces'}`);
      }
      if (!upkeep.model) {
        // The worker waits for topics.min_traces (200 by default); on demand, 50 are enough.
        const worker = minTraces < monitoring.topics.min_traces ? `, the ${monitoring.topics.min_traces} of topics.min_traces before the gateway fits on its own` : '';
        return console.log(`route ${flags.route}: too few prompts for topics yet (${upkeep.prompts} of the ${minTraces} needed here${worker}; ${flags.backfill ? `--backfill has read the stored traces of the last ${flags.range}: wait for more traffic or widen --range` : 'try --backfill to read stored traces'})`);
      }
      console.log(`route ${flags.route}: ${countOf(report.topics.length, 'topic')} over ${flags.range}${upkeep.fitted ? ' (model fitted now)' : ''}${report.pending ? `, ${countOf(report.pending, 'trace')} not yet assigned` : ''}`);
      console.log(topicTable(report));
      if (report.model) console.log(`clustered by ${report.model.clusteredBy === 'tfidf' ? 'TF-IDF' : `embeddings of ${report.model.clusteredBy}`}, named by TF-IDF terms${report.model.note ? `: ${report.model.note}` : ''}`);
    },
    { existing: true },
  );
}

export interface AlertsFlags extends StoreFlags {
  history?: boolean;
}

/** `switchyard alerts`: each rule with its state, and the latest notifications. */
export async function alertsAction(flags: AlertsFlags): Promise<void> {
  const monitoring = await monitoringOf(flags, 'alerts');
  await withStores(flags, async (stores) => {
    const statuses = await ruleStatuses(stores.monitor, monitoring.alerts);
    const events = (await stores.monitor.listDocs<AlertEvent>('alert-event', { limit: 20 })).map((d) => d.body);
    if (flags.json) return console.log(JSON.stringify({ rules: statuses, events }));
    console.log(alertLines(statuses, events).join('\n'));
  }, { existing: true });
}

/** `switchyard alerts test RULE`: sends a test notification to the rule's webhooks now. */
export async function alertTestAction(ruleName: string, flags: StoreFlags): Promise<void> {
  if (!flags.config) throw new SwitchyardError('invalid_request', 'alerts test needs --config FILE (the rules and webhooks are there)');
  const monitoring = await monitoringOf(flags);
  await withStores(flags, async (stores) => {
    let event: AlertEvent;
    try {
      event = await sendTestAlert(ruleName, { store: stores.monitor, config: monitoring, clock: systemClock, baseDelayMs: 500 });
    } catch (error) {
      throw new SwitchyardError('invalid_request', (error as Error).message);
    }
    if (flags.json) return console.log(JSON.stringify(event));
    for (const d of event.deliveries) console.log(`${d.webhook}: ${d.ok ? `delivered (HTTP ${d.status}, ${countOf(d.attempts, 'attempt')})` : `FAILED after ${countOf(d.attempts, 'attempt')}: ${d.error ?? ''}`}`);
    if (event.deliveries.length === 0) console.log('the rule notifies no webhook (monitoring.webhooks is empty)');
    if (event.deliveries.some((d) => !d.ok)) process.exitCode = 1;
  });
}
