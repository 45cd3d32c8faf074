import { quoteClipped } from '../core/clip.js';
import { SwitchyardError } from '../core/errors.js';
import { TerminalTable } from '../core/terminal-table.js';
import type { ErasureAnswer } from '../http/admin/erasure-routes.js';
import { adminRequest } from './gateway-admin.js';
import { gatewayNote } from './gateway-of.js';

export interface EraseFlags {
  user?: string;
  metadata?: string[];
  session?: string;
  dryRun?: boolean;
  reference?: string;
  gateway: string;
  /** Where the address came from when `--gateway` was left out: said on stderr (which gateway erased, or counted). */
  gatewayFrom?: string;
  adminKey?: string;
  json?: boolean;
}

/** Each place's name in the table, in the order a reader checks them. */
const PLACES: Record<keyof ErasureAnswer['erased'], string> = {
  traces: 'traces (and their search index entries)',
  monitorSignals: 'monitoring signals',
  reviewItems: 'review items',
  reviews: 'reviews',
  feedback: 'feedback',
  cachedAnswers: 'cached answers',
  storedResponses: 'stored Responses API responses',
  datasetItems: 'dataset items (emptied)',
  evalResults: 'eval results',
  evalCache: 'eval response cache',
  localExamples: 'local-model examples',
  driftExamples: 'drift report examples',
};

/**
 * `switchyard traces erase`: an erasure request sent to the running gateway (`POST /api/erasure`),
 * which reaches what the store alone cannot (its queued traces and local-model examples, its cache
 * in memory or Redis and its semantic index), as
 * a knowledge purge does; its counts printed per place. The gateway checks the selectors and says
 * what is wrong with them.
 *
 * @example await eraseTraces({ user: 'alice', dryRun: true, gateway: 'http://127.0.0.1:4000' })
 */
export async function eraseTraces(flags: EraseFlags): Promise<void> {
  const body = {
    ...(flags.user === undefined ? {} : { user: flags.user }),
    ...(flags.metadata === undefined ? {} : { metadata: metadataFlags(flags.metadata) }),
    ...(flags.session === undefined ? {} : { session: flags.session }),
    ...(flags.dryRun ? { dry_run: true } : {}),
    ...(flags.reference === undefined ? {} : { reference: flags.reference }),
  };
  if (Object.keys(body).every((k) => k === 'dry_run' || k === 'reference')) {
    throw new SwitchyardError('invalid_request', 'traces erase needs --user ID, --metadata KEY=VALUE or --session ID (each narrows): a request naming none would match every trace');
  }
  const answer = await post(flags, body);
  if (flags.json) {
    console.log(JSON.stringify(answer));
    return;
  }
  console.log(eraseReport(answer));
  const note = gatewayNote(flags);
  if (note !== undefined) console.error(note);
}

/**
 * The answer as a reader takes it: what was (or would be) deleted per place, the spend kept, and
 * what is left to the operator.
 */
export function eraseReport(answer: ErasureAnswer): string {
  const table = new TerminalTable({ head: ['place', answer.dryRun ? 'would delete' : 'deleted'] });
  for (const [place, label] of Object.entries(PLACES) as [keyof typeof PLACES, string][]) table.push([label, answer.erased[place]]);
  const lines = [`${answer.dryRun ? 'dry run (nothing changed)' : 'erased'}: ${answer.id}${answer.reference === undefined ? '' : ` (${answer.reference})`}`, table.toString()];
  if (answer.spendKept.standIns > 0) lines.push(`spend kept for budgets: $${answer.spendKept.costUsd.toFixed(6)} in ${answer.spendKept.standIns} content-free row(s)`);
  lines.push(`pseudonyms: ${answer.pseudonyms}`);
  if (answer.retrain) lines.push(`local models: ${answer.retrain}`);
  return lines.join('\n');
}

/** `--metadata key=value` (repeatable) as the request's metadata selector. */
function metadataFlags(pairs: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new SwitchyardError('invalid_request', `--metadata takes key=value (e.g. --metadata customer_id=c-123), got ${quoteClipped(pair, 40)}`);
    out[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return out;
}

async function post(flags: EraseFlags, body: unknown): Promise<ErasureAnswer> {
  return adminRequest({
    gateway: flags.gateway,
    method: 'POST',
    path: '/api/erasure',
    adminKey: flags.adminKey,
    body,
    what: 'an erasure report',
    // Another program on the gateway's port (4000 is the default) answers 200 too: its page ended
    // in a TypeError from the report's table.
    isAnswer: (value): value is ErasureAnswer => {
      const answer = value as Partial<ErasureAnswer> | undefined;
      return typeof answer?.erased === 'object' && answer.erased !== null && typeof answer.spendKept === 'object' && answer.spendKept !== null;
    },
  });
}
