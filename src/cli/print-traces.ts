import { TerminalTable } from '../core/terminal-table.js';
import { SwitchyardError } from '../core/errors.js';
import type { TraceQuery } from '../core/trace.js';
import type { TracesFlags } from './commands/traces.js';
import { withStores } from './open-cli-stores.js';

function formatCost(usd: number): string {
  return usd === 0 ? '-' : usd < 0.01 ? `$${usd.toFixed(6)}` : `$${usd.toFixed(4)}`;
}

/** Reads the store directly (no server needed) and prints a table or JSON. */
export async function printTraces(flags: TracesFlags): Promise<void> {
  const limit = Number(flags.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw new SwitchyardError('invalid_request', `--limit must be an integer from 1 to 500, got "${flags.limit}"`);
  const query: TraceQuery = { limit };
  if (flags.model) query.model = flags.model;
  if (flags.key) query.keyName = flags.key;
  if (flags.status) query.status = flags.status === 'ok' || flags.status === 'error' ? flags.status : Number(flags.status);
  await withStores(flags, async (stores) => {
    const page = await stores.traces.listTraces(query);
    if (flags.json) {
      console.log(JSON.stringify(page.traces, null, 2));
      return;
    }
    const table = new TerminalTable({ head: ['time', 'trace', 'key', 'model', 'via', 'status', 'tokens in/out', 'cost', 'ttft', 'latency'] });
    for (const t of page.traces) {
      table.push([
        new Date(t.ts).toISOString().replace('T', ' ').slice(0, 19),
        t.id,
        t.keyName ?? '-',
        t.requestedModel,
        t.provider ? `${t.provider}/${t.upstreamModel}` : '-',
        t.errorMessage ? `${t.status} ${t.errorMessage.slice(0, 40)}` : String(t.status),
        `${t.inputTokens}/${t.outputTokens}${t.usageEstimated ? '~' : ''}`,
        formatCost(t.costUsd),
        t.ttftMs === null ? '-' : `${Math.round(t.ttftMs)} ms`,
        `${Math.round(t.latencyMs)} ms`,
      ]);
    }
    console.log(page.traces.length === 0 ? 'no traces yet' : table.toString());
  }, { existing: true });
}
