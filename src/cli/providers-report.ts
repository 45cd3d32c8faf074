import { fitToTerminal, TerminalTable } from '../core/terminal-table.js';
import type { CacheStats } from '../cache/cache-store.js';
import type { CacheHeld } from '../gateway/stages/cache-answers.js';
import { formatLatency } from '../core/format-latency.js';
import { countOf } from '../core/plural.js';
import type { TargetStatus } from '../routing/target-health.js';
import { adminRequest } from './gateway-admin.js';
import { gatewayNote } from './gateway-of.js';

export interface ProvidersFlags {
  gateway: string;
  /** Where the address came from when `--gateway` was left out: said on stderr (whose state it is). */
  gatewayFrom?: string;
  adminKey?: string;
  json?: boolean;
}

interface ProvidersReport {
  targets: TargetStatus[];
  cache: CacheStats | { error: string };
  /** The names the config opts into the cache (`cache.routes`); none: it is off. Absent from an older gateway. */
  cachedNames?: string[];
  /** What the gateway process asked keeps in memory beside the store (its own, not other replicas'). Absent from an older gateway. */
  cacheHeld?: CacheHeld;
}

/**
 * `switchyard providers`: each target's circuit breaker, recent latency and load on a running
 * gateway (the state lives in its memory), and the response cache's size. `clock` is when
 * "probe in N s" counts from.
 */
export async function printProviders(flags: ProvidersFlags, clock: () => number = Date.now): Promise<void> {
  const report = await fetchReport(flags.gateway, flags.adminKey);
  if (flags.json) {
    console.log(JSON.stringify(report));
    return;
  }
  if (report.targets.length === 0) console.log('no target has been called yet');
  else {
    const table = new TerminalTable({
      // The dashboard's words: "failed: row / 30 s" over "3 / 3 of 4" left a reader to work out which figure was which.
      head: ['target', 'circuit', 'failures in a row', `failures in ${windowLabel(report.targets)}`, 'latency', 'in flight', 'rate limit left', 'opened'],
      // What an 80-column terminal can do without: the figures least read when a target fails, then
      // the run of failures an open circuit already implies (the window's count stays beside it).
      dropToFit: ['opened', 'in flight', 'rate limit left', 'failures in a row'],
    });
    // The clock is a parameter so that "probe in 60 s" is exact in a test, not one second short on a slow machine.
    const now = clock();
    for (const t of report.targets) {
      const circuit = t.state === 'open' && t.retryAt !== null ? `open, probe in ${Math.max(0, Math.ceil((t.retryAt - now) / 1000))} s` : t.state.replace('_', ' ');
      table.push([t.target, circuit, t.consecutiveFailures, `${t.windowFailures} of ${t.windowAttempts}`, t.latencyMs === null ? '–' : formatLatency(t.latencyMs), t.inFlight, t.headroom === null ? '–' : `${(t.headroom * 100).toFixed(0)}%`, t.opened]);
    }
    console.log(table.toString());
  }
  console.log(fitToTerminal(cacheLine(report.cache, report.cachedNames, report.cacheHeld), '  '));
  const note = gatewayNote(flags);
  if (note !== undefined) console.error(note);
}

/**
 * How far back the window count reaches ("last 30 s", from `breaker.window_ms`), so "3 of 4" reads
 * as failures over a known time; "the window" when targets disagree or an older gateway omits it.
 * A no-break space keeps "30 s" together where the header wraps (it was "in last 30" over "s").
 */
function windowLabel(targets: readonly TargetStatus[]): string {
  const lengths = new Set(targets.map((t) => t.windowMs));
  const [ms] = lengths;
  return lengths.size === 1 && typeof ms === 'number' && ms > 0 ? `last ${Math.round(ms / 1000)}\u00a0s` : 'the window';
}

/**
 * The cache's size and what it caches. The cache is opt-in: "cache (memory): 0 entries, 0.0 MB of
 * 64 MB" alone read as a cache that was on and never hit, as the dashboard's page once did.
 *
 * @example cacheLine(stats, []) // 'cache: off, no model or route opts in (list them under cache.routes in the config, "*" for every one)'
 */
function cacheLine(cache: ProvidersReport['cache'], names: readonly string[] | undefined, held?: CacheHeld): string {
  if ('error' in cache) return `cache: ${cache.error}`;
  if (names !== undefined && names.length === 0) return 'cache: off, no model or route opts in (list them under cache.routes in the config, "*" for every one)';
  const size = cache.bytes === null ? '' : `, ${(cache.bytes / 1_048_576).toFixed(1)} MB${cache.maxBytes === null ? '' : ` of ${(cache.maxBytes / 1_048_576).toFixed(0)} MB`}`;
  const scope = names === undefined ? '' : names.includes('*') ? ' for every model and route' : ` for ${names.join(', ')}`;
  // A Redis store's entries are every replica's; what is decoded and indexed is this process's own.
  const memory = held === undefined ? '' : `; in this gateway's memory: ${countOf(held.answers, 'answer')} decoded, ${countOf(held.questions, 'question')} in the semantic index`;
  return `cache (${cache.store})${scope}: ${countOf(cache.entries, 'entry', 'entries')}${size}, ${cache.evictions} evicted${memory}`;
}

async function fetchReport(url: string, adminKey: string | undefined): Promise<ProvidersReport> {
  const body = await adminRequest({
    gateway: url,
    path: '/api/providers',
    adminKey,
    what: 'a providers report',
    isAnswer: (value): value is Partial<ProvidersReport> & { targets: TargetStatus[] } => Array.isArray((value as { targets?: unknown } | undefined)?.targets),
  });
  const held = body.cacheHeld;
  return {
    targets: body.targets,
    cache: body.cache ?? { error: 'not reported' },
    ...(Array.isArray(body.cachedNames) ? { cachedNames: body.cachedNames } : {}),
    ...(held !== undefined && Number.isSafeInteger(held.answers) && Number.isSafeInteger(held.questions) ? { cacheHeld: { answers: held.answers, questions: held.questions } } : {}),
  };
}
