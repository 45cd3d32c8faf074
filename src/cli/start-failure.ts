import { SwitchyardError } from '../core/errors.js';
import { type LogFormat, serverLog } from './server-log.js';

/**
 * A failure already written to the log in its format: the CLI's last word (`switchyard: …` as
 * text) is not printed again, and the exit code stays 1.
 */
export class ReportedFailure extends Error {
  constructor(readonly original: unknown) {
    super(original instanceof Error ? original.message : String(original));
    this.name = 'ReportedFailure';
  }
}

/**
 * A failure before `serve` listens (a config with problems, a port in use, a store it cannot
 * open), as the log's format says once it is known: with `json` (from the environment, or from a
 * config file that parsed) one `error` event on stderr, `component: "serve"`, the error's `code`,
 * and a stack only for an error that is not the gateway's own (a bug); returned as a
 * `ReportedFailure` so nothing prints it again. As text (or before the format is known) the error
 * is returned as it was, for the CLI to say as `switchyard: …`.
 *
 * @example throw reportStartFailure(error, 'json') // {"time":…,"level":"error","msg":"could not start: …","component":"serve","code":"config_invalid"}
 */
export function reportStartFailure(error: unknown, format: LogFormat | undefined, write: (text: string) => unknown = (text) => process.stderr.write(text)): unknown {
  if (format !== 'json') return error;
  const log = serverLog({ format: 'json', level: 'debug' }, write);
  // A config's problems whole (the message names the first 50 of thousands).
  const problems = error instanceof SwitchyardError && error.code === 'config_invalid' && Array.isArray(error.detail) ? { problems: error.detail } : {};
  if (error instanceof SwitchyardError) log(`could not start: ${error.message}`, { level: 'error', component: 'serve', code: error.code, ...problems });
  else log('could not start', { level: 'error', component: 'serve', error });
  return new ReportedFailure(error);
}
