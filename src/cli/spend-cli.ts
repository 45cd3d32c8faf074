import { SwitchyardError } from '../core/errors.js';
import { countOf } from '../core/plural.js';
import { TerminalTable } from '../core/terminal-table.js';
import { terminalText } from '../core/terminal-text.js';
import { usd } from '../core/usd.js';
import type { KeySpendStore } from '../limits/key-spend.js';
import { spendCsv, spendLines, spendRange } from '../limits/spend-export.js';
import { writeOutFile } from '../core/out-file.js';

export interface SpendFlags {
  from?: string;
  to?: string;
  csv?: boolean;
  json?: boolean;
  out?: string;
}

/**
 * `switchyard spend`: requests, tokens and dollars per UTC day, team, key and model over a range
 * of days, from the rollups' spend rows (which trace retention never deletes): a table, `--json`, or `--csv` for finance (to stdout, or a file
 * with `--out`), the same rows as `GET /api/spend`.
 */
export async function printSpend(flags: SpendFlags, spend: KeySpendStore): Promise<void> {
  // Each picks the output's form: given together, one was ignored without a word.
  if (flags.json && (flags.csv || flags.out)) throw new SwitchyardError('invalid_request', `give one of --json (JSON on stdout) and ${flags.csv ? '--csv' : '--out'} (CSV), not both`);
  const range = spendRange(flags, Date.now());
  const lines = await spendLines(spend, range);
  const total = lines.reduce((sum, l) => sum + l.costUsd, 0);
  if (flags.csv || flags.out) {
    const text = spendCsv(lines);
    if (flags.out && flags.out !== '-') {
      writeOutFile('--out', flags.out, text);
      console.error(`wrote ${countOf(lines.length, 'row')} (${range.from} to ${range.to}, ${usd(total)}) to ${flags.out}`);
    } else process.stdout.write(text);
    return;
  }
  if (flags.json) {
    console.log(JSON.stringify({ from: range.from, to: range.to, rows: lines, totalUsd: total }));
    return;
  }
  if (lines.length === 0) {
    console.log(`No calls from ${range.from} to ${range.to} (UTC days, both included) in the store.`);
    return;
  }
  // A request refused before its body named a model (not JSON, say) is booked to model "": shown
  // as "-", as no team or key is, and as `switchyard traces` shows that request.
  const table = new TerminalTable({ head: ['date', 'team', 'key', 'model', 'requests', 'input', 'output', 'cost'], shrinks: ['team', 'key', 'model'] });
  for (const l of lines) table.push([l.date, terminalText(l.team ?? '-'), terminalText(l.key ?? '-'), terminalText(l.model || '-'), String(l.requests), String(l.inputTokens), String(l.outputTokens), usd(l.costUsd)]);
  console.log(table.toString());
  console.log(`${countOf(lines.reduce((n, l) => n + l.requests, 0), 'request')}, ${usd(total)} from ${range.from} to ${range.to} (UTC days, both included). For a spreadsheet: --csv (or --out FILE.csv).`);
}
