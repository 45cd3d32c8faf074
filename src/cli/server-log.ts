import { terminalText } from '../core/terminal-text.js';

/**
 * The sink of `serve`'s log (audit lines, failed requests, store and provider notes): one event,
 * one line. A failed request's stack, or a message quoting what an upstream sent, had newlines
 * that a line-based pipeline (journald, Loki, Fluent Bit, `kubectl logs`) split into events of
 * their own, the stack's `at …` lines each a separate record; they are shown as `\n`, and control
 * characters escaped as every terminal writer does (`terminalText`).
 *
 * @example const log = serverLog(); log(`request failed: ${error.stack}`) // one line on stderr
 */
export function serverLog(write: (text: string) => unknown = (text) => process.stderr.write(text)): (line: string) => void {
  return (line) => void write(`${terminalText(line, { newline: 'escape' })}\n`);
}
