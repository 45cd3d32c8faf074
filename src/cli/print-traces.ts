import { TerminalTable } from '../core/terminal-table.js';
import { SwitchyardError } from '../core/errors.js';
import { sessionFilter } from '../core/client-session.js';
import { replicaFilter } from '../core/replica-name.js';
import { guardFilter } from '../core/guard-filter.js';
import { usd } from '../core/usd.js';
import { ms } from '../evals/report/format-numbers.js';
import type { TraceQuery, TraceSummary } from '../core/trace.js';
import type { TracesFlags } from './commands/traces.js';
import { withStores } from './open-cli-stores.js';
import { storeArgs } from './local/flags.js';
import { closestName } from '../core/format-issues.js';
import type { RollupReader } from '../monitor/rollup.js';
import { clipAtWord, quoteClipped } from '../core/clip.js';
import { requestedModelLabel, UNKNOWN_MODEL, unknownModelRequested } from '../core/requested-model.js';
import type { TraceStore } from '../core/trace-store.js';
import { cliTime, timeFlag } from '../core/cli-time.js';
import { traceSort } from '../core/trace-sort-param.js';
import { unpricedModel } from '../core/unpriced.js';
import { CLI } from '../core/cli-command.js';
import { terminalText } from '../core/terminal-text.js';
import { numberFlag } from '../core/number-flag.js';
import { statusFilter } from '../core/status-filter.js';
import { nameFlag } from './name-flag.js';

/**
 * A trace's cost; nothing spent shows as '-' so the column reads at a glance, and a call to a
 * model with no price as 'unpriced' (its $0 is unknown, not free).
 */
function formatCost(trace: Pick<TraceSummary, 'costUsd' | 'decisions'>): string {
  if (unpricedModel(trace) !== undefined) return trace.costUsd === 0 ? 'unpriced' : `${usd(trace.costUsd)} + unpriced`;
  return trace.costUsd === 0 ? '-' : usd(trace.costUsd);
}

/**
 * `--tag key=value` (repeatable) as a metadata filter.
 *
 * @example tagFilter(['eval_run=run_1', 'variant=small']) // { eval_run: 'run_1', variant: 'small' }
 */
export function tagFilter(tags: readonly string[]): Record<string, string> {
  const filter: Record<string, string> = {};
  for (const tag of tags) {
    const at = tag.indexOf('=');
    if (at <= 0) throw new SwitchyardError('invalid_request', `--tag takes key=value, got ${quoteClipped(tag)}`);
    filter[tag.slice(0, at)] = tag.slice(at + 1);
  }
  return filter;
}

/** `traces show ID`: one trace in full, as readable text or JSON. */
export async function printTrace(id: string, flags: { db?: string; config?: string; json?: boolean }): Promise<void> {
  await withStores(flags, async (stores) => {
    const trace = await stores.traces.getTrace(id);
    if (!trace) {
      const recent = (await stores.traces.listTraces({ limit: 3 })).traces.map((t) => t.id);
      throw new SwitchyardError('not_found', `trace "${id}" not found (recent: ${recent.join(', ') || 'none'})`);
    }
    if (flags.json) return void console.log(JSON.stringify(trace, null, 2));
    const lines = [
      `trace ${trace.id} · ${new Date(trace.ts).toISOString()} · request ${trace.requestId}${trace.replica ? ` · replica ${trace.replica}` : ''}`,
      `${trace.endpoint} ${requestedModelLabel(trace, 100)} → ${trace.provider ? `${trace.provider}/${trace.upstreamModel}${trace.decisions?.simulated ? ' (SIMULATED answer)' : ''}` : 'no target answered'} · status ${trace.status}${trace.errorCode ? ` ${trace.errorCode}: ${trace.errorMessage}` : ''}`,
      `key ${trace.keyName ?? '-'}${trace.team ? ` (team ${trace.team})` : ''}${trace.session ? ` · session ${trace.session}` : ''} · ${trace.stream ? 'streamed' : 'not streamed'} · tokens ${trace.inputTokens}/${trace.outputTokens}${trace.usageEstimated ? ' (estimated)' : ''}${trace.cachedTokens ? `, ${trace.cachedTokens} cached` : ''} · ${formatCost(trace)} · ttft ${trace.ttftMs === null ? '-' : ms(trace.ttftMs)} · latency ${ms(trace.latencyMs)}`,
    ];
    trace.attempts.forEach((a, i) => lines.push(`attempt ${i + 1}: ${a.provider}/${a.model} → ${a.status || 'no response'} in ${ms(a.latencyMs)}${a.error ? ` · ${a.error}` : ''}`));
    for (const [name, value] of [['metadata', trace.metadata], ['decisions', trace.decisions], ['request', trace.request], ['response', trace.response]] as const) {
      if (value !== null && value !== undefined) lines.push(`${name}:`, JSON.stringify(value, null, 2));
    }
    // Names, an upstream's error message and a client's session come from outside.
    console.log(terminalText(lines.join('\n')));
  }, { existing: true });
}

/**
 * For `--model NAME` that matched nothing: when NAME is a name calls asked for that nobody
 * configured, where they are (the list shows '"gpt-5" (not configured)', and filtering by the
 * name shown found nothing). One more page read, on the empty path only.
 */
async function unknownModelHint(traces: TraceStore, query: TraceQuery, where: string): Promise<string> {
  if (query.model === undefined || query.model === UNKNOWN_MODEL) return '';
  const bucket = await traces.listTraces({ ...query, model: UNKNOWN_MODEL });
  if (!bucket.traces.some((t) => unknownModelRequested(t) === query.model)) return '';
  return `; ${JSON.stringify(query.model)} is not a configured model, so its calls are filed under ${JSON.stringify(UNKNOWN_MODEL)}: ${CLI} traces --model ${JSON.stringify(UNKNOWN_MODEL)}${where}`;
}

/**
 * For a --model, --key or --team that no trace of the last 90 days has, the name with traffic it most
 * likely meant (`--key suport` → support), from the rollups' names, as the dashboard's filters list them.
 *
 * @example await likelyMeant(rollups, { limit: 20, keyName: 'suport' }) // '; no traces of key "suport": did you mean "support"?'
 */
async function likelyMeant(rollups: Pick<RollupReader, 'dimensionValues'>, query: TraceQuery): Promise<string> {
  if (query.model === undefined && query.keyName === undefined && query.team === undefined) return '';
  const names = await rollups.dimensionValues(Date.now() - 90 * 86_400_000);
  const hints: string[] = [];
  for (const [flag, asked, known] of [['model', query.model, names.model], ['key', query.keyName, names.key], ['team', query.team, names.team]] as const) {
    if (asked === undefined || known.includes(asked)) continue;
    const meant = asked.length <= 64 ? closestName(asked, known) : undefined;
    if (meant !== undefined) hints.push(`no traces of ${flag} ${JSON.stringify(asked)}: did you mean ${JSON.stringify(meant)}?`);
  }
  return hints.map((hint) => `; ${hint}`).join('');
}

/** Whether a query narrows the list beyond its length: then an empty page is no match, not an empty store. */
function filtered(query: TraceQuery): boolean {
  return Object.keys(query).some((key) => key !== 'limit');
}

/**
 * One row of the `switchyard traces` table. The model is the name the client asked for even
 * when it is not configured (quoted, bounded); an error is cut at a word, with an ellipsis.
 */
export function traceRow(t: TraceSummary): string[] {
  return [
    cliTime(t.ts),
    t.id,
    t.keyName ?? '-',
    requestedModelLabel(t) || '-', // empty when the body named none (unreadable JSON)
    t.provider ? `${t.provider}/${t.upstreamModel}${t.decisions?.simulated ? ' (simulated)' : ''}` : '-',
    t.errorMessage ? `${t.status} ${clipAtWord(t.errorMessage, 40)}` : String(t.status),
    `${t.inputTokens}/${t.outputTokens}${t.usageEstimated ? '~' : ''}`,
    formatCost(t),
    t.ttftMs === null ? '-' : ms(t.ttftMs),
    ms(t.latencyMs),
  ];
}

/**
 * The trace list as a table: fitted to a terminal (names cut with "…", columns left out, the
 * status wrapped at its words); to a pipe every trace on one line, for grep.
 *
 * @example console.log(traceTable(page.traces))
 */
export function traceTable(traces: readonly TraceSummary[]): string {
  const table = new TerminalTable({
    head: ['time', 'trace', 'key', 'model', 'via', 'status', 'tokens in/out', 'cost', 'ttft', 'latency'],
    // Under a width the id (for `traces show`), model, status and latency stay; `traces show` has the rest.
    dropToFit: ['via', 'ttft', 'key', 'tokens in/out', 'cost', 'time'],
    // The names are free text a client or config chose: on a terminal they are cut with "…" before
    // the figures give way; the status (its error message) wraps under its code.
    shrinks: ['model', 'via'],
    wrapsOnTerminal: ['status'],
  });
  for (const t of traces) table.push(traceRow(t));
  return table.toString();
}

/** Reads the store directly (no server needed) and prints a table or JSON. */
export async function printTraces(flags: TracesFlags): Promise<void> {
  const limit = numberFlag('--limit', flags.limit, { min: 1, max: 500, integer: true });
  const query: TraceQuery = { limit };
  if (nameFlag('--model', flags.model, 'a requested model')) query.model = flags.model;
  if (nameFlag('--key', flags.key, 'a virtual key')) query.keyName = flags.key;
  if (nameFlag('--team', flags.team, 'a team')) query.team = flags.team;
  if (flags.status) query.status = statusFilter(flags.status);
  if (flags.tag?.length) query.metadata = tagFilter(flags.tag);
  if (flags.guard !== undefined) query.guard = guardFilter(flags.guard, '--guard');
  if (flags.session !== undefined) query.session = sessionFilter(flags.session, '--session');
  if (nameFlag('--replica', flags.replica, "a gateway process ($SWITCHYARD_REPLICA, else host-pid; `traces show` names a trace's)") !== undefined) query.replica = replicaFilter(flags.replica as string, '--replica');
  const since = timeFlag('--since', flags.since);
  if (since !== undefined) query.since = since;
  const until = timeFlag('--until', flags.until);
  if (until !== undefined) query.until = until;
  if (since !== undefined && until !== undefined && since >= until) {
    throw new SwitchyardError('invalid_request', `--since must be before --until, got ${new Date(since).toISOString()} and ${new Date(until).toISOString()}`, { param: '--since' });
  }
  // The admin API's values and errors, named by the flags.
  const sort = traceSort(flags.sort, flags.order, { sort: '--sort', order: '--order' });
  if (sort) query.sort = sort;
  if (flags.search !== undefined) {
    // The same bound as the admin API's `q`.
    if (flags.search.length === 0 || flags.search.length > 200) throw new SwitchyardError('invalid_request', `--search takes 1 to 200 characters, got ${flags.search.length}`);
    query.text = flags.search;
  }
  await withStores(flags, async (stores) => {
    const page = await stores.traces.listTraces(query);
    if (flags.json) {
      console.log(JSON.stringify(page.traces, null, 2));
      return;
    }
    if (page.traces.length > 0) {
      console.log(traceTable(page.traces));
      // The stores order a value over a window of recent traces only: say so, as the dashboard does.
      if (page.sortedWithin !== undefined) console.log(`sorted by ${query.sort?.key} among the newest ${page.sortedWithin.toLocaleString('en-US')} traces these filters allow (narrow them, or --until, for older ones)`);
    }
    else if (!filtered(query)) console.log('no traces yet');
    else {
      // The commands named read the store this one read (the default store was another's, or none).
      const where = storeArgs(flags);
      const meant = await likelyMeant(stores.rollups, query);
      console.log(`no traces match these filters (without them: ${CLI} traces${where})${meant}${await unknownModelHint(stores.traces, query, where)}`);
    }
  }, { existing: true });
}
