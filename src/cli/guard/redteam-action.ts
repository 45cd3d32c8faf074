import { terminalBar } from '../../core/terminal-bar.js';
import { TerminalTable } from '../../core/terminal-table.js';
import { SwitchyardError } from '../../core/errors.js';
import { loadCorpus } from './redteam-corpus.js';
import { type RedteamReport, runRedteam, type SendChat } from './redteam-run.js';
import { assertSwitchyardGateway } from '../../core/gateway-probe.js';
import { CLI } from '../../core/cli-command.js';
import { countOf } from '../../core/plural.js';
import { interruptOnSigint } from '../../evals/cli/common-flags.js';
import { quitOnSigint } from '../../core/quit-on-sigint.js';
import { numberFlag } from '../../core/number-flag.js';
import { percent } from '../../core/percent.js';
import { unservedModel } from '../unserved-model.js';
import { checkOutPath, writeOutFile } from '../../core/out-file.js';

export interface RedteamFlags {
  model: string;
  gateway?: string;
  apiKey?: string;
  config?: string;
  corpus: string;
  limit?: string;
  concurrency: string;
  refusalPhrase?: string[];
  out?: string;
  json?: boolean;
}

/**
 * `switchyard guard redteam`: sends an attack corpus through a gateway (a running one with
 * `--gateway`, or one started in-process from `--config`) to a model or route, and reports per
 * category what the guards blocked, what the model refused and what got through.
 *
 * @example await redteamAction({ model: 'support', config: 'gateway.yaml', corpus: 'builtin', concurrency: '4' })
 */
export async function redteamAction(flags: RedteamFlags): Promise<void> {
  if (flags.out) checkOutPath('--out', flags.out);
  // As every command that calls models: the key from the environment when no flag names one.
  flags = { ...flags, apiKey: flags.apiKey ?? (process.env.SWITCHYARD_API_KEY || undefined) };
  const concurrency = numberFlag('--concurrency', flags.concurrency, { min: 1, max: 64, integer: true });
  let attacks = loadCorpus(flags.corpus);
  if (flags.limit !== undefined) attacks = attacks.slice(0, numberFlag('--limit', flags.limit, { min: 1, max: 1_000_000, integer: true }));
  // Starting an in-process gateway takes seconds; a Ctrl-C then exited without a word.
  const started = quitOnSigint(`Ctrl-C while ${flags.config ? 'the in-process gateway was starting' : 'the gateway was being reached'}: no attack was sent`);
  const target = await openTarget(flags).finally(started);
  // A typo in --model sent every attack to a 404 before the lines under the table named it.
  const unserved = await unservedModel(target.url, flags.apiKey, flags.model);
  if (unserved !== undefined) {
    await target.close();
    throw new SwitchyardError('invalid_request', `--model: ${unserved} (${target.label}); no attack was sent`, { param: 'model' });
  }
  const bar = progressBar(attacks.length);
  // Ctrl-C once: no more attacks; the report covers those answered (it exited at once, keeping nothing).
  const interrupt = interruptOnSigint(() => process.stderr.write('\nCtrl-C: no more attacks are sent; those in flight finish and the report covers what was answered (Ctrl-C again to quit now)…\n'));
  try {
    const refusal = flags.refusalPhrase && flags.refusalPhrase.length > 0 ? { phrases: flags.refusalPhrase } : undefined;
    const { report } = await runRedteam(flags.model, attacks, target.send, { corpus: flags.corpus, concurrency, ...(refusal ? { refusal } : {}), onResult: () => bar.increment(), signal: interrupt.signal });
    bar.stop();
    if (flags.out) writeOutFile('--out', flags.out, `${JSON.stringify(report, null, 2)}\n`);
    console.log(flags.json ? JSON.stringify(report, null, 2) : [reportTable(report), ...reportReading(report, flags.config)].join('\n'));
    if (interrupt.signal.aborted) {
      console.error(`stopped after ${report.total.attacks} of ${countOf(attacks.length, 'attack')}: the report covers those`);
      process.exitCode = 130;
    } else if (allFailed(report)) process.exitCode = 1; // Every attack failed (an unknown model, a refused key): the table measured nothing, and a script must not read it as a pass.
  } finally {
    interrupt.dispose();
    bar.stop();
    await target.close();
  }
}

/** The report as a table: one row per category and a total. */
export function reportTable(report: RedteamReport): string {
  const table = new TerminalTable({
    head: ['category', 'attacks', 'blocked', 'refused', 'through', 'errors', 'flagged', 'block rate', 'stopped'],
    // Under a width: flagged-not-blocked, a rate blocked / attacks gives, and refusals (the lines under the table count them).
    dropToFit: ['flagged', 'block rate', 'refused'],
  });
  const row = (name: string, c: RedteamReport['total']) => [name, c.attacks, c.blocked, c.refused, c.through, c.errors, c.flagged, percent(c.blockRate), percent(c.stoppedRate)];
  for (const [name, c] of Object.entries(report.categories).sort(([a], [b]) => a.localeCompare(b))) table.push(row(name, c));
  table.push(row('TOTAL', report.total));
  const guards = Object.entries(report.byGuard).map(([g, n]) => `${g} ${n}`).join(', ');
  return `${table.toString()}\nmodel ${report.model}, corpus ${report.corpus}${guards ? `; blocked by ${guards}` : ''}`;
}

/**
 * What the table's figures mean, under it: how many attacks were stopped and by whom, what
 * "through" is, where to read those answers, and why a column is empty when the setup makes it so
 * (a model no policy applies to blocks nothing; the simulator refuses nothing).
 *
 * @example reportReading(report, 'examples/guarded.sim.yaml')[0] // "36 attacks: 20 stopped (55.6%): …"
 */
export function reportReading(report: RedteamReport, config?: string): string[] {
  const { total, model } = report;
  const stopped = total.blocked + total.refused;
  const lines = [
    `${total.attacks} attacks: ${stopped} stopped (${(total.stoppedRate * 100).toFixed(1)}%): ${total.blocked} blocked by a guardrail before any model call, ${total.refused} refused by the model; ${total.through} answered by the model${total.errors > 0 ? `; ${total.errors} failed (errors)` : ''}.`,
  ];
  const causes = Object.entries(report.errorCauses ?? {}).sort((a, b) => b[1] - a[1]);
  if (causes.length > 0) lines.push(`errors: ${causes.slice(0, 3).map(([message, n]) => `${n} × ${message}`).join('; ')}${causes.length > 3 ? `; ${causes.length - 3} other causes` : ''}`);
  if (allFailed(report)) {
    lines.push('Every attack failed, so the table says nothing about the guards: fix the error above (the --model name, --api-key, the provider) and run again.');
    return lines;
  }
  if (total.attacks > 0 && report.checked === 0) {
    lines.push(`No guardrail policy applies to "${model}" (no answer named one in x-switchyard-guardrails), so nothing could be blocked: apply a policy to it under guardrails.apply (routes, keys, teams or default).`);
  }
  if (total.through > 0) {
    const where = config ? `${CLI} traces --config ${config} --model ${model} --status ok` : `${CLI} traces --model ${model} --status ok on the gateway's store`;
    const scope = report.checked > 0 ? ' Input guards are built for overrides, prompt extraction, role play and planted instructions; a request to leak data is for the model to refuse and output checks to catch.' : '';
    lines.push(`"through" counts attacks the model answered, not harm done: list them with ${where}, then read each answer with ${CLI} traces show ID.${scope}`);
    if (total.refused === 0) lines.push('Nothing was refused: against a model that never refuses (the simulator), everything the guards let pass is "through".');
  }
  return lines;
}

const allFailed = (report: RedteamReport) => report.total.attacks > 0 && report.total.errors === report.total.attacks;

async function openTarget(flags: RedteamFlags): Promise<{ url: string; label: string; send: SendChat; close(): Promise<void> }> {
  if (flags.gateway && flags.config) throw new SwitchyardError('invalid_request', 'give --gateway URL or --config FILE, not both');
  if (flags.gateway) {
    await assertSwitchyardGateway(flags.gateway);
    return { url: flags.gateway, label: flags.gateway, send: httpSender(flags.gateway, flags.apiKey), close: async () => undefined };
  }
  if (!flags.config) throw new SwitchyardError('invalid_request', 'name the gateway to attack: --gateway URL (a running gateway) or --config FILE (started in-process)');
  const { loadConfigFile } = await import('../../config/load-config.js');
  const { startServer } = await import('../../server.js');
  const server = await startServer(loadConfigFile(flags.config), { port: 0, host: '127.0.0.1', log: () => undefined });
  return { url: server.url, label: `the in-process gateway of ${flags.config}`, send: httpSender(server.url, flags.apiKey), close: () => server.close() };
}

/**
 * Sends chat requests to a gateway's `/v1/chat/completions`.
 *
 * @example const send = httpSender('http://127.0.0.1:4000', 'sk-sy-…');
 */
export function httpSender(baseUrl: string, apiKey: string | undefined): SendChat {
  const url = `${baseUrl.replace(/\/+$/, '').replace(/\/v1$/, '')}/v1/chat/completions`;
  return async (body) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}) },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown = null;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = { error: { message: text.slice(0, 200) } };
    }
    return { status: response.status, body: parsed, guardrails: response.headers.get('x-switchyard-guardrails') };
  };
}

function progressBar(total: number): { increment(): void; stop(): void } {
  const bar = terminalBar('red team [{bar}] {value}/{total} attacks');
  let done = 0;
  bar.update(done, total);
  return { increment: () => bar.update(++done, total), stop: () => bar.stop() };
}

