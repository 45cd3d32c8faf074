import { type TerminalBar, terminalBar } from '../../core/terminal-bar.js';

/**
 * A progress bar over an eval's case×variant calls on stderr when it is a terminal; silent
 * otherwise (CI logs stay readable).
 *
 * @example const bar = progressBar('support'); bar.update(3, 10); bar.stop();
 */
export function progressBar(label: string): TerminalBar {
  return terminalBar(`${label} [{bar}] {value}/{total} case×variant · {eta_formatted} left`, { etaBuffer: 50 });
}
